/**
 * The Monte Carlo kernel over a batch of iterations ("lanes") at once. It computes exactly what
 * the per-iteration kernel (`iterate` in montecarlo.ts) computes, operation for operation in the
 * same order for every iteration, so that its results are bit for bit the same; but each step
 * runs as a loop over the lanes with fixed bounds, reading each parameter as a contiguous row
 * of draws. This removes the per-draw dispatch and most of the per-iteration overhead.
 *
 * Where the per-iteration kernel skips work whose result is zero (a zero effect, a zero amount)
 * or limits a sum to the years an iteration's occurrences actually cover, this kernel does the
 * work over the static span and adds exact zeros instead, which leaves every sum unchanged.
 * @module
 */
import type { McBuffers } from "./montecarlo.js";
import { type CompiledModel, effectiveRrr, SizeKind } from "./model.js";

/** Iterations computed together: the year-by-lane scratch arrays stay in the cache. */
export const LANES = 128;

/** Per-outcome data of the batch kernel, computed once per model. */
interface OutcomePlan {
  /** The outcome's index in the model. */
  readonly outcome: number;
  /** Indices of the effects on this outcome that can have occurrences. */
  readonly effects: readonly number[];
  /** The years those effects' occurrences can fall in: [first, last] (last < first: none). */
  readonly first: number;
  readonly last: number;
}

/** What the batch kernel precomputes for a model. */
export interface BatchPlan {
  /** The outcomes in the order the per-iteration kernel takes them (`m.order`). */
  readonly outcomes: readonly OutcomePlan[];
}

/** Scratch memory of the batch kernel for one thread. */
export interface BatchWorkspace {
  readonly netDisc: Float64Array;
  readonly avoided: Float64Array;
  readonly prefix: Float64Array;
  readonly payerNpv: Float64Array;
  readonly pvC: Float64Array;
  readonly pvS: Float64Array;
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly c: Float64Array;
  readonly d: Float64Array;
  readonly e: Float64Array;
  readonly g: Float64Array;
}

/**
 * Whether the batch kernel can compute a model: one without linked outcomes and without
 * effects on an outcome's extent (model version 2), which the per-iteration kernel computes.
 */
export function batchable(m: CompiledModel): boolean {
  return m.years > 0 && m.links.length === 0 && m.effects.every((e) => e.extentSlot < 0);
}

export function batchPlan(m: CompiledModel): BatchPlan {
  return {
    outcomes: m.order.map((oi) => {
      const o = m.outcomes[oi] as CompiledModel["outcomes"][number];
      // An effect without a size (only an extent, which makes the model not batchable) or
      // without participants avoids nothing.
      const effects = o.effects.filter((ei) => {
        const e = m.effects[ei];
        return e !== undefined && e.last >= 0 && e.sizeKind !== SizeKind.None;
      });
      let first = m.years;
      let last = -1;
      for (const ei of effects) {
        const e = m.effects[ei];
        if (!e) continue;
        if (e.first < first) first = e.first;
        if (e.last > last) last = e.last;
      }
      return { outcome: oi, effects, first, last };
    }),
  };
}

export function createBatchWorkspace(m: CompiledModel): BatchWorkspace {
  const T = m.years;
  const L = LANES;
  return {
    netDisc: new Float64Array(T * L),
    avoided: new Float64Array(T * L),
    prefix: new Float64Array((T + 1) * L),
    payerNpv: new Float64Array(m.payerIds.length * L),
    pvC: new Float64Array(L),
    pvS: new Float64Array(L),
    a: new Float64Array(L),
    b: new Float64Array(L),
    c: new Float64Array(L),
    d: new Float64Array(L),
    e: new Float64Array(L),
    g: new Float64Array(L),
  };
}

/**
 * Computes `n` (≤ LANES) iterations whose parameters are the columns `col … col + n − 1` of
 * `params` (slot-major: the value of slot s for column j at params[s · stride + j]), into
 * `out` at iterations `outAt … outAt + n − 1`. Each pass is a function of its own, so that the
 * compiler optimises each with the types it has seen.
 */
export function kernelBatch(
  m: CompiledModel,
  plan: BatchPlan,
  ws: BatchWorkspace,
  params: Float64Array,
  stride: number,
  col: number,
  n: number,
  out: McBuffers,
  outAt: number,
): void {
  ws.netDisc.fill(0);
  ws.payerNpv.fill(0);
  ws.pvC.fill(0);
  ws.pvS.fill(0);
  const costFactor = m.costFactor;
  for (const group of m.costGroups) {
    ws.a.fill(0);
    for (const li of group.lines) {
      const line = m.costLines[li];
      if (line) costLine(ws, params, line.slot * stride + col, n, costFactor, line.pv, line.payer * LANES);
    }
    costFlows(ws.netDisc, ws.a, group.profileDisc, group.first, group.last, n);
  }
  for (let o = 0; o < plan.outcomes.length; o++) {
    const op = plan.outcomes[o] as OutcomePlan;
    const outcome = m.outcomes[op.outcome];
    if (op.last < op.first || !outcome) continue;
    outcomePass(m, op, outcome, ws, params, stride, col, n);
  }
  writeOut(m, ws, n, out, outAt);
}

/** One cost line: amount = value · cost factor; its PV to the totals and its payer; the amount to the group's sum (ws.a). */
function costLine(ws: BatchWorkspace, params: Float64Array, row: number, n: number, costFactor: number, linePv: number, pay: number): void {
  const { pvC, payerNpv, a: sum } = ws;
  for (let l = 0; l < n; l++) {
    const amount = (params[row + l] as number) * costFactor;
    const pv = amount * linePv;
    pvC[l] = (pvC[l] as number) + pv;
    payerNpv[pay + l] = (payerNpv[pay + l] as number) - pv;
    sum[l] = (sum[l] as number) + amount;
  }
}

/** netDisc[t] −= sum · profileDisc[t] over [first, last]. */
function costFlows(netDisc: Float64Array, sum: Float64Array, pd: Float64Array, first: number, last: number, n: number): void {
  const L = LANES;
  for (let t = first; t <= last; t++) {
    const k = pd[t] as number;
    const at = t * L;
    for (let l = 0; l < n; l++) netDisc[at + l] = (netDisc[at + l] as number) - (sum[l] as number) * k;
  }
}

/** An outcome: avoided occurrences by year, their prefix sums, then each consequence's savings. */
function outcomePass(
  m: CompiledModel,
  op: OutcomePlan,
  outcome: CompiledModel["outcomes"][number],
  ws: BatchWorkspace,
  params: Float64Array,
  stride: number,
  col: number,
  n: number,
): void {
  const L = LANES;
  const { first, last } = op;
  const { avoided, prefix } = ws;
  avoided.fill(0, first * L, (last + 1) * L);
  for (const ei of op.effects) {
    const e = m.effects[ei];
    if (!e) continue;
    effectScale(ws.b, params, e.p0Slot * stride + col, e.sizeSlot * stride + col, e.efficacySlot * stride + col, e.sizeKind, m.effectFactor, n);
    if (e.fixedProfile) addProfile(avoided, ws.b, e.fixedProfile, e.first, e.last, n);
    else addOnsetLanes(e, params, e.decaySlot * stride + col, n, ws, avoided);
  }
  prefixSums(prefix, avoided, first, last, n);
  for (const c of outcome.consequences) {
    if (c.recipient >= 0) {
      perUnitAndDot(ws, params, c.quantitySlot * stride + col, c.amountSlot * stride + col, c.weight, first, last, n);
      transferPv(ws, c.payer * L, c.recipient * L, n);
    } else {
      perUnit(ws.c, params, c.quantitySlot * stride + col, c.amountSlot * stride + col, n);
      savingsFlows(ws, m.df, m.years, c.fromYear, c.years, first, last, n);
      savingsPv(ws, c.payer * L, n);
    }
  }
}

/** perUnit = quantity · amount, into `out`. */
function perUnit(out: Float64Array, params: Float64Array, qRow: number, aRow: number, n: number): void {
  for (let l = 0; l < n; l++) out[l] = (params[qRow + l] as number) * (params[aRow + l] as number);
}

/** scale = p₀ · RRRₑ for each lane, into `scale`. */
function effectScale(
  scale: Float64Array,
  params: Float64Array,
  p0Row: number,
  sizeRow: number,
  effRow: number,
  kind: CompiledModel["effects"][number]["sizeKind"],
  effectFactor: number,
  n: number,
): void {
  if (kind === SizeKind.RelativeRiskReduction) {
    // effectiveRrr for a relative risk reduction, written out (the same operations): no call
    // and no boxed result per lane.
    for (let l = 0; l < n; l++) {
      const p0 = params[p0Row + l] as number;
      let r = 0;
      if (p0 > 0) {
        const x = (params[sizeRow + l] as number) * (params[effRow + l] as number) * effectFactor;
        const low = 1 - 1 / p0;
        r = x < low ? low : Math.min(x, 1);
      }
      scale[l] = p0 * r;
    }
    return;
  }
  for (let l = 0; l < n; l++) {
    const p0 = params[p0Row + l] as number;
    scale[l] = p0 * effectiveRrr(kind, params[sizeRow + l] as number, p0, params[effRow + l] as number, effectFactor);
  }
}

/** avoided[y] += scale · profile[y] over [first, last]. */
function addProfile(avoided: Float64Array, scale: Float64Array, prof: Float64Array, first: number, last: number, n: number): void {
  const L = LANES;
  for (let y = first; y <= last; y++) {
    const k = prof[y] as number;
    const at = y * L;
    for (let l = 0; l < n; l++) avoided[at + l] = (avoided[at + l] as number) + (scale[l] as number) * k;
  }
}

/** prefix[k] = Σ_{first ≤ y < k} avoided[y], for k in [first, last + 1]. */
function prefixSums(prefix: Float64Array, avoided: Float64Array, first: number, last: number, n: number): void {
  const L = LANES;
  prefix.fill(0, first * L, first * L + L);
  for (let y = first; y <= last; y++) {
    const at = y * L;
    for (let l = 0; l < n; l++) prefix[at + L + l] = (prefix[at + l] as number) + (avoided[at + l] as number);
  }
}

/** perUnit = quantity · amount (into ws.c) and dot = Σ avoided[y] · weight[y] (into ws.d). */
function perUnitAndDot(ws: BatchWorkspace, params: Float64Array, qRow: number, aRow: number, w: Float64Array, first: number, last: number, n: number): void {
  const L = LANES;
  const { c: perUnit, d: dot, avoided } = ws;
  for (let l = 0; l < n; l++) {
    perUnit[l] = (params[qRow + l] as number) * (params[aRow + l] as number);
    dot[l] = 0;
  }
  for (let y = first; y <= last; y++) {
    const k = w[y] as number;
    const at = y * L;
    for (let l = 0; l < n; l++) dot[l] = (dot[l] as number) + (avoided[at + l] as number) * k;
  }
}

/** A transfer's PV, perUnit · dot: to the payer, from the recipient. */
function transferPv(ws: BatchWorkspace, pay: number, rec: number, n: number): void {
  const { c: perUnit, d: dot, payerNpv } = ws;
  for (let l = 0; l < n; l++) {
    const pv = (perUnit[l] as number) * (dot[l] as number);
    payerNpv[pay + l] = (payerNpv[pay + l] as number) + pv;
    payerNpv[rec + l] = (payerNpv[rec + l] as number) - pv;
  }
}

/** A consequence's PV (in ws.d, from `savingsFlows`) to its payer and to society. */
function savingsPv(ws: BatchWorkspace, pay: number, n: number): void {
  const { d: pv, payerNpv, pvS } = ws;
  for (let l = 0; l < n; l++) {
    payerNpv[pay + l] = (payerNpv[pay + l] as number) + (pv[l] as number);
    pvS[l] = (pvS[l] as number) + (pv[l] as number);
  }
}

/**
 * Savings in year t: perUnit · Σ_{m<years} avoided[t − fromYear − m], discounted, to the net;
 * their sum, the consequence's PV, into ws.d.
 */
function savingsFlows(ws: BatchWorkspace, df: Float64Array, T: number, from: number, years: number, first: number, last: number, n: number): void {
  const L = LANES;
  const { c: perUnit, d: pv, prefix, netDisc } = ws;
  pv.fill(0);
  const tEnd = Math.min(T - 1, last + from + years - 1);
  for (let t = first + from; t <= tEnd; t++) {
    const hi = (Math.min(t - from, last) + 1) * L;
    const lo = Math.max(t - from - years + 1, first) * L;
    const k = df[t] as number;
    const at = t * L;
    for (let l = 0; l < n; l++) {
      const v = (perUnit[l] as number) * ((prefix[hi + l] as number) - (prefix[lo + l] as number)) * k;
      netDisc[at + l] = (netDisc[at + l] as number) + v;
      pv[l] = (pv[l] as number) + v;
    }
  }
}

/** The totals, each payer's NPV and the cumulative discounted net, by iteration. */
function writeOut(m: CompiledModel, ws: BatchWorkspace, n: number, out: McBuffers, outAt: number): void {
  const L = LANES;
  const N = out.iterations;
  const { pvC, pvS, payerNpv, netDisc } = ws;
  for (let l = 0; l < n; l++) {
    const i = outAt + l;
    out.npv[i] = (pvS[l] as number) - (pvC[l] as number);
    out.pvCosts[i] = pvC[l] as number;
    out.pvSavings[i] = pvS[l] as number;
  }
  const P = m.payerIds.length;
  for (let p = 0; p < P; p++) {
    const from = p * L;
    const to = p * N + outAt;
    for (let l = 0; l < n; l++) out.payerNpv[to + l] = payerNpv[from + l] as number;
  }
  const cum = ws.e;
  cum.fill(0);
  for (let t = 0; t < m.years; t++) {
    const at = t * L;
    const to = t * N + outAt;
    for (let l = 0; l < n; l++) {
      const v = (cum[l] as number) + (netDisc[at + l] as number);
      cum[l] = v;
      out.cdn[to + l] = v;
    }
  }
}

/**
 * `addOnset` of montecarlo.ts for each lane (its own decay): avoided[y] += scale · G(y) / years
 * with G(y) = x·G(y − 1) + entering[y]·x^from − leaving[y]·x^(from+years), x = 1 − decay.
 * Reads `ws.b` (the scale); uses `ws.d`, `ws.e`, `ws.g` and the decay row of `params`.
 */
function addOnsetLanes(
  e: CompiledModel["effects"][number],
  params: Float64Array,
  decayRow: number,
  n: number,
  ws: BatchWorkspace,
  avoided: Float64Array,
): void {
  const L = LANES;
  const { b: scale, d: enter, e: leave, g } = ws;
  // Reuse the cost-sum row for x and the weight, which the outcome pass does not need.
  const x = ws.a;
  const w = ws.c;
  for (let l = 0; l < n; l++) {
    const xl = 1 - (params[decayRow + l] as number);
    x[l] = xl;
    const en = xl ** e.onsetFrom;
    enter[l] = en;
    leave[l] = en * xl ** e.onsetYears;
    w[l] = (scale[l] as number) / e.onsetYears;
    g[l] = 0;
  }
  const ein = e.entering;
  const eout = e.leaving;
  for (let y = e.first; y <= e.last; y++) {
    const i = ein[y] as number;
    const o = eout[y] as number;
    const at = y * L;
    for (let l = 0; l < n; l++) {
      const gl = (x[l] as number) * (g[l] as number) + i * (enter[l] as number) - o * (leave[l] as number);
      g[l] = gl;
      avoided[at + l] = (avoided[at + l] as number) + (w[l] as number) * gl;
    }
  }
}
