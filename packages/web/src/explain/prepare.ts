/**
 * What the charts show, computed from the engine's result and the resolved scenario. Pure (no
 * React, no DOM), so that every figure a chart draws is tested here and its table view shows
 * the same numbers.
 * @module
 */
import type { PayerGroup, Scenario, ScenarioResult, SensitivityBar } from "@sikt/engine";
import type { Lang } from "../format";

export interface JCurveRow {
  year: number;
  cumulative: number;
  p05?: number;
  p95?: number;
}

/** Cumulative discounted net per year, with the Monte Carlo 5–95 % band when there is one. */
export function jCurve(result: ScenarioResult, mc?: ScenarioResult["monteCarlo"]): { rows: JCurveRow[]; paybackYear: number | null } {
  const band = new Map((mc ?? result.monteCarlo)?.years.map((y) => [y.year, y.cumulativeDiscountedNet]) ?? []);
  const rows = result.deterministic.years.map((y) => {
    const b = band.get(y.year);
    return b ? { year: y.year, cumulative: y.cumulativeDiscountedNet, p05: b.p05, p95: b.p95 } : { year: y.year, cumulative: y.cumulativeDiscountedNet };
  });
  return { rows, paybackYear: result.deterministic.paybackYear };
}

export interface PayerRow {
  id: string;
  name: string;
  group: PayerGroup;
  /** Undiscounted, in the budget years chosen. */
  costs: number;
  savings: number;
  net: number;
  /** Present values over the whole horizon. */
  pvCosts: number;
  pvSavings: number;
  npv: number;
  paybackYear: number | null;
  /** Share of Monte Carlo draws in which this payer gains; absent without Monte Carlo. */
  probabilityGain?: number;
}

/**
 * Who pays and who saves: per payer, the amounts in the budget years `from`–`to` (calendar
 * years, inclusive, undiscounted as a budget shows them) and the present values over the
 * horizon, with the payer's own payback year; sorted from the largest net gain to the largest
 * net cost over the horizon. Payers with nothing in the whole horizon are left out.
 */
export function payerRows(result: ScenarioResult, scenario: Scenario, range: { from: number; to: number }, mc?: ScenarioResult["monteCarlo"]): PayerRow[] {
  const d = result.deterministic;
  const years = d.years.filter((y) => y.year >= range.from && y.year <= range.to);
  const rows: PayerRow[] = [];
  for (const p of scenario.payers) {
    const r = d.byPayer[p.id];
    if (!r || (r.pvCosts === 0 && r.pvSavings === 0)) continue;
    const costs = years.reduce((s, y) => s + (y.byPayer[p.id]?.costs ?? 0), 0);
    const savings = years.reduce((s, y) => s + (y.byPayer[p.id]?.savings ?? 0), 0);
    const probability = (mc ?? result.monteCarlo)?.byPayer[p.id]?.probabilityNpvPositive;
    rows.push({
      id: p.id,
      name: p.name,
      group: p.group,
      costs,
      savings,
      net: savings - costs,
      pvCosts: r.pvCosts,
      pvSavings: r.pvSavings,
      npv: r.npv,
      paybackYear: r.paybackYear,
      ...(probability === undefined ? {} : { probabilityGain: probability }),
    });
  }
  return rows.sort((a, b) => b.npv - a.npv);
}

export interface AvoidedRow {
  id: string;
  name: string;
  avoided: number;
  pvSavings: number;
  /** "cirka 6", "under 1", "about 40". */
  phrase: string;
  /** The count with its noun in the right number: "cirka 2 placeringar på HVB under uppväxten". */
  text: string;
}

/**
 * The count with the outcome's noun, singular or plural, as the catalogue names one and several
 * occurrences (meta.countSv, meta.countEn); without those, "cirka 2 fall: Namnet".
 */
export function countText(n: number, outcome: { name: string; meta?: Record<string, unknown> | undefined }, lang: Lang): string {
  const phrase = roughCount(n, lang);
  const nouns = outcome.meta?.[lang === "sv" ? "countSv" : "countEn"] as { one?: unknown; other?: unknown } | undefined;
  const one = n < 1.5;
  const noun = one ? nouns?.one : nouns?.other;
  if (typeof noun === "string") return `${phrase} ${noun}`;
  const name = lang === "en" && typeof outcome.meta?.nameEn === "string" ? outcome.meta.nameEn : outcome.name;
  return lang === "sv" ? `${phrase} ${one ? "fall" : "fall"}: ${name}` : `${phrase} ${one ? "case" : "cases"}: ${name}`;
}

/**
 * A count as a reader takes it in: below 1 "under 1"; below 10 to the nearest whole; below 100
 * to the nearest 5; above that to two significant figures. Avoided cases are estimates.
 */
export function roughCount(n: number, lang: Lang): string {
  const about = lang === "sv" ? "cirka" : "about";
  if (n < 1) return lang === "sv" ? "under 1" : "fewer than 1";
  const rounded = n < 10 ? Math.round(n) : n < 100 ? Math.max(10, Math.round(n / 5) * 5) : Number(n.toPrecision(2));
  return `${about} ${new Intl.NumberFormat(lang === "sv" ? "sv-SE" : "en-GB").format(rounded)}`;
}

/** Avoided occurrences per outcome beside the money they save, the most avoided first. */
export function avoidedRows(result: ScenarioResult, scenario: Scenario, lang: Lang): AvoidedRow[] {
  return scenario.outcomes
    .map((o) => {
      const r = result.deterministic.byOutcome[o.id];
      const avoided = r?.avoided ?? 0;
      const name = lang === "en" && typeof o.meta?.nameEn === "string" ? o.meta.nameEn : o.name;
      return { id: o.id, name, avoided, pvSavings: r?.pvSavings ?? 0, phrase: roughCount(avoided, lang), text: countText(avoided, o, lang) };
    })
    .filter((r) => r.avoided > 1e-9)
    .sort((a, b) => b.avoided - a.avoided);
}

export interface RankRow {
  id: string;
  name: string;
  level: string;
  pvCosts: number;
  pvSavings: number;
  npv: number;
  bcr: number | null;
}

/** Interventions ranked by NPV or by benefit–cost ratio (no ratio last). */
export function ranking(result: ScenarioResult, scenario: Scenario, by: "npv" | "bcr"): RankRow[] {
  const rows = scenario.interventions.map((x) => {
    const r = result.deterministic.byIntervention[x.id];
    return { id: x.id, name: x.name, level: x.level, pvCosts: r?.pvCosts ?? 0, pvSavings: r?.pvSavings ?? 0, npv: r?.npv ?? 0, bcr: r?.bcr ?? null };
  });
  return rows.sort((a, b) => (by === "npv" ? b.npv - a.npv : (b.bcr ?? -Infinity) - (a.bcr ?? -Infinity)));
}

export interface TornadoRow {
  label: string;
  low: number;
  high: number;
  swing: number;
}

const ROLE: Record<string, { sv: string; en: string }> = {
  "unitCost.amount": { sv: "Styckkostnad", en: "Unit cost" },
  discountRate: { sv: "Diskonteringsränta", en: "Discount rate" },
  "consequence.quantityPerYear": { sv: "Mängd per år", en: "Quantity a year" },
  "intervention.efficacy": { sv: "Genomslag", en: "Efficacy" },
  "cost.amount": { sv: "Insatsens kostnad", en: "Intervention cost" },
  "link.probability": { sv: "Sannolikhet för följdutfall", en: "Probability of a linked outcome" },
};

/** Words for a sensitivity bar: what the number is and whose it is. */
export function tornadoLabel(bar: SensitivityBar, scenario: Scenario, lang: Lang): string {
  // The English name where the catalogue gives one; never an id (an unknown owner has no name).
  const named = (e: { name: string; meta?: Record<string, unknown> | undefined } | undefined) =>
    e === undefined ? undefined : lang === "en" && typeof e.meta?.nameEn === "string" ? e.meta.nameEn : e.name;
  const nameOf = (id: string | undefined) =>
    id === undefined
      ? ""
      : (named(scenario.unitCosts.find((u) => u.id === id)) ?? named(scenario.outcomes.find((o) => o.id === id)) ?? named(scenario.interventions.find((x) => x.id === id)) ?? "");
  const role = ROLE[bar.role]?.[lang];
  if (bar.role.startsWith("effect.")) {
    const m = /interventions\[(\d+)\]\.effects\[(\d+)\]/.exec(bar.parameter);
    const x = m ? scenario.interventions[Number(m[1])] : undefined;
    const e = m && x ? x.effects[Number(m[2])] : undefined;
    const what = {
      "effect.baselineRisk": { sv: "Risk utan insats", en: "Baseline risk" },
      "effect.size": { sv: "Effekt", en: "Effect" },
      "effect.decayPerYear": { sv: "Effektens avtagande", en: "Effect decay" },
      "effect.extent": { sv: "Kortare eller mildare förlopp", en: "Shorter or milder course" },
    }[bar.role]?.[lang] ?? bar.role;
    if (x && e) return `${what}: ${named(x)} → ${nameOf(e.outcome)}`;
  }
  if (bar.role === "link.probability") {
    const m = /outcomes\[(\d+)\]\.links\[(\d+)\]/.exec(bar.parameter);
    const o = m ? scenario.outcomes[Number(m[1])] : undefined;
    const l = m && o ? o.links?.[Number(m[2])] : undefined;
    if (o && l) return `${role}: ${named(o)} → ${nameOf(l.outcome)}`;
  }
  const owner = nameOf(bar.owner);
  return [role ?? bar.role, owner].filter(Boolean).join(": ");
}

/** The numbers whose uncertainty moves the NPV most, with words for each (at most `max`). */
export function tornado(result: ScenarioResult, scenario: Scenario, lang: Lang, max = 10): { base: number; rows: TornadoRow[] } {
  const bars = (result.sensitivity ?? []).slice(0, max);
  return { base: result.deterministic.npv, rows: bars.map((b) => ({ label: tornadoLabel(b, scenario, lang), low: b.low.npv, high: b.high.npv, swing: b.swing })) };
}

/** Outcomes that several interventions act on: their effects are added, as if on different people. */
export function overlaps(scenario: Scenario): { outcome: string; interventions: string[] }[] {
  const by = new Map<string, string[]>();
  for (const x of scenario.interventions)
    for (const e of x.effects) {
      const list = by.get(e.outcome) ?? [];
      list.push(x.name);
      by.set(e.outcome, list);
    }
  return [...by]
    .filter(([, list]) => list.length > 1)
    .map(([id, list]) => ({ outcome: scenario.outcomes.find((o) => o.id === id)?.name ?? id, interventions: list }));
}

/** Every payer group in words (typed on the engine's list, so a new group cannot go unnamed). */
export const GROUP_NAME: Record<PayerGroup, { sv: string; en: string }> = {
  kommun: { sv: "Kommunen", en: "Municipality" },
  region: { sv: "Regionen", en: "Region" },
  stat: { sv: "Staten", en: "State" },
  individ: { sv: "Individen", en: "The individual" },
  ovrigt: { sv: "Övriga", en: "Others" },
  livskvalitet: { sv: "Livskvalitet och brottsoffer", en: "Quality of life and crime victims" },
};

export interface GroupRow {
  group: PayerGroup;
  pvCosts: number;
  pvSavings: number;
  npv: number;
}

/** Present values per payer group (municipality, region, state, the individual, other, quality of life). */
export function groupRows(result: ScenarioResult): GroupRow[] {
  return (["kommun", "region", "stat", "individ", "ovrigt", "livskvalitet"] as const)
    .map((group) => ({ group, ...result.deterministic.byGroup[group] }))
    .filter((g): g is GroupRow => g.pvCosts !== undefined && (g.pvCosts !== 0 || g.pvSavings !== 0));
}
