/**
 * A compiled model at another discount rate, without compiling the scenario again: only the
 * discount factors and what is computed from them (consequence weights, discounted cost
 * profiles and their present values) are recomputed, by the functions `compile` uses, so that
 * the result equals `compile(s, { discountRate })` number for number (model-rate.test.ts checks
 * this). Everything else is shared with the given model. The
 * sensitivity analysis uses it for the discount-rate bar.
 * @module
 */
import {
  type CompiledConsequence,
  type CompiledCostLine,
  type CompiledEffect,
  type CompiledModel,
  type CompiledOutcome,
  type CostGroup,
  consequenceWeight,
  discountedProfile,
  discountFactors,
} from "./model.js";

/** `m` as `compile(m.scenario, { discountRate: r })` would give it. */
export function atDiscountRate(m: CompiledModel, r: number): CompiledModel {
  const df = discountFactors(r, m.years);
  // The weights depend on the consequence's years only: one array for each span, shared by the
  // consequences that have it (compile makes one each, with the same numbers).
  const weights = new Map<string, Float64Array>();
  const weightOf = (fromYear: number, years: number): Float64Array => {
    const key = `${fromYear}:${years}`;
    let weight = weights.get(key);
    if (!weight) {
      weight = consequenceWeight(df, fromYear, years);
      weights.set(key, weight);
    }
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
  const costLines: CompiledCostLine[] = m.costLines.map((line) => ({ ...line, ...discountedProfile(line.profile, df) }));
  const costGroups: CostGroup[] = m.costGroups.map((g) => ({
    ...g,
    profileDisc: (costLines[g.lines[0] as number] as CompiledCostLine).profileDisc,
  }));
  return { ...m, discountRate: r, df, costLines, costGroups, effects, outcomes };
}
