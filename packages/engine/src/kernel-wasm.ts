/**
 * The batch kernel's passes, in two implementations with one interface: WebAssembly with
 * 128-bit SIMD (wasm/kernel.ts, where the runtime has it) and plain JavaScript; and, in
 * WebAssembly, the samplers of the common distributions (distributions.ts keeps them all in
 * JavaScript too). Both work on
 * one memory of f64 numbers addressed by index, do the same operations in the same order for
 * every lane, and so give bit for bit the same results (WebAssembly's arithmetic is IEEE 754's,
 * without fused multiply-add): the choice changes the speed, never a number.
 * @module
 */
import { KERNEL_WASM_BASE64 } from "./kernel-wasm.generated.js";
import { clampValue } from "./model.js";

/** A row of lanes: iterations computed together. */
export const LANES = 128;

/** The passes (arguments: indices of numbers in the memory; rows of LANES numbers). */
export interface Passes {
  /** pvC += a·linePv; pay −= a·linePv; sum += a, with a = params · costFactor. */
  costLine(params: number, n: number, costFactor: number, linePv: number, pvC: number, pay: number, sum: number): void;
  /** netDisc[t] −= sum · pd[t] over [first, last]. */
  costFlows(netDisc: number, sum: number, pd: number, first: number, last: number, n: number): void;
  /** scale = p₀ · RRRₑ for a relative risk reduction (`effectiveRrr` written out). */
  effectScaleRrr(scale: number, p0Row: number, sizeRow: number, effRow: number, effectFactor: number, n: number): void;
  /** avoided[y] += scale · prof[y] over [first, last]. */
  addProfile(avoided: number, scale: number, prof: number, first: number, last: number, n: number): void;
  /** prefix[k] = Σ_{first ≤ y < k} avoided[y], for k in [first, last + 1]. */
  prefixSums(prefix: number, avoided: number, first: number, last: number, n: number): void;
  /** out = quantity · amount. */
  perUnit(out: number, qRow: number, aRow: number, n: number): void;
  /** Savings by year, perUnit · (prefix[hi] − prefix[lo]) · df[t], to netDisc; their sum into pv. */
  savingsFlows(netDisc: number, pv: number, perUnit: number, prefix: number, df: number, T: number, from: number, years: number, first: number, last: number, n: number): void;
  /** pay += pv; pvS += pv. */
  savingsPv(pay: number, pvS: number, pv: number, n: number): void;
  /** effectScaleRrr into `scale`, then addProfile with it. */
  effectRrrProfile(scale: number, p0Row: number, sizeRow: number, effRow: number, effectFactor: number, avoided: number, prof: number, first: number, last: number, n: number): void;
  /** perUnit (into `perUnit`), savingsFlows and savingsPv: a consequence that is not a transfer. */
  consequence(netDisc: number, pv: number, perUnit: number, qRow: number, aRow: number, prefix: number, df: number, T: number, from: number, years: number, first: number, last: number, pay: number, pvS: number, n: number): void;
  /** A drawn row clamped as `clampValue` does (kind: the `Clamp`). */
  clamp(row: number, n: number, kind: number): void;
  /**
   * to = exp(1.65 · from), Math.exp's numbers: the odds ratios of a row of standardised mean
   * differences (`effectiveRrr`).
   */
  oddsRatios(to: number, from: number, n: number): void;
  /**
   * scale = p₀ · RRRₑ for an odds ratio (`effectiveRrr` written out), the odds ratios in orRow
   * (for a standardised mean difference, exp(1.65 · d), by `oddsRatios`).
   */
  effectScaleOr(scale: number, p0Row: number, orRow: number, effRow: number, effectFactor: number, n: number): void;
  /** effectScaleOr into `scale`, then addProfile with it. */
  effectOrProfile(scale: number, p0Row: number, orRow: number, effRow: number, effectFactor: number, avoided: number, prof: number, first: number, last: number, n: number): void;
  /**
   * A transfer: perUnit = quantity · amount, dot = Σ avoided[y] · weight[y] over [first, last];
   * pay += perUnit · dot, rec −= perUnit · dot.
   */
  transfer(dot: number, perUnit: number, qRow: number, aRow: number, avoided: number, weight: number, pay: number, rec: number, first: number, last: number, n: number): void;
  /** netDisc's T rows made cumulative in place (row t = 0 + row 0 + … + row t), npv = pvS − pvC. */
  totals(netDisc: number, T: number, npv: number, pvS: number, pvC: number, n: number): void;
  /**
   * A batch's program (batch-kernel.ts `programFor`, at index `prog`): the passes above in its
   * order, `col` added to the rows of parameters. One call instead of one a pass.
   */
  run(prog: number, col: number, n: number): void;
  /**
   * avoided[y] += w · G(y) over [first, last]: w = scale / years, G(y) = x·G(y − 1) +
   * entering[y]·enter − leaving[y]·leave, G before first 0 (x, enter, leave: rows of lanes).
   */
  onsetProfile(avoided: number, scale: number, x: number, enter: number, leave: number, entering: number, leaving: number, years: number, first: number, last: number, n: number): void;
}

/** The passes in JavaScript over `f`. */
export function jsPasses(f: Float64Array): Passes {
  const L = LANES;
  const passes: Passes = {
    costLine(params, n, costFactor, linePv, pvC, pay, sum) {
      for (let l = 0; l < n; l++) {
        const amount = (f[params + l] as number) * costFactor;
        const pv = amount * linePv;
        f[pvC + l] = (f[pvC + l] as number) + pv;
        f[pay + l] = (f[pay + l] as number) - pv;
        f[sum + l] = (f[sum + l] as number) + amount;
      }
    },
    costFlows(netDisc, sum, pd, first, last, n) {
      for (let t = first; t <= last; t++) {
        const k = f[pd + t] as number;
        const at = netDisc + t * L;
        for (let l = 0; l < n; l++) f[at + l] = (f[at + l] as number) - (f[sum + l] as number) * k;
      }
    },
    effectScaleRrr(scale, p0Row, sizeRow, effRow, effectFactor, n) {
      for (let l = 0; l < n; l++) {
        const p0 = f[p0Row + l] as number;
        let r = 0;
        if (p0 > 0) {
          const x = (f[sizeRow + l] as number) * (f[effRow + l] as number) * effectFactor;
          const low = 1 - 1 / p0;
          r = x < low ? low : Math.min(x, 1);
        }
        f[scale + l] = p0 * r;
      }
    },
    addProfile(avoided, scale, prof, first, last, n) {
      for (let y = first; y <= last; y++) {
        const k = f[prof + y] as number;
        const at = avoided + y * L;
        for (let l = 0; l < n; l++) f[at + l] = (f[at + l] as number) + (f[scale + l] as number) * k;
      }
    },
    prefixSums(prefix, avoided, first, last, n) {
      f.fill(0, prefix + first * L, prefix + first * L + L);
      for (let y = first; y <= last; y++) {
        const cur = prefix + y * L;
        const src = avoided + y * L;
        for (let l = 0; l < n; l++) f[cur + L + l] = (f[cur + l] as number) + (f[src + l] as number);
      }
    },
    perUnit(out, qRow, aRow, n) {
      for (let l = 0; l < n; l++) f[out + l] = (f[qRow + l] as number) * (f[aRow + l] as number);
    },
    savingsFlows(netDisc, pv, perUnit, prefix, df, T, from, years, first, last, n) {
      f.fill(0, pv, pv + n);
      const tEnd = Math.min(T - 1, last + from + years - 1);
      for (let t = first + from; t <= tEnd; t++) {
        const hi = prefix + (Math.min(t - from, last) + 1) * L;
        const lo = prefix + Math.max(t - from - years + 1, first) * L;
        const k = f[df + t] as number;
        const at = netDisc + t * L;
        for (let l = 0; l < n; l++) {
          const v = (f[perUnit + l] as number) * ((f[hi + l] as number) - (f[lo + l] as number)) * k;
          f[at + l] = (f[at + l] as number) + v;
          f[pv + l] = (f[pv + l] as number) + v;
        }
      }
    },
    savingsPv(pay, pvS, pv, n) {
      for (let l = 0; l < n; l++) {
        f[pay + l] = (f[pay + l] as number) + (f[pv + l] as number);
        f[pvS + l] = (f[pvS + l] as number) + (f[pv + l] as number);
      }
    },
    effectRrrProfile(scale, p0Row, sizeRow, effRow, effectFactor, avoided, prof, first, last, n) {
      passes.effectScaleRrr(scale, p0Row, sizeRow, effRow, effectFactor, n);
      passes.addProfile(avoided, scale, prof, first, last, n);
    },
    consequence(netDisc, pv, perUnit, qRow, aRow, prefix, df, T, from, years, first, last, pay, pvS, n) {
      passes.perUnit(perUnit, qRow, aRow, n);
      passes.savingsFlows(netDisc, pv, perUnit, prefix, df, T, from, years, first, last, n);
      passes.savingsPv(pay, pvS, pv, n);
    },
    clamp(row, n, kind) {
      for (let i = row; i < row + n; i++) f[i] = clampValue(f[i] as number, kind);
    },
    oddsRatios(to, from, n) {
      for (let l = 0; l < n; l++) f[to + l] = Math.exp(1.65 * (f[from + l] as number));
    },
    effectScaleOr(scale, p0Row, orRow, effRow, effectFactor, n) {
      for (let l = 0; l < n; l++) {
        const p0 = f[p0Row + l] as number;
        let r = 0;
        if (p0 > 0) {
          let rrr = 0;
          if (!(p0 >= 1)) {
            const op = (f[orRow + l] as number) * p0;
            rrr = 1 - op / (1 - p0 + op) / p0;
          }
          const x = rrr * (f[effRow + l] as number) * effectFactor;
          const low = 1 - 1 / p0;
          r = x < low ? low : Math.min(x, 1);
        }
        f[scale + l] = p0 * r;
      }
    },
    effectOrProfile(scale, p0Row, orRow, effRow, effectFactor, avoided, prof, first, last, n) {
      passes.effectScaleOr(scale, p0Row, orRow, effRow, effectFactor, n);
      passes.addProfile(avoided, scale, prof, first, last, n);
    },
    transfer(dot, perUnit, qRow, aRow, avoided, weight, pay, rec, first, last, n) {
      passes.perUnit(perUnit, qRow, aRow, n);
      f.fill(0, dot, dot + n);
      for (let y = first; y <= last; y++) {
        const k = f[weight + y] as number;
        const at = avoided + y * L;
        for (let l = 0; l < n; l++) f[dot + l] = (f[dot + l] as number) + (f[at + l] as number) * k;
      }
      for (let l = 0; l < n; l++) {
        const pv = (f[perUnit + l] as number) * (f[dot + l] as number);
        f[pay + l] = (f[pay + l] as number) + pv;
        f[rec + l] = (f[rec + l] as number) - pv;
      }
    },
    run(prog, col, n) {
      let p = prog;
      const a = (k: number) => f[p + k] as number;
      for (;;) {
        const op = a(0);
        if (op === 1) {
          f.fill(0, a(1), a(1) + a(2));
          p += 3;
        } else if (op === 2) {
          passes.costLine(a(1) + col, n, a(2), a(3), a(4), a(5), a(6));
          p += 7;
        } else if (op === 3) {
          passes.costFlows(a(1), a(2), a(3), a(4), a(5), n);
          p += 6;
        } else if (op === 4) {
          passes.effectRrrProfile(a(1), a(2) + col, a(3) + col, a(4) + col, a(5), a(6), a(7), a(8), a(9), n);
          p += 10;
        } else if (op === 5 || op === 6) {
          passes.effectOrProfile(a(1), a(2) + col, a(3) + (op === 5 ? col : 0), a(4) + col, a(5), a(6), a(7), a(8), a(9), n);
          p += 10;
        } else if (op === 7) {
          passes.prefixSums(a(1), a(2), a(3), a(4), n);
          p += 5;
        } else if (op === 8) {
          passes.consequence(a(1), a(2), a(3), a(4) + col, a(5) + col, a(6), a(7), a(8), a(9), a(10), a(11), a(12), a(13), a(14), n);
          p += 15;
        } else if (op === 9) {
          passes.transfer(a(1), a(2), a(3) + col, a(4) + col, a(5), a(6), a(7), a(8), a(9), a(10), n);
          p += 11;
        } else if (op === 10) {
          passes.totals(a(1), a(2), a(3), a(4), a(5), n);
          p += 6;
        } else if (op === 11) {
          passes.effectScaleRrr(a(1), a(2) + col, a(3) + col, a(4) + col, a(5), n);
          p += 6;
        } else if (op === 12 || op === 13) {
          passes.effectScaleOr(a(1), a(2) + col, a(3) + (op === 12 ? col : 0), a(4) + col, a(5), n);
          p += 6;
        } else if (op === 14) {
          passes.onsetProfile(a(1), a(2), a(3), a(4), a(5), a(6), a(7), a(8), a(9), a(10), n);
          p += 11;
        } else return;
      }
    },
    onsetProfile(avoided, scale, x, enter, leave, entering, leaving, years, first, last, n) {
      for (let l = 0; l < n; l++) {
        const w = (f[scale + l] as number) / years;
        const xl = f[x + l] as number;
        const en = f[enter + l] as number;
        const lv = f[leave + l] as number;
        let g = 0;
        for (let y = first; y <= last; y++) {
          g = xl * g + (f[entering + y] as number) * en - (f[leaving + y] as number) * lv;
          const at = avoided + y * L + l;
          f[at] = (f[at] as number) + w * g;
        }
      }
    },
    totals(netDisc, T, npv, pvS, pvC, n) {
      for (let l = 0; l < n; l++) {
        f[npv + l] = (f[pvS + l] as number) - (f[pvC + l] as number);
        let cum = 0;
        for (let t = 0; t < T; t++) {
          const at = netDisc + t * L + l;
          cum = cum + (f[at] as number);
          f[at] = cum;
        }
      }
    },
  };
  return passes;
}

/**
 * The samplers of distributions.ts for the common distributions, word for word on the stream of
 * a generator whose state and words are in the memory (byte addresses `state`, `words`, read from
 * position `from`); each fills out[0 … n − 1] (an f64 index) and returns the next position.
 */
export interface Samplers {
  normalInto(state: number, words: number, from: number, mean: number, sd: number, out: number, n: number): number;
  /** Gamma for a shape ≥ 1: d = shape − 1/3, c = 1/√(9d). */
  gammaInto(state: number, words: number, from: number, d: number, c: number, scale: number, out: number, n: number): number;
  /** low + width · X/(X + Y), both shapes ≥ 1. */
  betaInto(state: number, words: number, from: number, da: number, ca: number, db: number, cb: number, low: number, width: number, out: number, n: number): number;
  /** a + b · U. */
  uniformInto(state: number, words: number, from: number, a: number, b: number, out: number, n: number): number;
  /** Triangular with a = min, b = max − min, c = (mode − min)/b, d = max. */
  triangularInto(state: number, words: number, from: number, a: number, b: number, c: number, d: number, out: number, n: number): number;
  /**
   * `count` uncertain numbers drawn one after the other, each into its row and clamped: the
   * samplers above from a table of 10 numbers an entry at `table` (block-sampling.ts); one call
   * instead of two a number.
   */
  sampleTable(state: number, words: number, from: number, table: number, count: number, n: number): number;
}

/** The pass that exact percentiles of long series start with (percentiles in montecarlo.ts). */
export interface Selection {
  /**
   * One pass over src[0 … n − 1] with three brackets [lo_g, hi_g] (pivots at piv: lo₀, hi₀, lo₁,
   * hi₁, lo₂, hi₂): the values inside bracket g copied, in order, to dst + g · cap on (cap > n);
   * at cnt: for each g the number of values below lo_g and the number inside, then the number of
   * NaNs.
   */
  brackets(src: number, n: number, piv: number, dst: number, cap: number, cnt: number): void;
  /** src[0 … n − 1] added one after the other to the sum at acc; those above 0 counted at acc + 1. */
  sums(src: number, n: number, acc: number): void;
  /** (v − mu)² for src[0 … n − 1] added one after the other to acc. */
  squares(src: number, n: number, mu: number, acc: number): void;
  /** savings[i] / costs[i] where costs[i] > 0, in order, to dst from the count at cnt on (adding to it). */
  ratios(costs: number, savings: number, n: number, dst: number, cnt: number): void;
  /**
   * Rearranges a[0 … n − 1] (no NaNs) so that a[k] is its k-th smallest, none smaller after it;
   * 0 where it gives up, 1 otherwise.
   */
  selectRank(a: number, n: number, k: number): number;
  /** 1 where a[0 … n − 1] holds zeros of both signs, else 0. */
  mixedZeros(a: number, n: number): number;
  /** dst[i] += src[i] for i < n. */
  addRow(dst: number, src: number, n: number): void;
  /** The smallest and largest of src[0 … n − 1] and the two at acc (NaNs passed over), into acc. */
  minMax(src: number, n: number, acc: number): void;
  /** src's counts in `bins` bins of `width` from lo on (`histogram`'s, NaNs in none), added to those at counts. */
  binCounts(src: number, n: number, lo: number, width: number, bins: number, counts: number): void;
}

/** The module's exports. */
type KernelExports = Passes &
  Samplers &
  Selection & {
    memory: { buffer: ArrayBuffer; grow(pages: number): number };
    /** Where the ziggurat's tables are in the memory (f64 indices). */
    setTables(zigX: number, zigRatio: number): void;
    /**
     * The gamma sampler's test with logs, log(u) < x2/2 + d·(1 − v + log v) for v = s³, as the
     * samplers decide it (mostly by bounds without logs): 1 where it holds (exported for tests).
     */
    logTest(u: number, x2: number, s: number, v: number, d: number): number;
    /** The ziggurat's wedge test as the samplers decide it: 1 where the point is accepted (for tests). */
    wedgeTest(x: number, xi: number, xn: number, w: number): number;
    /** The module's exp, Math.exp's numbers (exported for tests). */
    exactExp(x: number): number;
  };

/** The little of the WebAssembly API used here (the engine's TypeScript library has no DOM). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: KernelExports };
}

/** Numbers below this index belong to the module's own data. */
const WASM_RESERVED = 65536 / 8;

let compiled: object | null | undefined;

/** The compiled module, or null where WebAssembly or its SIMD is missing. */
function kernelModule(): object | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  const g = globalThis as unknown as { WebAssembly?: WasmApi; atob?: (s: string) => string };
  try {
    if (!g.WebAssembly || !g.atob) return compiled;
    const text = g.atob(KERNEL_WASM_BASE64);
    // A plain loop: a callback per byte (Uint8Array.from) is slow while the code is cold.
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    // A module it cannot compile (no SIMD, say) throws here: no separate validation first.
    compiled = new g.WebAssembly.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

/** A memory of at least `numbers` f64 (from index `first` on) with its passes. */
export interface KernelMemory {
  readonly f: Float64Array;
  readonly first: number;
  readonly passes: Passes;
  /** The WebAssembly samplers (`setTables` first), where they run. */
  readonly samplers: KernelExports | null;
  /** The WebAssembly selection pass, where it runs. */
  readonly selection: Selection | null;
  readonly wasm: boolean;
}

/** The `first` of the memory that `kernelMemory(…, wasm)` gives, before it is made. */
export function kernelMemoryFirst(wasm = true): number {
  return wasm && kernelModule() ? WASM_RESERVED : 0;
}

/**
 * Memory for the kernel: a WebAssembly instance's where it can run (and `wasm` is not false),
 * else a plain buffer with the JavaScript passes.
 */
export function kernelMemory(numbers: number, wasm = true): KernelMemory {
  const module = wasm ? kernelModule() : null;
  if (module) {
    const g = globalThis as unknown as { WebAssembly: WasmApi };
    // JavaScript's own log, so that the samplers' rare paths give the same numbers.
    const { exports } = new g.WebAssembly.Instance(module, { Math: { log: Math.log } });
    const bytes = 8 * (WASM_RESERVED + numbers);
    const have = exports.memory.buffer.byteLength;
    if (bytes > have) exports.memory.grow(Math.ceil((bytes - have) / 65536));
    return { f: new Float64Array(exports.memory.buffer), first: WASM_RESERVED, passes: exports, samplers: exports, selection: exports, wasm: true };
  }
  const f = new Float64Array(numbers);
  return { f, first: 0, passes: jsPasses(f), samplers: null, selection: null, wasm: false };
}
