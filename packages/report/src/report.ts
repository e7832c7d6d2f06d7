/**
 * The decision report of a scenario, in Swedish, for a committee: a printable HTML document
 * (turned into PDF by Chromium, pdf.ts) and a workbook for the economists. Every figure comes
 * from the engine's result; every assumption is listed with its source, or marked as one.
 * @module
 */
import { baseValue, type Scenario, type ScenarioResult, type Uncertain } from "@sikt/engine";
import { formatNumber, formatPercent, formatSek } from "./format.js";
import type { Cell, Sheet } from "./xlsx.js";
import { coord, html, type Html, type PageOptions, page, table, yearText } from "./html.js";

export interface ReportInput {
  scenario: Scenario;
  result: ScenarioResult;
  /** Where the scenario differs from its catalogue (from the catalogue's resolution). */
  overrides?: readonly { path: string; entry: string }[];
  catalogId?: string | null;
  /** The date the report is made (ISO); passed in so that a report can be reproduced. */
  date: string;
}

const num = (n: number, digits = 0) => formatNumber(n, "sv", digits);
/** "−130,3 mnkr", "850 tkr", "1 200 kr". */
export const sek = (n: number) => formatSek(n, "sv");
const pct = (share: number, digits = 0) => formatPercent(share, "sv", digits);
const value = (u: Uncertain) => baseValue(u);
const uncertainText = (u: Uncertain) => (typeof u === "number" ? "" : " (osäker: fördelning i Monte Carlo-analysen)");

/** The summary in plain Swedish: what it costs, what it saves, and how sure that is. */
export function summaryText(input: ReportInput): string[] {
  const d = input.result.deterministic;
  const mc = input.result.monteCarlo;
  const out = [
    `Programmet kostar ${sek(d.pvCosts)} och beräknas spara ${sek(d.pvSavings)} (nuvärden i ${input.scenario.priceYear} års priser, diskonteringsränta ${pct(input.scenario.discountRate, 1)}). Nettonuvärdet är ${sek(d.npv)}.`,
    d.bcr === null ? "Programmet har inga kostnader att jämföra med." : `Varje satsad krona ger ${num(d.bcr, 2)} kr tillbaka i undvikna kostnader.`,
    d.paybackYear === null ? "Satsningen är inte återbetald inom tidshorisonten." : `Satsningen är återbetald ${d.paybackYear}.`,
  ];
  const s = d.breakEvenEffectScale;
  if (s !== null) out.push(s <= 1 ? `Effekterna kan vara ${pct(1 - s)} mindre än antaget innan satsningen slutar löna sig.` : `Effekterna skulle behöva vara ${num(s, 1)} gånger de antagna för att satsningen ska löna sig.`);
  if (mc)
    out.push(
      `Osäkerheten: i ${pct(mc.probabilityNpvPositive)} av ${num(mc.iterations)} dragningar är nettonuvärdet positivt; 90 % av utfallen ligger mellan ${sek(mc.npv.p05)} och ${sek(mc.npv.p95)}.`,
    );
  else out.push("Osäkerhetsanalysen (Monte Carlo) ingår inte i denna rapport.");
  return out;
}

function jCurveSvg(result: ScenarioResult): Html {
  const ys = result.deterministic.years;
  const band = new Map(result.monteCarlo?.years.map((y) => [y.year, y.cumulativeDiscountedNet]) ?? []);
  const values = ys.flatMap((y) => [y.cumulativeDiscountedNet, band.get(y.year)?.p05 ?? 0, band.get(y.year)?.p95 ?? 0, 0]);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const W = 640;
  const H = 220;
  const x = (k: number) => coord(50 + (k / Math.max(1, ys.length - 1)) * (W - 60));
  const y = (v: number) => coord(10 + ((hi - v) / (hi - lo || 1)) * (H - 40));
  const line = ys.map((r, k) => `${x(k)},${y(r.cumulativeDiscountedNet)}`).join(" ");
  const bandPts = band.size
    ? [...ys.map((r, k) => `${x(k)},${y(band.get(r.year)?.p95 ?? 0)}`), ...[...ys].reverse().map((r, k) => `${x(ys.length - 1 - k)},${y(band.get(r.year)?.p05 ?? 0)}`)].join(" ")
    : "";
  const labels = ys.flatMap((r, k) => (k % 5 === 0 ? [html`<text x="${x(k)}" y="${H - 8}" font-size="11" text-anchor="middle">${yearText(r.year)}</text>`] : []));
  return html`<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="Kumulativt diskonterat netto per år" xmlns="http://www.w3.org/2000/svg">${bandPts ? html`<polygon points="${bandPts}" fill="#0b5cad" opacity="0.18"/>` : ""}<line x1="50" x2="${W - 10}" y1="${y(0)}" y2="${y(0)}" stroke="#1b1f24"/><polyline points="${line}" fill="none" stroke="#0b5cad" stroke-width="2.5"/><text x="4" y="${coord(Number(y(hi)) + 4)}" font-size="11">${sek(hi)}</text><text x="4" y="${coord(Number(y(lo)) + 4)}" font-size="11">${sek(lo)}</text>${labels}</svg>`;
}

const ROLE: Record<string, string> = {
  "unitCost.amount": "Styckkostnad",
  "consequence.quantityPerYear": "Mängd per år",
  "intervention.efficacy": "Genomslag",
  "cost.amount": "Insatsens kostnad",
  "effect.baselineRisk": "Risk utan insats",
  "effect.size": "Effekt",
  "effect.decayPerYear": "Effektens avtagande",
  discountRate: "Diskonteringsränta",
};

/** What a sensitivity bar's number is, and whose. */
function sensitivityLabel(b: NonNullable<ScenarioResult["sensitivity"]>[number], s: Scenario): string {
  const owner = b.owner === undefined ? "" : (s.unitCosts.find((u) => u.id === b.owner)?.name ?? s.outcomes.find((o) => o.id === b.owner)?.name ?? s.interventions.find((x) => x.id === b.owner)?.name ?? b.owner);
  return [ROLE[b.role] ?? b.role, owner].filter(Boolean).join(": ");
}

/** Horizontal bars per payer: PV costs (striped, left) and savings (solid, right). */
function payerSvg(result: ScenarioResult, s: Scenario): Html {
  const d = result.deterministic;
  const rows = s.payers.map((p) => ({ name: p.name, r: d.byPayer[p.id] })).filter((x) => x.r && (x.r.pvCosts !== 0 || x.r.pvSavings !== 0));
  const max = Math.max(1, ...rows.map((x) => Math.max(Math.abs(x.r!.pvCosts), Math.abs(x.r!.pvSavings))));
  const W = 640;
  const mid = 420;
  const half = W - mid - 10;
  const scale = (v: number) => (v / max) * Math.min(half, mid - 230);
  const bar = (a: number, b: number) => html`x="${coord(Math.min(a, b))}" width="${coord(Math.abs(b - a))}"`;
  const body = rows.map((x, k) => {
    const y = 6 + k * 22;
    const name = x.name.length > 36 ? `${x.name.slice(0, 35)}…` : x.name;
    return html`<text x="4" y="${y + 13}" font-size="10.5">${name}</text><rect ${bar(mid - scale(x.r!.pvCosts), mid)} y="${y + 2}" height="14" fill="url(#hatch)" stroke="#a4262c"/><rect ${bar(mid, mid + scale(x.r!.pvSavings))} y="${y + 2}" height="14" fill="#1a6b3a"/>`;
  });
  const H = rows.length * 22 + 26;
  return html`<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="Kostnader och besparingar per aktör" xmlns="http://www.w3.org/2000/svg"><defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#f6d5d6"/><line x1="0" y1="0" x2="0" y2="6" stroke="#a4262c" stroke-width="3"/></pattern></defs><line x1="${mid}" x2="${mid}" y1="0" y2="${H - 18}" stroke="#1b1f24"/>${body}<text x="${mid - 6}" y="${H - 4}" font-size="10" text-anchor="end" fill="#a4262c">◀ kostnader (randigt)</text><text x="${mid + 6}" y="${H - 4}" font-size="10" fill="#1a6b3a">besparingar (fyllt) ▶</text></svg>`;
}

/** The report as one self-contained, printable HTML document. */
export function reportHtml(input: ReportInput, options: PageOptions = {}): string {
  const { scenario: s, result } = input;
  const d = result.deterministic;
  const mc = result.monteCarlo;
  const payers = s.payers.filter((p) => d.byPayer[p.id] && (d.byPayer[p.id]!.pvCosts !== 0 || d.byPayer[p.id]!.pvSavings !== 0));
  const outcomeName = (id: string) => s.outcomes.find((o) => o.id === id)?.name ?? id;
  const used = new Set(s.outcomes.flatMap((o) => o.consequences.map((c) => c.unitCost)));
  const sensitivity = (result.sensitivity ?? []).slice(0, 5);
  const bits = [
    html`<header><p class="kicker">Beslutsunderlag · Sikt</p><h1>${s.name}</h1><p>${`${yearText(s.startYear)}–${yearText(s.startYear + s.horizonYears - 1)} · ${s.horizonYears} år · priser ${yearText(s.priceYear)} · diskonteringsränta ${pct(s.discountRate, 1)}${input.catalogId ? ` · katalog ${input.catalogId}` : ""} · ${input.date}`}</p></header>`,
    html`<section><h2>Sammanfattning</h2>${summaryText(input).map((p) => html`<p>${p}</p>`)}</section>`,
    html`<section>${table("Nyckeltal", ["Nyckeltal", "Värde"], [
      ["Kostnader (nuvärde)", sek(d.pvCosts)],
      ["Besparingar (nuvärde)", sek(d.pvSavings)],
      ["Nettonuvärde", sek(d.npv)],
      ["Nytta per satsad krona", d.bcr === null ? "–" : num(d.bcr, 2)],
      ["Återbetald år", d.paybackYear ?? "inte inom horisonten"],
      ...(mc ? [["Sannolikhet att det lönar sig", pct(mc.probabilityNpvPositive)] as [string, string], ["Nettonuvärde, 5–95 %", `${sek(mc.npv.p05)} – ${sek(mc.npv.p95)}`] as [string, string]] : []),
    ], [false, true])}</section>`,
    html`<section><h2>J-kurvan</h2><p>Kumulativt diskonterat netto år för år${mc ? " med 5–95 %-intervallet från osäkerhetsanalysen" : ""}.</p>${jCurveSvg(result)}</section>`,
    html`<section><h2>Vem betalar och vem sparar</h2>${payerSvg(result, s)}${table(
      "Per aktör: nuvärden över hela horisonten",
      ["Aktör", "Kostnader", "Besparingar", "Netto", "Egen återbetalning", ...(mc ? ["Sannolikhet att vinna"] : [])],
      payers.map((p) => {
        const r = d.byPayer[p.id]!;
        return [p.name, sek(r.pvCosts), sek(r.pvSavings), sek(r.npv), r.paybackYear ?? "–", ...(mc ? [pct(mc.byPayer[p.id]?.probabilityNpvPositive ?? 0)] : [])];
      }),
      [false, true, true, true, false, true],
    )}</section>`,
    html`<section><h2>Undvikna fall och insatser</h2>${table(
      "Undvikna fall per utfall (över horisonten, uppskattade)",
      ["Utfall", "Undvikna", "Besparing (nuvärde)"],
      s.outcomes.filter((o) => (d.byOutcome[o.id]?.avoided ?? 0) > 0).map((o) => [o.name, num(d.byOutcome[o.id]!.avoided, 1), sek(d.byOutcome[o.id]!.pvSavings)]),
      [false, true, true],
    )}${table(
      "Insatserna",
      ["Insats", "Nivå", "Kostnader", "Besparingar", "Netto", "Nytta per krona"],
      s.interventions.map((x) => {
        const r = d.byIntervention[x.id];
        return [x.name, x.level, sek(r?.pvCosts ?? 0), sek(r?.pvSavings ?? 0), sek(r?.npv ?? 0), r?.bcr === null || r === undefined ? "–" : num(r.bcr, 2)];
      }),
      [false, false, true, true, true, true],
    )}<p class="note">Där flera insatser påverkar samma utfall lägger modellen ihop effekterna och antar att de når olika personer.</p></section>`,
    html`<section><h2>Vilka antaganden betyder mest</h2><ul>${sensitivity.map((b) => html`<li>${sensitivityLabel(b, s)}: nettonuvärdet ${sek(Math.min(b.low.npv, b.high.npv))} till ${sek(Math.max(b.low.npv, b.high.npv))} mellan dess 10:e och 90:e percentil.</li>`)}</ul></section>`,
    html`<section><h2>Antaganden och källor</h2>${table(
      "Styckkostnader",
      ["Styckkostnad", "Belopp", "Enhet", "Källa"],
      s.unitCosts.filter((u) => used.has(u.id)).map((u) => [u.name, `${sek(value(u.amount))}${uncertainText(u.amount)}`, u.unit ?? "", u.source ?? "Eget antagande (ingen källa angiven)"]),
    )}${table(
      "Effekter",
      ["Insats → utfall", "Risk utan insats", "Effekt", "Källa"],
      s.interventions.flatMap((x) =>
        x.effects.map((e) => [
          `${x.name} → ${outcomeName(e.outcome)}`,
          pct(value(e.baselineRisk), 1),
          e.relativeRiskReduction !== undefined ? `riskminskning ${pct(value(e.relativeRiskReduction), 0)}` : e.oddsRatio !== undefined ? `oddskvot ${num(value(e.oddsRatio), 2)}` : e.standardizedMeanDifference !== undefined ? `d = ${num(value(e.standardizedMeanDifference), 2)}` : "–",
          e.source ?? x.source ?? "Eget antagande (ingen källa angiven)",
        ]),
      ),
    )}${input.overrides?.length ? html`<p>Lokala ändringar från katalogen: ${input.overrides.map((o) => o.path).join(", ")}.</p>` : ""}</section>`,
  ];
  return page(`${s.name} – beslutsunderlag`, bits, options);
}


/** The workbook for the economists: key figures, yearly flows per payer, assumptions, Monte Carlo. */
export function reportSheets(input: ReportInput): Sheet[] {
  const { scenario: s, result } = input;
  const d = result.deterministic;
  const mc = result.monteCarlo;
  const flows: Cell[][] = [["År", "Aktör", "Grupp", "Kostnader (kr)", "Besparingar (kr)", "Netto (kr)"]];
  for (const y of d.years)
    for (const p of s.payers) {
      const v = y.byPayer[p.id];
      if (v && (v.costs !== 0 || v.savings !== 0)) flows.push([y.year, p.name, p.group, v.costs, v.savings, v.savings - v.costs]);
    }
  const used = new Set(s.outcomes.flatMap((o) => o.consequences.map((c) => c.unitCost)));
  const sheets: Sheet[] = [
    {
      name: "Nyckeltal",
      rows: [
        ["Nyckeltal", "Värde"],
        ["Scenario", s.name],
        ["Kostnader, nuvärde (kr)", d.pvCosts],
        ["Besparingar, nuvärde (kr)", d.pvSavings],
        ["Nettonuvärde (kr)", d.npv],
        ["Nytta per satsad krona", d.bcr],
        ["Återbetald år", d.paybackYear],
        ["Brytpunkt (effekternas skalfaktor)", d.breakEvenEffectScale],
        ["Diskonteringsränta", s.discountRate],
        ["Prisår", s.priceYear],
      ],
    },
    { name: "Flöden per aktör och år", rows: flows },
    {
      name: "Styckkostnader",
      rows: [["Id", "Styckkostnad", "Belopp (kr)", "Enhet", "Källa"], ...s.unitCosts.filter((u) => used.has(u.id)).map((u) => [u.id, u.name, value(u.amount), u.unit ?? "", u.source ?? "Eget antagande"] as Cell[])],
    },
    {
      name: "Effekter",
      rows: [
        ["Insats", "Utfall", "Deltagare år 1", "Risk utan insats", "Relativ riskminskning", "Oddskvot", "Effektstorlek d", "Källa"],
        ...s.interventions.flatMap((x) =>
          x.effects.map(
            (e) =>
              [
                x.name,
                e.outcome,
                x.participants[0] ?? 0,
                value(e.baselineRisk),
                e.relativeRiskReduction === undefined ? null : value(e.relativeRiskReduction),
                e.oddsRatio === undefined ? null : value(e.oddsRatio),
                e.standardizedMeanDifference === undefined ? null : value(e.standardizedMeanDifference),
                e.source ?? x.source ?? "Eget antagande",
              ] as Cell[],
          ),
        ),
      ],
    },
  ];
  if (mc)
    sheets.push({
      name: "Monte Carlo",
      rows: [
        ["Mått", "Värde"],
        ["Dragningar", mc.iterations],
        ["Frö", mc.seed],
        ["Nettonuvärde, medel (kr)", mc.npv.mean],
        ["Nettonuvärde, 5 % (kr)", mc.npv.p05],
        ["Nettonuvärde, median (kr)", mc.npv.p50],
        ["Nettonuvärde, 95 % (kr)", mc.npv.p95],
        ["Sannolikhet att nettonuvärdet är positivt", mc.probabilityNpvPositive],
      ],
    });
  return sheets;
}
