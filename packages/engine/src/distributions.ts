/**
 * The distributions of uncertain numbers (spec §2): their base value (the mean), the rules on
 * their parameters, sampling, and exact quantiles.
 * @module
 */
import type { Samplers } from "./kernel-wasm.js";
import type { Rng } from "./rng.js";
import type { Distribution, Uncertain } from "./schema.js";
import { betaIWith, gammaPWith, invertNewton, logGamma, normalQuantile } from "./special.js";

/** The base-case value of an uncertain number: the number itself, or its distribution's mean. */
export function baseValue(u: Uncertain): number {
  if (typeof u === "number") return u;
  switch (u.dist) {
    case "normal":
    case "lognormal":
    case "gamma":
    case "beta":
      return u.mean;
    case "uniform":
      return (u.min + u.max) / 2;
    case "triangular":
      return (u.min + u.mode + u.max) / 3;
    case "pert":
      return (u.min + 4 * u.mode + u.max) / 6;
  }
}

/** A broken parameter rule: the parameter's name and the rule (an `dist_rule` issue). */
export interface DistRuleViolation {
  readonly field: string;
  readonly rule: string;
}

/** The spec's rules on a distribution's parameters; empty when it is valid. */
export function distributionProblems(d: Distribution): DistRuleViolation[] {
  const out: DistRuleViolation[] = [];
  switch (d.dist) {
    case "normal":
      if (d.sd < 0) out.push({ field: "sd", rule: "sd_nonnegative" });
      break;
    case "lognormal":
    case "gamma":
      if (!(d.mean > 0)) out.push({ field: "mean", rule: "mean_positive" });
      if (!(d.sd > 0)) out.push({ field: "sd", rule: "sd_positive" });
      break;
    case "beta":
      if (!(d.mean > 0 && d.mean < 1)) out.push({ field: "mean", rule: "beta_mean" });
      else if (!(d.sd > 0)) out.push({ field: "sd", rule: "sd_positive" });
      else if (!(d.sd * d.sd < d.mean * (1 - d.mean))) out.push({ field: "sd", rule: "beta_sd" });
      break;
    case "uniform":
      if (!(d.min < d.max)) out.push({ field: "max", rule: "min_below_max" });
      break;
    case "triangular":
    case "pert":
      if (!(d.min < d.max)) out.push({ field: "max", rule: "min_below_max" });
      else if (!(d.min <= d.mode && d.mode <= d.max))
        out.push({ field: "mode", rule: "mode_between" });
      break;
  }
  return out;
}

/**
 * A distribution with its derived parameters computed once, ready for fast sampling.
 * `kind` 0 = constant (a plain number).
 */
export interface PreparedDist {
  readonly source: Uncertain;
  readonly kind: DistCode;
  /** Derived parameters; meaning depends on kind (see `prepare`). */
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
}

export const enum DistCode {
  Constant = 0,
  Normal = 1,
  Lognormal = 2,
  Gamma = 3,
  Beta = 4,
  Uniform = 5,
  Triangular = 6,
  Pert = 7,
}

/** Precomputes the derived parameters of an uncertain number (spec §2 table). */
export function prepare(u: Uncertain): PreparedDist {
  if (typeof u === "number") return { source: u, kind: DistCode.Constant, a: u, b: 0, c: 0, d: 0 };
  switch (u.dist) {
    case "normal":
      return { source: u, kind: DistCode.Normal, a: u.mean, b: u.sd, c: 0, d: 0 };
    case "lognormal": {
      const s2 = Math.log(1 + (u.sd * u.sd) / (u.mean * u.mean));
      return {
        source: u,
        kind: DistCode.Lognormal,
        a: Math.log(u.mean) - s2 / 2,
        b: Math.sqrt(s2),
        c: 0,
        d: 0,
      };
    }
    case "gamma":
      // a = shape, b = scale
      return {
        source: u,
        kind: DistCode.Gamma,
        a: (u.mean * u.mean) / (u.sd * u.sd),
        b: (u.sd * u.sd) / u.mean,
        c: 0,
        d: 0,
      };
    case "beta": {
      const alpha = u.mean * ((u.mean * (1 - u.mean)) / (u.sd * u.sd) - 1);
      // a = α, b = β, c = low, d = width (0 and 1 for a plain beta)
      return {
        source: u,
        kind: DistCode.Beta,
        a: alpha,
        b: (alpha * (1 - u.mean)) / u.mean,
        c: 0,
        d: 1,
      };
    }
    case "uniform":
      return { source: u, kind: DistCode.Uniform, a: u.min, b: u.max - u.min, c: 0, d: 0 };
    case "triangular":
      // a = min, b = max − min, c = (mode − min)/(max − min), d = max
      return {
        source: u,
        kind: DistCode.Triangular,
        a: u.min,
        b: u.max - u.min,
        c: (u.mode - u.min) / (u.max - u.min),
        d: u.max,
      };
    case "pert": {
      const w = u.max - u.min;
      return {
        source: u,
        kind: DistCode.Pert,
        a: 1 + (4 * (u.mode - u.min)) / w,
        b: 1 + (4 * (u.max - u.mode)) / w,
        c: u.min,
        d: w,
      };
    }
  }
}

// Ziggurat tables for the standard normal (Marsaglia & Tsang 2000, in Doornik's 2005 form
// "ZIGNOR", which draws the layer and the value from independent bits).
const ZIG_C = 128;
const ZIG_R = 3.442619855899;
const ZIG_V = 9.91256303526217e-3;
/** The ziggurat's layer edges and their ratios (exported for the WebAssembly samplers). */
export const ZIG_X = new Float64Array(ZIG_C + 1);
export const ZIG_RATIO = new Float64Array(ZIG_C);
{
  let f = Math.exp(-0.5 * ZIG_R * ZIG_R);
  ZIG_X[0] = ZIG_V / f;
  ZIG_X[1] = ZIG_R;
  ZIG_X[ZIG_C] = 0;
  for (let i = 2; i < ZIG_C; i++) {
    const x = Math.sqrt(-2 * Math.log(ZIG_V / (ZIG_X[i - 1] as number) + f));
    ZIG_X[i] = x;
    f = Math.exp(-0.5 * x * x);
  }
  for (let i = 0; i < ZIG_C; i++) ZIG_RATIO[i] = (ZIG_X[i + 1] as number) / (ZIG_X[i] as number);
}
const TWO_POW_MINUS_31 = 1 / 2147483648;
const TWO_POW_MINUS_53 = 1 / 9007199254740992;

/**
 * A standard normal draw by the ziggurat method: two words of the stream (one for the value,
 * one for the layer), rarely more and an exp.
 */
export function standardNormal(rng: Rng): number {
  for (;;) {
    rng.ensure(2);
    const w = rng.words;
    const p = rng.pos;
    rng.pos = p + 2;
    // u uniform in (−1, 1) from one word read as a signed integer; the layer from the next.
    const u = (((w[p] as number) | 0) + 0.5) * TWO_POW_MINUS_31;
    const i = (w[p + 1] as number) & (ZIG_C - 1);
    const xi = ZIG_X[i] as number;
    if (Math.abs(u) < (ZIG_RATIO[i] as number)) return u * xi;
    const x = normalEdge(rng, u, i, xi);
    if (x === x) return x; // NaN: rejected, draw again
  }
}

/** The ziggurat's rare cases: the tail beyond R, or a wedge (NaN when the point is rejected). */
function normalEdge(rng: Rng, u: number, i: number, xi: number): number {
  if (i === 0) {
    // The tail beyond R (Marsaglia 1964).
    let x: number;
    let y: number;
    do {
      x = Math.log(rng.uniform()) / ZIG_R;
      y = Math.log(rng.uniform());
    } while (-2 * y < x * x);
    return u < 0 ? x - ZIG_R : ZIG_R - x;
  }
  const x = u * xi;
  const xn = ZIG_X[i + 1] as number;
  const f0 = Math.exp(-0.5 * (xi * xi - x * x));
  const f1 = Math.exp(-0.5 * (xn * xn - x * x));
  return f1 + rng.uniform() * (f0 - f1) < 1 ? x : Number.NaN;
}

/**
 * Gamma(d + 1/3, 1) for a shape ≥ 1 by Marsaglia & Tsang (2000), with d = shape − 1/3 and
 * c = 1/√(9d) given: a normal and a uniform per try, a log only when the squeeze fails.
 */
function gammaMT(rng: Rng, d: number, c: number): number {
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Marsaglia & Tsang's d = shape − 1/3 for a shape ≥ 1 (every sampler of gamma and beta, here and in WebAssembly). */
export const mtD = (shape: number): number => shape - 1 / 3;
/** Marsaglia & Tsang's c = 1/√(9d). */
export const mtC = (d: number): number => 1 / Math.sqrt(9 * d);

/** Gamma(shape, 1): Marsaglia & Tsang, with the boost U^(1/shape) for a shape < 1. */
function standardGamma(rng: Rng, shape: number): number {
  if (shape < 1) {
    const d = mtD(shape + 1);
    return gammaMT(rng, d, mtC(d)) * rng.uniform() ** (1 / shape);
  }
  const d = mtD(shape);
  return gammaMT(rng, d, mtC(d));
}

/**
 * out[k] = scale · Gamma(d + 1/3, 1): `gammaMT` with the ziggurat's common case and the uniform
 * read from the stream's words in place, and the result stored, not returned (a returned
 * double is a heap allocation when the call is not inlined). The same words, the same draw.
 */
function gammaTo(rng: Rng, d: number, c: number, scale: number, out: Float64Array, k: number): void {
  const w = rng.words;
  for (;;) {
    rng.ensure(2);
    let p = rng.pos;
    const zu = (((w[p] as number) | 0) + 0.5) * TWO_POW_MINUS_31;
    const layer = (w[p + 1] as number) & (ZIG_C - 1);
    let x: number;
    if (Math.abs(zu) < (ZIG_RATIO[layer] as number)) {
      x = zu * (ZIG_X[layer] as number);
      rng.pos = p + 2;
    } else x = standardNormal(rng); // reads the same two words again and goes on from there
    let v = 1 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    rng.ensure(2);
    p = rng.pos;
    rng.pos = p + 2;
    const u = (((w[p] as number) >>> 5) * 67108864 + ((w[p + 1] as number) >>> 6) + 0.5) * TWO_POW_MINUS_53;
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
      out[k] = scale * (d * v);
      return;
    }
  }
}

/** out[start … end−1] = mean + sd · Z, Z standard normal (the ziggurat's common case in place). */
function normalInto(rng: Rng, mean: number, sd: number, out: Float64Array, start: number, end: number): void {
  const w = rng.words;
  for (let i = start; i < end; i++) {
    rng.ensure(2);
    const p = rng.pos;
    const zu = (((w[p] as number) | 0) + 0.5) * TWO_POW_MINUS_31;
    const layer = (w[p + 1] as number) & (ZIG_C - 1);
    if (Math.abs(zu) < (ZIG_RATIO[layer] as number)) {
      out[i] = mean + sd * (zu * (ZIG_X[layer] as number));
      rng.pos = p + 2;
    } else out[i] = mean + sd * standardNormal(rng);
  }
}

/** Fills out[start … end−1] with Gamma(shape, scale) draws. */
function gammaInto(rng: Rng, shape: number, scale: number, out: Float64Array, start: number, end: number): void {
  if (shape < 1) {
    for (let i = start; i < end; i++) out[i] = scale * standardGamma(rng, shape);
    return;
  }
  const d = mtD(shape);
  const c = mtC(d);
  for (let i = start; i < end; i++) gammaTo(rng, d, c, scale, out, i);
}

const pair = new Float64Array(2);

/** Fills out[start … end−1] with low + width · X/(X + Y), X ~ Gamma(α), Y ~ Gamma(β). */
function betaInto(rng: Rng, alpha: number, beta: number, low: number, width: number, out: Float64Array, start: number, end: number): void {
  if (alpha < 1 || beta < 1) {
    for (let i = start; i < end; i++) {
      const x = standardGamma(rng, alpha);
      const y = standardGamma(rng, beta);
      out[i] = low + (width * x) / (x + y);
    }
    return;
  }
  const da = mtD(alpha);
  const ca = mtC(da);
  const db = mtD(beta);
  const cb = mtC(db);
  for (let i = start; i < end; i++) {
    gammaTo(rng, da, ca, 1, pair, 0);
    gammaTo(rng, db, cb, 1, pair, 1);
    const x = pair[0] as number;
    const y = pair[1] as number;
    out[i] = low + (width * x) / (x + y);
  }
}

/** out[start … end−1] = exp(out[…]) (a loop of its own, optimised on its own). */
function expInPlace(out: Float64Array, start: number, end: number): void {
  for (let i = start; i < end; i++) out[i] = Math.exp(out[i] as number);
}

/**
 * The WebAssembly samplers (kernel-wasm.ts) for a generator whose state and words are in their
 * memory at the byte addresses `state` and `words`, and an `out` that is that memory.
 */
export interface FastSampling {
  readonly samplers: Samplers;
  readonly state: number;
  readonly words: number;
}

/**
 * Fills out[start … start+n−1] with draws. One call per uncertain number and block of
 * iterations keeps the inner loop on one distribution (fast), and the draw order fixed: the
 * same seed and stream give the same draws, however the stream's words are buffered.
 * @param fast the WebAssembly samplers, for a generator and an `out` in their memory: the same
 *   draws, sooner
 */
export function sampleInto(p: PreparedDist, rng: Rng, out: Float64Array, start: number, n: number, fast?: FastSampling) {
  const end = start + n;
  switch (p.kind) {
    case DistCode.Constant:
      out.fill(p.a, start, end);
      return;
    case DistCode.Normal:
      if (fast) rng.pos = fast.samplers.normalInto(fast.state, fast.words, rng.pos, p.a, p.b, start, n);
      else normalInto(rng, p.a, p.b, out, start, end);
      return;
    case DistCode.Lognormal:
      if (fast) rng.pos = fast.samplers.normalInto(fast.state, fast.words, rng.pos, p.a, p.b, start, n);
      else normalInto(rng, p.a, p.b, out, start, end);
      expInPlace(out, start, end);
      return;
    case DistCode.Gamma:
      if (fast && p.a >= 1) {
        const d = mtD(p.a);
        rng.pos = fast.samplers.gammaInto(fast.state, fast.words, rng.pos, d, mtC(d), p.b, start, n);
      } else gammaInto(rng, p.a, p.b, out, start, end);
      return;
    case DistCode.Beta:
    case DistCode.Pert:
      if (fast && p.a >= 1 && p.b >= 1) {
        const da = mtD(p.a);
        const db = mtD(p.b);
        rng.pos = fast.samplers.betaInto(fast.state, fast.words, rng.pos, da, mtC(da), db, mtC(db), p.c, p.d, start, n);
      } else betaInto(rng, p.a, p.b, p.c, p.d, out, start, end);
      return;
    case DistCode.Uniform:
      if (fast) rng.pos = fast.samplers.uniformInto(fast.state, fast.words, rng.pos, p.a, p.b, start, n);
      else for (let i = start; i < end; i++) out[i] = p.a + p.b * rng.uniform();
      return;
    case DistCode.Triangular:
      if (fast) {
        rng.pos = fast.samplers.triangularInto(fast.state, fast.words, rng.pos, p.a, p.b, p.c, p.d, start, n);
        return;
      }
      for (let i = start; i < end; i++) {
        const u = rng.uniform();
        out[i] =
          u < p.c
            ? p.a + p.b * Math.sqrt(u * p.c)
            : p.d - p.b * Math.sqrt((1 - u) * (1 - p.c));
      }
      return;
  }
}

/**
 * The exact quantile of an uncertain number at probability q (0 < q < 1); a plain number is
 * its own quantile.
 * @example quantile({ dist: "uniform", min: 0, max: 10 }, 0.9) // 9
 */
export function quantile(u: Uncertain, q: number): number {
  return quantiles(u)(q);
}

/**
 * The exact quantile function of an uncertain number: `quantiles(u)(q)` is `quantile(u, q)`,
 * with what does not depend on q (the parameters, the log-gammas) computed once.
 */
export function quantiles(u: Uncertain): (q: number) => number {
  const p = prepare(u);
  switch (p.kind) {
    case DistCode.Gamma: {
      const k = p.a;
      const lnG = logGamma(k);
      const P = (x: number) => gammaPWith(k, lnG, x);
      // Wilson–Hilferty's approximation to start from; near zero, P(k, x) ≈ x^k / Γ(k + 1).
      const t = 1 / (9 * k);
      const density = (x: number) => (x > 0 ? Math.exp((k - 1) * Math.log(x) - x - lnG) : 0);
      return (q) => {
        let hi = Math.max(1, k);
        while (P(hi) < q) hi *= 2;
        const wh = k * (1 - t + normalQuantile(q) * Math.sqrt(t)) ** 3;
        const x0 = wh > 0 ? wh : Math.exp((Math.log(q) + lnG + Math.log(k)) / k);
        return p.b * invertNewton(P, density, q, 0, hi, x0);
      };
    }
    case DistCode.Beta:
    case DistCode.Pert: {
      const { a, b } = p;
      const lgA = logGamma(a);
      const lgB = logGamma(b);
      const lgAB = logGamma(a + b);
      const lnB = lgA + lgB - lgAB;
      const lnInvBeta = lgAB - lgA - lgB;
      // The normal approximation around the mean to start from, kept inside (0, 1).
      const mean = a / (a + b);
      const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
      const density = (x: number) =>
        x > 0 && x < 1 ? Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lnB) : 0;
      const I = (x: number) => betaIWith(a, b, lnInvBeta, x);
      return (q) => {
        const x1 = mean + normalQuantile(q) * sd;
        const x0 = x1 > 0 && x1 < 1 ? x1 : mean;
        return p.c + p.d * invertNewton(I, density, q, 0, 1, x0);
      };
    }
    default:
      return (q) => closedFormQuantile(p, q);
  }
}

/** The quantile of a distribution whose quantile has a closed form (all but gamma and beta). */
function closedFormQuantile(p: PreparedDist, q: number): number {
  switch (p.kind) {
    case DistCode.Constant:
      return p.a;
    case DistCode.Normal:
      return p.b === 0 ? p.a : p.a + p.b * normalQuantile(q);
    case DistCode.Lognormal:
      return Math.exp(p.a + p.b * normalQuantile(q));
    case DistCode.Uniform:
      return p.a + p.b * q;
    case DistCode.Triangular:
      return q < p.c ? p.a + p.b * Math.sqrt(q * p.c) : p.d - p.b * Math.sqrt((1 - q) * (1 - p.c));
    default:
      throw new Error(`quantile: no closed form for distribution code ${p.kind}`);
  }
}
