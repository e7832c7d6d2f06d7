/**
 * One-way sensitivity analysis (the tornado): for every number given as a distribution, the
 * NPV with that number at its 10th and at its 90th percentile (exact quantiles, clamped as a
 * draw would be) and everything else at base; and the discount rate at 1 % and at 5 %.
 * @module
 */
import { type BatchWorkspace, batchable, createBatchWorkspace, kernelBatch, LANES } from "./batch-kernel.js";
import { quantiles } from "./distributions.js";
import { formatPath } from "./issues.js";
import { baseParams, type CompiledModel, clampValue } from "./model.js";
import { createWorkspace, mcBuffers, type McWorkspace, npvFor } from "./montecarlo.js";
import { atDiscountRate } from "./rate.js";
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
    const at = quantiles(slot.dist.source);
    varied.push({
      slot: i,
      low: clampValue(at(SENSITIVITY_LOW), slot.clamp),
      high: clampValue(at(SENSITIVITY_HIGH), slot.clamp),
    });
  });
  // The NPV with each number at its low and at its high value: 2k parameter vectors; then the
  // NPV at each discount rate of the bar.
  const kernel = batchable(m) ? batched(m, base) : oneByOne(m, base);
  const npvs = kernel.varied(varied);
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
  // Only the discount factors and what depends on them change: the model is rebased, not
  // compiled again (the same numbers as compiling the scenario at that rate).
  const lowNpv = kernel.atRate(atDiscountRate(m, DISCOUNT_LOW));
  const highNpv = kernel.atRate(atDiscountRate(m, DISCOUNT_HIGH));
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

/** The tornado's NPVs by one kernel: the varied parameter vectors, then the base at other rates. */
interface TornadoKernel {
  varied(varied: Varied): Float64Array;
  /** The base case's NPV in `at`, the model at another discount rate (`atDiscountRate`). */
  atRate(at: CompiledModel): number;
}

/** The per-iteration kernel, one parameter vector after the other, in one workspace. */
function oneByOne(m: CompiledModel, base: Float64Array): TornadoKernel {
  // The workspace depends on the model's sizes only, which a rebased model shares.
  const ws: McWorkspace = createWorkspace(m, 0);
  return {
    varied(varied) {
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
    },
    atRate: (at) => npvFor(at, base, ws),
  };
}

/**
 * The batch kernel, LANES parameter vectors at a time: a slot-major matrix of base values in
 * which each column changes one number. Bit for bit the per-iteration kernel's.
 */
function batched(m: CompiledModel, base: Float64Array): TornadoKernel {
  const L = LANES;
  const ws = createBatchWorkspaceAtBase(m, base);
  const { f, matrix, stride } = ws;
  return {
    varied(varied) {
      const cols = 2 * varied.length;
      // The kernel's outputs of one batch at a time (the tornado keeps only the NPVs).
      const out = mcBuffers(m, L);
      const npvs = new Float64Array(cols);
      for (let col = 0; col < cols; col += L) {
        const n = Math.min(L, cols - col);
        const set = (j: number, to: (v: Varied[number]) => number) => {
          const v = varied[j >> 1] as Varied[number];
          f[matrix + v.slot * stride + (j - col)] = to(v);
        };
        for (let j = col; j < col + n; j++) set(j, (v) => (j % 2 === 0 ? v.low : v.high));
        kernelBatch(m, ws, 0, n, out, 0);
        npvs.set(out.npv.subarray(0, n), col);
        for (let j = col; j < col + n; j++) set(j, (v) => base[v.slot] as number);
      }
      return npvs;
    },
    atRate(at) {
      // A workspace of its own: the kernel's program holds the model's constants (the
      // discounted cost profiles, their present values, the consequences' weights).
      const out = mcBuffers(at, 1);
      kernelBatch(at, createBatchWorkspaceAtBase(at, base, 1), 0, 1, out, 0);
      return out.npv[0] as number;
    },
  };
}

/** A batch workspace with the base values in its matrix's first `columns` columns (all by default). */
function createBatchWorkspaceAtBase(m: CompiledModel, base: Float64Array, columns = LANES): BatchWorkspace {
  const ws = createBatchWorkspace(m, LANES);
  const { f, matrix, stride } = ws;
  if (columns === 1) base.forEach((v, k) => (f[matrix + k * stride] = v));
  else base.forEach((v, k) => f.fill(v, matrix + k * stride, matrix + k * stride + columns));
  return ws;
}
