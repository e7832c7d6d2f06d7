/**
 * One-way sensitivity analysis (the tornado): for every number given as a distribution, the
 * NPV with that number at its 10th and at its 90th percentile (exact quantiles, clamped as a
 * draw would be) and everything else at base; and the discount rate at 1 % and at 5 %.
 * @module
 */
import { quantile } from "./distributions.js";
import { formatPath } from "./issues.js";
import { baseParams, type CompiledModel, clampValue, compile } from "./model.js";
import { createWorkspace, npvFor } from "./montecarlo.js";
import type { SensitivityBar } from "./result.js";

export const SENSITIVITY_LOW = 0.1;
export const SENSITIVITY_HIGH = 0.9;
/** The discount rates of the discount-rate bar. */
export const DISCOUNT_LOW = 0.01;
export const DISCOUNT_HIGH = 0.05;

/** The tornado bars, sorted by swing (largest first; ties in scenario order). */
export function sensitivity(m: CompiledModel): SensitivityBar[] {
  const base = baseParams(m);
  const ws = createWorkspace(m, 0);
  const bars: SensitivityBar[] = [];
  m.slots.forEach((slot, i) => {
    if (!slot.uncertain) return;
    const params = base.slice();
    const lowValue = clampValue(quantile(slot.dist.source, SENSITIVITY_LOW), slot.clamp);
    const highValue = clampValue(quantile(slot.dist.source, SENSITIVITY_HIGH), slot.clamp);
    params[i] = lowValue;
    const lowNpv = npvFor(m, params, ws);
    params[i] = highValue;
    const highNpv = npvFor(m, params, ws);
    bars.push({
      parameter: formatPath(slot.path),
      role: slot.role,
      owner: slot.owner,
      base: slot.base,
      low: { value: lowValue, npv: lowNpv },
      high: { value: highValue, npv: highNpv },
      swing: Math.abs(highNpv - lowNpv),
    });
  });
  const atRate = (r: number) => npvFor(compile(m.scenario, { discountRate: r }), base);
  const lowNpv = atRate(DISCOUNT_LOW);
  const highNpv = atRate(DISCOUNT_HIGH);
  bars.push({
    parameter: "discountRate",
    role: "discountRate",
    base: m.discountRate,
    low: { value: DISCOUNT_LOW, npv: lowNpv },
    high: { value: DISCOUNT_HIGH, npv: highNpv },
    swing: Math.abs(highNpv - lowNpv),
  });
  // A stable sort keeps scenario order among equal swings.
  return bars.sort((a, b) => b.swing - a.swing);
}
