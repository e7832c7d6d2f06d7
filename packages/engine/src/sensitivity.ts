/**
 * One-way sensitivity analysis (the tornado): for every number given as a distribution, the
 * NPV with that number at its 10th and at its 90th percentile (exact quantiles, clamped as a
 * draw would be) and everything else at base; and the discount rate at 1 % and at 5 %.
 * @module
 */
import { batchable, batchPlan, createBatchWorkspace, kernelBatch, LANES } from "./batch-kernel.js";
import { quantile } from "./distributions.js";
import { formatPath } from "./issues.js";
import { baseParams, type CompiledModel, clampValue, compile } from "./model.js";
import { createWorkspace, mcBuffers, npvFor } from "./montecarlo.js";
import type { SensitivityBar } from "./result.js";

export const SENSITIVITY_LOW = 0.1;
export const SENSITIVITY_HIGH = 0.9;
/** The discount rates of the discount-rate bar. */
export const DISCOUNT_LOW = 0.01;
export const DISCOUNT_HIGH = 0.05;

/** The tornado bars, sorted by swing (largest first; ties in scenario order). */
export function sensitivity(m: CompiledModel): SensitivityBar[] {
  const base = baseParams(m);
  const bars: SensitivityBar[] = [];
  const varied: { slot: number; low: number; high: number }[] = [];
  m.slots.forEach((slot, i) => {
    if (!slot.uncertain) return;
    varied.push({
      slot: i,
      low: clampValue(quantile(slot.dist.source, SENSITIVITY_LOW), slot.clamp),
      high: clampValue(quantile(slot.dist.source, SENSITIVITY_HIGH), slot.clamp),
    });
  });
  // The NPV with each number at its low and at its high value: 2k parameter vectors.
  const npvs = batchable(m) ? npvsBatched(m, base, varied) : npvsOneByOne(m, base, varied);
  varied.forEach(({ slot: i, low: lowValue, high: highValue }, j) => {
    const slot = m.slots[i];
    if (!slot) return;
    const lowNpv = npvs[2 * j] as number;
    const highNpv = npvs[2 * j + 1] as number;
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

type Varied = readonly { slot: number; low: number; high: number }[];

/** The NPVs by the per-iteration kernel, one parameter vector after the other. */
function npvsOneByOne(m: CompiledModel, base: Float64Array, varied: Varied): Float64Array {
  const ws = createWorkspace(m, 0);
  const npvs = new Float64Array(2 * varied.length);
  const params = base.slice();
  varied.forEach(({ slot, low, high }, j) => {
    params[slot] = low;
    npvs[2 * j] = npvFor(m, params, ws);
    params[slot] = high;
    npvs[2 * j + 1] = npvFor(m, params, ws);
    params[slot] = base[slot] as number;
  });
  return npvs;
}

/**
 * The same NPVs by the batch kernel, LANES parameter vectors at a time: a slot-major matrix of
 * base values in which each column changes one number. Bit for bit the per-iteration kernel's.
 */
function npvsBatched(m: CompiledModel, base: Float64Array, varied: Varied): Float64Array {
  const cols = 2 * varied.length;
  const L = LANES;
  const plan = batchPlan(m);
  const ws = createBatchWorkspace(m, L);
  const { f, matrix, stride } = ws;
  base.forEach((v, k) => f.fill(v, matrix + k * stride, matrix + (k + 1) * stride));
  const out = mcBuffers(m, cols);
  for (let col = 0; col < cols; col += L) {
    const n = Math.min(L, cols - col);
    const set = (j: number, to: (v: Varied[number]) => number) => {
      const v = varied[j >> 1] as Varied[number];
      f[matrix + v.slot * stride + (j - col)] = to(v);
    };
    for (let j = col; j < col + n; j++) set(j, (v) => (j % 2 === 0 ? v.low : v.high));
    kernelBatch(m, plan, ws, 0, n, out, col);
    for (let j = col; j < col + n; j++) set(j, (v) => base[v.slot] as number);
  }
  return out.npv;
}
