/**
 * The distributions of uncertain numbers (spec §2): their base value (the mean), the rules on
 * their parameters, sampling, and exact quantiles.
 * @module
 */
import type { Rng } from "./rng.js";
import type { Distribution, Uncertain } from "./schema.js";
import { betaI, gammaP, invertMonotone, normalQuantile } from "./special.js";

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
const ZIG_X = new Float64Array(ZIG_C + 1);
const ZIG_RATIO = new Float64Array(ZIG_C);
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

/** A standard normal draw by the ziggurat method: about two 32-bit draws, rarely an exp. */
export function standardNormal(rng: Rng): number {
  for (;;) {
    // u uniform in (−1, 1) from one 32-bit draw; the layer from another.
    const u = ((rng.uint32() | 0) + 0.5) * TWO_POW_MINUS_31;
    const i = rng.uint32() & (ZIG_C - 1);
    const xi = ZIG_X[i] as number;
    if (Math.abs(u) < (ZIG_RATIO[i] as number)) return u * xi;
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
    if (f1 + rng.uniform() * (f0 - f1) < 1) return x;
  }
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000), with the shape < 1 boost. */
function standardGamma(rng: Rng, shape: number): number {
  if (shape < 1) return standardGamma(rng, shape + 1) * rng.uniform() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
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

/**
 * Fills out[start … start+n−1] with draws. One call per uncertain number and block of
 * iterations keeps the inner loop on one distribution (fast), and the draw order fixed.
 */
export function sampleInto(p: PreparedDist, rng: Rng, out: Float64Array, start: number, n: number) {
  const end = start + n;
  switch (p.kind) {
    case DistCode.Constant:
      out.fill(p.a, start, end);
      return;
    case DistCode.Normal:
      for (let i = start; i < end; i++) out[i] = p.a + p.b * standardNormal(rng);
      return;
    case DistCode.Lognormal:
      for (let i = start; i < end; i++) out[i] = Math.exp(p.a + p.b * standardNormal(rng));
      return;
    case DistCode.Gamma:
      for (let i = start; i < end; i++) out[i] = p.b * standardGamma(rng, p.a);
      return;
    case DistCode.Beta:
    case DistCode.Pert:
      for (let i = start; i < end; i++) {
        const x = standardGamma(rng, p.a);
        const y = standardGamma(rng, p.b);
        out[i] = p.c + (p.d * x) / (x + y);
      }
      return;
    case DistCode.Uniform:
      for (let i = start; i < end; i++) out[i] = p.a + p.b * rng.uniform();
      return;
    case DistCode.Triangular:
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
  const p = prepare(u);
  switch (p.kind) {
    case DistCode.Constant:
      return p.a;
    case DistCode.Normal:
      return p.b === 0 ? p.a : p.a + p.b * normalQuantile(q);
    case DistCode.Lognormal:
      return Math.exp(p.a + p.b * normalQuantile(q));
    case DistCode.Gamma: {
      let hi = Math.max(1, p.a);
      while (gammaP(p.a, hi) < q) hi *= 2;
      return p.b * invertMonotone((x) => gammaP(p.a, x), q, 0, hi);
    }
    case DistCode.Beta:
    case DistCode.Pert:
      return p.c + p.d * invertMonotone((x) => betaI(p.a, p.b, x), q, 0, 1);
    case DistCode.Uniform:
      return p.a + p.b * q;
    case DistCode.Triangular:
      return q < p.c ? p.a + p.b * Math.sqrt(q * p.c) : p.d - p.b * Math.sqrt((1 - q) * (1 - p.c));
  }
}
