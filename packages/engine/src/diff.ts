/**
 * What changed between two versions of a scenario, assumption by assumption. Lists of entries
 * with an `id` (payers, unit costs, outcomes, interventions) are matched by id and effects by
 * outcome, so that a path names the entry (`interventions[komet].participants`) and reordering
 * a list is no change. Pure.
 * @module
 */

export interface Change {
  /** e.g. `discountRate`, `interventions[komet].effects[placering-hvb].baselineRisk` */
  path: string;
  kind: "added" | "removed" | "changed";
  from?: unknown;
  to?: unknown;
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** The key an element of a list is matched by, if every element has one. */
function keyOf(v: unknown): string | undefined {
  if (!isObj(v)) return undefined;
  if (typeof v.id === "string") return v.id;
  if (typeof v.outcome === "string") return v.outcome;
  return undefined;
}

/** Every difference from `a` to `b`, in document order. */
export function diffDocuments(a: unknown, b: unknown, path = ""): Change[] {
  if (Object.is(a, b)) return [];
  if (Array.isArray(a) && Array.isArray(b)) {
    const keyed = [...a, ...b].every((x) => keyOf(x) !== undefined);
    if (keyed) {
      const left = new Map(a.map((x) => [keyOf(x) as string, x]));
      const right = new Map(b.map((x) => [keyOf(x) as string, x]));
      const out: Change[] = [];
      for (const [k, x] of left) {
        const p = `${path}[${k}]`;
        out.push(...(right.has(k) ? diffDocuments(x, right.get(k), p) : [{ path: p, kind: "removed" as const, from: x }]));
      }
      for (const [k, y] of right) if (!left.has(k)) out.push({ path: `${path}[${k}]`, kind: "added", to: y });
      return out;
    }
    if (a.every((x) => !isObj(x) && !Array.isArray(x)) && b.every((x) => !isObj(x) && !Array.isArray(x))) {
      return a.length === b.length && a.every((x, i) => Object.is(x, b[i])) ? [] : [{ path, kind: "changed", from: a, to: b }];
    }
    const out: Change[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const p = `${path}[${i}]`;
      if (i >= a.length) out.push({ path: p, kind: "added", to: b[i] });
      else if (i >= b.length) out.push({ path: p, kind: "removed", from: a[i] });
      else out.push(...diffDocuments(a[i], b[i], p));
    }
    return out;
  }
  if (isObj(a) && isObj(b)) {
    const out: Change[] = [];
    const join = (k: string) => (path === "" ? k : `${path}.${k}`);
    for (const k of Object.keys(a)) {
      if (!(k in b)) out.push({ path: join(k), kind: "removed", from: a[k] });
      else out.push(...diffDocuments(a[k], b[k], join(k)));
    }
    for (const k of Object.keys(b)) if (!(k in a)) out.push({ path: join(k), kind: "added", to: b[k] });
    return out;
  }
  return [{ path, kind: "changed", from: a, to: b }];
}
