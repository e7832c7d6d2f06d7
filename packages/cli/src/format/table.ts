/**
 * The readable Swedish summary of a result (`sikt run --format table`): key figures, Monte
 * Carlo, per payer, per intervention, avoided cases, sensitivity and the yearly table.
 * @module
 */
import type { Lang, PayerGroup, Scenario, ScenarioResult, SensitivityBar } from "@sikt/engine";
import { numbersFor, orDash } from "./numbers.js";
import { avoidedSection, perspectivesSection } from "./v2.js";

/** Lays out rows as a text table; `align` per column, "r" right (numbers) or "l". */
export function textTable(header: string[], rows: string[][], align: ("l" | "r")[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (align[i] === "r" ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** Every word of the summary, Swedish (the default) and English (`--lang en`). */
const WORDS = {
  sv: {
    groups: { kommun: "Kommun", region: "Region", stat: "Staten", individ: "Individen", ovrigt: "Övrigt", livskvalitet: "Livskvalitet och brottsoffer" } as Record<PayerGroup, string>,
    roles: {
      "unitCost.amount": "styckkostnad",
      "consequence.quantityPerYear": "mängd per år",
      "intervention.efficacy": "verkningsgrad",
      "cost.amount": "insatskostnad",
      "effect.baselineRisk": "grundrisk",
      "effect.size": "effektstorlek",
      "effect.decayPerYear": "avtagande per år",
      "effect.extent": "kortare eller mildare förlopp",
      "link.probability": "sannolikhet för följdutfall",
      discountRate: "diskonteringsränta",
    } as Record<string, string>,
    assumption: "antagande",
    discountBar: "Diskonteringsränta (1 % / 5 %)",
    setting: (start: number, horizon: number, last: number, rate: string, priceYear: number) =>
      `Startår ${start}, planeringshorisont ${horizon} år (flöden följs till ${last}), diskonteringsränta ${rate}, belopp i ${priceYear} års priser.`,
    optimism: (costs: string, effects: string) => `Optimismjustering: kostnader +${costs}, effekter −${effects}.`,
    keyFigures: "NYCKELTAL (nuvärden)",
    measure: "Mått",
    value: "Värde",
    pvCosts: "Nuvärde kostnader",
    pvSavings: "Nuvärde besparingar",
    npv: "Nettonuvärde",
    bcr: "Nytta/kostnad (BCR)",
    roi: "Avkastning (ROI)",
    irr: "Internränta (IRR)",
    payback: "Återbetalningsår",
    breakEvenSmaller: (p: string) => `Brytpunkt: effekterna får vara ${p} mindre än antaget innan investeringen slutar löna sig.`,
    breakEvenLarger: (p: string) => `Brytpunkt: effekterna behöver vara ${p} större än antaget för att investeringen ska löna sig.`,
    uncertainty: (n: string, seed: number) => `OSÄKERHET (Monte Carlo, ${n} dragningar, frö ${seed})`,
    benefitCost: "Nytta/kostnad",
    mean: "Medel",
    median: "Median",
    chance: (p: string) => `Sannolikhet att investeringen lönar sig (nettonuvärde > 0): ${p}`,
    whoPays: "VEM BETALAR OCH VEM SPARAR (nuvärden per kostnadsbärare)",
    payer: "Kostnadsbärare",
    group: "Grupp",
    costs: "Kostnader",
    savings: "Besparingar",
    net: "Netto",
    paidBack: "Återbetalt",
    netChance: "P(netto > 0)",
    individNote: "Individens rad visar bland annat minskade överföringar (t.ex. ekonomiskt bistånd) som mottagare.",
    perIntervention: "PER INSATS",
    intervention: "Insats",
    level: "Nivå",
    levels: { individ: "individ", grupp: "grupp", samhalle: "samhälle" } as Record<string, string>,
    overlap: (names: string) => `Antagande: insatserna som påverkar ${names} antas nå olika personer, så deras effekter läggs ihop.`,
    sensitivity: "KÄNSLIGHET (nettonuvärde med ett antagande i taget på sin 10:e och 90:e percentil)",
    assumptionHead: "Antagande",
    low: "Låg",
    high: "Hög",
    swing: "Spann",
    perYear: "PER ÅR (fasta priser, odiskonterat; ackumulerat netto diskonterat)",
    year: "År",
    cumulative: "Ack. disk. netto",
  },
  en: {
    groups: { kommun: "Municipality", region: "Region", stat: "State", individ: "The individual", ovrigt: "Others", livskvalitet: "Quality of life and crime victims" } as Record<PayerGroup, string>,
    roles: {
      "unitCost.amount": "unit cost",
      "consequence.quantityPerYear": "quantity a year",
      "intervention.efficacy": "efficacy",
      "cost.amount": "intervention cost",
      "effect.baselineRisk": "baseline risk",
      "effect.size": "effect size",
      "effect.decayPerYear": "decay a year",
      "effect.extent": "shorter or milder course",
      "link.probability": "probability of a linked outcome",
      discountRate: "discount rate",
    } as Record<string, string>,
    assumption: "assumption",
    discountBar: "Discount rate (1 % / 5 %)",
    setting: (start: number, horizon: number, last: number, rate: string, priceYear: number) =>
      `Start year ${start}, planning horizon ${horizon} years (flows followed to ${last}), discount rate ${rate}, amounts in ${priceYear} prices.`,
    optimism: (costs: string, effects: string) => `Optimism bias: costs +${costs}, effects −${effects}.`,
    keyFigures: "KEY FIGURES (present values)",
    measure: "Measure",
    value: "Value",
    pvCosts: "PV of costs",
    pvSavings: "PV of savings",
    npv: "Net present value",
    bcr: "Benefit/cost (BCR)",
    roi: "Return (ROI)",
    irr: "Internal rate of return (IRR)",
    payback: "Payback year",
    breakEvenSmaller: (p: string) => `Break-even: the effects may be ${p} smaller than assumed before the investment stops paying off.`,
    breakEvenLarger: (p: string) => `Break-even: the effects need to be ${p} larger than assumed for the investment to pay off.`,
    uncertainty: (n: string, seed: number) => `UNCERTAINTY (Monte Carlo, ${n} draws, seed ${seed})`,
    benefitCost: "Benefit/cost",
    mean: "Mean",
    median: "Median",
    chance: (p: string) => `Probability that the investment pays off (net present value > 0): ${p}`,
    whoPays: "WHO PAYS AND WHO SAVES (present values per payer)",
    payer: "Payer",
    group: "Group",
    costs: "Costs",
    savings: "Savings",
    net: "Net",
    paidBack: "Paid back",
    netChance: "P(net > 0)",
    individNote: "The individual's row shows, among other things, reduced transfers (e.g. social assistance) as their recipient.",
    perIntervention: "PER INTERVENTION",
    intervention: "Intervention",
    level: "Level",
    levels: { individ: "individual", grupp: "group", samhalle: "community" } as Record<string, string>,
    overlap: (names: string) => `Assumption: the interventions acting on ${names} are assumed to reach different people, so their effects are added.`,
    sensitivity: "SENSITIVITY (net present value with one assumption at a time at its 10th and 90th percentile)",
    assumptionHead: "Assumption",
    low: "Low",
    high: "High",
    swing: "Swing",
    perYear: "PER YEAR (fixed prices, undiscounted; cumulative net discounted)",
    year: "Year",
    cumulative: "Cum. disc. net",
  },
};
type Words = (typeof WORDS)["sv"];

/** What a sensitivity bar's number is and whose, by name (never an id). */
function barLabel(s: Scenario, b: SensitivityBar, w: Words): string {
  if (b.role === "discountRate") return w.discountBar;
  const owner =
    s.unitCosts.find((u) => u.id === b.owner)?.name ??
    s.outcomes.find((o) => o.id === b.owner)?.name ??
    s.interventions.find((i) => i.id === b.owner)?.name ??
    "";
  return `${owner}: ${w.roles[b.role] ?? w.assumption}${barDetail(s, b.parameter)}`;
}

/** Which effect, consequence or link a number belongs to, where its owner has several. */
function barDetail(s: Scenario, parameter: string): string {
  const effect = /^interventions\[(\d+)\]\.effects\[(\d+)\]/.exec(parameter);
  if (effect) {
    const e = s.interventions[Number(effect[1])]?.effects[Number(effect[2])];
    const name = s.outcomes.find((o) => o.id === e?.outcome)?.name;
    return name === undefined ? "" : ` (${name})`;
  }
  const consequence = /^outcomes\[(\d+)\]\.consequences\[(\d+)\]/.exec(parameter);
  if (consequence) {
    const c = s.outcomes[Number(consequence[1])]?.consequences[Number(consequence[2])];
    const name = s.unitCosts.find((u) => u.id === c?.unitCost)?.name;
    return name === undefined ? "" : ` (${name})`;
  }
  const link = /^outcomes\[(\d+)\]\.links\[(\d+)\]/.exec(parameter);
  if (link) {
    const l = s.outcomes[Number(link[1])]?.links?.[Number(link[2])];
    const name = s.outcomes.find((o) => o.id === l?.outcome)?.name;
    return name === undefined ? "" : ` (→ ${name})`;
  }
  return "";
}

/** The whole summary as text, in Swedish or (with `--lang en`) in English. */
export function formatTable(s: Scenario, r: ScenarioResult, lang: Lang = "sv"): string {
  const w = WORDS[lang];
  const { kr, percent, percentWhole, twoDecimals, whole } = numbersFor(lang);
  const d = r.deterministic;
  const out: string[] = [];
  const T = d.years.length;
  out.push(`${s.name}`);
  out.push(w.setting(s.startYear, s.horizonYears, s.startYear + T - 1, percent(s.discountRate), s.priceYear));
  if (s.optimismBias && (s.optimismBias.costs > 0 || s.optimismBias.effects > 0))
    out.push(w.optimism(percentWhole(s.optimismBias.costs), percentWhole(s.optimismBias.effects)));
  out.push("", w.keyFigures);
  const key: [string, string][] = [
    [w.pvCosts, kr(d.pvCosts)],
    [w.pvSavings, kr(d.pvSavings)],
    [w.npv, kr(d.npv)],
    [w.bcr, orDash(d.bcr, twoDecimals)],
    [w.roi, orDash(d.roi, percent)],
    [w.irr, orDash(d.irr, percent)],
    [w.payback, orDash(d.paybackYear, String)],
  ];
  out.push(textTable([w.measure, w.value], key.map(([a, b]) => [a, b]), ["l", "r"]));
  const be = d.breakEvenEffectScale;
  if (be !== null)
    out.push(
      be <= 1 ? w.breakEvenSmaller(percentWhole(1 - be)) : w.breakEvenLarger(percentWhole(be - 1)),
    );

  const mc = r.monteCarlo;
  if (mc) {
    out.push("", w.uncertainty(whole(mc.iterations), mc.seed));
    const rows: string[][] = [
      [w.npv, kr(mc.npv.mean), kr(mc.npv.p05), kr(mc.npv.p50), kr(mc.npv.p95)],
    ];
    if (mc.bcr)
      rows.push([w.benefitCost, twoDecimals(mc.bcr.mean), twoDecimals(mc.bcr.p05), twoDecimals(mc.bcr.p50), twoDecimals(mc.bcr.p95)]);
    out.push(textTable(["", w.mean, "5 %", w.median, "95 %"], rows, ["l", "r", "r", "r", "r"]));
    out.push(w.chance(percentWhole(mc.probabilityNpvPositive)));
  }
  out.push(...perspectivesSection(s, r, lang));

  out.push("", w.whoPays);
  out.push(
    textTable(
      [w.payer, w.group, w.costs, w.savings, w.net, w.paidBack, ...(mc ? [w.netChance] : [])],
      s.payers.map((p) => {
        const b = d.byPayer[p.id];
        return [
          p.name,
          w.groups[p.group] ?? p.group,
          kr(b?.pvCosts ?? 0),
          kr(b?.pvSavings ?? 0),
          kr(b?.npv ?? 0),
          orDash(b?.paybackYear, String),
          ...(mc ? [percentWhole(mc.byPayer[p.id]?.probabilityNpvPositive ?? 0)] : []),
        ];
      }),
      ["l", "l", "r", "r", "r", "r", "r"],
    ),
  );
  out.push("");
  out.push(
    textTable(
      [w.group, w.costs, w.savings, w.net],
      Object.entries(d.byGroup).map(([g, v]) => [w.groups[g as PayerGroup] ?? g, kr(v.pvCosts), kr(v.pvSavings), kr(v.npv)]),
      ["l", "r", "r", "r"],
    ),
  );
  if (s.payers.some((p) => p.group === "individ"))
    out.push(w.individNote);

  out.push("", w.perIntervention);
  out.push(
    textTable(
      [w.intervention, w.level, w.costs, w.savings, w.net, "BCR"],
      s.interventions.map((iv) => {
        const b = d.byIntervention[iv.id];
        return [
          iv.name,
          w.levels[iv.level] ?? iv.level,
          kr(b?.pvCosts ?? 0),
          kr(b?.pvSavings ?? 0),
          kr(b?.npv ?? 0),
          orDash(b?.bcr, twoDecimals),
        ];
      }),
      ["l", "l", "r", "r", "r", "r"],
    ),
  );

  out.push(...avoidedSection(s, r, lang));
  const shared = s.outcomes.filter(
    (o) => s.interventions.filter((iv) => iv.effects.some((e) => e.outcome === o.id)).length > 1,
  );
  if (shared.length > 0)
    out.push(w.overlap(shared.map((o) => o.name).join(", ")));

  if (r.sensitivity && r.sensitivity.length > 0) {
    out.push("", w.sensitivity);
    out.push(
      textTable(
        [w.assumptionHead, w.low, w.high, w.swing],
        r.sensitivity.slice(0, 10).map((b) => [barLabel(s, b, w), kr(b.low.npv), kr(b.high.npv), kr(b.swing)]),
        ["l", "r", "r", "r"],
      ),
    );
  }

  out.push("", w.perYear);
  out.push(
    textTable(
      [w.year, w.costs, w.savings, w.net, w.cumulative, ...(mc ? ["5 %", "95 %"] : [])],
      d.years.map((y, t) => [
        String(y.year),
        kr(y.costs),
        kr(y.savings),
        kr(y.net),
        kr(y.cumulativeDiscountedNet),
        ...(mc ? [kr(mc.years[t]?.cumulativeDiscountedNet.p05 ?? 0), kr(mc.years[t]?.cumulativeDiscountedNet.p95 ?? 0)] : []),
      ]),
      ["r", "r", "r", "r", "r", "r", "r"],
    ),
  );
  return `${out.join("\n")}\n`;
}
