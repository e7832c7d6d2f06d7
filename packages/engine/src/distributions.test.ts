import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { baseValue, prepare, quantile, quantiles, sampleInto } from "./distributions.js";
import { createRng } from "./rng.js";
import type { Distribution } from "./schema.js";
import { betaI, betaIWith, gammaP, gammaPWith, invertNewton, logGamma, normalCdf, normalQuantile } from "./special.js";

function moments(d: Distribution, n = 200_000, seed = 11) {
  const out = new Float64Array(n);
  sampleInto(prepare(d), createRng(seed, 0), out, 0, n);
  let s = 0;
  for (const v of out) s += v;
  const mean = s / n;
  let ss = 0;
  for (const v of out) ss += (v - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / (n - 1)), values: out };
}

/** The distributions of the spec with their theoretical mean and sd. */
const cases: [string, Distribution, number, number][] = [
  ["normal", { dist: "normal", mean: 10, sd: 2 }, 10, 2],
  ["lognormal", { dist: "lognormal", mean: 1, sd: 0.3 }, 1, 0.3],
  ["gamma", { dist: "gamma", mean: 1.5, sd: 0.5 }, 1.5, 0.5],
  ["gamma with shape < 1", { dist: "gamma", mean: 0.5, sd: 1 }, 0.5, 1],
  ["beta", { dist: "beta", mean: 0.05, sd: 0.01 }, 0.05, 0.01],
  ["beta, wide", { dist: "beta", mean: 0.5, sd: 0.3 }, 0.5, 0.3],
  ["uniform", { dist: "uniform", min: 2, max: 8 }, 5, 6 / Math.sqrt(12)],
  [
    "triangular",
    { dist: "triangular", min: 0, mode: 1, max: 4 },
    5 / 3,
    Math.sqrt((0 + 1 + 16 - 0 - 0 - 4) / 18),
  ],
  [
    "pert",
    { dist: "pert", min: 3500, mode: 4100, max: 5200 },
    (3500 + 4 * 4100 + 5200) / 6,
    // PERT variance: (μ − min)(max − μ)/7
    Math.sqrt((((3500 + 4 * 4100 + 5200) / 6 - 3500) * (5200 - (3500 + 4 * 4100 + 5200) / 6)) / 7),
  ],
];

describe("sampling", () => {
  it.each(cases)("%s: sample mean and sd match the parameters", (_name, d, mean, sd) => {
    const n = 200_000;
    const m = moments(d, n);
    // the mean within 4 standard errors; the sd within 2 %
    expect(Math.abs(m.mean - mean)).toBeLessThan((4 * sd) / Math.sqrt(n));
    expect(Math.abs(m.sd - sd) / sd).toBeLessThan(0.02);
    expect(baseValue(d)).toBeCloseTo(mean, 10);
  });

  it("draws standard normals with the right tail probabilities", () => {
    const n = 1_000_000;
    const { values } = moments({ dist: "normal", mean: 0, sd: 1 }, n, 21);
    for (const p of [0.001, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999]) {
      const z = normalQuantile(p);
      let below = 0;
      for (const v of values) if (v < z) below++;
      expect(Math.abs(below / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    }
    // Beyond the ziggurat's base layer (R ≈ 3.44): P(|Z| > 3.5) ≈ 4.65e-4
    let far = 0;
    for (const v of values) if (Math.abs(v) > 3.5) far++;
    expect(far / n).toBeCloseTo(2 * (1 - normalCdf(3.5)), 4);
  });

  it("keeps draws within the support", () => {
    const within = (d: Distribution, lo: number, hi: number) => {
      const { values } = moments(d, 20_000);
      expect(Math.min(...values)).toBeGreaterThanOrEqual(lo);
      expect(Math.max(...values)).toBeLessThanOrEqual(hi);
    };
    within({ dist: "beta", mean: 0.02, sd: 0.01 }, 0, 1);
    within({ dist: "pert", min: 1, mode: 1, max: 3 }, 1, 3);
    within({ dist: "triangular", min: -1, mode: 2, max: 2 }, -1, 2);
    within({ dist: "lognormal", mean: 2, sd: 5 }, 0, Number.POSITIVE_INFINITY);
  });

  it("gives the same draws for the same seed and stream, and others for another stream", () => {
    const d: Distribution = { dist: "normal", mean: 0, sd: 1 };
    const a = new Float64Array(10);
    const b = new Float64Array(10);
    const c = new Float64Array(10);
    sampleInto(prepare(d), createRng(5, 3), a, 0, 10);
    sampleInto(prepare(d), createRng(5, 3), b, 0, 10);
    sampleInto(prepare(d), createRng(5, 4), c, 0, 10);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it("draws uniform numbers strictly inside (0, 1) with the right mean", () => {
    const rng = createRng(0, 0);
    let s = 0;
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = rng.uniform();
      s += u;
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
    }
    expect(lo).toBeGreaterThan(0);
    expect(hi).toBeLessThan(1);
    expect(Math.abs(s / 100_000 - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / 100_000));
  });
});

describe("exact quantiles", () => {
  it("inverts the standard normal", () => {
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815515655446004, 13);
    expect(normalQuantile(0.1)).toBeCloseTo(-1.2815515655446004, 13);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 13);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(1e-15)).toBeCloseTo(-7.941345326170997, 6);
    for (const p of [1e-6, 0.01, 0.3, 0.7, 0.99]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 12);
  });

  it("matches closed forms", () => {
    expect(quantile({ dist: "uniform", min: 0, max: 10 }, 0.9)).toBeCloseTo(9, 12);
    expect(quantile({ dist: "normal", mean: 10, sd: 2 }, 0.1)).toBeCloseTo(10 - 2 * 1.2815515655446004, 12);
    // gamma with shape 1 is exponential: −ln(1 − p)·scale (mean = sd = 2 → shape 1, scale 2)
    expect(quantile({ dist: "gamma", mean: 2, sd: 2 }, 0.9)).toBeCloseTo(-Math.log(0.1) * 2, 10);
    // lognormal: exp(μ + σ z)
    const s2 = Math.log(1 + 0.09);
    expect(quantile({ dist: "lognormal", mean: 1, sd: 0.3 }, 0.9)).toBeCloseTo(
      Math.exp(-s2 / 2 + Math.sqrt(s2) * 1.2815515655446004),
      12,
    );
    // triangular: min + sqrt(p (max − min)(mode − min)) below the mode
    expect(quantile({ dist: "triangular", min: 0, mode: 1, max: 4 }, 0.1)).toBeCloseTo(Math.sqrt(0.1 * 4 * 1), 12);
    expect(quantile({ dist: "triangular", min: 0, mode: 1, max: 4 }, 0.9)).toBeCloseTo(4 - Math.sqrt(0.1 * 4 * 3), 12);
    // pert with mode at min: α = 1, β = 5, so x = 1 − (1 − p)^(1/5) on [0, 1]
    expect(quantile({ dist: "pert", min: 0, mode: 0, max: 1 }, 0.9)).toBeCloseTo(1 - 0.1 ** 0.2, 10);
    expect(quantile(42, 0.1)).toBe(42);
  });

  it("agrees with the empirical quantiles of the sampler", () => {
    for (const [, d] of cases) {
      const { values } = moments(d, 100_000, 3);
      const sorted = Float64Array.from(values).sort();
      for (const p of [0.1, 0.9]) {
        const emp = sorted[Math.round(p * (sorted.length - 1))] as number;
        const q = quantile(d, p);
        const spread = (sorted[sorted.length - 1] as number) - (sorted[0] as number);
        expect(Math.abs(emp - q) / spread).toBeLessThan(0.01);
      }
    }
  });
});

describe("special functions", () => {
  it("computes ln Γ", () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });
  it("computes the incomplete gamma and beta functions", () => {
    expect(gammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 13);
    expect(betaI(2, 1, 0.3)).toBeCloseTo(0.09, 13);
    expect(betaI(1, 1, 0.42)).toBeCloseTo(0.42, 13);
    expect(betaI(2, 3, 0.4) + betaI(3, 2, 0.6)).toBeCloseTo(1, 13);
  });
});

describe("the quantiles with their constants computed once", () => {
  const shape = fc.double({ min: 0.05, max: 400, noNaN: true });
  const x01 = fc.double({ min: 0, max: 1, noNaN: true });
  const q = fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true });

  it("betaIWith and gammaPWith give betaI's and gammaP's numbers bit for bit", () => {
    fc.assert(
      fc.property(shape, shape, x01, (a, b, x) => {
        expect(betaIWith(a, b, logGamma(a + b) - logGamma(a) - logGamma(b), x)).toBe(betaI(a, b, x));
        expect(gammaPWith(a, logGamma(a), x * 3 * a)).toBe(gammaP(a, x * 3 * a));
      }),
      { numRuns: 300 },
    );
  });

  /** The beta quantile by Newton's method on betaI itself, from the normal approximation. */
  const betaByBetaI = (a: number, b: number, p: number) => {
    const lnB = logGamma(a) + logGamma(b) - logGamma(a + b);
    const mean = a / (a + b);
    const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
    const x1 = mean + normalQuantile(p) * sd;
    const density = (x: number) => (x > 0 && x < 1 ? Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lnB) : 0);
    return invertNewton((x) => betaI(a, b, x), density, p, 0, 1, x1 > 0 && x1 < 1 ? x1 : mean);
  };

  it("are quantile's numbers, which are Newton's method's on betaI bit for bit", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.double({ min: 0.05, max: 0.9, noNaN: true }), q, (mean, k, p) => {
        const u: Distribution = { dist: "beta", mean, sd: k * Math.sqrt(mean * (1 - mean)) };
        const prepared = prepare(u);
        expect(quantiles(u)(p)).toBe(quantile(u, p));
        expect(quantile(u, p)).toBe(prepared.c + prepared.d * betaByBetaI(prepared.a, prepared.b, p));
        const g: Distribution = { dist: "gamma", mean: 1 / k, sd: mean / k };
        expect(quantiles(g)(p)).toBe(quantile(g, p));
      }),
      { numRuns: 200 },
    );
  });
});
