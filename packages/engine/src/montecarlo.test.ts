import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { perspectiveKeys, perspectives } from "./domain.js";
import { evaluateDeterministic } from "./evaluate.js";
import { evaluateScenario } from "./index.js";
import { compile } from "./model.js";
import {
  BLOCK_SIZE,
  blockCount,
  createWorkspace,
  histogram,
  mcBuffers,
  percentiles,
  percentilesInPlace,
  runMonteCarlo,
  simulateBlocks,
  summarizeMonteCarlo,
} from "./montecarlo.js";
import type { ScenarioInput } from "./schema.js";
import { input, scenario } from "./testing/scenarios.js";

describe("percentiles", () => {
  it("interpolates linearly between order statistics like numpy", () => {
    const v = () => Float64Array.from([4, 1, 3, 2]);
    // h = (n − 1)p: p05 → 0.15 → 1.15; p50 → 1.5 → 2.5; p95 → 2.85 → 3.85
    expect(percentilesInPlace(v(), [0.05, 0.5, 0.95])).toEqual([1.15, 2.5, 3.85].map((x) => expect.closeTo(x, 12)));
    expect(percentilesInPlace(Float64Array.from([7]), [0.05, 0.95])).toEqual([7, 7]);
    expect(percentilesInPlace(Float64Array.from([0, 10]), [0, 1])).toEqual([0, 10]);
  });

  it("agrees with sorting on large, tied and random series", () => {
    let x = 12345;
    const rand = () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x / 2147483648;
    };
    const kinds = [() => Math.floor(rand() * 50) * (rand() < 0.5 ? -1 : 1), () => rand() * 1e6 - 3e5];
    for (const n of [2, 3, 10, 999, 5000, 20011])
      for (const draw of kinds)
        for (const ps of [[0.05, 0.5, 0.95], [0, 0.1, 0.25, 0.9, 1], [0.5]]) {
          const data = Float64Array.from({ length: n }, draw);
          const sorted = data.slice().sort();
          const expected = ps.map((p) => {
            const h = (n - 1) * p;
            const k = Math.floor(h);
            const lo = sorted[k] as number;
            const hi = sorted[Math.min(k + 1, n - 1)] as number;
            return lo + (h - k) * (hi - lo);
          });
          expect(percentilesInPlace(data, ps)).toEqual(expected);
        }
  });
});

describe("percentiles of long series, by brackets", () => {
  const ps3 = [0.05, 0.5, 0.95];
  /** The percentiles as a selection in a copy gives them. */
  const inCopy = (v: Float64Array, ps: readonly number[]) => percentilesInPlace(v.slice(), ps);
  const lcg = (seed: number) => {
    let x = seed;
    return () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x / 2147483648;
    };
  };
  const kinds: Record<string, (r: () => number, i: number, n: number) => number> = {
    normalish: (r) => (r() + r() + r() - 1.5) * 1e6 + 2e5,
    skewed: (r) => Math.exp(6 * r()) - 50,
    ties: (r) => Math.floor(r() * 7) - 3,
    zeros: (r) => (r() < 0.3 ? r() - 0.5 : r() < 0.5 ? 0 : -0),
    constant: () => 42,
    mostlyZero: (r) => (r() < 0.97 ? 0 : r() - 0.5),
    mostlyMinusZero: (r) => (r() < 0.97 ? -0 : r() - 0.5),
    ascending: (_, i) => i * 0.5 - 1000,
    descending: (_, i, n) => n - i,
    infinite: (r) => (r() < 0.06 ? Infinity : r() < 0.06 ? -Infinity : r()),
    // The values where the sample is read (runs at 64ths) far above the rest: brackets miss.
    misleading: (r, i, n) => (i % Math.floor(n / 64) < 40 ? 1e9 + r() : r()),
  };

  it("gives exactly what a selection in a copy gives, and leaves the series as it is", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30000 }),
        fc.constantFrom(...Object.keys(kinds)),
        fc.nat(),
        fc.constantFrom<readonly number[]>(ps3, [0, 0.5, 1], [0.001, 0.999], [0.05, 0.1, 0.5, 0.9, 0.95], [0.5]),
        (n, kind, seed, ps) => {
          const r = lcg(seed);
          const draw = kinds[kind] as (r: () => number, i: number, n: number) => number;
          const values = Float64Array.from({ length: n }, (_, i) => draw(r, i, n));
          const before = values.slice();
          const got = percentiles(values, ps, new Float64Array(n));
          expect(got.map((v) => Object.is(v, 0) ? "+0" : Object.is(v, -0) ? "-0" : v)).toEqual(
            inCopy(values, ps).map((v) => Object.is(v, 0) ? "+0" : Object.is(v, -0) ? "-0" : v),
          );
          expect(values).toEqual(before);
          expect(percentiles(values, ps)).toEqual(got);
        },
      ),
      { numRuns: 120 },
    );
  });

  it("gives a selection's result for series with NaNs", () => {
    const r = lcg(7);
    const values = Float64Array.from({ length: 20000 }, () => (r() < 0.01 ? Number.NaN : r()));
    expect(percentiles(values, ps3)).toEqual(inCopy(values, ps3));
  });
});

/** A scenario whose NPV is linear in its uncertain numbers (products of independent draws). */
const linear: Partial<ScenarioInput> = {
  discountRate: 0.03,
  horizonYears: 4,
  unitCosts: [
    { id: "u", name: "U", payer: "k", amount: { dist: "gamma", mean: 1000, sd: 300 } },
    { id: "t", name: "T", payer: "r", recipient: "i", amount: { dist: "normal", mean: 500, sd: 50 } },
  ],
  outcomes: [
    {
      id: "o",
      name: "O",
      consequences: [
        { unitCost: "u", quantityPerYear: { dist: "pert", min: 1, mode: 2, max: 5 }, years: 2 },
        { unitCost: "t", quantityPerYear: 1, years: 3 },
      ],
    },
  ],
  interventions: [
    {
      id: "a",
      name: "A",
      level: "grupp",
      participants: [100, 100],
      costs: [
        { payer: "k", perParticipant: { dist: "uniform", min: 50, max: 150 } },
        { payer: "r", perYear: { dist: "triangular", min: 1000, mode: 2000, max: 6000 } },
      ],
      effects: [
        {
          outcome: "o",
          baselineRisk: { dist: "beta", mean: 0.1, sd: 0.02 },
          relativeRiskReduction: { dist: "normal", mean: 0.3, sd: 0.05 },
          onset: { fromYear: 1, years: 2 },
        },
      ],
    },
  ],
};

describe("Monte Carlo", () => {
  it("converges to the deterministic NPV for a scenario linear in its uncertain numbers", () => {
    const s = scenario(linear);
    const m = compile(s);
    const d = evaluateDeterministic(m);
    const mc = runMonteCarlo(m, 20_000, 3);
    const se = mc.npv.sd / Math.sqrt(mc.iterations);
    expect(mc.npv.sd).toBeGreaterThan(0);
    expect(Math.abs(mc.npv.mean - d.npv)).toBeLessThan(4 * se);
    // and per payer
    const k = mc.byPayer.k?.npv.mean ?? Number.NaN;
    expect(Math.abs(k - (d.byPayer.k?.npv ?? 0))).toBeLessThan(Math.abs(d.byPayer.k?.npv ?? 1) * 0.05);
  });

  it("gives identical results whatever the order and grouping in which blocks are computed", () => {
    const m = compile(scenario(linear));
    const N = 5 * BLOCK_SIZE + 17;
    const inOrder = mcBuffers(m, N);
    simulateBlocks(m, 9, 0, blockCount(N), inOrder);
    const shuffled = mcBuffers(m, N);
    const ws = createWorkspace(m);
    for (const b of [3, 5, 0, 4, 1, 2]) simulateBlocks(m, 9, b, b + 1, shuffled, ws);
    expect(shuffled.npv).toEqual(inOrder.npv);
    expect(shuffled.cdn).toEqual(inOrder.cdn);
    expect(summarizeMonteCarlo(m, 9, shuffled)).toEqual(summarizeMonteCarlo(m, 9, inOrder));
  });

  it("gives the same output for the same seed and another for another seed", () => {
    const s = scenario(linear);
    const a = evaluateScenario(s, { iterations: 3000, seed: 1 });
    const b = evaluateScenario(s, { iterations: 3000, seed: 1 });
    const c = evaluateScenario(s, { iterations: 3000, seed: 2 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(c.monteCarlo?.npv.mean).not.toBe(a.monteCarlo?.npv.mean);
  });

  it("summarises as the spec says: sd with n − 1, 0 for one iteration, share of NPV > 0", () => {
    const m = compile(scenario(linear));
    const one = runMonteCarlo(m, 1, 5);
    expect(one.npv.sd).toBe(0);
    expect(one.npv.p05).toBe(one.npv.mean);
    const out = mcBuffers(m, 4);
    out.npv.set([-1, 1, 2, 3]);
    out.pvCosts.set([1, 0, 2, 4]);
    out.pvSavings.set([0, 1, 4, 7]);
    const s = summarizeMonteCarlo(m, 1, out);
    expect(s.npv.mean).toBe(1.25);
    expect(s.npv.sd).toBeCloseTo(Math.sqrt((2.25 ** 2 + 0.25 ** 2 + 0.75 ** 2 + 1.75 ** 2) / 3), 12);
    expect(s.probabilityNpvPositive).toBe(0.75);
    // BCR over the iterations with PVcosts > 0: 0, 2, 1.75
    expect(s.bcr?.mean).toBeCloseTo(3.75 / 3, 12);
    expect(s.years).toHaveLength(m.years);
  });

  it("summarises long runs exactly as plain sums, counts and selections in a copy do", () => {
    const m = compile(scenario(linear));
    const N = 5 * BLOCK_SIZE + 700;
    const out = mcBuffers(m, N);
    simulateBlocks(m, 3, 0, blockCount(N), out);
    // Some iterations without costs, which have no benefit–cost ratio.
    for (let i = 0; i < N; i += 7) out.pvCosts[i] = i % 2 === 0 ? 0 : -1;
    const before = Float64Array.from(out.npv);
    const s = summarizeMonteCarlo(m, 3, out);
    expect(out.npv).toEqual(before);
    const plain = (v: Float64Array) => {
      let sum = 0;
      let above = 0;
      for (const x of v) {
        sum += x;
        if (x > 0) above++;
      }
      const [p05, p50, p95] = percentilesInPlace(v.slice(), [0.05, 0.5, 0.95]);
      return { mean: sum / v.length, p05, p50, p95, share: above / v.length };
    };
    const npv = plain(out.npv);
    let ss = 0;
    for (const x of out.npv) ss += (x - npv.mean) ** 2;
    expect(s.npv).toEqual({ mean: npv.mean, sd: Math.sqrt(ss / (N - 1)), p05: npv.p05, p50: npv.p50, p95: npv.p95 });
    const ratios = Float64Array.from(Array.from(out.pvCosts).flatMap((c, i) => (c > 0 ? [(out.pvSavings[i] as number) / c] : [])));
    expect(ratios.length).toBeGreaterThan(4096);
    expect(ratios.length).toBeLessThan(N);
    const { share: _, ...bcr } = plain(ratios);
    expect(s.bcr).toEqual(bcr);
    expect(s.probabilityNpvPositive).toBe(npv.share);
    m.payerIds.forEach((id, p) => {
      const { share, ...summary } = plain(out.payerNpv.subarray(p * N, (p + 1) * N));
      expect(s.byPayer[id]).toEqual({ npv: summary, probabilityNpvPositive: share });
    });
    for (const key of perspectiveKeys) {
      const groups: readonly string[] = perspectives[key];
      const sum = new Float64Array(N);
      m.payerIds.forEach((_, p) => {
        if (groups.includes(m.payerGroup[p] as string)) for (let i = 0; i < N; i++) sum[i] = (sum[i] as number) + (out.payerNpv[p * N + i] as number);
      });
      const { share, ...summary } = plain(sum);
      expect(s.byPerspective[key]).toEqual({ npv: summary, probabilityNpvPositive: share });
    }
    const t = m.years - 1;
    const { p05, p50, p95 } = plain(out.cdn.subarray(t * N, (t + 1) * N));
    expect(s.years[t]?.cumulativeDiscountedNet).toEqual({ p05, p50, p95 });
  });

  it("has no BCR summary when no iteration has costs", () => {
    const s = scenario({ ...linear, interventions: [{ ...(linear.interventions?.[0] as object), costs: [] } as never] });
    expect(runMonteCarlo(compile(s), 100, 1).bcr).toBeNull();
  });

  it("omits Monte Carlo when there are no iterations", () => {
    const r = evaluateScenario(scenario({ ...linear, monteCarlo: { iterations: 0 } }));
    expect(r.monteCarlo).toBeUndefined();
    expect(evaluateScenario(scenario(linear), { iterations: 10 }).monteCarlo?.iterations).toBe(10);
  });
});

describe("shared and independent draws", () => {
  /** Two outcomes, each saving 1 unit of the same uncertain unit cost per occurrence. */
  const twoOutcomes = (sharedCost: boolean): Partial<ScenarioInput> => ({
    unitCosts: [
      { id: "u", name: "U", payer: "k", amount: { dist: "normal", mean: 1000, sd: 100 } },
      { id: "v", name: "V", payer: "k", amount: { dist: "normal", mean: 1000, sd: 100 } },
    ],
    outcomes: [
      { id: "o1", name: "O1", consequences: [{ unitCost: "u", quantityPerYear: 1 }] },
      { id: "o2", name: "O2", consequences: [{ unitCost: sharedCost ? "u" : "v", quantityPerYear: 1 }] },
    ],
    interventions: [
      {
        id: "a",
        name: "A",
        level: "grupp",
        participants: [100],
        effects: [
          { outcome: "o1", baselineRisk: 0.1, relativeRiskReduction: 1 },
          { outcome: "o2", baselineRisk: 0.1, relativeRiskReduction: 1 },
        ],
      },
    ],
  });
  const sdOf = (over: Partial<ScenarioInput>) => runMonteCarlo(compile(scenario(over)), 20_000, 4).npv.sd;

  it("draws a unit cost once per iteration however many outcomes use it", () => {
    // NPV = 10·(X₁ + X₂): sd 2000 when X₁ = X₂ (shared), 1414 when independent
    expect(sdOf(twoOutcomes(true))).toBeCloseTo(2000, -2);
    expect(sdOf(twoOutcomes(false))).toBeCloseTo(1000 * Math.SQRT2, -2);
  });

  it("draws an intervention's efficacy once for all its effects", () => {
    const over = twoOutcomes(false);
    const base = over.interventions?.[0] as NonNullable<ScenarioInput["interventions"]>[number];
    const fixedCosts = {
      ...over,
      unitCosts: [
        { id: "u", name: "U", payer: "k", amount: 1000 },
        { id: "v", name: "V", payer: "k", amount: 1000 },
      ],
      interventions: [{ ...base, efficacy: { dist: "normal", mean: 0.5, sd: 0.1 } }],
    } as Partial<ScenarioInput>;
    // NPV = 20 000·efficacy: sd 2000 (shared), not 1414
    expect(sdOf(fixedCosts)).toBeCloseTo(2000, -2);
  });

  it("draws each written number on its own, even when two are equal", () => {
    const over = twoOutcomes(true);
    const base = over.interventions?.[0] as NonNullable<ScenarioInput["interventions"]>[number];
    const risk = { dist: "normal", mean: 0.1, sd: 0.01 } as const;
    const sep = {
      ...over,
      unitCosts: [{ id: "u", name: "U", payer: "k", amount: 1000 }],
      interventions: [
        { ...base, effects: (base.effects ?? []).map((e) => ({ ...e, baselineRisk: risk })) },
      ],
    } as Partial<ScenarioInput>;
    // NPV = 100 000·(p₁ + p₂), independent: sd = 100 000·0.01·√2
    expect(sdOf(sep)).toBeCloseTo(1000 * Math.SQRT2, -2);
  });

  it("shares an outcome's quantity between the interventions that affect it", () => {
    const s = input({
      unitCosts: [{ id: "u", name: "U", payer: "k", amount: 1000 }],
      outcomes: [{ id: "o", name: "O", consequences: [{ unitCost: "u", quantityPerYear: { dist: "normal", mean: 1, sd: 0.1 } }] }],
      interventions: ["a", "b"].map((id) => ({
        id,
        name: id,
        level: "grupp" as const,
        participants: [100],
        effects: [{ outcome: "o", baselineRisk: 0.1, relativeRiskReduction: 1 }],
      })),
    });
    // NPV = 20 000·q: sd 2000
    expect(sdOf(s)).toBeCloseTo(2000, -2);
  });

  it("applies the clamps to draws", () => {
    // A baseline risk of mean 0.98 and large sd is often drawn above 1: clamped to 1, so the
    // avoided share never exceeds the participants.
    const s = scenario({
      unitCosts: [{ id: "u", name: "U", payer: "k", amount: 1 }],
      interventions: [
        {
          id: "a",
          name: "A",
          level: "grupp",
          participants: [100],
          effects: [{ outcome: "o", baselineRisk: { dist: "normal", mean: 0.98, sd: 0.2 }, relativeRiskReduction: 1 }],
        },
      ],
    });
    const mc = runMonteCarlo(compile(s), 5000, 8);
    expect(mc.npv.p95).toBeLessThanOrEqual(100 + 1e-9);
    const neg = scenario({
      unitCosts: [{ id: "u", name: "U", payer: "k", amount: { dist: "normal", mean: 1, sd: 5 } }],
      interventions: [
        { id: "a", name: "A", level: "grupp", participants: [100], effects: [{ outcome: "o", baselineRisk: 0.5, relativeRiskReduction: 1 }] },
      ],
    });
    // amount clamped at 0: the NPV is never negative
    expect(runMonteCarlo(compile(neg), 5000, 8).npv.p05).toBeGreaterThanOrEqual(0);
  });
});

describe("the NPV histogram", () => {
  it("bins every value once, in equal widths from the smallest to the largest", () => {
    const values = Float64Array.from([-3, -1, 0, 0.5, 2, 7]);
    const bins = histogram(values, 5);
    expect(bins.map((b) => b.count)).toEqual([1, 3, 1, 0, 1]); // [-3,-1) [-1,1) [1,3) [3,5) [5,7]
    expect(bins[0]?.from).toBe(-3);
    expect(bins.at(-1)?.to).toBe(7);
    for (const b of bins) expect(b.to - b.from).toBeCloseTo(2, 12);
    expect(histogram(Float64Array.from([4, 4, 4]), 10)).toEqual([{ from: 4, to: 4, count: 3 }]);
    expect(histogram(new Float64Array(0), 10)).toEqual([]);
  });

  it("bins long series (in WebAssembly where it runs) exactly as the plain loops do", () => {
    const plain = (values: Float64Array, bins: number) => {
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of values) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (hi === lo) return [{ from: lo, to: hi, count: values.length }];
      const width = (hi - lo) / bins;
      const counts = new Array<number>(bins).fill(0);
      for (const v of values) {
        const k = Math.min(bins - 1, Math.floor((v - lo) / width));
        counts[k] = (counts[k] as number) + 1;
      }
      return counts.map((count, k) => ({ from: lo + k * width, to: k === bins - 1 ? hi : lo + (k + 1) * width, count }));
    };
    let x = 5;
    const rand = () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x / 2147483648;
    };
    const series = [
      Float64Array.from({ length: 9000 }, () => (rand() - 0.3) * 1e7),
      Float64Array.from({ length: 5001 }, () => Math.floor(rand() * 13) - 6),
      Float64Array.from({ length: 4096 }, (_, i) => (i % 3 === 0 ? Number.NaN : rand())),
      Float64Array.from({ length: 6000 }, (_, i) => (i === 17 ? Infinity : rand())),
      new Float64Array(7000).fill(2.5),
    ];
    for (const values of series) for (const bins of [40, 7]) expect(histogram(values, bins)).toEqual(plain(values, bins));
  });

  it("counts all the iterations of a run, within its 5–95 % range mostly", () => {
    const mc = runMonteCarlo(compile(scenario(linear)), 2000, 3);
    expect(mc.npvHistogram).toHaveLength(40);
    expect(mc.npvHistogram.reduce((s, b) => s + b.count, 0)).toBe(2000);
    const inside = mc.npvHistogram.filter((b) => b.from >= mc.npv.p05 && b.to <= mc.npv.p95).reduce((s, b) => s + b.count, 0);
    expect(inside / 2000).toBeGreaterThan(0.7);
  });
});
