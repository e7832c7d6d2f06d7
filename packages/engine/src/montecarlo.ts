/**
 * Monte Carlo (spec §4). Iterations are split into fixed blocks; each block draws from its own
 * stream of the seed, so a result is the same whatever the number of threads that computed it.
 * `simulateBlocks` fills caller-owned arrays (shared memory when the caller runs threads);
 * `summarizeMonteCarlo` reduces them in iteration order.
 * @module
 */
import { type BatchWorkspace, batchable, createBatchWorkspace, kernelBatch, LANES } from "./batch-kernel.js";
import { type BlockSampling, blockSampling, sampleBlock } from "./block-sampling.js";
import { sampleInto } from "./distributions.js";
import { perspectiveKeys, perspectives } from "./domain.js";
import {
  type CompiledConsequence,
  type CompiledCostLine,
  type CompiledEffect,
  type CompiledLink,
  type CompiledModel,
  Clamp,
  clampValue,
  effectiveExtent,
  effectiveRrr,
  SizeKind,
} from "./model.js";
import type { MonteCarloResult, Summary } from "./result.js";
import { type KernelMemory, kernelMemory, type Selection } from "./kernel-wasm.js";
import { createRng } from "./rng.js";

/** Iterations per block: the unit of random streams and of work between threads. */
export const BLOCK_SIZE = 1024;

/** Number of blocks for a number of iterations. */
export const blockCount = (iterations: number) => Math.ceil(iterations / BLOCK_SIZE);

/** Per-iteration outputs. Year- and payer-major so that each series is contiguous. */
export interface McBuffers {
  /** Iterations held (the length of each series). */
  readonly iterations: number;
  /**
   * For a part of a run (`mcPartBuffers`): the run's first iteration held here, and the run's
   * number of iterations. A whole run: 0 and `iterations`.
   */
  readonly firstIteration?: number;
  readonly runIterations?: number;
  readonly npv: Float64Array;
  readonly pvCosts: Float64Array;
  readonly pvSavings: Float64Array;
  /** payerNpv[p · N + i] */
  readonly payerNpv: Float64Array;
  /** cumulative discounted net: cdn[t · N + i] */
  readonly cdn: Float64Array;
}

/** Bytes needed for the buffers of a model and a number of iterations. */
export function mcBufferBytes(m: CompiledModel, iterations: number): number {
  return 8 * iterations * (3 + m.payerIds.length + m.years);
}

/**
 * Lays out McBuffers over one buffer (an ArrayBuffer, or a SharedArrayBuffer for threads).
 * @param buffer at least `mcBufferBytes(m, iterations)` bytes
 */
export function mcBuffers(m: CompiledModel, iterations: number, buffer?: ArrayBufferLike): McBuffers {
  const N = iterations;
  const P = m.payerIds.length;
  const buf = buffer ?? new ArrayBuffer(mcBufferBytes(m, N));
  let off = 0;
  const take = (n: number) => {
    const a = new Float64Array(buf, off, n);
    off += 8 * n;
    return a;
  };
  return {
    iterations: N,
    npv: take(N),
    pvCosts: take(N),
    pvSavings: take(N),
    payerNpv: take(P * N),
    cdn: take(m.years * N),
  };
}

/** Scratch memory for one thread, allocated once and reused for every block. */
export interface McWorkspace {
  /** The per-iteration kernel's draws for a block (empty where the batch kernel computes blocks). */
  readonly draws: Float64Array;
  readonly params: Float64Array;
  readonly variable: Int32Array;
  readonly netDisc: Float64Array;
  readonly avoided: Float64Array;
  readonly prefix: Float64Array;
  readonly payerNpv: Float64Array;
  /** Scratch for an extent effect's occurrence profile. */
  readonly extent: Float64Array;
  /**
   * With links: each propagation class's own occurrences of each outcome by year, where it
   * needs following (class-major, views into one buffer), and the years they cover, [lo, hi]
   * (hi < 0: none this iteration).
   */
  readonly classRows: readonly Float64Array[];
  readonly classLo: Int32Array;
  readonly classHi: Int32Array;
  /** The running sum of a link's window. */
  readonly window: Float64Array;
  /** With links: every intervention's occurrences of each outcome by year, and their years. */
  readonly totalRows: readonly Float64Array[];
  readonly totalLo: Int32Array;
  readonly totalHi: Int32Array;
  /** For the batch kernel (batch-kernel.ts), when it computes the model and blocks are drawn. */
  readonly batch: BatchState | null;
}

/**
 * The batch kernel's state: its memory (with every slot's values for a block in the workspace's
 * parameter matrix, the plain numbers filled in once, the uncertain ones drawn for each block).
 */
interface BatchState {
  readonly scratch: BatchWorkspace;
  /** The block's draws in few calls (block-sampling.ts), where the samplers are WebAssembly's. */
  readonly sampling: BlockSampling | null;
}

/**
 * @param blockSize iterations of draws to hold (0 when only `kernelFor` is used)
 * @param options.wasm false: the batch kernel's passes in JavaScript even where WebAssembly runs
 * @param options.batch false: blocks by the per-iteration kernel even where the batch kernel
 * could compute them (for tests)
 */
export function createWorkspace(m: CompiledModel, blockSize = BLOCK_SIZE, options: { wasm?: boolean; batch?: boolean } = {}): McWorkspace {
  const T = m.years;
  const classCells = m.classes.length * m.outcomes.length;
  const classBuffer = new ArrayBuffer(8 * classCells * T);
  const variable = Int32Array.from(
    m.slots.flatMap((s, i) => (s.uncertain ? [i] : [])),
  );
  const batch = blockSize === BLOCK_SIZE && options.batch !== false && batchable(m) ? createBatchState(m, variable, options) : null;
  return {
    // The batch kernel draws into its own memory.
    draws: new Float64Array(batch ? 0 : variable.length * blockSize),
    params: Float64Array.from(m.slots, (s) => s.base),
    variable,
    netDisc: new Float64Array(T),
    avoided: new Float64Array(T),
    prefix: new Float64Array(T + 1),
    payerNpv: new Float64Array(m.payerIds.length),
    extent: new Float64Array(T),
    classRows: Array.from({ length: classCells }, (_, k) => new Float64Array(classBuffer, 8 * k * T, T)),
    classLo: new Int32Array(classCells),
    classHi: new Int32Array(classCells),
    window: new Float64Array(T),
    totalRows: m.links.length === 0 ? [] : m.outcomes.map(() => new Float64Array(T)),
    totalLo: new Int32Array(m.outcomes.length),
    totalHi: new Int32Array(m.outcomes.length),
    batch,
  };
}

function createBatchState(m: CompiledModel, variable: Int32Array, options: { wasm?: boolean }): BatchState {
  const scratch = createBatchWorkspace(m, BLOCK_SIZE, options);
  const { f, matrix, stride } = scratch;
  for (let k = 0; k < m.slots.length; k++) {
    const s = m.slots[k];
    if (s && !s.uncertain) f.fill(s.base, matrix + k * stride, matrix + (k + 1) * stride);
  }
  return { scratch, sampling: blockSampling(m, variable, scratch) };
}

/**
 * Simulates blocks [firstBlock, endBlock) of a run of `out.iterations` iterations with `seed`
 * (or, into the buffers of a part of a run, blocks of that part).
 * @param onBlock called after each block (progress)
 */
export function simulateBlocks(
  m: CompiledModel,
  seed: number,
  firstBlock: number,
  endBlock: number,
  out: McBuffers,
  ws: McWorkspace = createWorkspace(m),
  onBlock?: (block: number) => void,
): void {
  const N = out.runIterations ?? out.iterations;
  const at = out.firstIteration ?? 0;
  for (let b = firstBlock; b < endBlock; b++) {
    const start = b * BLOCK_SIZE;
    const count = Math.min(BLOCK_SIZE, N - start);
    if (count <= 0) break;
    const { draws, variable } = ws;
    if (ws.batch) {
      // Draw every uncertain number into its row of the block's matrix, then compute the block
      // LANES iterations at a time.
      const { scratch } = ws.batch;
      const { f, matrix, stride } = scratch;
      // The generator in the kernel's memory, where the WebAssembly samplers read it too.
      const rng = createRng(seed, b, scratch.rng);
      if (ws.batch.sampling) sampleBlock(m, ws.batch.sampling, rng, scratch, count);
      else {
        for (let v = 0; v < variable.length; v++) {
          const k = variable[v] as number;
          const slot = m.slots[k];
          if (!slot) continue;
          const off = matrix + k * stride;
          sampleInto(slot.dist, rng, f, off, count, scratch.sampling);
          if (slot.clamp !== Clamp.None) scratch.passes.clamp(off, count, slot.clamp);
        }
      }
      for (let col = 0; col < count; col += LANES)
        kernelBatch(m, scratch, col, Math.min(LANES, count - col), out, start + col - at);
      onBlock?.(b);
      continue;
    }
    // Draw every uncertain number once per iteration (spec §4), number by number.
    const rng = createRng(seed, b);
    for (let v = 0; v < variable.length; v++) {
      const slot = m.slots[variable[v] as number];
      if (!slot) continue;
      const off = v * count;
      sampleInto(slot.dist, rng, draws, off, count);
      if (slot.clamp !== Clamp.None)
        for (let i = off; i < off + count; i++) draws[i] = clampValue(draws[i] as number, slot.clamp);
    }
    for (let i = 0; i < count; i++) {
      for (let v = 0; v < variable.length; v++)
        ws.params[variable[v] as number] = draws[v * count + i] as number;
      iterate(m, ws, out, start + i - at);
    }
    onBlock?.(b);
  }
}

/**
 * avoided[y] += scale · Σₖ participants[y − k] · (1 − decay)^k / years over the onset window,
 * by a sliding geometric window: G(y) = x·G(y − 1) + entering[y]·x^from − leaving[y]·x^(from+years).
 */
function addOnset(e: CompiledEffect, decay: number, scale: number, avoided: Float64Array): void {
  const x = 1 - decay;
  const enter = x ** e.onsetFrom;
  const leave = enter * x ** e.onsetYears;
  const w = scale / e.onsetYears;
  const ein = e.entering;
  const eout = e.leaving;
  let g = 0;
  for (let y = e.first; y <= e.last; y++) {
    g = x * g + (ein[y] as number) * enter - (eout[y] as number) * leave;
    avoided[y] = (avoided[y] as number) + w * g;
  }
}

/**
 * One iteration of the Monte Carlo kernel for a given parameter vector: the NPV, PVs, each
 * payer's NPV and the cumulative discounted net. The sensitivity analysis uses it for speed;
 * the tests use it to check the kernel against the deterministic evaluation.
 */
export function kernelFor(m: CompiledModel, params: Float64Array, ws = createWorkspace(m, 0)): McBuffers {
  ws.params.set(params);
  const out = mcBuffers(m, 1);
  iterate(m, ws, out, 0);
  return out;
}

/** The NPV for one parameter vector, by the Monte Carlo kernel. */
export function npvFor(m: CompiledModel, params: Float64Array, ws?: McWorkspace): number {
  return kernelFor(m, params, ws).npv[0] as number;
}

/**
 * The savings of a consequence for the occurrences in `avoided` over [first, last], whose
 * prefix sums are in `ws.prefix`: into each payer's NPV and the yearly net; returns the PV for
 * society (0 for a transfer).
 */
function addSavings(
  m: CompiledModel,
  ws: McWorkspace,
  avoided: Float64Array,
  c: CompiledConsequence,
  first: number,
  last: number,
): number {
  const { params, prefix, payerNpv, netDisc } = ws;
  const perUnit = (params[c.quantitySlot] as number) * (params[c.amountSlot] as number);
  if (perUnit === 0) return 0;
  if (c.recipient >= 0) {
    // A transfer: no net flow for society, only its PV from the recipient to the payer.
    let dot = 0;
    const w = c.weight;
    for (let y = first; y <= last; y++) dot += (avoided[y] as number) * (w[y] as number);
    const pv = perUnit * dot;
    payerNpv[c.payer] = (payerNpv[c.payer] as number) + pv;
    payerNpv[c.recipient] = (payerNpv[c.recipient] as number) - pv;
    return 0;
  }
  // Savings in year t: perUnit · Σ_{m<years} avoided[t − fromYear − m], discounted; their sum is
  // the PV (the same as perUnit · Σ_y avoided[y] · weight[y], summed by year of saving).
  const T = m.years;
  const df = m.df;
  const tEnd = Math.min(T - 1, last + c.fromYear + c.years - 1);
  let pv = 0;
  for (let t = first + c.fromYear; t <= tEnd; t++) {
    const hi = Math.min(t - c.fromYear, last) + 1;
    const lo = Math.max(t - c.fromYear - c.years + 1, first);
    const v = perUnit * ((prefix[hi] as number) - (prefix[lo] as number)) * (df[t] as number);
    netDisc[t] = (netDisc[t] as number) + v;
    pv += v;
  }
  payerNpv[c.payer] = (payerNpv[c.payer] as number) + pv;
  return pv;
}

/**
 * The savings of an extent effect (spec §8.3): `scale` = p₀ · (1 − RRRₑ) · E without decay,
 * over the effect's onset profile (decay included) and the outcome's consequences from the
 * extent's year on. Uses `ws.extent` and `ws.prefix`, then leaves `ws.prefix` to the caller
 * (which rebuilds it). Returns the PV for society.
 */
function extentSavings(m: CompiledModel, ws: McWorkspace, e: CompiledEffect, scale: number): number {
  if (scale === 0 || e.last < 0) return 0;
  const { params } = ws;
  const occ = ws.extent;
  occ.fill(0);
  if (e.fixedProfile) {
    const prof = e.fixedProfile;
    for (let y = e.first; y <= e.last; y++) occ[y] = scale * (prof[y] as number);
  } else addOnset(e, params[e.decaySlot] as number, scale, occ);
  const prefix = ws.prefix;
  prefix[e.first] = 0;
  for (let y = e.first; y <= e.last; y++) prefix[y + 1] = (prefix[y] as number) + (occ[y] as number);
  let pv = 0;
  for (const c of e.extentConsequences) pv += addSavings(m, ws, occ, c, e.first, e.last);
  return pv;
}

/**
 * A row of occurrences by year, zeroed when first used in an iteration (hi < lo), its covered
 * years widened to [first, last].
 */
function openRow(rows: readonly Float64Array[], lo: Int32Array, hi: Int32Array, cell: number, first: number, last: number): Float64Array {
  const row = rows[cell] as Float64Array;
  if ((hi[cell] as number) < 0) {
    row.fill(0);
    lo[cell] = first;
    hi[cell] = last;
  } else {
    if (first < (lo[cell] as number)) lo[cell] = first;
    if (last > (hi[cell] as number)) hi[cell] = last;
  }
  return row;
}

/**
 * dst[t] += p · Σⱼ src[t − fromYear − j] / years over j < years, for t in [start, end], with src
 * zero outside [lo, hi]: a running window.
 */
function addWindow(src: Float64Array, lo: number, hi: number, link: CompiledLink, p: number, dst: Float64Array, start: number, end: number): void {
  const F = link.afterFrom;
  const Y = link.afterYears;
  const w = p / Y;
  let run = 0;
  for (let t = start; t <= end; t++) {
    const u = t - F;
    if (u <= hi) run += src[u] as number;
    if (u - Y >= lo) run -= src[u - Y] as number;
    dst[t] = (dst[t] as number) + w * run;
  }
}

/** One iteration: the NPV, the PVs, each payer's NPV and the cumulative discounted net. */
function iterate(m: CompiledModel, ws: McWorkspace, out: McBuffers, i: number): void {
  const T = m.years;
  const N = out.iterations;
  const { params, netDisc, avoided, prefix, payerNpv } = ws;
  netDisc.fill(0);
  payerNpv.fill(0);
  let pvC = 0;
  let pvS = 0;

  const costFactor = m.costFactor;
  for (const group of m.costGroups) {
    let sum = 0;
    for (const li of group.lines) {
      const line = m.costLines[li] as CompiledCostLine;
      const amount = (params[line.slot] as number) * costFactor;
      const pv = amount * line.pv;
      pvC += pv;
      payerNpv[line.payer] = (payerNpv[line.payer] as number) - pv;
      sum += amount;
    }
    if (sum === 0) continue;
    const pd = group.profileDisc;
    for (let t = group.first; t <= group.last; t++) netDisc[t] = (netDisc[t] as number) - sum * (pd[t] as number);
  }

  const O = m.outcomes.length;
  const hasLinks = m.links.length > 0;
  const { classRows, classLo, classHi, totalRows, totalLo, totalHi } = ws;
  if (hasLinks) {
    classHi.fill(-1);
    totalHi.fill(-1);
  }
  for (let oi = 0; oi < O; oi++) {
    const o = m.order[oi] as number;
    const outcome = m.outcomes[o] as CompiledModel["outcomes"][number];
    if (outcome.effects.length === 0 && outcome.incoming.length === 0) continue;
    let first = T;
    let last = -1;
    for (const ei of outcome.effects) {
      const e = m.effects[ei];
      if (!e || e.last < 0) continue;
      const p0 = params[e.p0Slot] as number;
      const efficacy = params[e.efficacySlot] as number;
      const rrr =
        e.sizeKind === SizeKind.None
          ? 0
          : effectiveRrr(e.sizeKind, params[e.sizeSlot] as number, p0, efficacy, m.effectFactor);
      if (e.extentSlot >= 0) pvS += extentSavings(m, ws, e, p0 * (1 - rrr) * effectiveExtent(params[e.extentSlot] as number, efficacy, m.effectFactor));
      const scale = p0 * rrr;
      if (scale === 0) continue;
      if (last < first) avoided.fill(0);
      if (e.first < first) first = e.first;
      if (e.last > last) last = e.last;
      const prof = e.fixedProfile;
      if (prof) {
        for (let y = e.first; y <= e.last; y++) avoided[y] = (avoided[y] as number) + scale * (prof[y] as number);
      } else {
        addOnset(e, params[e.decaySlot] as number, scale, avoided);
      }
      if (e.cls >= 0 && (m.classes[e.cls] as CompiledModel["classes"][number]).needed[o]) {
        // The class's own occurrences, followed towards the outcomes it blocks (spec §8.1).
        const row = openRow(classRows, classLo, classHi, e.cls * O + o, e.first, e.last);
        if (prof) {
          for (let y = e.first; y <= e.last; y++) row[y] = (row[y] as number) + scale * (prof[y] as number);
        } else {
          addOnset(e, params[e.decaySlot] as number, scale, row);
        }
      }
    }
    if (outcome.incoming.length > 0) {
      // Through links: every intervention's occurrences together, less what the classes that
      // have an effect on this outcome passed into it (spec §8.1).
      for (const link of outcome.incoming) {
        const p = params[link.probabilitySlot] as number;
        if (p === 0) continue;
        const lo = totalLo[link.from] as number;
        const hi = totalHi[link.from] as number;
        if (hi < lo) continue;
        const start = lo + link.afterFrom;
        const end = Math.min(T - 1, hi + link.afterFrom + link.afterYears - 1);
        if (start > end) continue;
        if (last < first) avoided.fill(0);
        if (start < first) first = start;
        if (end > last) last = end;
        addWindow(totalRows[link.from] as Float64Array, lo, hi, link, p, avoided, start, end);
        for (const k of outcome.blockedBy) {
          const from = k * O + link.from;
          const clo = classLo[from] as number;
          const chi = classHi[from] as number;
          if (chi < clo) continue;
          const cend = Math.min(T - 1, chi + link.afterFrom + link.afterYears - 1);
          addWindow(classRows[from] as Float64Array, clo, chi, link, -p, avoided, clo + link.afterFrom, cend);
        }
        for (const k of outcome.followedBy) {
          const from = k * O + link.from;
          const clo = classLo[from] as number;
          const chi = classHi[from] as number;
          if (chi < clo) continue;
          const cstart = clo + link.afterFrom;
          const cend = Math.min(T - 1, chi + link.afterFrom + link.afterYears - 1);
          if (cstart > cend) continue;
          const row = openRow(classRows, classLo, classHi, k * O + o, cstart, cend);
          addWindow(classRows[from] as Float64Array, clo, chi, link, p, row, cstart, cend);
        }
      }
    }
    if (outcome.isSource && last >= first) {
      // Every intervention's occurrences of this outcome, for the links out of it.
      const row = openRow(totalRows, totalLo, totalHi, o, first, last);
      row.set(avoided.subarray(first, last + 1), first);
    }
    if (last < first) continue;
    // prefix[k] = Σ_{y < k} avoided[y], over the support.
    prefix[first] = 0;
    for (let y = first; y <= last; y++) prefix[y + 1] = (prefix[y] as number) + (avoided[y] as number);
    for (const c of outcome.consequences) pvS += addSavings(m, ws, avoided, c, first, last);
  }

  out.npv[i] = pvS - pvC;
  out.pvCosts[i] = pvC;
  out.pvSavings[i] = pvS;
  const P = payerNpv.length;
  for (let p = 0; p < P; p++) out.payerNpv[p * N + i] = payerNpv[p] as number;
  let cum = 0;
  for (let t = 0; t < T; t++) {
    cum += netDisc[t] as number;
    out.cdn[t * N + i] = cum;
  }
}

// ---------------------------------------------------------------------------------------
// Summaries

/**
 * Percentiles by linear interpolation between order statistics (numpy's default):
 * h = (n − 1)·p, value = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]). Leaves `values` reordered.
 */
export function percentilesInPlace(values: Float64Array, ps: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) return ps.map(() => Number.NaN);
  const ranks = ranksFor(n, ps);
  const stat = new Map<number, number>();
  selectRanks(values, 0, n - 1, ranks, 0, ranks.length - 1, stat);
  return interpolate(n, ps, stat);
}

/**
 * The same percentiles as `percentilesInPlace`, bit for bit, leaving `values` as they are. A
 * long series goes through one pass in WebAssembly that brackets each wanted order statistic
 * between two values of a sample and copies the few values in each bracket out, and the
 * statistics are then selected among those. Where a bracket misses its statistic (the sample
 * was unlucky), or the series has NaNs, or where WebAssembly does not run, the statistics are
 * selected in a copy of the whole series (in `scratch`, when given, at least as long).
 */
export function percentiles(values: Float64Array, ps: readonly number[], scratch?: Float64Array): number[] {
  return seriesSummary(values, ps, scratch, false).percentiles;
}

/**
 * `percentiles`, and with `sums` the series' mean and number of values above zero (as `mean`
 * and a count for `shareAbove0` give them: the values added one after the other), found in the
 * same pass where that runs.
 */
function seriesSummary(values: Float64Array, ps: readonly number[], scratch: Float64Array | undefined, sums: boolean): { percentiles: number[]; mean: number; positive: number } {
  const n = values.length;
  if (n === 0) return { percentiles: ps.map(() => Number.NaN), mean: Number.NaN, positive: 0 };
  const ranks = ranksFor(n, ps);
  const pass = n >= BRACKET_MIN ? bracketed(values, ranks, sums) : null;
  const mu = pass && sums ? pass.sum / n : sums ? mean(values) : Number.NaN;
  const positive = pass && sums ? pass.positive : sums ? countAbove0(values) : 0;
  if (pass?.stat) return { percentiles: interpolate(n, ps, pass.stat), mean: mu, positive };
  const copy = scratch ? scratch.subarray(0, n) : new Float64Array(n);
  copy.set(values);
  return { percentiles: percentilesInPlace(copy, ps), mean: mu, positive };
}

/** The order statistics that the percentiles `ps` of n values need, ascending. */
function ranksFor(n: number, ps: readonly number[]): number[] {
  return [...new Set(ps.flatMap((p) => {
    const h = (n - 1) * p;
    const k = Math.floor(h);
    return k + 1 < n ? [k, k + 1] : [k];
  }))].sort((a, b) => a - b);
}

/** Series shorter than this are selected in a copy (`percentiles`). */
const BRACKET_MIN = 4096;
/** The most values sampled to place the brackets, in runs of consecutive values. */
const BRACKET_SAMPLE = 2048;
const BRACKET_RUNS = 64;
/**
 * Values per call of the pass: a part fits the caches between its copy and its pass, and the
 * pass, called often, soon runs as optimised code.
 */
const BRACKET_PART = 4096;

/** This thread's memory for the bracketing pass: null where WebAssembly does not run. */
let selectionMemory: { readonly mem: KernelMemory; readonly capacity: number } | null | undefined;

/**
 * This thread's memory for the passes over series of n values (null where WebAssembly does not
 * run): two parts of series (src, src2; src2 also the brackets' sample), the pivots, the counts,
 * the sums, and three brackets of `cap` (> n) values from dst on.
 */
function seriesMemory(n: number) {
  const cap = n + 2 - (n & 1);
  if (selectionMemory === undefined || (selectionMemory && selectionMemory.capacity < n)) {
    const mem = kernelMemory(2 * BRACKET_PART + 16 + 3 * cap);
    selectionMemory = mem.selection ? { mem, capacity: n } : null;
  }
  const selection = selectionMemory?.mem.selection;
  if (!selectionMemory || !selection) return null;
  const { f, first } = selectionMemory.mem;
  const src2 = first + BRACKET_PART;
  const piv = src2 + BRACKET_PART;
  const cnt = piv + 6;
  const acc = cnt + 8;
  return { f, selection, src: first, src2, piv, cnt, acc, dst: acc + 2, cap };
}

/** Copies `values` part by part into the series memory (src) and calls `pass` with each part's length. */
function inParts(w: { readonly f: Float64Array; readonly src: number }, values: Float64Array, pass: (length: number) => void): void {
  for (let at = 0; at < values.length; at += BRACKET_PART) {
    const part = values.subarray(at, Math.min(values.length, at + BRACKET_PART));
    w.f.set(part, w.src);
    pass(part.length);
  }
}

/**
 * The sum of the payers' NPVs `payers` by iteration, into `into` (0 plus each in turn, as
 * `addInto` adds them).
 */
function payerSum(out: McBuffers, payers: readonly number[], into: Float64Array): void {
  const N = out.iterations;
  const w = N >= BRACKET_MIN ? seriesMemory(N) : null;
  if (!w) {
    into.fill(0);
    for (const p of payers) addInto(into, out.payerNpv.subarray(p * N, (p + 1) * N));
    return;
  }
  for (let at = 0; at < N; at += BRACKET_PART) {
    const end = Math.min(N, at + BRACKET_PART);
    w.f.fill(0, w.src, w.src + end - at);
    for (const p of payers) {
      w.f.set(out.payerNpv.subarray(p * N + at, p * N + end), w.src2);
      w.selection.addRow(w.src, w.src2, end - at);
    }
    into.set(w.f.subarray(w.src, w.src + end - at), at);
  }
}

/**
 * Σ (v − mu)² over `values`, added one after the other (x ** 2 is x · x in JavaScript, whose
 * exponentiation squares exactly).
 */
function sumSquares(values: Float64Array, mu: number): number {
  const n = values.length;
  const w = n >= BRACKET_MIN ? seriesMemory(n) : null;
  if (!w) {
    let ss = 0;
    for (let i = 0; i < n; i++) ss += ((values[i] as number) - mu) ** 2;
    return ss;
  }
  w.f[w.acc] = 0;
  for (let at = 0; at < n; at += BRACKET_PART) {
    const part = values.subarray(at, Math.min(n, at + BRACKET_PART));
    w.f.set(part, w.src);
    w.selection.squares(w.src, part.length, mu, w.acc);
  }
  return w.f[w.acc] as number;
}

/** savings[i] / costs[i] for the iterations with costs > 0, in order, into `into`; their number. */
function positiveRatios(costs: Float64Array, savings: Float64Array, into: Float64Array): number {
  const n = costs.length;
  const w = n >= BRACKET_MIN ? seriesMemory(n) : null;
  if (!w) {
    let k = 0;
    for (let i = 0; i < n; i++) {
      const c = costs[i] as number;
      if (c > 0) into[k++] = (savings[i] as number) / c;
    }
    return k;
  }
  w.f[w.cnt] = 0;
  for (let at = 0; at < n; at += BRACKET_PART) {
    const end = Math.min(n, at + BRACKET_PART);
    w.f.set(costs.subarray(at, end), w.src);
    w.f.set(savings.subarray(at, end), w.src2);
    w.selection.ratios(w.src, w.src2, end - at, w.dst, w.cnt);
  }
  const k = w.f[w.cnt] as number;
  into.set(w.f.subarray(w.dst, w.dst + k));
  return k;
}

/**
 * The pass of `percentiles` over `values` (and with `sums`, `sums`'s too): the order
 * statistics `ranks` by brackets (stat null where that does not find them all exactly), the sum
 * and the number above zero; null where the pass does not run.
 */
function bracketed(values: Float64Array, ranks: readonly number[], sums: boolean): { stat: Map<number, number> | null; sum: number; positive: number } | null {
  const n = values.length;
  // Ranks close together share a bracket; three brackets at most.
  const groups: number[][] = [];
  for (const k of ranks) {
    const g = groups[groups.length - 1];
    if (g && k - (g[g.length - 1] as number) <= n >> 6) g.push(k);
    else groups.push([k]);
  }
  if (groups.length > 3) return null;
  const w = seriesMemory(n);
  if (!w) return null;
  const { f, selection, src, src2: sample, piv, cnt, acc, dst, cap } = w;
  // A sample in runs spread over the series (its iterations are independent draws).
  const run = Math.floor(Math.min(BRACKET_SAMPLE, n >> 3) / BRACKET_RUNS);
  const s = run * BRACKET_RUNS;
  for (let r = 0; r < BRACKET_RUNS; r++) {
    const from = Math.floor((r * n) / BRACKET_RUNS);
    f.set(values.subarray(from, from + run), sample + r * run);
  }
  // Each bracket reaches about three standard deviations of a sample rank beyond its ranks:
  // from the sample's jLo-th value to its jHi-th (or without end).
  const margin = (k: number) => 3 * Math.sqrt((s * k * (n - k)) / (n * n)) + 2;
  const ends = groups.map((ks) => {
    const lo = ks[0] as number;
    const hi = ks[ks.length - 1] as number;
    return [Math.floor((lo * s) / n - margin(lo)), Math.ceil((hi * s) / n + margin(hi))] as const;
  });
  // Those order statistics of the sample, selected in ascending order, each in the values
  // after the one before.
  const wanted = [...new Set(ends.flat().filter((j) => j >= 0 && j < s))].sort((a, b) => a - b);
  let done = 0;
  for (const j of wanted) {
    if (!selection.selectRank(sample + done, s - done, j - done)) return null;
    done = j + 1;
  }
  for (let g = 0; g < 3; g++) {
    const e = ends[g];
    f[piv + 2 * g] = !e ? Infinity : e[0] < 0 ? -Infinity : (f[sample + e[0]] as number);
    f[piv + 2 * g + 1] = !e ? -Infinity : e[1] >= s ? Infinity : (f[sample + e[1]] as number);
  }
  f.fill(0, cnt, cnt + 10);
  for (let at = 0; at < n; at += BRACKET_PART) {
    const part = values.subarray(at, Math.min(n, at + BRACKET_PART));
    f.set(part, src);
    selection.brackets(src, part.length, piv, dst, cap, cnt);
    if (sums) selection.sums(src, part.length, acc);
  }
  const pass = { stat: null, sum: f[acc] as number, positive: f[acc + 1] as number };
  return { ...pass, stat: (f[cnt + 6] as number) > 0 ? null : bracketStats(f, selection, groups, piv, cnt, dst, cap) };
}

/** The order statistics in the brackets after the pass (see `bracketed`), or null. */
function bracketStats(f: Float64Array, selection: Selection, groups: readonly (readonly number[])[], piv: number, cnt: number, dst: number, cap: number): Map<number, number> | null {
  const stat = new Map<number, number>();
  for (let g = 0; g < groups.length; g++) {
    const ks = groups[g] as readonly number[];
    const below = f[cnt + 2 * g] as number;
    const inside = f[cnt + 2 * g + 1] as number;
    if ((ks[0] as number) < below || (ks[ks.length - 1] as number) >= below + inside) return null;
    const at = dst + g * cap;
    const lo = f[piv + 2 * g] as number;
    // A bracket of one value (a series mostly of one number): every value inside is that one.
    const one = lo === f[piv + 2 * g + 1];
    let mixed: boolean | undefined;
    let done = 0;
    for (const k of ks) {
      // Each statistic selected in the values after the one before (none of them smaller).
      const r = k - below;
      if (!one && !selection.selectRank(at + done, inside - done, r - done)) return null;
      done = r + 1;
      const v = one ? lo : (f[at + r] as number);
      // Zeros of both signs are equal to a selection but not to the result: which one a
      // selection in the whole series gives depends on its path, so that one is taken.
      if (v === 0 && (mixed ??= selection.mixedZeros(at, inside) === 1)) return null;
      stat.set(k, v);
    }
  }
  return stat;
}

/** The percentiles from their order statistics (numpy's linear interpolation). */
function interpolate(n: number, ps: readonly number[], stat: ReadonlyMap<number, number>): number[] {
  return ps.map((p) => {
    const h = (n - 1) * p;
    const k = Math.floor(h);
    const lo = stat.get(k) as number;
    if (k + 1 >= n) return lo;
    const hi = stat.get(k + 1) as number;
    return lo + (h - k) * (hi - lo);
  });
}

/**
 * Puts the order statistics `ranks[i0..i1]` (ascending, all within [l, r]) in place and records
 * them: the middle one first, then each half within its side, so each partition pass works on a
 * shrinking part of the array. A rank at the left end of its range is the range's minimum (the
 * statistic just after one already placed): found by a scan instead of a partition.
 */
function selectRanks(a: Float64Array, l: number, r: number, ranks: readonly number[], i0: number, i1: number, stat: Map<number, number>): void {
  if (i0 > i1) return;
  const mid = (i0 + i1) >> 1;
  const k = ranks[mid] as number;
  if (k === l) minTo(a, l, r);
  else select(a, l, r, k);
  stat.set(k, a[k] as number);
  selectRanks(a, l, k - 1, ranks, i0, mid - 1, stat);
  selectRanks(a, k + 1, r, ranks, mid + 1, i1, stat);
}

/** Moves the smallest of a[l..r] to a[l]. */
function minTo(a: Float64Array, l: number, r: number): void {
  let at = l;
  let min = a[l] as number;
  for (let i = l + 1; i <= r; i++) {
    const v = a[i] as number;
    if (v < min) {
      min = v;
      at = i;
    }
  }
  swap(a, l, at);
}

/** Floyd–Rivest-style quickselect: after the call a[k] holds the k-th smallest of a[l..r]. */
function select(a: Float64Array, l: number, r: number, k: number): void {
  while (r > l) {
    if (r - l > 600) {
      const n = r - l + 1;
      const i = k - l + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (i - n / 2 < 0 ? -1 : 1);
      const nl = Math.max(l, Math.floor(k - (i * s) / n + sd));
      const nr = Math.min(r, Math.floor(k + ((n - i) * s) / n + sd));
      select(a, nl, nr, k);
    }
    const t = a[k] as number;
    let i = l;
    let j = r;
    swap(a, l, k);
    if ((a[r] as number) > t) swap(a, l, r);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while ((a[i] as number) < t) i++;
      while ((a[j] as number) > t) j--;
    }
    if (a[l] === t) swap(a, l, j);
    else {
      j++;
      swap(a, j, r);
    }
    if (j <= k) l = j + 1;
    if (k <= j) r = j - 1;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i] as number;
  a[i] = a[j] as number;
  a[j] = t;
}

function mean(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] as number;
  return s / a.length;
}

/**
 * Mean and percentiles of `values`, left as they are (`scratch`, at least as long and not
 * `values`, for `percentiles`).
 */
function summary(values: Float64Array, scratch?: Float64Array): { summary: Summary; share: number } {
  const s = seriesSummary(values, [0.05, 0.5, 0.95], scratch, true);
  const [p05, p50, p95] = s.percentiles as [number, number, number];
  // The share above 0 as shareAbove0 gives it.
  return { summary: { mean: s.mean, p05, p50, p95 }, share: s.positive / values.length };
}

/** dst[i] += src[i]. */
function addInto(dst: Float64Array, src: Float64Array): void {
  for (let i = 0; i < dst.length; i++) dst[i] = (dst[i] as number) + (src[i] as number);
}

/** Equal-width bins from the smallest to the largest value (all in one bin when they are equal). */
export function histogram(values: Float64Array, bins: number): { from: number; to: number; count: number }[] {
  const n = values.length;
  if (n === 0) return [];
  // Long series in WebAssembly passes, in parts (the same comparisons and arithmetic).
  const w = n >= BRACKET_MIN && bins <= n ? seriesMemory(n) : null;
  let lo = Infinity;
  let hi = -Infinity;
  if (w) {
    w.f[w.acc] = lo;
    w.f[w.acc + 1] = hi;
    inParts(w, values, (len) => w.selection.minMax(w.src, len, w.acc));
    lo = w.f[w.acc] as number;
    hi = w.f[w.acc + 1] as number;
  } else
    for (let i = 0; i < n; i++) {
      const v = values[i] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  if (hi === lo) return [{ from: lo, to: hi, count: n }];
  const width = (hi - lo) / bins;
  let counts: number[];
  if (w && Number.isFinite(lo) && Number.isFinite(hi)) {
    w.f.fill(0, w.dst, w.dst + bins);
    inParts(w, values, (len) => w.selection.binCounts(w.src, len, lo, width, bins, w.dst));
    counts = Array.from(w.f.subarray(w.dst, w.dst + bins));
  } else {
    counts = new Array<number>(bins).fill(0);
    for (let i = 0; i < n; i++) {
      const k = Math.min(bins - 1, Math.floor(((values[i] as number) - lo) / width));
      counts[k] = (counts[k] as number) + 1;
    }
  }
  return counts.map((count, k) => ({ from: lo + k * width, to: k === bins - 1 ? hi : lo + (k + 1) * width, count }));
}

function countAbove0(a: Float64Array): number {
  let k = 0;
  for (let i = 0; i < a.length; i++) if ((a[i] as number) > 0) k++;
  return k;
}

/** Bins of the NPV distribution in the result. */
export const NPV_BINS = 40;

/**
 * Year t's band: the 5th, 50th and 95th percentiles of the cumulative discounted net, into
 * `bands` at 3t … 3t + 2. `scratch` holds at least `out.iterations` numbers. Threads may compute
 * the years of one run between them (each its own years, each with its own scratch).
 */
export function yearBand(out: McBuffers, t: number, scratch: Float64Array, bands: Float64Array): void {
  const N = out.iterations;
  const [p05, p50, p95] = percentiles(out.cdn.subarray(t * N, (t + 1) * N), [0.05, 0.5, 0.95], scratch) as [number, number, number];
  bands[3 * t] = p05;
  bands[3 * t + 1] = p50;
  bands[3 * t + 2] = p95;
}

/**
 * Reduces the per-iteration arrays to the `monteCarlo` result of spec §5.
 * @param bands every year's band (`yearBand`), when other threads computed them
 */
export function summarizeMonteCarlo(m: CompiledModel, seed: number, out: McBuffers, bands?: Float64Array): MonteCarloResult {
  const N = out.iterations;
  // One scratch array for the percentiles of every series that must stay as it is.
  const scratch = new Float64Array(N);
  const npvSummary = summary(out.npv, scratch);
  const ss = sumSquares(out.npv, npvSummary.summary.mean);
  const sd = N > 1 ? Math.sqrt(ss / (N - 1)) : 0;
  const npv = { ...npvSummary.summary, sd };
  const allRatios = new Float64Array(N);
  const ratios = allRatios.subarray(0, positiveRatios(out.pvCosts, out.pvSavings, allRatios));
  const byPayer: MonteCarloResult["byPayer"] = {};
  m.payerIds.forEach((id, p) => {
    const series = out.payerNpv.subarray(p * N, (p + 1) * N);
    const s = summary(series, scratch);
    byPayer[id] = { npv: s.summary, probabilityNpvPositive: s.share };
  });
  const byPerspective = {} as MonteCarloResult["byPerspective"];
  for (const key of perspectiveKeys) {
    const groups: readonly string[] = perspectives[key];
    const series = scratch;
    payerSum(out, m.payerIds.flatMap((_, p) => (groups.includes(m.payerGroup[p] as string) ? [p] : [])), series);
    const s = summary(series);
    byPerspective[key] = { npv: s.summary, probabilityNpvPositive: s.share };
  }
  const years: MonteCarloResult["years"] = [];
  const band = bands ?? new Float64Array(3 * m.years);
  for (let t = 0; t < m.years; t++) {
    if (!bands) yearBand(out, t, scratch, band);
    const [p05, p50, p95] = [band[3 * t], band[3 * t + 1], band[3 * t + 2]] as [number, number, number];
    years.push({ year: m.scenario.startYear + t, cumulativeDiscountedNet: { p05, p50, p95 } });
  }
  return {
    iterations: N,
    seed,
    npv: { mean: npv.mean, sd: npv.sd, p05: npv.p05, p50: npv.p50, p95: npv.p95 },
    bcr: ratios.length > 0 ? summary(ratios, scratch).summary : null,
    probabilityNpvPositive: npvSummary.share,
    npvHistogram: histogram(out.npv, NPV_BINS),
    byPayer,
    byPerspective,
    years,
  };
}

/**
 * Runs Monte Carlo in this thread: simple, and what the browser worker and the tests use.
 * The CLI and the server spread `simulateBlocks` over worker threads for the same result.
 */
export function runMonteCarlo(
  m: CompiledModel,
  iterations: number,
  seed: number,
  onProgress?: (done: number, total: number) => void,
): MonteCarloResult {
  const out = mcBuffers(m, iterations);
  const blocks = blockCount(iterations);
  simulateBlocks(m, seed, 0, blocks, out, createWorkspace(m), (b) =>
    onProgress?.(Math.min(iterations, (b + 1) * BLOCK_SIZE), iterations),
  );
  return summarizeMonteCarlo(m, seed, out);
}

// ---------------------------------------------------------------------------------------
// Parts of a run, for workers without shared memory (the browser)

/** Blocks [first, end) of part k of `parts` equal parts of a run (whole blocks; some may be empty). */
export function partBlocks(iterations: number, parts: number, k: number): [number, number] {
  const blocks = blockCount(iterations);
  return [Math.floor((k * blocks) / parts), Math.floor(((k + 1) * blocks) / parts)];
}

/**
 * Buffers for blocks [firstBlock, endBlock) of a run of `iterations` iterations, over one
 * buffer (`buffer`, or a new one) that can be transferred to another thread.
 */
export function mcPartBuffers(
  m: CompiledModel,
  iterations: number,
  firstBlock: number,
  endBlock: number,
  buffer?: ArrayBufferLike,
): McBuffers {
  const first = Math.min(iterations, firstBlock * BLOCK_SIZE);
  const end = Math.min(iterations, endBlock * BLOCK_SIZE);
  return { ...mcBuffers(m, end - first, buffer), firstIteration: first, runIterations: iterations };
}

/** The buffers of a whole run from the buffers of its parts (in any order, covering it). */
export function assembleMcParts(m: CompiledModel, iterations: number, parts: readonly McBuffers[]): McBuffers {
  const out = mcBuffers(m, iterations);
  const N = iterations;
  for (const part of parts) {
    const n = part.iterations;
    const at = part.firstIteration ?? 0;
    out.npv.set(part.npv, at);
    out.pvCosts.set(part.pvCosts, at);
    out.pvSavings.set(part.pvSavings, at);
    for (let p = 0; p < m.payerIds.length; p++) out.payerNpv.set(part.payerNpv.subarray(p * n, (p + 1) * n), p * N + at);
    for (let t = 0; t < m.years; t++) out.cdn.set(part.cdn.subarray(t * n, (t + 1) * n), t * N + at);
  }
  return out;
}
