/**
 * The decision report of a scenario, in Swedish, for a committee: a printable HTML document
 * (turned into PDF by Chromium, pdf.ts) that a committee secretary can file with a
 * tjänsteskrivelse. Every figure comes from the engine's result; every assumption is listed with
 * its source, or marked as one; no internal id or path of the scenario is printed.
 * @module
 */
import { baseValue, type PayerGroup, quantile, type Scenario, type ScenarioResult, type Summary, type Uncertain } from "@sikt/engine";
import { formatNumber, formatPercent, formatSek, wrap } from "./format.js";
import { coord, html, type Html, type HtmlValue, type PageOptions, page, sourceHtml, table, yearText } from "./html.js";
import { sensitivityLabel } from "./sensitivity.js";

export interface ReportDecision {
  /** The deciding body: "Socialnämnden". */
  body: string;
  date: string;
  reference: string;
}

export interface ReportInput {
  scenario: Scenario;
  result: ScenarioResult;
  /** Where the scenario differs from its catalogue (from the catalogue's resolution). */
  overrides?: readonly { path: string; entry: string }[];
  catalogId?: string | null;
  /** The catalogue's name, shown instead of its id where given. */
  catalogName?: string | null;
  /** The date the report is made (ISO); passed in so that a report can be reproduced. */
  date: string;
  /** The saved version the report is of, and when it was saved (ISO). */
  version?: number | null;
  versionDate?: string | null;
  /** The committee's decision on this version, if one is recorded. */
  decision?: ReportDecision | null;
  /** The organisation whose scenario it is. */
  organisation?: string | null;
}

/** Draws of the uncertainty analysis when a scenario sets none: a report always has one. */
export const REPORT_DEFAULT_ITERATIONS = 2_000;
/** The most draws a report asks for on its own (a scenario may set more for its own runs). */
export const REPORT_MAX_ITERATIONS = 50_000;

/** The draws a report uses: the scenario's own, else the default, within the cap. */
export const reportIterations = (scenarioIterations: number | undefined) => Math.min(REPORT_MAX_ITERATIONS, scenarioIterations && scenarioIterations > 0 ? scenarioIterations : REPORT_DEFAULT_ITERATIONS);

/** The perspectives of model version 2 (spec §8.2), as the engine's result carries them. */
export type PerspectiveKey = "offentligSektor" | "samhallsekonomiskt" | "medLivskvalitet";
interface PerspectiveFigures {
  pvCosts: number;
  pvSavings: number;
  npv: number;
  bcr: number | null;
}
/** The additions of model version 2 to the result, read where present. */
interface V2Deterministic {
  byPerspective?: Partial<Record<PerspectiveKey, PerspectiveFigures>>;
  byLink?: { from: string; to: string; probability: number; avoided: number; pvSavings: number }[];
}
interface V2MonteCarlo {
  byPerspective?: Partial<Record<PerspectiveKey, { npv: Summary; probabilityNpvPositive: number }>>;
}

const num = (n: number, digits = 0) => formatNumber(n, "sv", digits);
/** "−130,3 mnkr", "850 tkr", "1 200 kr". */
export const sek = (n: number) => formatSek(n, "sv");
const pct = (share: number, digits = 0) => formatPercent(share, "sv", digits);
const value = (u: Uncertain) => baseValue(u);

export const GROUP_NAME: Record<string, string> = { kommun: "Kommunen", region: "Regionen", stat: "Staten", individ: "Enskilda", ovrigt: "Övriga samhället", livskvalitet: "Livskvalitet och brottsoffer" };
export const LEVEL_NAME: Record<string, string> = { individ: "Individnivå", grupp: "Gruppnivå", samhalle: "Samhällsnivå" };
export const PERSPECTIVES: { key: PerspectiveKey; name: string; groups: readonly string[]; meaning: string }[] = [
  { key: "offentligSektor", name: "Offentlig sektor", groups: ["kommun", "region", "stat"], meaning: "kommun, region och stat" },
  { key: "samhallsekonomiskt", name: "Samhällsekonomiskt", groups: ["kommun", "region", "stat", "individ", "ovrigt"], meaning: "samhällets resurser i pengar" },
  { key: "medLivskvalitet", name: "Med livskvalitet", groups: ["kommun", "region", "stat", "individ", "ovrigt", "livskvalitet"], meaning: "samhället inklusive livskvalitet och brottsoffers lidande" },
];

/** The three perspectives: from the result where it has them (model version 2), else summed over payer groups as spec §8.2 defines them. */
export function perspectivesOf(result: ScenarioResult): Record<PerspectiveKey, PerspectiveFigures> {
  const d = result.deterministic as ScenarioResult["deterministic"] & V2Deterministic;
  const out = {} as Record<PerspectiveKey, PerspectiveFigures>;
  for (const p of PERSPECTIVES) {
    const given = d.byPerspective?.[p.key];
    if (given) {
      out[p.key] = given;
      continue;
    }
    let pvCosts = 0;
    let pvSavings = 0;
    for (const g of p.groups) {
      const r = d.byGroup[g as PayerGroup];
      if (r) {
        pvCosts += r.pvCosts;
        pvSavings += r.pvSavings;
      }
    }
    out[p.key] = { pvCosts, pvSavings, npv: pvSavings - pvCosts, bcr: pvCosts === 0 ? null : pvSavings / pvCosts };
  }
  return out;
}

/** A name inside a sentence: its first letter lower-case, unless it reads as an abbreviation ("SSPF", "HVB-placering"). */
const inSentence = (name: string) => (/^\p{Lu}[\p{Lu}\d-]/u.test(name) ? name : name.charAt(0).toLowerCase() + name.slice(1));

/** Avoided cases in words: "omkring 44 undvikna fall", "omkring ett undvikt fall", "färre än ett fall (0,3)". */
export function avoidedText(n: number): string {
  if (n < 0.5) return `färre än ett fall (${num(n, 1)})`;
  const r = Math.round(n);
  return r === 1 ? "omkring ett undvikt fall" : `omkring ${num(r)} undvikna fall`;
}

/** The short range of an uncertain number, 5th to 95th percentile, rounded to what a reader needs: "3 500–5 200". */
function rangeOf(u: Uncertain, show: (n: number) => string): string | null {
  if (typeof u === "number") return null;
  const lo = quantile(u, 0.05);
  const hi = quantile(u, 0.95);
  const a = show(lo);
  const b = show(hi);
  if (a === b) return null;
  return lo < 0 || hi < 0 ? `${a} till ${b}` : `${a}–${b}`;
}
/** Two significant digits for amounts: 3 512 → "3 500", 186 400 → "190 000". */
const round2 = (n: number) => {
  if (n === 0 || !Number.isFinite(n)) return num(0);
  const p = Math.pow(10, Math.max(0, Math.floor(Math.log10(Math.abs(n))) - 1));
  return num(Math.round(n / p) * p);
};
const amountText = (u: Uncertain) => {
  const r = rangeOf(u, round2);
  return r ? `${num(value(u))} kr (${r})` : `${num(value(u))} kr`;
};
const shareText = (u: Uncertain, digits = 1) => {
  const r = rangeOf(u, (n) => formatNumber(n * 100, "sv", digits));
  return r ? `${pct(value(u), digits)} (${r} %)` : pct(value(u), digits);
};
const ratioText = (u: Uncertain) => {
  const r = rangeOf(u, (n) => num(n, 2));
  return r ? `${num(value(u), 2)} (${r})` : num(value(u), 2);
};

/** The summary in plain Swedish: what it costs, what it saves, and how sure that is. */
export function summaryText(input: ReportInput): string[] {
  const d = input.result.deterministic;
  const mc = input.result.monteCarlo;
  const s = input.scenario;
  const out = [
    `Programmet kostar ${sek(d.pvCosts)} och beräknas spara ${sek(d.pvSavings)} (nuvärden i ${yearText(s.priceYear ?? s.startYear)} års priser, diskonteringsränta ${pct(s.discountRate, 1)}). Nettonuvärdet är ${sek(d.npv)}.`,
    d.bcr === null ? "Programmet har inga kostnader att jämföra med." : `Varje satsad krona ger ${num(d.bcr, 2)} kr tillbaka i undvikna kostnader.`,
    d.paybackYear === null ? "Satsningen är inte återbetald inom tidshorisonten." : `Satsningen är återbetald ${yearText(d.paybackYear)}.`,
  ];
  const b = d.breakEvenEffectScale;
  if (b !== null) out.push(b <= 1 ? `Effekterna kan vara ${pct(1 - b)} mindre än antaget innan satsningen slutar löna sig.` : `Effekterna skulle behöva vara ${num(b, 1)} gånger de antagna för att satsningen ska löna sig.`);
  if (mc)
    out.push(
      `Osäkerheten: i ${pct(mc.probabilityNpvPositive)} av ${num(mc.iterations)} dragningar är nettonuvärdet positivt; 90 % av utfallen ligger mellan ${sek(mc.npv.p05)} och ${sek(mc.npv.p95)}.`,
    );
  else out.push("Ingen osäkerhetsanalys (Monte Carlo) är gjord för denna rapport.");
  const payers = s.payers.map((p) => ({ p, r: d.byPayer[p.id] })).filter((x) => x.r);
  const payer = [...payers].sort((x, y) => y.r!.pvCosts - x.r!.pvCosts)[0];
  const saver = [...payers].sort((x, y) => y.r!.pvSavings - x.r!.pvSavings)[0];
  if (payer && saver && payer.r!.pvCosts > 0 && saver.r!.pvSavings > 0)
    out.push(
      payer.p.id === saver.p.id
        ? `${payer.p.name} bär den största delen av kostnaderna (${sek(payer.r!.pvCosts)}) och får också den största delen av besparingarna (${sek(saver.r!.pvSavings)}).`
        : `${payer.p.name} bär den största delen av kostnaderna (${sek(payer.r!.pvCosts)}), medan ${inSentence(saver.p.name)} får den största besparingen (${sek(saver.r!.pvSavings)}).`,
    );
  return out;
}

function jCurveSvg(result: ScenarioResult): Html {
  const ys = result.deterministic.years;
  const band = new Map(result.monteCarlo?.years.map((y) => [y.year, y.cumulativeDiscountedNet]) ?? []);
  const values = ys.flatMap((y) => [y.cumulativeDiscountedNet, band.get(y.year)?.p05 ?? 0, band.get(y.year)?.p95 ?? 0, 0]);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const W = 640;
  const H = 230;
  const left = 78;
  const x = (k: number) => coord(left + (k / Math.max(1, ys.length - 1)) * (W - left - 12));
  const y = (v: number) => coord(12 + ((hi - v) / (hi - lo || 1)) * (H - 44));
  const line = ys.map((r, k) => `${x(k)},${y(r.cumulativeDiscountedNet)}`).join(" ");
  const bandPts = band.size
    ? [...ys.map((r, k) => `${x(k)},${y(band.get(r.year)?.p95 ?? 0)}`), ...[...ys].reverse().map((r, k) => `${x(ys.length - 1 - k)},${y(band.get(r.year)?.p05 ?? 0)}`)].join(" ")
    : "";
  const step = ys.length > 30 ? 10 : 5;
  // Every step-th year, and the last, without a regular label too close to it (2106 beside 2109).
  const labels = ys.flatMap((r, k) => ((k % step === 0 && ys.length - 1 - k >= step / 2) || k === ys.length - 1 ? [html`<text x="${x(k)}" y="${H - 10}" font-size="11" text-anchor="middle">${yearText(r.year)}</text>`] : []));
  const last = ys[ys.length - 1];
  return html`<figure><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="Kumulativt diskonterat netto per år" xmlns="http://www.w3.org/2000/svg">${bandPts ? html`<polygon points="${bandPts}" fill="#9dbfe3" stroke="none"/>` : ""}<line x1="${left}" x2="${W - 12}" y1="${y(0)}" y2="${y(0)}" stroke="#1b1f24" stroke-dasharray="3 3"/><text x="${left - 6}" y="${coord(Number(y(0)) + 4)}" font-size="10" text-anchor="end">0</text><polyline points="${line}" fill="none" stroke="#0b4f94" stroke-width="2.5"/>${hi > 0 ? html`<text x="${left - 6}" y="${coord(Number(y(hi)) + 4)}" font-size="10" text-anchor="end">${sek(hi)}</text>` : ""}${lo < 0 ? html`<text x="${left - 6}" y="${coord(Number(y(lo)) + 4)}" font-size="10" text-anchor="end">${sek(lo)}</text>` : ""}${labels}</svg><figcaption class="note">Heldragen linje: kumulativt diskonterat netto${last ? ` (${sek(last.cumulativeDiscountedNet)} år ${yearText(last.year)})` : ""}.${bandPts ? " Ljust fält: 90 % av utfallen i osäkerhetsanalysen." : ""} Streckad linje: noll.</figcaption></figure>`;
}

/** A name in two lines at most of `width` characters (`wrap`), the second ending in "…" where more would follow. */
function nameLines(name: string, width: number): string[] {
  const lines = wrap(name, width);
  if (lines.length <= 2) return lines;
  return [lines[0] as string, `${lines.slice(1).join(" ").slice(0, width - 1).trimEnd()}…`];
}

/** Horizontal bars per payer, with their values: PV costs (hatched, left) and savings (solid, right). */
function payerSvg(result: ScenarioResult, s: Scenario): Html {
  const d = result.deterministic;
  const rows = s.payers.map((p) => ({ name: p.name, r: d.byPayer[p.id] })).filter((x) => x.r && (x.r.pvCosts !== 0 || x.r.pvSavings !== 0));
  const max = Math.max(1, ...rows.map((x) => Math.max(Math.abs(x.r!.pvCosts), Math.abs(x.r!.pvSavings))));
  const W = 640;
  const nameW = 210;
  const mid = nameW + (W - nameW) / 2;
  const half = (W - nameW) / 2 - 70;
  const scale = (v: number) => (Math.abs(v) / max) * half;
  const body = rows.map((x, k) => {
    const y = 8 + k * 24;
    // A long name on two lines (a third, if any, cut with "…"), so that the chart names every actor in full.
    const lines = nameLines(x.name, 36);
    const c = scale(x.r!.pvCosts);
    const sv = scale(x.r!.pvSavings);
    return html`${lines.length === 1 ? html`<text x="4" y="${y + 13}" font-size="10">${lines[0]}</text>` : lines.map((line, n) => html`<text x="4" y="${y + 8 + n * 10}" font-size="9">${line}</text>`)}${x.r!.pvCosts !== 0 ? html`<rect x="${coord(mid - c)}" width="${coord(c)}" y="${y + 2}" height="15" fill="url(#hatch)" stroke="#8c1d23"/><text x="${coord(mid - c - 4)}" y="${y + 13}" font-size="9" text-anchor="end">${sek(x.r!.pvCosts)}</text>` : ""}${x.r!.pvSavings !== 0 ? html`<rect x="${coord(x.r!.pvSavings < 0 ? mid - sv : mid)}" width="${coord(sv)}" y="${y + 2}" height="15" fill="#1a6b3a"/><text x="${coord(mid + sv + 4)}" y="${y + 13}" font-size="9">${sek(x.r!.pvSavings)}</text>` : ""}`;
  });
  const H = rows.length * 24 + 30;
  return html`<figure><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="Kostnader och besparingar per aktör (nuvärden)" xmlns="http://www.w3.org/2000/svg"><defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#f6d5d6"/><line x1="0" y1="0" x2="0" y2="6" stroke="#8c1d23" stroke-width="3"/></pattern></defs><line x1="${coord(mid)}" x2="${coord(mid)}" y1="0" y2="${H - 20}" stroke="#1b1f24"/>${body}<text x="${coord(mid - 6)}" y="${H - 5}" font-size="10" text-anchor="end">◀ kostnader (randigt)</text><text x="${coord(mid + 6)}" y="${H - 5}" font-size="10">besparingar (fyllt) ▶</text></svg><figcaption class="note">Nuvärden över hela perioden. Samma värden står i tabellen nedan.</figcaption></figure>`;
}

/** Numbered sources: each distinct source once, referred to by its number. */
class Footnotes {
  private readonly list: string[] = [];
  ref(source: string | undefined): Html {
    const text = source?.trim() || "Eget antagande (ingen källa angiven)";
    let k = this.list.indexOf(text);
    if (k < 0) k = this.list.push(text) - 1;
    return html`<sup>${k + 1}</sup>`;
  }
  render(): Html {
    return this.list.length ? html`<ol class="footnotes">${this.list.map((t) => html`<li>${sourceHtml(t)}</li>`)}</ol>` : html``;
  }
}

const FIELD: Record<string, string> = {
  participants: "deltagare per år",
  amount: "belopp",
  perParticipant: "kostnad per deltagare",
  perYear: "kostnad per år",
  oneOff: "engångskostnad",
  baselineRisk: "risk utan insats",
  relativeRiskReduction: "effekt (riskminskning)",
  oddsRatio: "effekt (oddskvot)",
  standardizedMeanDifference: "effekt (effektstorlek)",
  decayPerYear: "effektens avtagande",
  efficacy: "genomslag",
  quantityPerYear: "mängd per år",
  onset: "när effekten inträder",
  years: "antal år",
  payer: "betalare",
  name: "namn",
  costs: "kostnader",
  effects: "effekter",
  consequences: "följder",
};

/** A catalogue override's path in words: "interventions[0].effects[1].baselineRisk" → "Komet, effekt på …: risk utan insats". */
export function overrideText(path: string, s: Scenario): string {
  const parts = [...path.matchAll(/([A-Za-z]+)(?:\[(\d+)\])?/g)].map((m) => ({ key: m[1]!, index: m[2] === undefined ? undefined : Number(m[2]) }));
  const words: string[] = [];
  let field = "";
  let iv: Scenario["interventions"][number] | undefined;
  for (const p of parts) {
    if (p.key === "interventions" && p.index !== undefined) words.push((iv = s.interventions[p.index])?.name ?? "en insats");
    else if (p.key === "unitCosts" && p.index !== undefined) words.push(s.unitCosts[p.index]?.name ?? "en styckkostnad");
    else if (p.key === "outcomes" && p.index !== undefined) words.push(s.outcomes[p.index]?.name ?? "ett utfall");
    else if (p.key === "payers" && p.index !== undefined) words.push(s.payers[p.index]?.name ?? "en aktör");
    else if (p.key === "effects" && p.index !== undefined) {
      const e = iv?.effects[p.index];
      words.push(e ? `effekt på ${inSentence(s.outcomes.find((o) => o.id === e.outcome)?.name ?? "ett utfall")}` : "en effekt");
    } else if (p.key === "costs" && p.index !== undefined) words.push("en kostnad");
    else if (p.key === "consequences" && p.index !== undefined) words.push("en följd");
    else field = FIELD[p.key] ?? "en uppgift";
  }
  return `${words.join(", ")}${field ? `: ${field}` : ""}`;
}

/** Sections with their headings, for the table of contents. */
interface Section {
  id: string;
  title: string;
  body: HtmlValue;
}

/** The report as one self-contained, printable HTML document. */
export function reportHtml(input: ReportInput, options: PageOptions = {}): string {
  const { scenario: s, result } = input;
  const d = result.deterministic as ScenarioResult["deterministic"] & V2Deterministic;
  const mc = result.monteCarlo as (ScenarioResult["monteCarlo"] & V2MonteCarlo) | undefined;
  const notes = new Footnotes();
  const payers = s.payers.filter((p) => d.byPayer[p.id] && (d.byPayer[p.id]!.pvCosts !== 0 || d.byPayer[p.id]!.pvSavings !== 0));
  const outcomeName = (id: string) => s.outcomes.find((o) => o.id === id)?.name ?? "(okänt utfall)";
  const payerName = (id: string) => s.payers.find((p) => p.id === id)?.name ?? "(okänd aktör)";
  const used = new Set(s.outcomes.flatMap((o) => o.consequences.map((c) => c.unitCost)));
  const lastYear = s.startYear + s.horizonYears - 1;
  const persp = perspectivesOf(result);

  const header = html`<header><p class="kicker">Beslutsunderlag${input.organisation ? ` · ${input.organisation}` : ""}</p><h1>${s.name}</h1><dl class="meta">${[
    input.version != null ? html`<dt>Version</dt><dd>${`Version ${num(input.version)}${input.versionDate ? `, sparad ${input.versionDate.slice(0, 10)}` : ""}`}</dd>` : "",
    html`<dt>Beslut</dt><dd>${input.decision ? `${input.decision.body} beslutade ${input.decision.date} (${input.decision.reference}) om denna version.` : "Inget beslut registrerat för denna version."}</dd>`,
    html`<dt>Period</dt><dd>${`${yearText(s.startYear)}–${yearText(lastYear)} (${s.horizonYears} år med deltagare; följderna följs till sitt slut)`}</dd>`,
    html`<dt>Priser och ränta</dt><dd>${`${yearText(s.priceYear ?? s.startYear)} års priser, diskonteringsränta ${pct(s.discountRate, 1)}`}</dd>`,
    input.catalogId ? html`<dt>Underlag</dt><dd>${input.catalogName ? `${input.catalogName} (${input.catalogId})` : `Referenskatalogen ${input.catalogId}`}</dd>` : "",
    html`<dt>Rapportens datum</dt><dd>${input.date}</dd>`,
  ]}</dl></header>`;

  const keyBoxes = html`<div class="keys">${[
    ["Nettonuvärde", sek(d.npv), mc ? `90 %: ${sek(mc.npv.p05)} till ${sek(mc.npv.p95)}` : "utan osäkerhetsanalys"],
    ["Nytta per satsad krona", d.bcr === null ? "–" : `${num(d.bcr, 2)} kr`, mc?.bcr ? `90 %: ${num(mc.bcr.p05, 2)} till ${num(mc.bcr.p95, 2)}` : ""],
    ["Sannolikhet att det lönar sig", mc ? pct(mc.probabilityNpvPositive) : "–", mc ? `${num(mc.iterations)} dragningar` : ""],
  ].map(([k, v, sub]) => html`<div class="key"><span>${k}</span><b>${v}</b><span>${sub}</span></div>`)}</div>`;

  const perspectiveRows = PERSPECTIVES.map((p) => {
    const r = persp[p.key];
    const band = mc?.byPerspective?.[p.key];
    return [html`${p.name}<br><span class="note">${p.meaning}</span>`, sek(r.pvCosts), sek(r.pvSavings), sek(r.npv), r.bcr === null ? "–" : num(r.bcr, 2), ...(mc?.byPerspective ? [band ? `${sek(band.npv.p05)} till ${sek(band.npv.p95)}` : "–"] : [])];
  });

  const sections: Section[] = [
    { id: "sammanfattning", title: "Sammanfattning", body: html`${keyBoxes}${summaryText(input).map((p) => html`<p>${p}</p>`)}` },
    {
      id: "nyckeltal",
      title: "Nyckeltal i tre perspektiv",
      body: html`<p>Kostnader och besparingar räknas som nuvärden. De tre perspektiven räknar olika aktörer: offentlig sektor bara kommun, region och stat; det samhällsekonomiska perspektivet också enskilda och övriga samhället; det sista också värden som inte är pengar (livskvalitet och brottsoffers lidande) där scenariot har sådana.</p>${table(
        "Nyckeltal per perspektiv",
        ["Perspektiv", "Kostnader", "Besparingar", "Nettonuvärde", "Nytta per krona", ...(mc?.byPerspective ? ["Nettonuvärde, 90 %"] : [])],
        perspectiveRows,
        [false, true, true, true, true, true],
      )}${table(
        "Hela programmet",
        ["Nyckeltal", "Värde"],
        [
          ["Kostnader (nuvärde)", sek(d.pvCosts)],
          ["Besparingar (nuvärde)", sek(d.pvSavings)],
          ["Nettonuvärde", sek(d.npv)],
          ["Nytta per satsad krona", d.bcr === null ? "–" : num(d.bcr, 2)],
          ["Återbetald år", d.paybackYear === null ? "inte inom perioden" : yearText(d.paybackYear)],
          ["Brytpunkt", d.breakEvenEffectScale === null ? "–" : `effekterna × ${num(d.breakEvenEffectScale, 2)}`],
        ],
        [false, true],
      )}${jCurveSvg(result)}`,
    },
    {
      id: "osakerhet",
      title: "Osäkerhetsanalys",
      body: mc
        ? html`<p>${`Osäkerhetsanalysen (Monte Carlo) drog varje osäkert antagande ${num(mc.iterations)} gånger ur sin fördelning, med fröet ${mc.seed}; samma frö ger samma resultat. I ${pct(mc.probabilityNpvPositive)} av dragningarna är nettonuvärdet positivt.`}</p>${table(
            "Nettonuvärdet i osäkerhetsanalysen",
            ["Mått", "Värde"],
            [
              ["Dragningar", num(mc.iterations)],
              ["Frö", String(mc.seed)],
              ["Medelvärde", sek(mc.npv.mean)],
              ["5:e percentilen", sek(mc.npv.p05)],
              ["Median", sek(mc.npv.p50)],
              ["95:e percentilen", sek(mc.npv.p95)],
              ["Sannolikhet att nettonuvärdet är positivt", pct(mc.probabilityNpvPositive)],
            ],
            [false, true],
          )}${table(
            "Per aktör: nettonuvärde och sannolikhet att vinna",
            ["Aktör", "Nettonuvärde", "5 %", "95 %", "Sannolikhet att vinna"],
            payers.map((p) => {
              const b = mc.byPayer[p.id];
              return [p.name, sek(d.byPayer[p.id]!.npv), b ? sek(b.npv.p05) : "–", b ? sek(b.npv.p95) : "–", b ? pct(b.probabilityNpvPositive) : "–"];
            }),
            [false, true, true, true, true],
          )}`
        : html`<p>Ingen osäkerhetsanalys (Monte Carlo) är gjord för denna rapport: scenariot har 0 dragningar.</p>`,
    },
    {
      id: "kanslighet",
      title: "Vilka antaganden betyder mest",
      body: (result.sensitivity ?? []).length
        ? table(
            "Nettonuvärdet när ett antagande i taget sätts till sin 10:e och 90:e percentil",
            ["Antagande", "Nettonuvärde, lågt", "Nettonuvärde, högt", "Spann"],
            (result.sensitivity ?? []).slice(0, 8).map((b) => [sensitivityLabel(b, s), sek(Math.min(b.low.npv, b.high.npv)), sek(Math.max(b.low.npv, b.high.npv)), sek(b.swing)]),
            [false, true, true, true],
          )
        : html`<p>Ingen känslighetsanalys är gjord.</p>`,
    },
    {
      id: "aktorer",
      title: "Vem betalar och vem sparar",
      body: html`${payerSvg(result, s)}${table(
        "Per aktör: nuvärden över hela perioden",
        ["Aktör", "Grupp", "Kostnader", "Besparingar", "Netto", "Egen återbetalning"],
        payers.map((p) => {
          const r = d.byPayer[p.id]!;
          return [p.name, GROUP_NAME[p.group] ?? "–", sek(r.pvCosts), sek(r.pvSavings), sek(r.npv), r.paybackYear === null ? "–" : yearText(r.paybackYear)];
        }),
        [false, false, true, true, true, false],
      )}${table(
        "Per grupp",
        ["Grupp", "Kostnader", "Besparingar", "Netto"],
        Object.entries(d.byGroup).flatMap(([g, r]) => (r && (r.pvCosts !== 0 || r.pvSavings !== 0) ? [[GROUP_NAME[g] ?? "Övriga", sek(r.pvCosts), sek(r.pvSavings), sek(r.npv)]] : [])),
        [false, true, true, true],
      )}<p class="note">Överföringar (till exempel ersättningar som en enskild annars hade fått) visas hos den som betalar och den som tar emot, och tar ut varandra för samhället.</p>`,
    },
    {
      id: "undvikna",
      title: "Undvikna fall och insatserna",
      body: html`<ul>${s.outcomes
        .filter((o) => (d.byOutcome[o.id]?.avoided ?? 0) > 0.05)
        .map((o) => html`<li>${`${o.name}: ${avoidedText(d.byOutcome[o.id]!.avoided)} över hela perioden, som sparar ${sek(d.byOutcome[o.id]!.pvSavings)} (nuvärde).`}</li>`)}</ul>${chains(d, outcomeName)}${table(
        "Insatserna",
        ["Insats", "Nivå", "Kostnader", "Besparingar", "Netto", "Nytta per krona"],
        s.interventions.map((x) => {
          const r = d.byIntervention[x.id];
          return [x.name, LEVEL_NAME[x.level] ?? "–", sek(r?.pvCosts ?? 0), sek(r?.pvSavings ?? 0), sek(r?.npv ?? 0), r?.bcr === null || r === undefined ? "–" : num(r.bcr, 2)];
        }),
        [false, false, true, true, true, true],
      )}<p class="note">Där flera insatser påverkar samma utfall lägger modellen ihop effekterna och antar att de når olika personer.</p>`,
    },
    {
      id: "antaganden",
      title: "Antaganden och källor",
      body: html`<p>Osäkra antaganden anges med sitt intervall (5:e till 95:e percentilen) inom parentes. Siffrorna hänvisar till källorna under tabellerna.</p>${table(
        "Styckkostnader",
        ["Styckkostnad", "Belopp", "Enhet", "Betalas av"],
        s.unitCosts.filter((u) => used.has(u.id)).map((u) => [html`${u.name}${notes.ref(u.source)}`, amountText(u.amount), u.unit ?? "", payerName(u.payer)]),
        [false, true, false, false],
      )}${table(
        "Effekter",
        ["Insats och utfall", "Risk utan insats", "Effekt"],
        s.interventions.flatMap((x) =>
          x.effects.map((e) => [
            html`${x.name} → ${outcomeName(e.outcome)}${notes.ref(e.source ?? x.source)}`,
            shareText(e.baselineRisk),
            e.relativeRiskReduction !== undefined
              ? `riskminskning ${shareText(e.relativeRiskReduction, 0)}`
              : e.oddsRatio !== undefined
                ? `oddskvot ${ratioText(e.oddsRatio)}`
                : e.standardizedMeanDifference !== undefined
                  ? `effektstorlek ${ratioText(e.standardizedMeanDifference)}`
                  : "",
          ]).map((r, k) => {
            const e = x.effects[k]!;
            const extent = (e as { extent?: { reduction: Uncertain } }).extent;
            const text = [r[2], extent ? `följderna ${shareText(extent.reduction, 0)} mindre` : ""].filter(Boolean).join("; ");
            return [r[0]!, r[1]!, text || "–"];
          }),
        ),
        [false, true, true],
      )}<h3>Källor</h3>${notes.render()}${
        input.overrides?.length
          ? html`<h3>Lokala ändringar från katalogen</h3><p>${`Scenariot ändrar katalogens värden på ${num(input.overrides.length)} ställen:`}</p><ul class="note">${[...new Set(input.overrides.map((o) => overrideText(o.path, s)))].map((t) => html`<li>${t}</li>`)}</ul>`
          : ""
      }`,
    },
    {
      id: "metod",
      title: "Om beräkningen",
      body: html`<p>${`Kostnader och besparingar räknas år för år för varje aktör och diskonteras till ${yearText(s.startYear)} med ${pct(s.discountRate, 1)} om året. Besparingarna är de kostnader som de undvikna fallen annars hade gett, i fasta priser. Modellen räknar bara det som katalogen eller scenariot sätter ett pris på; det som saknas där räknas som noll.`}</p>`,
    },
  ];
  const toc = html`<nav class="toc" aria-label="Innehåll"><h2>Innehåll</h2><ol>${sections.map((x) => html`<li><a href="${`#${x.id}`}">${x.title}</a></li>`)}</ol></nav>`;
  return page(
    `${s.name} – beslutsunderlag`,
    [header, toc, sections.map((x) => html`<section id="${x.id}"><h2>${x.title}</h2>${x.body}</section>`)],
    options,
  );
}

/** Chains of linked outcomes in words (model version 2): "Av de omkring 40 undvikna fallen av … skulle omkring 8 ha lett vidare till …". */
function chains(d: ScenarioResult["deterministic"] & V2Deterministic, outcomeName: (id: string) => string): HtmlValue {
  const links = (d.byLink ?? []).filter((l) => l.avoided >= 0.5);
  if (links.length === 0) return "";
  return html`<p>Undvikna fall leder också till att följdutfall undviks:</p><ul>${links.map((l) => {
    const from = d.byOutcome[l.from]?.avoided ?? 0;
    const n = Math.round(l.avoided);
    return html`<li>${`Av de ${from >= 0.5 ? `omkring ${num(Math.round(from))}` : "få"} undvikna fallen av ${inSentence(outcomeName(l.from))} skulle ${n === 1 ? "omkring ett" : `omkring ${num(n)}`} ha lett vidare till ${inSentence(outcomeName(l.to))} (sannolikhet ${pct(l.probability)}), vilket sparar ${sek(l.pvSavings)}.`}</li>`;
  })}</ul>`;
}
