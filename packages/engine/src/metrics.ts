/**
 * Decision metrics over yearly flows: internal rate of return and payback year (spec §3).
 * @module
 */

/** A yearly amount within this distance of zero has no sign (spec §3). */
export const SIGN_TOLERANCE = 0.01;

/**
 * The IRR of yearly net flows (year 0 first): defined only when the flows change sign exactly
 * once, ignoring years with |net| ≤ 0.01; then the unique rate > −1 with NPV = 0, to 1e-10.
 * @returns the rate, or null when it is not defined
 * @example irr([-100, 110]) // 0.1
 */
export function irr(net: ArrayLike<number>): number | null {
  let sign = 0;
  let changes = 0;
  for (let t = 0; t < net.length; t++) {
    const v = net[t] as number;
    if (Math.abs(v) <= SIGN_TOLERANCE) continue;
    const s = v > 0 ? 1 : -1;
    if (sign !== 0 && s !== sign) changes++;
    sign = s;
  }
  if (changes !== 1) return null;
  // In x = 1/(1 + r) ∈ (0, ∞) the NPV is a polynomial with one sign change in its
  // coefficients: by Descartes' rule it has exactly one positive root. Bracket and bisect.
  const f = (x: number) => {
    let v = 0;
    for (let t = net.length - 1; t >= 0; t--) v = v * x + (net[t] as number);
    return v;
  };
  // Near x = 0 the polynomial has the sign of its first non-zero coefficient.
  let s0 = 0;
  for (let t = 0; t < net.length && s0 === 0; t++) s0 = Math.sign(net[t] as number);
  let lo = 0;
  let hi = 1;
  while (Math.sign(f(hi)) === s0) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) return null;
  }
  // Bisect in x until r = 1/x − 1 is pinned to well below 1e-10.
  for (let i = 0; i < 2000; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (Math.sign(f(mid)) === s0) lo = mid;
    else hi = mid;
  }
  const x = 0.5 * (lo + hi);
  return 1 / x - 1;
}

/**
 * The payback year offset of spec §3: null when the PV of costs is 0; else, from the first year
 * whose costs exceed 0.01, the first year from which the cumulative discounted net stays above
 * −0.01 to the end. Null when there is none.
 */
export function paybackOffset(
  costs: ArrayLike<number>,
  savings: ArrayLike<number>,
  df: ArrayLike<number>,
  pvCosts: number,
): number | null {
  if (pvCosts === 0) return null;
  const T = costs.length;
  let t0 = -1;
  for (let t = 0; t < T; t++)
    if ((costs[t] as number) > SIGN_TOLERANCE) {
      t0 = t;
      break;
    }
  if (t0 < 0) return null;
  let cum = 0;
  let lastBad = -1;
  for (let t = 0; t < T; t++) {
    cum += ((savings[t] as number) - (costs[t] as number)) * (df[t] as number);
    if (!(cum > -SIGN_TOLERANCE)) lastBad = t;
  }
  const year = Math.max(t0, lastBad + 1);
  return year < T ? year : null;
}
