/**
 * Special functions for the distributions' exact quantiles (used by the sensitivity analysis)
 * and their tests: log-gamma, the regularised incomplete gamma and beta functions, and the
 * standard normal quantile. Accuracy is about 1e-14 relative, far beyond what any input needs.
 * @module
 */

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7). */
export function logGamma(x: number): number {
  if (x < 0.5) {
    // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const z = x - 1;
  let a = LANCZOS[0] as number;
  const t = z + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS.length; i++) a += (LANCZOS[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPS = 1e-16;
const TINY = 1e-300;

/** Regularised lower incomplete gamma P(a, x), a > 0, x ≥ 0. */
export function gammaP(a: number, x: number): number {
  return gammaPWith(a, logGamma(a), x);
}

/** P(a, x) with ln Γ(a) given (`lnGammaA`, as `logGamma(a)` gives it): the same numbers. */
export function gammaPWith(a: number, lnGammaA: number, x: number): number {
  if (x <= 0) return 0;
  if (x < a + 1) return gammaSeries(a, x, lnGammaA);
  return 1 - gammaContinuedFraction(a, x, lnGammaA);
}

/** Regularised upper incomplete gamma Q(a, x) = 1 − P(a, x), computed without cancellation. */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x < a + 1) return 1 - gammaSeries(a, x, logGamma(a));
  return gammaContinuedFraction(a, x, logGamma(a));
}

function gammaSeries(a: number, x: number, lnGammaA: number): number {
  let ap = a;
  let sum = 1 / a;
  let del = sum;
  for (let n = 0; n < 10000; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - lnGammaA);
}

function gammaContinuedFraction(a: number, x: number, lnGammaA: number): number {
  // Modified Lentz's method.
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (d < TINY && d > -TINY) d = TINY;
    c = b + an / c;
    if (c < TINY && c > -TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (del - 1 < EPS && del - 1 > -EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - lnGammaA) * h;
}

/** Regularised incomplete beta I_x(a, b), a, b > 0, 0 ≤ x ≤ 1. */
export function betaI(a: number, b: number, x: number): number {
  return betaIWith(a, b, logGamma(a + b) - logGamma(a) - logGamma(b), x);
}

/**
 * I_x(a, b) with −ln B(a, b) given (`lnInvBeta`, computed as
 * `logGamma(a + b) - logGamma(a) - logGamma(b)`, in that order): the same numbers as `betaI`,
 * without the three log-gammas for every x (a quantile's Newton steps).
 */
export function betaIWith(a: number, b: number, lnInvBeta: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = lnInvBeta + a * Math.log(x) + b * Math.log1p(-x);
  const front = Math.exp(lnFront);
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (d < TINY && d > -TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (d < TINY && d > -TINY) d = TINY;
    c = 1 + aa / c;
    if (c < TINY && c > -TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (d < TINY && d > -TINY) d = TINY;
    c = 1 + aa / c;
    if (c < TINY && c > -TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (del - 1 < EPS && del - 1 > -EPS) break;
  }
  return h;
}

/** Standard normal CDF Φ(x), via Q(½, x²/2) = erfc(|x|/√2). */
export function normalCdf(x: number): number {
  const tail = 0.5 * gammaQ(0.5, (x * x) / 2);
  return x < 0 ? tail : 1 - tail;
}

/**
 * Standard normal quantile Φ⁻¹(p), 0 < p < 1: Wichura's AS 241 rational approximations
 * (about 1e-16 relative) for p ≥ 1.4e-11 from either end, bisection on Φ beyond.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return Number.NEGATIVE_INFINITY;
    if (p === 1) return Number.POSITIVE_INFINITY;
    return Number.NaN;
  }
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) *
          r +
          45921.953931549871457) *
          r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((5226.495278852854561 * r + 28729.085735721942674) * r + 39307.89580009271061) * r +
        21213.794301586595867) *
        r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  if (r <= 5) {
    r -= 1.6;
    const val =
      (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r +
        0.24178072517745061177) *
        r +
        1.27045825245236838258) *
        r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r +
        0.0151986665636164571966) *
        r +
        0.14810397642748007459) *
        r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
    return q < 0 ? -val : val;
  }
  // Extreme tails (p < 1.4e-11 from an end): bisection on the CDF.
  return invertMonotone(normalCdf, p, -40, 40);
}

/**
 * Inverts a non-decreasing function f on [lo, hi] by bisection: the x where f(x) = p, to the
 * last representable digit. Slow but sure; quantiles are needed a few hundred times per run.
 */
export function invertMonotone(
  f: (x: number) => number,
  p: number,
  lo: number,
  hi: number,
): number {
  let a = lo;
  let b = hi;
  for (let i = 0; i < 2000; i++) {
    const m = 0.5 * (a + b);
    if (m <= a || m >= b) break;
    if (f(m) < p) a = m;
    else b = m;
  }
  return 0.5 * (a + b);
}

/**
 * Inverts a continuous non-decreasing function f with derivative df on [lo, hi]: the x where
 * f(x) = p. Newton's method from x0, kept inside a bracket [a, b] with f(a) < p ≤ f(b) that
 * each step narrows; a step that would leave the bracket bisects it instead. Stops when a step
 * changes x by less than 1e-14 of it (a few evaluations from a good start); one more step
 * is then below what f's own accuracy can tell. Finishes by bisection if it has not by then.
 */
export function invertNewton(
  f: (x: number) => number,
  df: (x: number) => number,
  p: number,
  lo: number,
  hi: number,
  x0: number,
): number {
  let a = lo;
  let b = hi;
  let x = x0 > a && x0 < b ? x0 : 0.5 * (a + b);
  for (let i = 0; i < 200; i++) {
    const fx = f(x) - p;
    if (fx < 0) a = x;
    else b = x;
    let next = x - fx / df(x);
    if (!(next > a && next < b)) next = 0.5 * (a + b);
    // Converged: a step within the noise of f's last digits (a relative 1e-14 of x, where f
    // itself is good to about 1e-14).
    if (Math.abs(next - x) <= 1e-14 * Math.abs(x) || next <= a || next >= b) return next;
    x = next;
  }
  return invertMonotone(f, p, a, b);
}
