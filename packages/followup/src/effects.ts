/**
 * What a measure did to the outcome it was meant to change, estimated from indicator data, and
 * how that estimate updates the scenario's assumed effect.
 *
 * - `differenceInDifferences`: the place where the measure runs against the mean of comparison
 *   places, before and after the start year, with a standard error from the gap series.
 * - `syntheticControl`: a weighted mix of comparison places (weights ≥ 0, summing to 1) that
 *   follows the place before the start; the gap after the start is the estimate; a placebo test
 *   runs the same method on each comparison place.
 * - `observedLogRiskRatio` and `updateEffect`: the estimate on the effect's own scale (the log
 *   risk ratio among participants), and a normal–normal Bayesian update of the prior that the
 *   scenario's effect size stands for.
 *
 * These are observational estimates: they rest on the comparison places moving as the place
 * would have moved without the measure. Every result says so (docs/followup.md).
 * @module
 */
import { baseValue, betaI, normalQuantile, type Uncertain } from "@sikt/engine";

/** A place's values by year (the comparable figure: per 100,000 where the indicator is a count). */
export interface PlaceSeries {
  place: string;
  name: string;
  points: readonly { year: number; value: number }[];
}

/** The data an estimate is made from: the treated place, its comparison places and the first year of the measure. */
export interface EffectData {
  treated: PlaceSeries;
  comparisons: readonly PlaceSeries[];
  /** The first year the measure ran: years before it are "before", this year and later "after". */
  startYear: number;
}

/** Why no estimate could be made. */
export type InsufficientReason =
  | "no-comparison" // no comparison place has values for the treated place's years
  | "few-before" // fewer than the method's minimum years before the start
  | "no-after" // no year from the start year on
  | "few-comparisons"; // fewer comparison places than the method needs

/** The panel both methods work on: the treated place's years, and the comparison places that have every one of them. */
export interface Panel {
  years: number[];
  before: number[];
  after: number[];
  treated: number[];
  /** Comparison places with a value in every one of `years`; the others are in `dropped`. */
  comparisons: { place: string; name: string; values: number[] }[];
  dropped: { place: string; name: string }[];
}

/** Builds the balanced panel: the treated place's years, and the comparison places that cover all of them. */
export function panel(data: EffectData): Panel {
  const byYear = new Map<number, number>();
  for (const p of data.treated.points) if (Number.isFinite(p.value)) byYear.set(p.year, p.value);
  const years = [...byYear.keys()].sort((a, b) => a - b);
  const comparisons: Panel["comparisons"] = [];
  const dropped: Panel["dropped"] = [];
  for (const c of data.comparisons) {
    if (c.place === data.treated.place) continue;
    const m = new Map(c.points.filter((p) => Number.isFinite(p.value)).map((p) => [p.year, p.value]));
    const values = years.map((y) => m.get(y));
    if (years.length > 0 && values.every((v) => v !== undefined)) comparisons.push({ place: c.place, name: c.name, values: values as number[] });
    else dropped.push({ place: c.place, name: c.name });
  }
  return {
    years,
    before: years.filter((y) => y < data.startYear),
    after: years.filter((y) => y >= data.startYear),
    treated: years.map((y) => byYear.get(y) as number),
    comparisons,
    dropped,
  };
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Student's t distribution: P(T ≤ t) with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const x = df / (df + t * t);
  const tail = 0.5 * betaI(df / 2, 0.5, x);
  return t >= 0 ? 1 - tail : tail;
}

/** The q-quantile of Student's t with `df` degrees of freedom (bisection on the CDF). */
export function studentTQuantile(q: number, df: number): number {
  if (!Number.isFinite(df) || df > 1e6) return normalQuantile(q);
  let lo = -1e4;
  let hi = 1e4;
  for (let i = 0; i < 200; i++) {
    const m = 0.5 * (lo + hi);
    if (studentTCdf(m, df) < q) lo = m;
    else hi = m;
  }
  return 0.5 * (lo + hi);
}

/** A difference-in-differences estimate, or why there is none. */
export type DidResult =
  | {
      status: "ok";
      /** Change in the treated place after the start, beyond the comparison places' change, in the indicator's units. */
      estimate: number;
      se: number;
      df: number;
      /** 95 % confidence interval (Student's t with df). */
      ci95: [number, number];
      /** Two-sided p-value for "no effect". */
      pValue: number;
      before: number[];
      after: number[];
      /** Per year: the treated value, the comparison mean, and their gap. */
      rows: { year: number; treated: number; comparison: number; gap: number }[];
      comparisons: { place: string; name: string }[];
      dropped: { place: string; name: string }[];
      /** Slope of the gap per year before the start, with its standard error (null with two years before): a check of parallel trends. */
      preTrend: { slope: number; se: number } | null;
    }
  | { status: "insufficient"; reason: InsufficientReason; before: number; after: number; comparisons: number };

/**
 * Difference in differences on the gap series g(t) = treated(t) − mean of the comparison places(t):
 * estimate = mean g after − mean g before; its standard error is the two-sample one with the
 * pooled variance of g around the before and after means (df = years − 2). Serial correlation
 * in g is not modelled: with few years the interval is a rough guide, as the result says.
 * Needs at least one comparison place, two years before and one after.
 */
export function differenceInDifferences(data: EffectData): DidResult {
  const p = panel(data);
  const counts = { before: p.before.length, after: p.after.length, comparisons: p.comparisons.length };
  if (p.comparisons.length === 0) return { status: "insufficient", reason: "no-comparison", ...counts };
  if (p.before.length < 2) return { status: "insufficient", reason: "few-before", ...counts };
  if (p.after.length < 1) return { status: "insufficient", reason: "no-after", ...counts };
  const rows = p.years.map((year, i) => {
    const comparison = mean(p.comparisons.map((c) => c.values[i] as number));
    const treated = p.treated[i] as number;
    return { year, treated, comparison, gap: treated - comparison };
  });
  const gBefore = rows.filter((r) => r.year < data.startYear).map((r) => r.gap);
  const gAfter = rows.filter((r) => r.year >= data.startYear).map((r) => r.gap);
  const mb = mean(gBefore);
  const ma = mean(gAfter);
  const ss = gBefore.reduce((s, g) => s + (g - mb) ** 2, 0) + gAfter.reduce((s, g) => s + (g - ma) ** 2, 0);
  const df = gBefore.length + gAfter.length - 2;
  const se = Math.sqrt(ss / df) * Math.sqrt(1 / gBefore.length + 1 / gAfter.length);
  const estimate = ma - mb;
  const t = studentTQuantile(0.975, df);
  const pValue = se > 0 ? 2 * (1 - studentTCdf(Math.abs(estimate / se), df)) : estimate === 0 ? 1 : 0;
  return {
    status: "ok",
    estimate,
    se,
    df,
    ci95: [estimate - t * se, estimate + t * se],
    pValue,
    before: p.before,
    after: p.after,
    rows,
    comparisons: p.comparisons.map(({ place, name }) => ({ place, name })),
    dropped: p.dropped,
    preTrend: preTrend(p.before, gBefore),
  };
}

function preTrend(years: readonly number[], gaps: readonly number[]): { slope: number; se: number } | null {
  const n = years.length;
  if (n < 3) return null;
  const my = mean(years);
  const mg = mean(gaps);
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += ((years[i] as number) - my) ** 2;
    sxy += ((years[i] as number) - my) * ((gaps[i] as number) - mg);
  }
  const slope = sxy / sxx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += ((gaps[i] as number) - mg - slope * ((years[i] as number) - my)) ** 2;
  return { slope, se: Math.sqrt(sse / (n - 2) / sxx) };
}

/**
 * Simplex-constrained least squares: the weights w ≥ 0, Σw = 1 that minimise ‖y − Xw‖², X given
 * by columns. Accelerated projected gradient (FISTA) with the projection onto the simplex of
 * Duchi et al. (2008); the problem is convex, so this converges to the minimum.
 */
export function simplexLeastSquares(columns: readonly (readonly number[])[], y: readonly number[], iterations = 20000): number[] {
  const J = columns.length;
  const n = y.length;
  if (J === 1) return [1];
  // Centre and scale for conditioning; the minimiser is the same because Σw = 1.
  const scale = Math.max(1e-12, ...y.map(Math.abs), ...columns.flatMap((c) => c.map(Math.abs)));
  const X = columns.map((c) => c.map((v) => v / scale));
  const Y = y.map((v) => v / scale);
  // Lipschitz constant of the gradient 2Xᵀ(Xw − y): 2λmax(XᵀX) ≤ 2‖X‖²_F.
  let frob = 0;
  for (const c of X) for (const v of c) frob += v * v;
  const step = 1 / (2 * Math.max(frob, 1e-12));
  let w = new Array<number>(J).fill(1 / J);
  let z = w.slice();
  let t = 1;
  const r = new Array<number>(n);
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < n; i++) {
      let s = -(Y[i] as number);
      for (let j = 0; j < J; j++) s += (X[j] as number[])[i]! * (z[j] as number);
      r[i] = s;
    }
    const next = z.map((zj, j) => {
      let g = 0;
      const col = X[j] as number[];
      for (let i = 0; i < n; i++) g += (col[i] as number) * (r[i] as number);
      return zj - step * 2 * g;
    });
    const wNext = projectSimplex(next);
    const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    let moved = 0;
    z = wNext.map((v, j) => {
      const d = v - (w[j] as number);
      moved = Math.max(moved, Math.abs(d));
      return v + ((t - 1) / tNext) * d;
    });
    w = wNext;
    t = tNext;
    if (moved < 1e-13) break;
  }
  return w;
}

/** Euclidean projection onto {w ≥ 0, Σw = 1}. */
export function projectSimplex(v: readonly number[]): number[] {
  const u = [...v].sort((a, b) => b - a);
  let cum = 0;
  let theta = 0;
  for (let i = 0; i < u.length; i++) {
    cum += u[i] as number;
    const th = (cum - 1) / (i + 1);
    if ((u[i] as number) - th > 0) theta = th;
  }
  return v.map((x) => Math.max(0, x - theta));
}

/** A synthetic-control estimate, or why there is none. */
export type SyntheticResult =
  | {
      status: "ok";
      /** Mean gap after the start: the treated place minus its synthetic twin, in the indicator's units. */
      estimate: number;
      weights: { place: string; name: string; weight: number }[];
      rows: { year: number; treated: number; synthetic: number; gap: number }[];
      /** Root mean squared gap before and after the start. */
      rmspeBefore: number;
      rmspeAfter: number;
      /** The placebo test over the comparison places, where there are at least four of them. */
      placebo: {
        /** Share of all places (the treated one included) whose after/before gap ratio is at least the treated place's. */
        pValue: number;
        /** The smallest p-value the test can give: 1 / (places + 1). */
        smallestPossible: number;
        places: { place: string; name: string; ratio: number; estimate: number }[];
        treatedRatio: number;
      } | null;
      dropped: { place: string; name: string }[];
    }
  | { status: "insufficient"; reason: InsufficientReason; before: number; after: number; comparisons: number }
  | {
      status: "no-fit";
      /** No mix of the comparison places follows the treated place before the start: the typical gap, and as a share of the place's level. */
      rmspeBefore: number;
      relativeGap: number;
      /** Years before the start in which the treated value lay outside the comparison places' range. */
      yearsOutsideRange: number;
    };

/** A synthetic control's fit before the start counts as following the place when its root mean squared gap is at most this share of the place's mean level. */
export const SYNTHETIC_FIT_LIMIT = 0.1;
/** The placebo test needs at least this many comparison places. */
export const PLACEBO_MIN_PLACES = 4;

function fitSynthetic(treated: readonly number[], donors: readonly (readonly number[])[], beforeIdx: readonly number[]) {
  const w = simplexLeastSquares(
    donors.map((d) => beforeIdx.map((i) => d[i] as number)),
    beforeIdx.map((i) => treated[i] as number),
  );
  const synthetic = treated.map((_, i) => donors.reduce((s, d, j) => s + (w[j] as number) * (d[i] as number), 0));
  return { w, synthetic };
}

const rmspe = (gaps: readonly number[]) => Math.sqrt(mean(gaps.map((g) => g * g)));

/**
 * The synthetic control method (Abadie, Diamond & Hainmueller 2010) on the years before the
 * start, without covariates. Needs two comparison places and three years before. A treated
 * place that no mix follows (root mean squared gap before the start over 10 % of its level)
 * gets `no-fit` rather than an estimate.
 */
export function syntheticControl(data: EffectData): SyntheticResult {
  const p = panel(data);
  const counts = { before: p.before.length, after: p.after.length, comparisons: p.comparisons.length };
  if (p.comparisons.length === 0) return { status: "insufficient", reason: "no-comparison", ...counts };
  if (p.comparisons.length < 2) return { status: "insufficient", reason: "few-comparisons", ...counts };
  if (p.before.length < 3) return { status: "insufficient", reason: "few-before", ...counts };
  if (p.after.length < 1) return { status: "insufficient", reason: "no-after", ...counts };
  const beforeIdx = p.years.flatMap((y, i) => (y < data.startYear ? [i] : []));
  const afterIdx = p.years.flatMap((y, i) => (y >= data.startYear ? [i] : []));
  const donors = p.comparisons.map((c) => c.values);
  const { w, synthetic } = fitSynthetic(p.treated, donors, beforeIdx);
  const gaps = p.treated.map((v, i) => v - (synthetic[i] as number));
  const before = rmspe(beforeIdx.map((i) => gaps[i] as number));
  const level = mean(beforeIdx.map((i) => Math.abs(p.treated[i] as number)));
  const relativeGap = level > 0 ? before / level : before > 0 ? Number.POSITIVE_INFINITY : 0;
  if (relativeGap > SYNTHETIC_FIT_LIMIT) {
    const yearsOutsideRange = beforeIdx.filter((i) => {
      const vs = donors.map((d) => d[i] as number);
      const v = p.treated[i] as number;
      return v > Math.max(...vs) || v < Math.min(...vs);
    }).length;
    return { status: "no-fit", rmspeBefore: before, relativeGap, yearsOutsideRange };
  }
  const after = rmspe(afterIdx.map((i) => gaps[i] as number));
  const estimate = mean(afterIdx.map((i) => gaps[i] as number));
  const ratioOf = (b: number, a: number) => (b > 0 ? a / b : a > 0 ? Number.POSITIVE_INFINITY : 0);
  const treatedRatio = ratioOf(before, after);
  let placebo: Extract<SyntheticResult, { status: "ok" }>["placebo"] = null;
  if (p.comparisons.length >= PLACEBO_MIN_PLACES) {
    // Each comparison place in turn as if it were treated, the others (not the treated place) as donors.
    const places = p.comparisons.map((c, j) => {
      const others = donors.filter((_, k) => k !== j);
      const fit = fitSynthetic(c.values, others, beforeIdx);
      const g = c.values.map((v, i) => v - (fit.synthetic[i] as number));
      return {
        place: c.place,
        name: c.name,
        ratio: ratioOf(rmspe(beforeIdx.map((i) => g[i] as number)), rmspe(afterIdx.map((i) => g[i] as number))),
        estimate: mean(afterIdx.map((i) => g[i] as number)),
      };
    });
    const atLeast = places.filter((q) => q.ratio >= treatedRatio).length + 1;
    placebo = { pValue: atLeast / (places.length + 1), smallestPossible: 1 / (places.length + 1), places, treatedRatio };
  }
  return {
    status: "ok",
    estimate,
    weights: p.comparisons.map((c, j) => ({ place: c.place, name: c.name, weight: w[j] as number })),
    rows: p.years.map((year, i) => ({ year, treated: p.treated[i] as number, synthetic: synthetic[i] as number, gap: gaps[i] as number })),
    rmspeBefore: before,
    rmspeAfter: after,
    placebo,
    dropped: p.dropped,
  };
}

/** A normal distribution by its mean and standard deviation. */
export interface Normal {
  mean: number;
  sd: number;
}

/** The standard deviation of an uncertain number (0 for a plain number). */
export function uncertainSd(u: Uncertain): number {
  if (typeof u === "number") return 0;
  switch (u.dist) {
    case "normal":
    case "lognormal":
    case "gamma":
    case "beta":
      return u.sd;
    case "uniform":
      return (u.max - u.min) / Math.sqrt(12);
    case "triangular": {
      const { min: a, mode: c, max: b } = u;
      return Math.sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18);
    }
    case "pert": {
      const mu = (u.min + 4 * u.mode + u.max) / 6;
      return Math.sqrt(((mu - u.min) * (u.max - mu)) / 7);
    }
  }
}

/**
 * The prior on the log risk ratio among participants that a relative risk reduction stands for:
 * mean ln(1 − RRR) and, by the delta method, sd = sd(RRR) / (1 − RRR). A plain number (no
 * uncertainty given) gets the sd of a prior that is vague about its size: half its distance from
 * no effect on the log scale, at least 0.05 — an assumption stated where the update is shown.
 */
export function priorLogRiskRatio(rrr: Uncertain): Normal & { assumedSd: boolean } {
  const m = baseValue(rrr);
  if (m >= 1) throw new RangeError("a relative risk reduction of 1 or more has no log risk ratio");
  const mu = Math.log(1 - m);
  const sd = uncertainSd(rrr);
  if (sd > 0) return { mean: mu, sd: sd / (1 - m), assumedSd: false };
  return { mean: mu, sd: Math.max(0.05, Math.abs(mu) / 2), assumedSd: true };
}

/** How an indicator's change becomes a risk ratio among participants, or why it cannot. */
export type ObservedRiskRatio =
  | { status: "ok"; logRiskRatio: Normal; populationRiskRatio: number; counterfactualLevel: number }
  | { status: "not-expressible"; reason: "no-level" | "beyond-coverage" | "coverage" };

/**
 * The estimate on the effect's own scale. The indicator measures how often the outcome occurs
 * in the place (a rate, or a count per 100,000). After the start its level is `levelAfter`; the
 * estimate says it is `estimate` (± `se`) away from what it would have been, so the
 * counterfactual level is levelAfter − estimate and the risk ratio in the population is
 * levelAfter / (levelAfter − estimate). The measure reaches a share `coverage` of that population;
 * if only participants are affected and their risk without the measure is the population's, the
 * risk ratio among participants is 1 + (RR_pop − 1) / coverage. Its log and standard error
 * (delta method) are the likelihood for the update.
 */
export function observedLogRiskRatio(o: { estimate: number; se: number; levelAfter: number; coverage: number }): ObservedRiskRatio {
  if (!(o.coverage > 0 && o.coverage <= 1)) return { status: "not-expressible", reason: "coverage" };
  const counterfactualLevel = o.levelAfter - o.estimate;
  if (!(counterfactualLevel > 0)) return { status: "not-expressible", reason: "no-level" };
  const populationRiskRatio = o.levelAfter / counterfactualLevel;
  const rr = 1 + (populationRiskRatio - 1) / o.coverage;
  if (!(rr > 0)) return { status: "not-expressible", reason: "beyond-coverage" };
  // d ln(rr) / d estimate = (d rr / d estimate) / rr, with d RR_pop / d estimate = levelAfter / c².
  const dRr = o.levelAfter / (counterfactualLevel * counterfactualLevel) / o.coverage;
  return { status: "ok", logRiskRatio: { mean: Math.log(rr), sd: (o.se * dRr) / rr }, populationRiskRatio, counterfactualLevel };
}

/** The normal–normal update: precisions add, means weigh by precision. */
export function normalUpdate(prior: Normal, observed: Normal): Normal {
  const a = 1 / (prior.sd * prior.sd);
  const b = 1 / (observed.sd * observed.sd);
  return { mean: (a * prior.mean + b * observed.mean) / (a + b), sd: Math.sqrt(1 / (a + b)) };
}

/** The updated effect: the posterior on the log risk ratio, and as a relative risk reduction (mean and sd of 1 − RR when ln RR is normal). */
export interface UpdatedEffect {
  prior: Normal;
  observed: Normal;
  posterior: Normal;
  /** The relative risk reduction the posterior stands for: a normal distribution with the exact mean and sd of 1 − exp(ln RR). */
  relativeRiskReduction: { dist: "normal"; mean: number; sd: number };
  /** The share of the posterior's precision that comes from the observation (0: learned nothing, 1: the prior did not count). */
  weightOfObservation: number;
}

/** Updates a relative risk reduction with an observed log risk ratio among participants. */
export function updateEffect(rrr: Uncertain, observed: Normal): UpdatedEffect & { priorSdAssumed: boolean } {
  const prior = priorLogRiskRatio(rrr);
  const posterior = normalUpdate(prior, observed);
  const s2 = posterior.sd * posterior.sd;
  const meanRr = Math.exp(posterior.mean + s2 / 2);
  const sdRr = Math.sqrt((Math.exp(s2) - 1) * Math.exp(2 * posterior.mean + s2));
  return {
    prior: { mean: prior.mean, sd: prior.sd },
    observed,
    posterior,
    relativeRiskReduction: { dist: "normal", mean: 1 - meanRr, sd: sdRr },
    weightOfObservation: 1 / (observed.sd * observed.sd) / (1 / (prior.sd * prior.sd) + 1 / (observed.sd * observed.sd)),
    priorSdAssumed: prior.assumedSd,
  };
}

/** Which effect-size field a scenario's effect uses. */
export type EffectSizeKind = "relativeRiskReduction" | "oddsRatio" | "standardizedMeanDifference";

/** A scenario's effect as the update needs it: its size on its own scale, its baseline risk, and the factor efficacy × (1 − optimism bias on effects). */
export interface ScenarioEffect {
  kind: EffectSizeKind;
  size: Uncertain;
  baselineRisk: number;
  /** efficacy × (1 − optimismBias.effects): what turns the size into the effective reduction (spec §3). */
  factor: number;
}

/** The relative risk reduction (before efficacy) that an effect size stands for at baseline risk p₀ (spec §3). */
export function rrrOfSize(kind: EffectSizeKind, size: number, p0: number): number {
  if (kind === "relativeRiskReduction") return size;
  if (p0 <= 0 || p0 >= 1) return 0;
  const or = kind === "oddsRatio" ? size : Math.exp(1.65 * size);
  const p1 = (or * p0) / (1 - p0 + or * p0);
  return 1 - p1 / p0;
}

/** The effect size on its own scale that gives a relative risk reduction (before efficacy) at p₀: the inverse of `rrrOfSize`. */
export function sizeOfRrr(kind: EffectSizeKind, rrr: number, p0: number): number {
  if (kind === "relativeRiskReduction") return rrr;
  const p1 = p0 * (1 - rrr);
  const or = (p1 * (1 - p0)) / (p0 * (1 - p1));
  return kind === "oddsRatio" ? or : Math.log(or) / 1.65;
}

/** The update of a scenario's effect, with the new size on the effect's own scale. */
export interface ScenarioEffectUpdate extends UpdatedEffect {
  priorSdAssumed: boolean;
  /** The effective relative risk reduction (after efficacy and optimism bias) before and after: means. */
  effectiveBefore: number;
  effectiveAfter: number;
  /** The new effect size for the scenario, on the effect's own scale, as a distribution. */
  size: { dist: "normal" | "lognormal"; mean: number; sd: number };
}

/**
 * Updates a scenario's effect with an observed log risk ratio among participants. The observation
 * is of the effective reduction (what participants experienced: efficacy and implementation
 * included), so the prior is the scenario's effective reduction RRR(size) × factor, and the
 * posterior is written back on the effect's own scale by dividing by the factor and inverting
 * the size's conversion at the baseline risk; its sd follows by the delta method. A relative risk
 * reduction and a standardised mean difference become normal distributions, an odds ratio a
 * lognormal one.
 */
export function updateScenarioEffect(e: ScenarioEffect, observed: Normal): ScenarioEffectUpdate {
  if (!(e.factor > 0)) throw new RangeError("the effect's factor (efficacy × (1 − optimism bias)) must be above 0");
  const base = baseValue(e.size);
  const sd = uncertainSd(e.size);
  const effective = (x: number) => rrrOfSize(e.kind, x, e.baselineRisk) * e.factor;
  const m = effective(base);
  const sdEffective = sd > 0 ? Math.abs(effective(base + sd) - effective(base - sd)) / 2 : 0;
  const u = updateEffect(sdEffective > 0 ? { dist: "normal", mean: m, sd: sdEffective } : m, observed);
  const after = u.relativeRiskReduction.mean;
  const newSize = sizeOfRrr(e.kind, after / e.factor, e.baselineRisk);
  // d size / d effective reduction, numerically, for the delta method.
  const h = 1e-6;
  const slope = (sizeOfRrr(e.kind, (after + h) / e.factor, e.baselineRisk) - sizeOfRrr(e.kind, (after - h) / e.factor, e.baselineRisk)) / (2 * h);
  return {
    ...u,
    effectiveBefore: m,
    effectiveAfter: after,
    size: { dist: e.kind === "oddsRatio" ? "lognormal" : "normal", mean: newSize, sd: Math.abs(slope) * u.relativeRiskReduction.sd },
  };
}
