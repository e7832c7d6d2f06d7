/**
 * A compiled model at another discount rate, without compiling the scenario again: only the
 * discount factors and what is computed from them (consequence weights, discounted cost
 * profiles and their present values) are recomputed — by the same operations in the same order
 * as `compile`, so that the result equals `compile(s, { discountRate })` number for number
 * (model-rate.test.ts checks this). Everything else is shared with the given model. The
 * sensitivity analysis uses it for the discount-rate bar.
 * @module
 */
import type { CompiledConsequence, CompiledCostLine, CompiledEffect, CompiledModel, CompiledOutcome, CostGroup } from "./model.js";

/** `m` as `compile(m.scenario, { discountRate: r })` would give it. */
export function atDiscountRate(m: CompiledModel, r: number): CompiledModel {
  const T = m.years;
  const df = new Float64Array(T);
  for (let t = 0; t < T; t++) df[t] = (1 + r) ** -t;
  // The weights depend on the consequence's years only: one array for each span, shared by the
  // consequences that have it (compile makes one each, with the same numbers).
  const weights = new Map<string, Float64Array>();
  const weightOf = (fromYear: number, years: number): Float64Array => {
    const key = `${fromYear}:${years}`;
    const known = weights.get(key);
    if (known) return known;
    const weight = new Float64Array(T);
    for (let y = 0; y < T; y++) {
      let g = 0;
      // compile's sum over k < years of df[t] where t < T, t = y + fromYear + k: t grows with
      // k, so the first t ≥ T ends it.
      for (let k = 0; k < years; k++) {
        const t = y + fromYear + k;
        if (t >= T) break;
        g += df[t] as number;
      }
      weight[y] = g;
    }
    weights.set(key, weight);
    return weight;
  };
  const rebase = (c: CompiledConsequence): CompiledConsequence => ({ ...c, weight: weightOf(c.fromYear, c.years) });
  const outcomes: CompiledOutcome[] = m.outcomes.map((o) => ({ ...o, consequences: o.consequences.map(rebase) }));
  // An effect's consequences restricted to its extent's years, shared as compile shares them.
  const restricted = new Map<readonly CompiledConsequence[], CompiledConsequence[]>();
  const effects: CompiledEffect[] = m.effects.map((e) => {
    if (e.extentConsequences.length === 0) return e;
    let list = restricted.get(e.extentConsequences);
    if (!list) {
      list = e.extentConsequences.map(rebase);
      restricted.set(e.extentConsequences, list);
    }
    return { ...e, extentConsequences: list };
  });
  const costLines: CompiledCostLine[] = m.costLines.map((line) => {
    const profileDisc = new Float64Array(T);
    let pv = 0;
    for (let t = 0; t < T; t++) {
      const v = (line.profile[t] as number) * (df[t] as number);
      profileDisc[t] = v;
      pv += v;
    }
    return { ...line, profileDisc, pv };
  });
  const costGroups: CostGroup[] = m.costGroups.map((g) => ({
    ...g,
    profileDisc: (costLines[g.lines[0] as number] as CompiledCostLine).profileDisc,
  }));
  return { ...m, discountRate: r, df, costLines, costGroups, effects, outcomes };
}
