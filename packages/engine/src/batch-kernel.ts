/**
 * The Monte Carlo kernel over a batch of iterations ("lanes") at once. It computes exactly what
 * the per-iteration kernel (`iterate` in montecarlo.ts) computes, operation for operation in the
 * same order for every iteration, so that its results are bit for bit the same; but each step
 * runs as a loop over the lanes with fixed bounds, reading each parameter as a contiguous row
 * of draws. This removes the per-draw dispatch and most of the per-iteration overhead. The
 * passes run in WebAssembly with SIMD where the runtime has it (kernel-wasm.ts), with the same
 * results; a model's passes are compiled once into a program (`programFor`) that runs in one
 * call per batch, after JavaScript has computed what needs its own `exp` and exponentiation.
 *
 * Where the per-iteration kernel skips work whose result is zero (a zero effect, a zero amount)
 * or limits a sum to the years an iteration's occurrences actually cover, this kernel does the
 * work over the static span and adds exact zeros instead, which leaves every sum unchanged.
 * @module
 */
import { TABLE_ENTRY } from "./block-sampling.js";
import { type FastSampling, ZIG_RATIO, ZIG_X } from "./distributions.js";
import { kernelMemory, kernelMemoryFirst, LANES, type Passes } from "./kernel-wasm.js";
import type { McBuffers } from "./montecarlo.js";
import { type CompiledModel, SizeKind } from "./model.js";
import { RNG_STATE_WORDS, RNG_WORDS, type RngMemory } from "./rng.js";

export { LANES };

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

/**
 * Memory of the batch kernel for one thread: its scratch rows, the parameter matrix and the
 * model's constants, all in one memory of numbers (`f`), each part by its first index.
 */
export interface BatchWorkspace {
  readonly f: Float64Array;
  readonly passes: Passes;
  /** Whether the passes run in WebAssembly. */
  readonly wasm: boolean;
  readonly netDisc: number;
  readonly avoided: number;
  readonly prefix: number;
  readonly payerNpv: number;
  readonly pvC: number;
  readonly pvS: number;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
  readonly e: number;
  readonly g: number;
  /** The parameter matrix, slot-major: slot s for column j at f[matrix + s · stride + j]. */
  readonly matrix: number;
  readonly stride: number;
  /** Where each of the model's constant rows (discount factors, profiles, weights) is in f. */
  readonly constant: ReadonlyMap<Float64Array, number>;
  /** Room for `tableEntries` entries of a block's table of draws (block-sampling.ts), in f. */
  readonly table: number;
  readonly tableEntries: number;
  /** Memory for the block's random generator, in f (`createRng`'s `memory`). */
  readonly rng: RngMemory;
  /** The WebAssembly samplers over that generator, where they run. */
  readonly sampling: FastSampling | undefined;
  /**
   * Views of LANES numbers over the rows that hold a batch's outputs once `totals` has run
   * (copied out from there): the NPV (in `e`), the PVs, each payer's NPV, each year's
   * cumulative net.
   */
  readonly views: { readonly npv: Float64Array; readonly pvC: Float64Array; readonly pvS: Float64Array; readonly payerNpv: readonly Float64Array[]; readonly cdn: readonly Float64Array[] };
  /** Where the model's batch program is in f (`programFor`). */
  readonly program: number;
  /**
   * For the program, the odds ratios exp(1.65 · d) of the standardised mean differences:
   * each computed before it runs, from the row of d (in a column) into its own row.
   */
  readonly oddsRows: readonly { readonly from: number; readonly to: number }[];
  /** For the program, the powers of the effects with their own onset profiles (`OnsetRows`). */
  readonly onsetRows: readonly OnsetRows[];
}

/**
 * Whether the batch kernel can compute a model: one without linked outcomes and without
 * effects on an outcome's extent (model version 2), which the per-iteration kernel computes.
 */
export function batchable(m: CompiledModel): boolean {
  return m.years > 0 && m.links.length === 0 && m.effects.every((e) => e.extentSlot < 0);
}

/** Each model's plan, computed once (a model does not change once compiled). */
const plans = new WeakMap<CompiledModel, BatchPlan>();

export function batchPlan(m: CompiledModel): BatchPlan {
  let plan = plans.get(m);
  if (!plan) {
    plan = planOf(m);
    plans.set(m, plan);
  }
  return plan;
}

function planOf(m: CompiledModel): BatchPlan {
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

/**
 * The batch kernel's memory for a model, with a parameter matrix of `stride` columns (the
 * iterations of a block, or LANES for the tornado's parameter vectors).
 * @param options.wasm false: the JavaScript passes even where WebAssembly runs (for tests)
 */
export function createBatchWorkspace(m: CompiledModel, stride: number, options: { wasm?: boolean } = {}): BatchWorkspace {
  const T = m.years;
  const L = LANES;
  // Rows in order, each an even number of numbers (16-byte aligned for the SIMD passes).
  const constants = new Set<Float64Array>([m.df]);
  for (const g of m.costGroups) constants.add(g.profileDisc);
  for (const e of m.effects) {
    if (e.fixedProfile) constants.add(e.fixedProfile);
    else {
      constants.add(e.entering);
      constants.add(e.leaving);
    }
  }
  for (const o of m.outcomes) for (const c of o.consequences) constants.add(c.weight);
  const even = (k: number) => k + (k & 1);
  let tableEntries = 0;
  for (const s of m.slots) if (s.uncertain) tableEntries++;
  const sizes = {
    netDisc: T * L,
    avoided: T * L,
    prefix: (T + 1) * L,
    payerNpv: m.payerIds.length * L,
    pvC: L,
    pvS: L,
    a: L,
    b: L,
    c: L,
    d: L,
    e: L,
    g: L,
    matrix: m.slots.length * even(stride),
    rngState: RNG_STATE_WORDS / 2, // i32
    rngWords: RNG_WORDS / 2, // u32
    zigX: ZIG_X.length,
    zigRatio: ZIG_RATIO.length,
    table: TABLE_ENTRY * tableEntries,
  };
  const plan = batchPlan(m);
  const effects = plan.outcomes.flatMap((op) => op.effects);
  const smd = effects.filter((ei) => m.effects[ei]?.sizeKind === SizeKind.StandardizedMeanDifference);
  const onset = effects.filter((ei) => m.effects[ei] && !m.effects[ei].fixedProfile);
  // The layout first (from where the memory's numbers will start), then the program for it,
  // then the memory: the program is built once.
  const first = kernelMemoryFirst(options.wasm ?? true);
  let next = first;
  const take = (k: number) => {
    const at = next;
    next += even(k);
    return at;
  };
  const rows = Object.fromEntries(Object.entries(sizes).map(([k, v]) => [k, take(v)])) as Record<keyof typeof sizes, number>;
  const constant = new Map<Float64Array, number>();
  for (const c of constants) constant.set(c, take(c.length));
  const effect = (ei: number) => m.effects[ei] as CompiledModel["effects"][number];
  const slotRow = (slot: number) => rows.matrix + slot * even(stride);
  const oddsRows = smd.map((ei) => ({ from: slotRow(effect(ei).sizeSlot), to: take(L) }));
  const onsetRows = onset.map((ei) => {
    const e = effect(ei);
    return { decay: slotRow(e.decaySlot), from: e.onsetFrom, years: e.onsetYears, x: take(L), enter: take(L), leave: take(L) };
  });
  const code = programFor(m, plan, {
    ...rows,
    stride: even(stride),
    constant,
    odds: new Map(smd.map((ei, k) => [ei, (oddsRows[k] as { to: number }).to])),
    onset: new Map(onset.map((ei, k) => [ei, onsetRows[k] as OnsetRows])),
  });
  const program = take(code.length);
  const mem = kernelMemory(next - first, options.wasm ?? true);
  if (mem.first !== first) throw new Error("batch kernel: the memory does not start where its layout does");
  for (const [c, at] of constant) mem.f.set(c, at);
  mem.f.set(code, program);
  mem.f.set(ZIG_X, rows.zigX);
  mem.f.set(ZIG_RATIO, rows.zigRatio);
  mem.samplers?.setTables(rows.zigX, rows.zigRatio);
  const buffer = mem.f.buffer;
  const rng = { state: new Int32Array(buffer, 8 * rows.rngState, RNG_STATE_WORDS), words: new Uint32Array(buffer, 8 * rows.rngWords, RNG_WORDS) };
  const sampling = mem.samplers ? { samplers: mem.samplers, state: 8 * rows.rngState, words: 8 * rows.rngWords } : undefined;
  const view = (at: number) => mem.f.subarray(at, at + L);
  const views = {
    npv: view(rows.e),
    pvC: view(rows.pvC),
    pvS: view(rows.pvS),
    payerNpv: m.payerIds.map((_, p) => view(rows.payerNpv + p * L)),
    cdn: Array.from({ length: T }, (_, t) => view(rows.netDisc + t * L)),
  };
  return { f: mem.f, passes: mem.passes, wasm: mem.wasm, ...rows, tableEntries, stride: even(stride), constant, rng, sampling, views, program, oddsRows, onsetRows };
}

/**
 * For an effect with its own onset profile: its decay's row (in a column of the matrix), and
 * the rows of x = 1 − decay, enter = x^from and leave = enter · x^years, computed before the
 * program runs.
 */
interface OnsetRows {
  readonly decay: number;
  readonly from: number;
  readonly years: number;
  readonly x: number;
  readonly enter: number;
  readonly leave: number;
}

/**
 * Where a program's rows are: the workspace's, each standardised mean difference's odds ratios
 * and each onset profile's powers (by effect).
 */
interface ProgramLayout
  extends Pick<BatchWorkspace, "netDisc" | "avoided" | "prefix" | "payerNpv" | "pvC" | "pvS" | "a" | "b" | "c" | "d" | "e" | "matrix" | "stride" | "constant"> {
  readonly odds: ReadonlyMap<number, number>;
  readonly onset: ReadonlyMap<number, OnsetRows>;
}

/** Operation codes of a program (the `run` pass). */
const enum Op {
  End = 0,
  Zero = 1,
  CostLine = 2,
  CostFlows = 3,
  RrrProfile = 4,
  OrProfile = 5,
  /** OrProfile with the odds ratios in a row of their own (not a row of the matrix). */
  OrProfileAt = 6,
  Prefix = 7,
  Consequence = 8,
  Transfer = 9,
  Totals = 10,
  ScaleRrr = 11,
  ScaleOr = 12,
  ScaleOrAt = 13,
  Onset = 14,
}

/**
 * The passes of a batch, with their operands, as one program for the `run` pass (rows of
 * parameters as their index in the matrix's first column).
 */
function programFor(m: CompiledModel, plan: BatchPlan, w: ProgramLayout): number[] {
  const L = LANES;
  const slot = (s: number) => w.matrix + s * w.stride;
  const at = (row: Float64Array) => w.constant.get(row) ?? 0;
  const code: number[] = [Op.Zero, w.netDisc, m.years * L, Op.Zero, w.payerNpv, m.payerIds.length * L, Op.Zero, w.pvC, L, Op.Zero, w.pvS, L];
  for (const group of m.costGroups) {
    code.push(Op.Zero, w.a, L);
    for (const li of group.lines) {
      const line = m.costLines[li];
      if (line) code.push(Op.CostLine, slot(line.slot), m.costFactor, line.pv, w.pvC, w.payerNpv + line.payer * L, w.a);
    }
    code.push(Op.CostFlows, w.netDisc, w.a, at(group.profileDisc), group.first, group.last);
  }
  for (const op of plan.outcomes) {
    const outcome = m.outcomes[op.outcome];
    if (op.last < op.first || !outcome) continue;
    const { first, last } = op;
    code.push(Op.Zero, w.avoided + first * L, (last + 1 - first) * L);
    for (const ei of op.effects) {
      const e = m.effects[ei];
      if (!e) continue;
      // An odds ratio as drawn; a standardised mean difference d as the odds ratio exp(1.65·d).
      const smd = e.sizeKind === SizeKind.StandardizedMeanDifference;
      const scale = [w.b, slot(e.p0Slot), smd ? (w.odds.get(ei) ?? 0) : slot(e.sizeSlot), slot(e.efficacySlot), m.effectFactor];
      const rrr = e.sizeKind === SizeKind.RelativeRiskReduction;
      if (e.fixedProfile) {
        code.push(rrr ? Op.RrrProfile : smd ? Op.OrProfileAt : Op.OrProfile, ...scale, w.avoided, at(e.fixedProfile), e.first, e.last);
        continue;
      }
      code.push(rrr ? Op.ScaleRrr : smd ? Op.ScaleOrAt : Op.ScaleOr, ...scale);
      const r = w.onset.get(ei);
      code.push(Op.Onset, w.avoided, w.b, r?.x ?? 0, r?.enter ?? 0, r?.leave ?? 0, at(e.entering), at(e.leaving), e.onsetYears, e.first, e.last);
    }
    code.push(Op.Prefix, w.prefix, w.avoided, first, last);
    for (const c of outcome.consequences) {
      const pay = w.payerNpv + c.payer * L;
      if (c.recipient < 0)
        code.push(Op.Consequence, w.netDisc, w.d, w.c, slot(c.quantitySlot), slot(c.amountSlot), w.prefix, at(m.df), m.years, c.fromYear, c.years, first, last, pay, w.pvS);
      else code.push(Op.Transfer, w.d, w.c, slot(c.quantitySlot), slot(c.amountSlot), w.avoided, at(c.weight), pay, w.payerNpv + c.recipient * L, first, last);
    }
  }
  code.push(Op.Totals, w.netDisc, m.years, w.e, w.pvS, w.pvC, Op.End);
  return code;
}

/**
 * Computes `n` (≤ LANES) iterations whose parameters are the columns `col … col + n − 1` of the
 * workspace's parameter matrix, into `out` at iterations `outAt … outAt + n − 1`.
 */
export function kernelBatch(m: CompiledModel, ws: BatchWorkspace, col: number, n: number, out: McBuffers, outAt: number): void {
  const { f } = ws;
  // The odds ratios, what needs JavaScript's own exponentiation, then the model's passes in one call.
  for (const r of ws.oddsRows) ws.passes.oddsRatios(r.to, r.from + col, n);
  for (const r of ws.onsetRows) onsetPowers(f, r, col, n);
  ws.passes.run(ws.program, col, n);
  copyOut(m, ws, n, out, outAt);
}

/** The outputs, once `totals` has run, copied out by iteration. */
function copyOut(m: CompiledModel, ws: BatchWorkspace, n: number, out: McBuffers, outAt: number): void {
  const N = out.iterations;
  const { views } = ws;
  const part = (v: Float64Array) => (n === LANES ? v : v.subarray(0, n));
  out.npv.set(part(views.npv), outAt);
  out.pvCosts.set(part(views.pvC), outAt);
  out.pvSavings.set(part(views.pvS), outAt);
  const P = m.payerIds.length;
  for (let p = 0; p < P; p++) out.payerNpv.set(part(views.payerNpv[p] as Float64Array), p * N + outAt);
  for (let t = 0; t < m.years; t++) out.cdn.set(part(views.cdn[t] as Float64Array), t * N + outAt);
}

/** x = 1 − decay, enter = x^from and leave = enter · x^years for each lane (see `OnsetRows`). */
function onsetPowers(f: Float64Array, r: OnsetRows, col: number, n: number): void {
  const decay = r.decay + col;
  for (let l = 0; l < n; l++) {
    const xl = 1 - (f[decay + l] as number);
    f[r.x + l] = xl;
    const en = power(xl, r.from);
    f[r.enter + l] = en;
    f[r.leave + l] = en * power(xl, r.years);
  }
}

/**
 * x ** k, for the exponents 0, 1 and 2 without the general power function: x ** 0 is 1, x ** 1
 * is x and x ** 2 is x · x in JavaScript (exactly, NaN and ±0 included; fdlibm's pow and any
 * correctly rounded one alike).
 */
function power(x: number, k: number): number {
  if (k === 0) return 1;
  if (k === 1) return x;
  if (k === 2) return x * x;
  return x ** k;
}
