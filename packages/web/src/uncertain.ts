/**
 * The central value of an uncertain number (a plain number or a distribution) and how to set
 * it while keeping the spread: the mean of a distribution given by mean, the mode of PERT and
 * triangular ones (their range scales with it), the midpoint of a uniform one (shifted).
 * @module
 */
type U = number | Record<string, unknown>;

export function central(u: unknown): number | null {
  if (typeof u === "number") return u;
  if (u === null || typeof u !== "object") return null;
  const d = u as Record<string, number>;
  if (typeof d.mean === "number") return d.mean;
  if (typeof d.mode === "number") return d.mode;
  if (typeof d.min === "number" && typeof d.max === "number") return (d.min + d.max) / 2;
  return null;
}

export function withCentral(u: unknown, value: number): U {
  if (u === null || typeof u !== "object") return value;
  const d = u as Record<string, number>;
  if (typeof d.mean === "number") return { ...d, mean: value };
  if (typeof d.mode === "number") {
    const f = d.mode === 0 ? 1 : value / d.mode;
    return d.mode === 0 ? { ...d, min: d.min! + value, mode: value, max: d.max! + value } : { ...d, min: d.min! * f, mode: value, max: d.max! * f };
  }
  if (typeof d.min === "number" && typeof d.max === "number") {
    const shift = value - (d.min + d.max) / 2;
    return { ...d, min: d.min + shift, max: d.max + shift };
  }
  return value;
}

/** True when the value varies in the Monte Carlo analysis. */
export const isUncertain = (u: unknown) => u !== null && typeof u === "object";
