/**
 * The decision report's workbook for economists: the yearly flows per payer with their discount
 * factors and present values as formulas that read the discount rate from one cell (change it and
 * the net present value moves), the assumptions with their sources, the Monte Carlo summary and
 * per-payer bands, and the sensitivity analysis. Names, never ids; Swedish sheet and column names.
 * @module
 */
import { baseValue, quantile, type ScenarioResult, type Uncertain } from "@sikt/engine";
import { GROUP_NAME, LEVEL_NAME, PERSPECTIVES, perspectivesOf, type ReportInput } from "./report.js";
import { sensitivityOwner, sensitivityWhat } from "./sensitivity.js";
import { type Cell, type Sheet, sheetRef } from "./xlsx.js";

export const SHEET = {
  keys: "Nyckeltal",
  flows: "Flöden per aktör och år",
  payers: "Per aktör",
  interventions: "Insatser",
  outcomes: "Undvikna fall",
  unitCosts: "Styckkostnader",
  effects: "Effekter",
  monteCarlo: "Monte Carlo",
  mcPayers: "Osäkerhet per aktör",
  mcYears: "Osäkerhet per år",
  sensitivity: "Känslighet",
} as const;

/** Where the discount rate and the start year stand on the key-figure sheet (the formulas refer to them). */
export const RATE_CELL = "B8";
export const START_CELL = "B6";
/** The cell of the net present value on the key-figure sheet. */
export const NPV_CELL = "B11";

const q = (u: Uncertain, p: number): number | null => (typeof u === "number" ? null : quantile(u, p));

/** The workbook's sheets. */
export function reportSheets(input: ReportInput): Sheet[] {
  const { scenario: s, result } = input;
  const d = result.deterministic;
  const mc = result.monteCarlo;
  const keys = sheetRef(SHEET.keys);
  const flowsRef = sheetRef(SHEET.flows);
  const abs = (cell: string) => `${keys}!$${cell[0]}$${cell.slice(1)}`;

  // Flows: one row per payer and year with a flow; present values by formula.
  const flows: Cell[][] = [["År", "Aktör", "Grupp", "Kostnader (kr)", "Besparingar (kr)", "Netto (kr)", "Diskonteringsfaktor", "Kostnader, nuvärde (kr)", "Besparingar, nuvärde (kr)", "Netto, nuvärde (kr)"]];
  for (const y of d.years)
    for (const p of s.payers) {
      const v = y.byPayer[p.id];
      if (!v || (v.costs === 0 && v.savings === 0)) continue;
      const r = flows.length + 1;
      const df = Math.pow(1 + s.discountRate, -(y.year - s.startYear));
      flows.push([
        y.year,
        p.name,
        GROUP_NAME[p.group] ?? "Övriga",
        v.costs,
        v.savings,
        { formula: `E${r}-D${r}`, result: v.savings - v.costs },
        { formula: `1/(1+${abs(RATE_CELL)})^(A${r}-${abs(START_CELL)})`, result: df },
        { formula: `D${r}*G${r}`, result: v.costs * df },
        { formula: `E${r}*G${r}`, result: v.savings * df },
        { formula: `F${r}*G${r}`, result: (v.savings - v.costs) * df },
      ]);
    }
  const last = Math.max(2, flows.length);
  const col = (c: string) => `${flowsRef}!$${c}$2:$${c}$${last}`;
  const persp = perspectivesOf(result);

  const keyRows: Cell[][] = [
    ["Nyckeltal", "Värde", "Förklaring"],
    ["Scenario", s.name, ""],
    ["Version", input.version ?? null, input.versionDate ? `sparad ${input.versionDate.slice(0, 10)}` : ""],
    ["Beslut", input.decision ? `${input.decision.body} ${input.decision.date}, ${input.decision.reference}` : "Inget beslut registrerat", ""],
    ["Rapportens datum", input.date, ""],
    ["Startår (diskonteras till)", { value: s.startYear, format: "year" }, "Flödena diskonteras till detta år."],
    ["Prisår", { value: s.priceYear ?? s.startYear, format: "year" }, "Alla belopp i detta års priser."],
    ["Diskonteringsränta", { value: s.discountRate, format: "percent" }, "Ändra räntan här: diskonteringsfaktorerna och nuvärdena räknas om."],
    ["Kostnader, nuvärde (kr)", { formula: `SUM(${col("H")})`, result: d.pvCosts, format: "kr" }, `Summan av kolumn H i bladet ${SHEET.flows}.`],
    ["Besparingar, nuvärde (kr)", { formula: `SUM(${col("I")})`, result: d.pvSavings, format: "kr" }, `Summan av kolumn I i bladet ${SHEET.flows}.`],
    ["Nettonuvärde (kr)", { formula: "B10-B9", result: d.npv, format: "kr" }, "Besparingar minus kostnader."],
    ["Nytta per satsad krona", d.bcr === null ? null : { formula: "IF(B9=0,0,B10/B9)", result: d.bcr, format: "ratio" }, "Besparingar delat med kostnader."],
    ["Återbetald år", d.paybackYear === null ? "inte inom perioden" : { value: d.paybackYear, format: "year" }, "Med räntan som scenariot anger."],
    ["Brytpunkt (effekternas skalfaktor)", d.breakEvenEffectScale === null ? null : { value: d.breakEvenEffectScale, format: "ratio" }, "Så många gånger större skulle effekterna behöva vara för nettonuvärdet noll."],
    ...PERSPECTIVES.map(
      (p) =>
        [
          `Nettonuvärde, ${p.name.toLowerCase()} (kr)`,
          { formula: p.groups.map((g) => `SUMIFS(${col("J")},${col("C")},"${GROUP_NAME[g]}")`).join("+"), result: persp[p.key].npv, format: "kr" },
          `Perspektivet räknar ${p.meaning}.`,
        ] as Cell[],
    ),
  ];

  const payers = s.payers.filter((p) => d.byPayer[p.id] && (d.byPayer[p.id]!.pvCosts !== 0 || d.byPayer[p.id]!.pvSavings !== 0));
  const payerRows: Cell[][] = [
    ["Aktör", "Grupp", "Kostnader, nuvärde (kr)", "Besparingar, nuvärde (kr)", "Netto, nuvärde (kr)", "Egen återbetalning (år)"],
    ...payers.map((p, k) => {
      const r = d.byPayer[p.id]!;
      const row = k + 2;
      return [
        p.name,
        GROUP_NAME[p.group] ?? "Övriga",
        { formula: `SUMIFS(${col("H")},${col("B")},A${row})`, result: r.pvCosts },
        { formula: `SUMIFS(${col("I")},${col("B")},A${row})`, result: r.pvSavings },
        { formula: `D${row}-C${row}`, result: r.npv },
        r.paybackYear,
      ] as Cell[];
    }),
  ];

  const outcomes = d.byOutcome as Record<string, { avoided: number; pvSavings: number; avoidedDirect?: number; avoidedLinked?: number }>;
  const linked = Object.values(outcomes).some((o) => o.avoidedLinked !== undefined);
  const used = new Set(s.outcomes.flatMap((o) => o.consequences.map((c) => c.unitCost)));
  const payerName = (id: string) => s.payers.find((p) => p.id === id)?.name ?? "";
  const outcomeName = (id: string) => s.outcomes.find((o) => o.id === id)?.name ?? "";
  const own = "Eget antagande (ingen källa angiven)";

  const sheets: Sheet[] = [
    { name: SHEET.keys, rows: keyRows, widths: [38, 46, 70], noFilter: true },
    { name: SHEET.flows, rows: flows, formats: ["year", undefined, undefined, "kr", "kr", "kr", "factor", "kr", "kr", "kr"], widths: [8, 40, 16, 16, 16, 16, 12, 18, 18, 18] },
    { name: SHEET.payers, rows: payerRows, formats: [undefined, undefined, "kr", "kr", "kr", "year"], widths: [44, 18, 20, 20, 20, 14] },
    {
      name: SHEET.interventions,
      rows: [
        ["Insats", "Nivå", "Kostnader, nuvärde (kr)", "Besparingar, nuvärde (kr)", "Netto, nuvärde (kr)", "Nytta per krona", "Källa"],
        ...s.interventions.map((x) => {
          const r = d.byIntervention[x.id];
          return [x.name, LEVEL_NAME[x.level] ?? "", r?.pvCosts ?? 0, r?.pvSavings ?? 0, r?.npv ?? 0, r?.bcr ?? null, x.source ?? own] as Cell[];
        }),
      ],
      formats: [undefined, undefined, "kr", "kr", "kr", "ratio"],
    },
    {
      name: SHEET.outcomes,
      rows: [
        ["Utfall", "Undvikna fall", ...(linked ? ["Varav genom insatsernas effekter", "Varav genom följdutfall"] : []), "Besparing, nuvärde (kr)"],
        ...s.outcomes.map((o) => {
          const r = outcomes[o.id];
          return [o.name, r?.avoided ?? 0, ...(linked ? [r?.avoidedDirect ?? 0, r?.avoidedLinked ?? 0] : []), r?.pvSavings ?? 0] as Cell[];
        }),
      ],
      formats: linked ? [undefined, "decimal", "decimal", "decimal", "kr"] : [undefined, "decimal", "kr"],
    },
    {
      name: SHEET.unitCosts,
      rows: [
        ["Styckkostnad", "Belopp (kr)", "5 % (kr)", "95 % (kr)", "Enhet", "Betalas av", "Källa"],
        ...s.unitCosts.filter((u) => used.has(u.id)).map((u) => [u.name, baseValue(u.amount), q(u.amount, 0.05), q(u.amount, 0.95), u.unit ?? "", payerName(u.payer), u.source ?? own] as Cell[]),
      ],
      formats: [undefined, "kr", "kr", "kr"],
      widths: [40, 14, 14, 14, 24, 30, 80],
    },
    {
      name: SHEET.effects,
      rows: [
        ["Insats", "Utfall", "Risk utan insats", "Risk, 5 %", "Risk, 95 %", "Effektmått", "Effekt", "Effekt, 5 %", "Effekt, 95 %", "Källa"],
        ...s.interventions.flatMap((x) =>
          x.effects.map((e) => {
            const [kind, u, fmt] =
              e.relativeRiskReduction !== undefined
                ? (["Relativ riskminskning", e.relativeRiskReduction, "percent"] as const)
                : e.oddsRatio !== undefined
                  ? (["Oddskvot", e.oddsRatio, "ratio"] as const)
                  : e.standardizedMeanDifference !== undefined
                    ? (["Effektstorlek (d)", e.standardizedMeanDifference, "ratio"] as const)
                    : (["–", 0, "ratio"] as const);
            const cell = (n: number | null): Cell => (n === null ? null : { value: n, format: fmt });
            return [x.name, outcomeName(e.outcome), baseValue(e.baselineRisk), q(e.baselineRisk, 0.05), q(e.baselineRisk, 0.95), kind, cell(baseValue(u)), cell(q(u, 0.05)), cell(q(u, 0.95)), e.source ?? x.source ?? own] as Cell[];
          }),
        ),
      ],
      formats: [undefined, undefined, "percent", "percent", "percent"],
      widths: [34, 34, 12, 12, 12, 20, 10, 10, 10, 80],
    },
  ];
  if (mc) {
    sheets.push(
      {
        name: SHEET.monteCarlo,
        rows: [
          ["Mått", "Värde"],
          ["Dragningar", { value: mc.iterations, format: "number" }],
          ["Frö", mc.seed],
          ["Nettonuvärde, medelvärde (kr)", { value: mc.npv.mean, format: "kr" }],
          ["Nettonuvärde, standardavvikelse (kr)", { value: mc.npv.sd, format: "kr" }],
          ["Nettonuvärde, 5 % (kr)", { value: mc.npv.p05, format: "kr" }],
          ["Nettonuvärde, median (kr)", { value: mc.npv.p50, format: "kr" }],
          ["Nettonuvärde, 95 % (kr)", { value: mc.npv.p95, format: "kr" }],
          ["Sannolikhet att nettonuvärdet är positivt", { value: mc.probabilityNpvPositive, format: "percent" }],
          ...(mc.bcr
            ? ([
                ["Nytta per krona, 5 %", { value: mc.bcr.p05, format: "ratio" }],
                ["Nytta per krona, median", { value: mc.bcr.p50, format: "ratio" }],
                ["Nytta per krona, 95 %", { value: mc.bcr.p95, format: "ratio" }],
              ] as Cell[][])
            : []),
        ],
        widths: [44, 20],
        noFilter: true,
      },
      {
        name: SHEET.mcPayers,
        rows: [
          ["Aktör", "Grupp", "Nettonuvärde, medel (kr)", "5 % (kr)", "Median (kr)", "95 % (kr)", "Sannolikhet att vinna"],
          ...payers.map((p) => {
            const b = mc.byPayer[p.id];
            return [p.name, GROUP_NAME[p.group] ?? "Övriga", b?.npv.mean ?? null, b?.npv.p05 ?? null, b?.npv.p50 ?? null, b?.npv.p95 ?? null, b?.probabilityNpvPositive ?? null] as Cell[];
          }),
        ],
        formats: [undefined, undefined, "kr", "kr", "kr", "kr", "percent"],
        widths: [44, 18, 20, 16, 16, 16, 14],
      },
      {
        name: SHEET.mcYears,
        rows: [["År", "Kumulativt netto, nuvärde (kr)", "5 % (kr)", "Median (kr)", "95 % (kr)"], ...mc.years.map((y, k) => [y.year, d.years[k]?.cumulativeDiscountedNet ?? null, y.cumulativeDiscountedNet.p05, y.cumulativeDiscountedNet.p50, y.cumulativeDiscountedNet.p95] as Cell[])],
        formats: ["year", "kr", "kr", "kr", "kr"],
      },
    );
  }
  if (result.sensitivity?.length) sheets.push(sensitivitySheet(input, result.sensitivity));
  return sheets;
}

function sensitivitySheet(input: ReportInput, bars: NonNullable<ScenarioResult["sensitivity"]>): Sheet {
  const s = input.scenario;
  return {
    name: SHEET.sensitivity,
    rows: [
      ["Antagande", "Gäller", "Basvärde", "10:e percentilen", "90:e percentilen", "Nettonuvärde vid 10 % (kr)", "Nettonuvärde vid 90 % (kr)", "Spann (kr)"],
      ...bars.map((b) => [sensitivityWhat(b), sensitivityOwner(b, s), b.base, b.low.value, b.high.value, b.low.npv, b.high.npv, b.swing] as Cell[]),
    ],
    formats: [undefined, undefined, undefined, undefined, undefined, "kr", "kr", "kr"],
    widths: [28, 40, 14, 14, 14, 22, 22, 18],
  };
}
