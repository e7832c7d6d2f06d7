/**
 * The double-counting rule for linked outcomes (model §8.4) as a check on a catalogue's data:
 * an outcome's profile must not count a unit cost in the years in which an outcome it leads to —
 * directly or further down a chain of links — may count the same unit cost. Both profiles
 * describe the same person, so the same kind of resource in the same year would be counted twice
 * (the investigation of a family in the year it is also counted as the placement's, lost
 * production in a year that the linked exclusion profile also counts). Pure.
 *
 * Years are counted from the first outcome's onset: the linked outcome can occur at the earliest
 * Σ `after.fromYear` along the path, and its own line for a unit cost starts at that line's
 * `fromYear` later. The check is on the unit-cost ids: different ids are different resources
 * (the catalogue documents what each one is).
 * @module
 */

interface Consequence {
  unitCost: string;
  fromYear?: number;
  years?: number;
}
interface Link {
  outcome: string;
  after?: { fromYear?: number; years?: number };
}
interface OutcomeLike {
  id: string;
  consequences: readonly Consequence[];
  links?: readonly Link[];
}

/** One place where a profile counts a unit cost that a linked outcome may also count. */
export interface Overlap {
  /** The outcome whose profile counts the cost. */
  readonly outcome: string;
  /** The outcomes from it to the one that counts the same cost, in order. */
  readonly path: readonly string[];
  readonly unitCost: string;
  /** The last year (from the first outcome's onset) in which `outcome` counts the unit cost. */
  readonly lastYear: number;
  /** The earliest year in which the linked outcome may count it. */
  readonly linkedFirstYear: number;
}

/** The ranges of years, from an outcome's onset, in which it counts each unit cost. */
function spans(o: OutcomeLike): Map<string, { first: number; last: number }> {
  const out = new Map<string, { first: number; last: number }>();
  for (const c of o.consequences) {
    const first = c.fromYear ?? 0;
    const last = first + (c.years ?? 1) - 1;
    const s = out.get(c.unitCost);
    out.set(c.unitCost, s ? { first: Math.min(s.first, first), last: Math.max(s.last, last) } : { first, last });
  }
  return out;
}

/**
 * Every overlap in a list of outcomes (empty when the rule holds). Links to unknown outcomes are
 * ignored (validation reports them); a cycle is followed once.
 */
export function linkOverlaps(outcomes: readonly OutcomeLike[]): Overlap[] {
  const byId = new Map(outcomes.map((o) => [o.id, o]));
  const found: Overlap[] = [];
  for (const start of outcomes) {
    const own = spans(start);
    const walk = (o: OutcomeLike, offset: number, path: string[]) => {
      for (const l of o.links ?? []) {
        const next = byId.get(l.outcome);
        if (!next || path.includes(next.id)) continue;
        const at = offset + (l.after?.fromYear ?? 0);
        for (const [u, s] of spans(next)) {
          const mine = own.get(u);
          if (mine && mine.last >= at + s.first)
            found.push({ outcome: start.id, path: [...path, next.id], unitCost: u, lastYear: mine.last, linkedFirstYear: at + s.first });
        }
        walk(next, at, [...path, next.id]);
      }
    };
    walk(start, 0, [start.id]);
  }
  return found;
}
