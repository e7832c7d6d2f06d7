import { createRng, normalQuantile } from "@sikt/engine";
import { describe, expect, it } from "vitest";
import {
  differenceInDifferences,
  type EffectData,
  normalUpdate,
  observedLogRiskRatio,
  projectSimplex,
  rrrOfSize,
  sizeOfRrr,
  studentTQuantile,
  syntheticControl,
  updateEffect,
  updateScenarioEffect,
} from "./effects.js";

/** A standard normal draw from the engine's seeded generator (Box–Muller). */
function normals(seed: number) {
  const rng = createRng(seed);
  return () => Math.sqrt(-2 * Math.log(rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform());
}

/**
 * A panel with place effects, common year effects and noise: the treated place moves by `effect`
 * from `start` on. Comparison places share the year effects.
 */
function panelWith(o: { seed: number; effect: number; places?: number; from?: number; to?: number; start?: number; noise?: number }): EffectData {
  const z = normals(o.seed);
  const from = o.from ?? 2012;
  const to = o.to ?? 2023;
  const start = o.start ?? 2019;
  const noise = o.noise ?? 1;
  const years = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const yearEffect = new Map(years.map((y) => [y, 3 * Math.sin(y) + 0.5 * (y - from)]));
  const series = (level: number, treated: boolean) =>
    years.map((year) => ({ year, value: level + (yearEffect.get(year) as number) + noise * z() + (treated && year >= start ? o.effect : 0) }));
  return {
    treated: { place: "0880", name: "Kalmar", points: series(50, true) },
    comparisons: Array.from({ length: o.places ?? 6 }, (_, j) => ({ place: `p${j}`, name: `Jämförelse ${j}`, points: series(40 + 4 * j, false) })),
    startYear: start,
  };
}

describe("difference in differences", () => {
  it("computes the gap-series estimate and its pooled standard error as by hand", () => {
    // One comparison place; gaps before: 1, 3; after: 0 → estimate 0 − 2 = −2;
    // pooled variance (2 + 0) / (3 − 2) = 2; se = √2 · √(1/2 + 1) = √3.
    const r = differenceInDifferences({
      treated: { place: "t", name: "T", points: [{ year: 2020, value: 11 }, { year: 2021, value: 13 }, { year: 2022, value: 10 }] },
      comparisons: [{ place: "c", name: "C", points: [{ year: 2020, value: 10 }, { year: 2021, value: 10 }, { year: 2022, value: 10 }] }],
      startYear: 2022,
    });
    expect(r.status).toBe("ok");
    if (r.status !== "ok") return;
    expect(r.estimate).toBeCloseTo(-2, 12);
    expect(r.se).toBeCloseTo(Math.sqrt(3), 12);
    expect(r.df).toBe(1);
    expect(r.ci95[0]).toBeCloseTo(-2 - 12.7062047 * Math.sqrt(3), 5);
  });

  it("recovers a known effect within its standard error, and its 95 % interval covers the truth about 95 % of the time", () => {
    let covered = 0;
    const runs = 200;
    for (let seed = 1; seed <= runs; seed++) {
      const r = differenceInDifferences(panelWith({ seed, effect: -6 }));
      if (r.status !== "ok") throw new Error("expected an estimate");
      if (r.ci95[0] <= -6 && -6 <= r.ci95[1]) covered++;
      if (seed === 1) expect(Math.abs(r.estimate + 6)).toBeLessThan(2 * r.se);
    }
    expect(covered / runs).toBeGreaterThan(0.88);
    expect(covered / runs).toBeLessThanOrEqual(1);
  });

  it("gives an interval that covers zero when there is no effect (most of the time, as a 95 % interval should)", () => {
    let covered = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const r = differenceInDifferences(panelWith({ seed, effect: 0 }));
      if (r.status === "ok" && r.ci95[0] <= 0 && 0 <= r.ci95[1]) covered++;
    }
    expect(covered / 200).toBeGreaterThan(0.88);
  });

  it("says plainly when there are too few years or places", () => {
    const d = panelWith({ seed: 3, effect: 0 });
    expect(differenceInDifferences({ ...d, startYear: 2013 })).toMatchObject({ status: "insufficient", reason: "few-before", before: 1 });
    expect(differenceInDifferences({ ...d, startYear: 2030 })).toMatchObject({ status: "insufficient", reason: "no-after" });
    expect(differenceInDifferences({ ...d, comparisons: [] })).toMatchObject({ status: "insufficient", reason: "no-comparison" });
  });

  it("leaves out comparison places that lack a year of the treated place, and says which", () => {
    const d = panelWith({ seed: 4, effect: 0 });
    const gappy = { ...d.comparisons[0]!, points: d.comparisons[0]!.points.filter((p) => p.year !== 2015) };
    const r = differenceInDifferences({ ...d, comparisons: [gappy, ...d.comparisons.slice(1)] });
    expect(r.status === "ok" && r.dropped).toEqual([{ place: "p0", name: "Jämförelse 0" }]);
  });
});

describe("synthetic control", () => {
  it("finds the mix that follows the treated place and recovers the effect, with a placebo p-value at its smallest", () => {
    const years = Array.from({ length: 12 }, (_, i) => 2012 + i);
    const z = normals(9);
    const c = Array.from({ length: 6 }, (_, j) => years.map((y) => 20 + 7 * j + (j % 2 ? 1 : -1) * 0.8 * (y - 2012) + 2 * z()));
    // The treated place is 0.6·c0 + 0.4·c3 before 2019, then 10 lower.
    const treated = years.map((year, i) => ({ year, value: 0.6 * c[0]![i]! + 0.4 * c[3]![i]! - (year >= 2019 ? 10 : 0) }));
    const r = syntheticControl({
      treated: { place: "t", name: "T", points: treated },
      comparisons: c.map((vs, j) => ({ place: `p${j}`, name: `P${j}`, points: years.map((year, i) => ({ year, value: vs[i]! })) })),
      startYear: 2019,
    });
    expect(r.status).toBe("ok");
    if (r.status !== "ok") return;
    expect(r.estimate).toBeCloseTo(-10, 3);
    expect(r.weights.map((w) => w.weight)[0]).toBeCloseTo(0.6, 3);
    expect(r.weights.map((w) => w.weight)[3]).toBeCloseTo(0.4, 3);
    expect(r.weights.reduce((s, w) => s + w.weight, 0)).toBeCloseTo(1, 12);
    expect(r.weights.every((w) => w.weight >= 0)).toBe(true);
    expect(r.placebo?.pValue).toBeCloseTo(1 / 7, 12);
    expect(r.placebo?.smallestPossible).toBeCloseTo(1 / 7, 12);
  });

  it("recovers a known effect on a noisy panel about as well as the noise allows", () => {
    const r = syntheticControl(panelWith({ seed: 11, effect: -8, noise: 0.5 }));
    expect(r.status).toBe("ok");
    if (r.status === "ok") expect(Math.abs(r.estimate + 8)).toBeLessThan(1.5);
  });

  it("refuses a treated place that no mix of the comparison places can follow", () => {
    const d = panelWith({ seed: 5, effect: 0 });
    const far = { ...d.treated, points: d.treated.points.map((p) => ({ ...p, value: p.value * 3 })) };
    const r = syntheticControl({ ...d, treated: far });
    expect(r.status).toBe("no-fit");
    if (r.status === "no-fit") {
      expect(r.relativeGap).toBeGreaterThan(0.1);
      expect(r.yearsOutsideRange).toBe(7);
    }
  });

  it("needs two comparison places and three years before; the placebo test needs four places", () => {
    const d = panelWith({ seed: 6, effect: 0, places: 3, noise: 0.1 });
    expect(syntheticControl({ ...d, comparisons: d.comparisons.slice(0, 1) })).toMatchObject({ status: "insufficient", reason: "few-comparisons" });
    expect(syntheticControl({ ...d, startYear: 2014 })).toMatchObject({ status: "insufficient", reason: "few-before" });
    const r = syntheticControl({ ...d, treated: { ...d.treated, points: d.treated.points.map((p) => ({ ...p, value: p.value - 4 })) } });
    expect(r.status === "ok" && r.placebo).toBeNull();
  });

  it("projects onto the simplex", () => {
    expect(projectSimplex([0.2, 0.2])).toEqual([0.5, 0.5]);
    expect(projectSimplex([2, -1, 0])).toEqual([1, 0, 0]);
    const w = projectSimplex([0.9, 0.4, -0.3]);
    expect(w[0]! + w[1]! + w[2]!).toBeCloseTo(1, 14);
    expect(w[0]! - w[1]!).toBeCloseTo(0.5, 14);
  });
});

describe("learning from the estimate", () => {
  it("matches the closed form of the normal–normal update", () => {
    const prior = { mean: Math.log(0.8), sd: 0.1 };
    const obs = { mean: Math.log(0.95), sd: 0.2 };
    const post = normalUpdate(prior, obs);
    expect(post.mean).toBeCloseTo((prior.mean / 0.01 + obs.mean / 0.04) / (1 / 0.01 + 1 / 0.04), 14);
    expect(post.sd).toBeCloseTo(Math.sqrt(1 / (100 + 25)), 14);
    // The same by numerical integration of prior × likelihood.
    let w = 0;
    let m = 0;
    for (let x = -2; x <= 1; x += 1e-4) {
      const d = Math.exp(-((x - prior.mean) ** 2) / (2 * 0.01) - (x - obs.mean) ** 2 / (2 * 0.04));
      w += d;
      m += d * x;
    }
    expect(m / w).toBeCloseTo(post.mean, 6);
  });

  it("takes the prior from the scenario's effect and gives the updated relative risk reduction", () => {
    // Prior RRR 0.2 ± 0.05 → ln RR −0.2231, sd 0.0625. Observation ln RR = ln 0.9 ± 0.0625: equal weight.
    const u = updateEffect({ dist: "beta", mean: 0.2, sd: 0.05 }, { mean: Math.log(0.9), sd: 0.0625 });
    expect(u.prior.mean).toBeCloseTo(Math.log(0.8), 14);
    expect(u.prior.sd).toBeCloseTo(0.0625, 14);
    expect(u.weightOfObservation).toBeCloseTo(0.5, 14);
    expect(u.posterior.mean).toBeCloseTo((Math.log(0.8) + Math.log(0.9)) / 2, 14);
    const s2 = u.posterior.sd ** 2;
    expect(u.relativeRiskReduction.mean).toBeCloseTo(1 - Math.exp(u.posterior.mean + s2 / 2), 14);
    expect(u.relativeRiskReduction.mean).toBeGreaterThan(0.1);
    expect(u.relativeRiskReduction.mean).toBeLessThan(0.2);
    expect(u.priorSdAssumed).toBe(false);
    expect(updateEffect(0.3, { mean: 0, sd: 1 }).priorSdAssumed).toBe(true);
  });

  it("turns a change in the indicator into a risk ratio among participants", () => {
    // Level after 90 per 100,000, 10 below what it would have been (100): RR_pop 0.9; a measure
    // reaching a quarter of the population: RR among participants 1 − 0.1/0.25 = 0.6.
    const o = observedLogRiskRatio({ estimate: -10, se: 4, levelAfter: 90, coverage: 0.25 });
    expect(o.status).toBe("ok");
    if (o.status !== "ok") return;
    expect(o.populationRiskRatio).toBeCloseTo(0.9, 14);
    expect(o.logRiskRatio.mean).toBeCloseTo(Math.log(0.6), 14);
    // delta method: d ln rr / d estimate = (90 / 100²) / 0.25 / 0.6
    expect(o.logRiskRatio.sd).toBeCloseTo((4 * (90 / 10000)) / 0.25 / 0.6, 12);
    expect(observedLogRiskRatio({ estimate: -30, se: 4, levelAfter: 90, coverage: 0.25 })).toMatchObject({ status: "not-expressible", reason: "beyond-coverage" });
    expect(observedLogRiskRatio({ estimate: -1, se: 1, levelAfter: 5, coverage: 0 })).toMatchObject({ status: "not-expressible", reason: "coverage" });
  });

  it("uses Student's t quantiles", () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062047, 5);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.2281389, 6);
    expect(studentTQuantile(0.975, Infinity)).toBeCloseTo(normalQuantile(0.975), 12);
  });
});

describe("updating a scenario's effect on its own scale", () => {
  it("keeps a relative risk reduction a relative risk reduction, dividing out efficacy", () => {
    // Effective prior 0.3 × 0.5 = 0.15; observation ln(0.85): the posterior stays at 0.15 effective, 0.3 raw.
    const u = updateScenarioEffect({ kind: "relativeRiskReduction", size: { dist: "normal", mean: 0.3, sd: 0.1 }, baselineRisk: 0.2, factor: 0.5 }, { mean: Math.log(0.85), sd: 0.05 });
    expect(u.effectiveBefore).toBeCloseTo(0.15, 14);
    expect(u.posterior.mean).toBeCloseTo(Math.log(0.85), 12);
    expect(u.size.dist).toBe("normal");
    expect(u.size.mean).toBeCloseTo(u.effectiveAfter / 0.5, 12);
    expect(u.size.sd).toBeCloseTo(u.relativeRiskReduction.sd / 0.5, 6);
  });

  it("writes an odds ratio back as an odds ratio that gives the updated reduction at the baseline risk", () => {
    const e = { kind: "oddsRatio" as const, size: { dist: "lognormal" as const, mean: 0.6, sd: 0.15 }, baselineRisk: 0.3, factor: 1 };
    const u = updateScenarioEffect(e, { mean: Math.log(0.95), sd: 0.1 });
    expect(u.size.dist).toBe("lognormal");
    expect(rrrOfSize("oddsRatio", u.size.mean, 0.3)).toBeCloseTo(u.effectiveAfter, 10);
    // A weaker observed effect moves the odds ratio towards 1.
    expect(u.size.mean).toBeGreaterThan(0.6);
    expect(u.size.mean).toBeLessThan(1);
    expect(sizeOfRrr("standardizedMeanDifference", rrrOfSize("standardizedMeanDifference", -0.4, 0.2), 0.2)).toBeCloseTo(-0.4, 12);
  });
});
