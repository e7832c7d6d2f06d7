/**
 * Exports of the lägesbild, the action plan with its follow-up, and the register of
 * low-threshold services: printable Swedish HTML (and so PDF) and XLSX sheets. Counts of people
 * come in already suppressed (`PlanFollowUp`, `ReachView`) and are written as ".." where hidden;
 * nothing here sees a raw count.
 * @module
 */
import type { ActionPlan, DidResult, Finding, Indicator, IndicatorView, Lagesbild, Level, OffTrackReason, PlanFollowUp, Reported, ReachView, Service, Shown, SyntheticResult } from "@sikt/followup";
import { formatNumber, formatPercent, formatSek } from "./format.js";
import { coord, html, type Html, type PageOptions, page, sourceHtml, table, yearText } from "./html.js";
import type { Cell, Sheet } from "./xlsx.js";

const num = (n: number, digits = 0) => formatNumber(n, "sv", digits);
const sek = (n: number) => formatSek(n, "sv");
/** A reported count of people: ".." where suppressed, "–" where nothing is reported. */
const reported = (c: Reported): string => (c === "suppressed" ? ".." : c === null ? "–" : num(c));
const reportedCell = (c: Reported): Cell => (c === "suppressed" ? ".." : c);
/** A count of people from a suppressed table: ".." where hidden. */
const count = (c: Shown): string => (c === null ? ".." : num(c));
const countCell = (c: Shown): Cell => (c === null ? ".." : c);
/** A year as a workbook cell: the number, or "–" when it is not a whole number. */
const yearCell = (y: unknown): Cell => (typeof y === "number" && Number.isSafeInteger(y) ? y : "–");

/** A span of years as printed: "2026–2028" (each year through {@link yearText}). */
const years = (from: unknown, to: unknown) => `${yearText(from)}–${yearText(to)}`;

const SUPPRESSION_NOTE = "..: dolt – färre än 5 personer, eller dolt för att ett annat dolt värde inte ska kunna räknas fram ur summorna.";
const LEVEL_NAME: Record<Level, string> = { individ: "Individnivå", grupp: "Gruppnivå", samhalle: "Samhällsnivå" };
const KIND_NAME: Record<Finding["kind"], string> = { problem: "Problem", risk: "Riskfaktor", protective: "Skyddsfaktor" };
const REASON_TEXT: Record<OffTrackReason, string> = {
  "fewer-participants": "färre deltagare än planerat",
  "unplanned-participants": "deltagare ett år utan planerade deltagare",
  "over-budget": "högre kostnad än budgeterat",
  "unbudgeted-cost": "kostnad ett år utan budget",
};
const STATUS_NAME = { "on-track": "Enligt plan", "off-track": "Avviker", "count-hidden": "Kostnad enligt plan, antalet dolt", "not-reported": "Inte rapporterat", "not-started": "Inte aktuellt" } as const;

/** The trend and comparisons of an indicator in words, as the exports and the web app say them. */
export function indicatorSentence(v: IndicatorView): string {
  const unit = v.per100k ? "per 100 000 invånare" : v.indicator.unit;
  const home = v.series.find((s) => s.role === "municipality");
  if (!home || home.points.length === 0) return "Värden för kommunen saknas.";
  const last = home.points[home.points.length - 1]!;
  const bits = [`${home.name}: ${num(last.value, 1)} ${unit} ${yearText(last.year)}`];
  if (v.trend) bits.push(`${v.trend.direction === "better" ? "en förbättring" : v.trend.direction === "worse" ? "en försämring" : "i stort sett oförändrat"} sedan ${v.trend.fromYear} (${v.trend.change >= 0 ? "+" : "−"}${num(Math.abs(v.trend.change), 1)}; ${v.indicator.higherIsBetter ? "högre" : "lägre"} är bättre)`);
  const vs = v.comparisons.filter((c) => c.role === "country" || c.role === "county");
  for (const c of vs) bits.push(`${c.difference < 0 ? "lägre än" : c.difference > 0 ? "högre än" : "samma som"} ${c.name} (${num(c.other, 1)} ${yearText(c.year)})`);
  return `${bits.join(", ")}.`;
}

/** A small line chart of the indicator over the years, one line per place, the municipality emphasised. */
function trendSvg(v: IndicatorView): Html | "" {
  const all = v.series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.value) && Number.isFinite(p.year));
  if (all.length === 0 || v.years.length < 2) return "";
  const W = 560;
  const H = 180;
  const x0 = 40;
  const lo = Math.min(0, ...all.map((p) => p.value));
  const hi = Math.max(...all.map((p) => p.value)) || 1;
  const [y0, y1] = [v.years[0]!, v.years[v.years.length - 1]!];
  const x = (year: number) => coord(x0 + ((year - y0) / (y1 - y0 || 1)) * (W - x0 - 110));
  const y = (val: number) => coord(H - 20 - ((val - lo) / (hi - lo || 1)) * (H - 34));
  const lines = v.series.map((s, i) => {
    const own = s.role === "municipality";
    const d = s.points.map((p, k) => `${k ? "L" : "M"}${x(p.year)},${y(p.value)}`).join("");
    const last = s.points[s.points.length - 1];
    if (!last) return "";
    return html`<path d="${d}" fill="none" stroke="${own ? "#0b5cad" : "#7a8591"}" stroke-width="${own ? 3 : 1.2}" stroke-dasharray="${own ? "" : i % 2 ? "4 3" : "1 2"}"/><text x="${coord(Number(x(last.year)) + 4)}" y="${coord(Number(y(last.value)) + 4)}" font-size="9">${s.name}</text>`;
  });
  const ticks = v.years.map((yr) => html`<text x="${x(yr)}" y="${H - 4}" font-size="9" text-anchor="middle">${yearText(yr)}</text>`);
  return html`<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${`${v.indicator.name} över tid`}" xmlns="http://www.w3.org/2000/svg"><text x="0" y="${coord(Number(y(hi)) + 4)}" font-size="9">${num(hi, 1)}</text><text x="0" y="${coord(Number(y(lo)) + 4)}" font-size="9">${num(lo, 1)}</text>${lines}${ticks}</svg>`;
}

export interface LagesbildExport {
  organisation: string;
  date: string;
  lagesbild: Lagesbild;
  /** The view of every indicator of the organisation (those in the mapping are shown). */
  views: IndicatorView[];
}

/** The lägesbild in the structure of law 2023:196 §4: mapping, other relevant information, analysis. */
export function lagesbildHtml(input: LagesbildExport, options: PageOptions = {}): string {
  const l = input.lagesbild;
  const view = (id: string) => input.views.find((v) => v.indicator.id === id);
  const name = (id: string) => view(id)?.indicator.name ?? "(borttagen indikator)";
  const para = (text: string) => (typeof text === "string" && text.trim() ? text.split(/\n{2,}/).map((p) => html`<p>${p}</p>`) : html`<p class="note">Inget ifyllt.</p>`);
  const mapped = l.mapping.indicators.map((m) => {
    const v = view(m.indicatorId);
    if (!v) return html`<h3>${name(m.indicatorId)}</h3>`;
    const latest = v.series.map((s) => [s.name, s.points.length ? num(s.points[s.points.length - 1]!.value, 1) : "–", s.points.length ? yearText(s.points[s.points.length - 1]!.year) : "–"]);
    return html`<h3>${v.indicator.name}</h3><p>${indicatorSentence(v)}</p>${m.why ? html`<p>Varför: ${m.why}</p>` : ""}${trendSvg(v)}${table(
      `${v.indicator.name} (${v.per100k ? "per 100 000 invånare" : v.indicator.unit}), senaste år per plats`,
      ["Plats", "Värde", "År"],
      latest,
      [false, true, true],
    )}<p class="note">Källa: ${sourceHtml(v.indicator.source)}${v.indicator.code ? ` (${v.indicator.code})` : ""}.</p>`;
  });
  const findings = (["individ", "grupp", "samhalle"] as const).map((level) => {
    const fs = l.findings.filter((f) => f.level === level);
    const items = fs.map(
      (f) =>
        html`<li><strong>${KIND_NAME[f.kind] ?? "Problem"}: ${f.title}</strong>${f.description ? ` – ${f.description}` : ""}<br><span class="note">Visas av: ${f.indicatorIds.length ? f.indicatorIds.map(name).join(", ") : "ingen indikator kopplad"}</span></li>`,
    );
    return html`<h3>${LEVEL_NAME[level]}</h3>${items.length ? html`<ul>${items}</ul>` : html`<p class="note">Inget identifierat på denna nivå.</p>`}`;
  });
  return page(
    `${l.title} – lägesbild`,
    [
      html`<header><p class="kicker">Lägesbild enligt 4 § lagen (2023:196) om kommuners ansvar för brottsförebyggande arbete · ${input.organisation}</p><h1>${l.title}</h1><p>Avser ${yearText(l.year)} · ${input.date}</p></header>`,
      html`<section><h2>1. Kartläggning av brottsligheten, dess omfattning och konsekvenser</h2>${mapped.length ? mapped : html`<p class="note">Inga indikatorer valda.</p>`}<h3>Källor</h3>${para(l.mapping.sources)}<h3>Begränsningar i kunskapsunderlaget</h3>${para(l.mapping.limitations)}</section>`,
      html`<section><h2>2. Annan relevant information</h2>${para(l.otherInformation)}</section>`,
      html`<section><h2>3. Analys</h2>${para(l.analysis)}<h3>Identifierade problem, riskfaktorer och skyddsfaktorer</h3>${findings}</section>`,
    ],
    options,
  );
}

export interface PlanExport {
  organisation: string;
  date: string;
  plan: ActionPlan;
  lagesbild: Lagesbild | null;
  followup: PlanFollowUp;
  indicators: Indicator[];
  /** Scenario names by id. */
  scenarios: Record<string, string>;
  /** Intervention names by scenario id and intervention id (a measure's calculation in words). */
  interventionNames?: Record<string, Record<string, string>>;
  /** The latest observed-effect estimate of each measure that has one (docs/followup.md). */
  effects?: PlanEffect[];
}

/** An observed-effect estimate as the plan's report shows it. */
export interface PlanEffect {
  measureTitle: string;
  indicatorName: string;
  unit: string;
  placeName: string;
  startYear: number;
  /** When it was made, and the last year of data it used. */
  date: string;
  dataYear: number;
  did: DidResult;
  synthetic: SyntheticResult;
  /** The effect updated with it, where the measure has a calculation. */
  update: { interventionName: string; outcomeName: string; effectiveBefore: number; effectiveAfter: number; npvBefore: number; npvAfter: number } | null;
  adoptedVersion: number | null;
}

/** An estimate in words for a table cell. */
function didText(e: PlanEffect): string {
  const d = e.did;
  if (d.status !== "ok") return `För lite data (${d.before} år före, ${d.after} efter, ${d.comparisons} jämförelseorter)`;
  return `${num(d.estimate, 1)} ${e.unit} (95 %: ${num(d.ci95[0], 1)} till ${num(d.ci95[1], 1)})`.replace(/ {2}/g, " ");
}
function syntheticText(e: PlanEffect): string {
  const r = e.synthetic;
  if (r.status === "ok") return `${num(r.estimate, 1)} ${e.unit}${r.placebo ? `; placebotest ${formatPercent(r.placebo.pValue, "sv")}` : ""}`.replace(/ {2}/g, " ");
  if (r.status === "no-fit") return "Ingen mix av jämförelseorterna följer orten före starten";
  return "För lite data";
}

function effectsSection(effects: readonly PlanEffect[]): Html | string {
  if (effects.length === 0) return "";
  return html`<section><h2>Observerade effekter</h2><p>Skattningarna jämför indikatorn där åtgärden pågår med jämförelseorter före och efter starten (skillnad i skillnader och syntetisk kontroll). De är observationsstudier, inte experiment: de bygger på att jämförelseorterna visar hur utvecklingen annars hade blivit, och annat som hände samtidigt kan ligga bakom skillnaden.</p>${table(
    "Observerade effekter per åtgärd",
    ["Åtgärd", "Indikator och ort", "Från år", "Skillnad i skillnader", "Syntetisk kontroll", "Kalkylens effekt", "Antagen"],
    effects.map((e) => [
      e.measureTitle,
      `${e.indicatorName}, ${e.placeName} (data till ${yearText(e.dataYear)}, skattad ${e.date})`,
      yearText(e.startYear),
      didText(e),
      syntheticText(e),
      e.update ? `${e.update.interventionName}, ${e.update.outcomeName}: riskminskning ${formatPercent(e.update.effectiveBefore, "sv")} → ${formatPercent(e.update.effectiveAfter, "sv")}; nettonuvärde ${sek(e.update.npvBefore)} → ${sek(e.update.npvAfter)}` : "–",
      e.adoptedVersion === null ? "Nej" : `Version ${e.adoptedVersion}`,
    ]),
  )}</section>`;
}

function planRows(input: PlanExport) {
  const finding = (id: string) => input.lagesbild?.findings.find((f) => f.id === id);
  const indicator = (id: string) => input.indicators.find((i) => i.id === id)?.name ?? "(borttagen indikator)";
  return input.plan.measures.map((m) => ({
    m,
    findings: m.findingIds.map((id) => {
      const f = finding(id);
      return f ? `${KIND_NAME[f.kind]}: ${f.title}` : "(finns inte i lägesbilden)";
    }),
    indicators: m.indicators.map((i) => `${indicator(i.indicatorId)}${i.target !== null ? ` (mål ${num(i.target, 1)}${i.targetYear ? ` år ${yearText(i.targetYear)}` : ""})` : ""}`),
    budget: m.planned.reduce((t, p) => t + p.cost, 0),
    scenario: m.scenario ? `${input.scenarios[m.scenario.id] ?? "(okänd kalkyl)"} – ${input.interventionNames?.[m.scenario.id]?.[m.scenario.interventionId] ?? "(insatsen finns inte i kalkylen)"}` : "Ingen kalkyl",
  }));
}

/** The action plan: measures linked to problems, responsible actors, time plan, budget, calculation and indicators, and the follow-up. */
export function planHtml(input: PlanExport, options: PageOptions = {}): string {
  const p = input.plan;
  const f = input.followup;
  const rows = planRows(input);
  const measures = rows.map(
    (r) =>
      html`<h3>${r.m.title}</h3>${r.m.description ? html`<p>${r.m.description}</p>` : ""}<ul><li>Möter: ${r.findings.join("; ") || "inget problem kopplat"}</li><li>Nivå: ${LEVEL_NAME[r.m.level] ?? "–"}</li><li>Ansvariga: ${r.m.responsible.join(", ") || "–"}</li><li>Tid: ${years(r.m.startYear, r.m.endYear)}</li><li>Budget: ${sek(r.budget)}</li><li>Kalkyl: ${r.scenario}</li><li>Indikatorer: ${r.indicators.join("; ") || "–"}</li></ul>`,
  );
  const TARGET = { met: "Målet nått", missed: "Målet inte nått", pending: "Ännu inte avgjort" } as const;
  const follow = f.measures.map(
    (m) => html`${m.indicators.length
      ? table(
          `Indikatorer: ${m.title}`,
          ["Indikator", "Mål", "Senaste värde", "Bedömning"],
          m.indicators.map((x) => {
            const last = x.values[x.values.length - 1];
            return [x.name || "(borttagen indikator)", x.target === null ? "–" : `${num(x.target, 1)}${x.targetYear ? ` år ${yearText(x.targetYear)}` : ""}`, last ? `${num(last.value, 1)} (${yearText(last.year)})` : "–", x.status ? TARGET[x.status] : "Inget mål satt"];
          }),
        )
      : ""}${table(
      `Uppföljning: ${m.title} (${STATUS_NAME[m.status]})`,
      ["År", "Deltagare plan", "Deltagare prognos", "Deltagare utfall", "Avvikelse", "Kostnad budget", "Kostnad prognos", "Kostnad utfall", "Avvikelse", "Status"],
      m.years.map((y) => [
        yearText(y.year),
        y.planned ? num(y.planned.participants) : "–",
        y.forecast ? num(y.forecast.participants, 1) : "–",
        y.actual ? reported(y.actual.participants) : "–",
        y.deviation ? reported(y.deviation.participants).replace(/^(\d)/, "+$1") : "–",
        y.planned ? sek(y.planned.cost) : "–",
        y.forecast ? sek(y.forecast.cost) : "–",
        y.actual?.cost != null ? sek(y.actual.cost) : "–",
        y.deviation?.cost != null ? sek(y.deviation.cost) : "–",
        `${STATUS_NAME[y.status]}${y.reasons.length ? `: ${y.reasons.map((r) => REASON_TEXT[r]).join(", ")}` : ""}`,
      ]),
      [false, true, true, true, true, true, true, true, true, false],
    )}`,
  );
  const participants = table(
    "Faktiska deltagare per åtgärd och år",
    ["Åtgärd", ...f.years.map(yearText), "Summa"],
    [...f.measures.map((m, i) => [m.title, ...f.participants.cells[i]!.map(reported), reported(f.participants.rowTotals[i]!)]), ["Summa", ...f.participants.columnTotals.map(reported), reported(f.participants.total)]],
    [false, ...f.years.map(() => true), true],
  );
  return page(
    `${p.title} – åtgärdsplan`,
    [
    html`<header><p class="kicker">Åtgärdsplan · ${input.organisation}</p><h1>${p.title}</h1><p>${years(p.startYear, p.endYear)}${input.lagesbild ? ` · bygger på lägesbilden ”${input.lagesbild.title}”` : ""} · ${input.date}</p></header>`,
    html`<section><h2>Åtgärder</h2>${table(
      "Åtgärderna och de problem de möter",
      ["Åtgärd", "Problem och faktorer", "Ansvariga", "Tid", "Budget", "Kalkyl", "Indikatorer"],
      rows.map((r) => [r.m.title, r.findings.join("; "), r.m.responsible.join(", "), years(r.m.startYear, r.m.endYear), sek(r.budget), r.scenario, r.indicators.join("; ")]),
      [false, false, false, false, true, false, false],
    )}${measures}</section>`,
    html`<section><h2>Uppföljning</h2><p>En åtgärd avviker när deltagarna är fler än ${formatPercent(p.tolerance, "sv")} färre än planerat eller kostnaden mer än ${formatPercent(p.tolerance, "sv")} över budget. Planerade deltagare och prognoser är planerings- och modellvärden; faktiska deltagare är verkliga personer.</p>${follow}${participants}<p class="note">${SUPPRESSION_NOTE}</p></section>`,
    effectsSection(input.effects ?? []),
    ],
    options,
  );
}

/** The plan as sheets: measures, follow-up per measure and year, participants per measure and year. */
export function planSheets(input: PlanExport): Sheet[] {
  const f = input.followup;
  return [
    {
      name: "Åtgärder",
      rows: [
        ["Åtgärd", "Nivå", "Problem och faktorer", "Ansvariga", "Från år", "Till år", "Budget (kr)", "Kalkyl", "Indikatorer"],
        ...planRows(input).map((r) => [r.m.title, LEVEL_NAME[r.m.level] ?? "", r.findings.join("; "), r.m.responsible.join(", "), yearCell(r.m.startYear), yearCell(r.m.endYear), r.budget, r.scenario, r.indicators.join("; ")] as Cell[]),
      ],
      formats: [undefined, undefined, undefined, undefined, "year", "year", "kr"],
    },
    {
      name: "Uppföljning",
      rows: [
        ["Åtgärd", "År", "Deltagare plan", "Deltagare prognos", "Deltagare utfall", "Avvikelse deltagare", "Kostnad budget", "Kostnad prognos", "Kostnad utfall", "Avvikelse kostnad", "Status", "Skäl"],
        ...f.measures.flatMap((m) =>
          m.years.map((y) => [
            m.title,
            yearCell(y.year),
            y.planned?.participants ?? null,
            y.forecast?.participants ?? null,
            y.actual ? reportedCell(y.actual.participants) : null,
            y.deviation ? reportedCell(y.deviation.participants) : null,
            y.planned?.cost ?? null,
            y.forecast?.cost ?? null,
            y.actual?.cost ?? null,
            y.deviation?.cost ?? null,
            STATUS_NAME[y.status],
            y.reasons.map((r) => REASON_TEXT[r]).join(", "),
          ]),
        ),
      ],
      formats: [undefined, "year", "number", "decimal", "number", "number", "kr", "kr", "kr", "kr"],
      notes: [SUPPRESSION_NOTE],
    },
    {
      name: "Deltagare",
      rows: [
        ["Åtgärd", ...f.years.map(yearText), "Summa"],
        ...f.measures.map((m, i) => [m.title, ...f.participants.cells[i]!.map(reportedCell), reportedCell(f.participants.rowTotals[i]!)]),
        ["Summa", ...f.participants.columnTotals.map(reportedCell), reportedCell(f.participants.total)],
      ],
      formats: [undefined, ...f.years.map(() => "number" as const), "number"],
      notes: [SUPPRESSION_NOTE],
    },
    ...((input.effects ?? []).length > 0
      ? [
          {
            name: "Observerade effekter",
            rows: [
              ["Åtgärd", "Indikator", "Ort", "Från år", "Data till år", "Skattad", "Skillnad i skillnader", "Medelfel", "95 % från", "95 % till", "Syntetisk kontroll", "Placebotest p", "Riskminskning före", "Riskminskning efter", "Antagen i version"],
              ...(input.effects ?? []).map((e) => [
                e.measureTitle,
                e.indicatorName,
                e.placeName,
                yearCell(e.startYear),
                yearCell(e.dataYear),
                e.date,
                e.did.status === "ok" ? e.did.estimate : null,
                e.did.status === "ok" ? e.did.se : null,
                e.did.status === "ok" ? e.did.ci95[0] : null,
                e.did.status === "ok" ? e.did.ci95[1] : null,
                e.synthetic.status === "ok" ? e.synthetic.estimate : null,
                e.synthetic.status === "ok" && e.synthetic.placebo ? e.synthetic.placebo.pValue : null,
                e.update?.effectiveBefore ?? null,
                e.update?.effectiveAfter ?? null,
                e.adoptedVersion,
              ] as Cell[]),
            ],
            formats: [undefined, undefined, undefined, "year", "year", undefined, "decimal", "decimal", "decimal", "decimal", "decimal", "percent", "percent", "percent", "number"],
            notes: ["Observationsstudier: skattningarna bygger på att jämförelseorterna visar hur utvecklingen annars hade blivit."],
          } satisfies Sheet,
        ]
      : []),
  ];
}

export interface ServicesExport {
  organisation: string;
  date: string;
  services: { service: Service; reach: ReachView }[];
}

const decisionText = (s: Service) => `${s.decision.body} ${s.decision.date}, ${s.decision.reference}`;

/** The register of low-threshold services with their decisions and suppressed reach. */
export function servicesHtml(input: ServicesExport, options: PageOptions = {}): string {
  const register = table(
    "Verksamheter utan individuell behovsprövning",
    ["Verksamhet", "Utförare", "Beslut", "Villkor", "Uppgifter om enskilda dokumenteras", "Förväntade deltagare per år (modell)"],
    input.services.map(({ service: s }) => [s.name, s.provider, decisionText(s), s.decision.conditions || "–", s.decision.identitiesRecorded ? "Ja" : "Nej", s.expectedParticipantsPerYear === null ? "–" : num(s.expectedParticipantsPerYear)]),
    [false, false, false, false, false, true],
  );
  const reach = input.services.map(({ service: s, reach: r }) => {
    const periods = r.periods.map((p) =>
      table(
        `${s.name}, ${p.period}: deltagare efter ålder och kön (besök: ${count(p.visits)})`,
        ["Åldersgrupp", ...p.genders, "Summa"],
        [...p.ageGroups.map((g, i) => [g, ...p.cells[i]!.map(count), count(p.rowTotals[i]!)]), ["Summa", ...p.columnTotals.map(count), count(p.total)]],
        [false, ...p.genders.map(() => true), true],
      ),
    );
    return html`<h3>${s.name}</h3>${periods.length ? periods : html`<p class="note">Ingen räckvidd rapporterad.</p>`}${r.periods.length ? html`<p>Besök över alla perioder: ${count(r.visitsTotal)}.</p>` : ""}`;
  });
  return page(
    "Register över lågtröskelverksamheter",
    [
      html`<header><p class="kicker">Socialtjänstlagen (2025:400) · ${input.organisation}</p><h1>Register över lågtröskelverksamheter</h1><p>${input.date}</p></header>`,
      html`<section><h2>Verksamheter och beslut</h2>${register}</section>`,
      html`<section><h2>Räckvidd</h2><p>Deltagare räknas per period och läggs inte ihop över perioder (samma person kan komma tillbaka).</p>${reach}<p class="note">${SUPPRESSION_NOTE}</p></section>`,
    ],
    options,
  );
}

export function servicesSheets(input: ServicesExport): Sheet[] {
  return [
    {
      name: "Verksamheter",
      rows: [
        ["Verksamhet", "Utförare", "Nivå", "Beslutande organ", "Beslutsdatum", "Diarienummer", "Villkor", "Uppgifter om enskilda dokumenteras", "Förväntade deltagare per år (modell)"],
        ...input.services.map(({ service: s }) => [s.name, s.provider, LEVEL_NAME[s.level] ?? "", s.decision.body, s.decision.date, s.decision.reference, s.decision.conditions, s.decision.identitiesRecorded ? "Ja" : "Nej", s.expectedParticipantsPerYear] as Cell[]),
      ],
      formats: [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, "number"],
    },
    {
      name: "Räckvidd",
      rows: [
        ["Verksamhet", "Period", "Åldersgrupp", "Kön", "Deltagare", "Besök i perioden"],
        ...input.services.flatMap(({ service: s, reach: r }) =>
          r.periods.flatMap((p) => [
            ...p.ageGroups.flatMap((g, i) => p.genders.map((k, j) => [s.name, p.period, g, k, countCell(p.cells[i]![j]!), null] as Cell[])),
            [s.name, p.period, "Summa", "Summa", countCell(p.total), countCell(p.visits)] as Cell[],
          ]),
        ),
      ],
      formats: [undefined, undefined, undefined, undefined, "number", "number"],
      notes: [SUPPRESSION_NOTE],
    },
  ];
}
