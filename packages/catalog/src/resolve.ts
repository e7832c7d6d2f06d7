/**
 * Resolving a scenario that names a catalogue (`catalog: se-2025.1`) into a complete scenario:
 * entries are taken from the catalogue by id and overridden field by field, entries they refer
 * to are pulled in, and every local difference from the catalogue is reported.
 *
 * Rules (docs/catalog.md, "Using the catalogue in a scenario"):
 * - In `payers`, `unitCosts`, `outcomes` and `interventions` an entry is an id (a string: the
 *   catalogue's entry as it is) or an object with an `id`. An object whose id the catalogue has
 *   is merged over the catalogue's entry; one whose id it lacks is a local entry, complete.
 * - Merging: objects merge key by key (also `meta`); lists replace the catalogue's list, except
 *   an intervention's `effects`, which merge by `outcome` (an effect on an outcome the
 *   catalogue's intervention has is merged into it; others are added).
 * - Payers, unit costs and outcomes referred to by the entries (also the outcomes an outcome
 *   links to) but not listed are taken from the catalogue as they are.
 * - `priceYear` defaults to the catalogue's; another price year re-indexes the catalogue's
 *   amounts with the KPI (locally written amounts are taken as given, in the scenario's
 *   price year).
 * - Lists may be left out; they default to empty.
 * Pure.
 * @module
 */
import type { Issue, Uncertain } from "@sikt/engine";
import { type Catalog, indexFactor, scaleUncertain } from "./catalog.js";

/** One field where the scenario differs from the catalogue. */
export interface Override {
  /** Path in the resolved scenario, e.g. `interventions[0].effects[0].baselineRisk`. */
  readonly path: string;
  /** The catalogue entry: `interventions/komet`. */
  readonly entry: string;
  readonly catalogValue: unknown;
  readonly localValue: unknown;
}

export type ResolveResult =
  | { ok: true; scenario: Record<string, unknown>; overrides: Override[]; catalog?: Catalog }
  | { ok: false; issues: Issue[] };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const LISTS = ["payers", "unitCosts", "outcomes", "interventions"] as const;
type ListName = (typeof LISTS)[number];

function merge(base: unknown, over: unknown, path: string, key: string | undefined, out: Override[], entry: string): unknown {
  if (over === undefined) return base;
  if (isObj(base) && isObj(over)) {
    const result: Obj = { ...base };
    for (const [k, v] of Object.entries(over)) result[k] = merge(base[k], v, `${path}.${k}`, k, out, entry);
    return result;
  }
  if (key === "effects" && Array.isArray(base) && Array.isArray(over)) {
    const result = base.map((e) => e as unknown);
    for (const [j, e] of over.entries()) {
      const at = isObj(e) ? base.findIndex((b) => isObj(b) && b.outcome === e.outcome) : -1;
      if (at >= 0) result[at] = merge(base[at], e, `${path}[${at}]`, undefined, out, entry);
      else {
        result.push(e);
        out.push({ path: `${path}[${base.length + j}]`, entry, catalogValue: undefined, localValue: e });
      }
    }
    return result;
  }
  if (JSON.stringify(base) !== JSON.stringify(over)) out.push({ path, entry, catalogValue: base, localValue: over });
  return over;
}

/**
 * Resolves a scenario (plain data from a file or a request) against the catalogues given.
 * A scenario without `catalog` is returned as it is.
 */
export function resolveScenario(input: unknown, catalogs: readonly Catalog[]): ResolveResult {
  if (!isObj(input) || input.catalog === undefined)
    return { ok: true, scenario: input as Obj, overrides: [] };
  const catalog = catalogs.find((c) => c.id === input.catalog);
  if (!catalog)
    return {
      ok: false,
      issues: [{ path: ["catalog"], code: "unknown_catalog", params: { id: input.catalog, known: catalogs.map((c) => c.id) } }],
    };
  const issues: Issue[] = [];
  const overrides: Override[] = [];
  const priceYear = typeof input.priceYear === "number" ? input.priceYear : catalog.priceYear;
  let factor = 1;
  if (priceYear !== catalog.priceYear) {
    try {
      factor = indexFactor(catalog.kpi, catalog.priceYear, priceYear);
    } catch {
      issues.push({
        path: ["priceYear"],
        code: "invalid",
        params: { detail: `the catalogue's price index (KPI) has no value for ${priceYear}` },
      });
    }
  }
  const reindex = (list: ListName, e: Obj): Obj => {
    if (factor === 1) return e;
    if (list === "unitCosts") return { ...e, amount: scaleUncertain(e.amount as Uncertain, factor) };
    if (list === "interventions")
      return {
        ...e,
        costs: ((e.costs ?? []) as Obj[]).map((c) => {
          const out: Obj = { ...c };
          for (const k of ["perParticipant", "perYear", "oneOff"])
            if (c[k] !== undefined) out[k] = scaleUncertain(c[k] as Uncertain, factor);
          return out;
        }),
      };
    return e;
  };

  const byId = (list: ListName) => new Map(catalog[list].map((e) => [e.id, e as Obj]));
  const lookup = Object.fromEntries(LISTS.map((l) => [l, byId(l)])) as Record<ListName, Map<string, Obj>>;
  const resolved = Object.fromEntries(LISTS.map((l) => [l, [] as Obj[]])) as Record<ListName, Obj[]>;
  const present = Object.fromEntries(LISTS.map((l) => [l, new Set<string>()])) as Record<ListName, Set<string>>;

  for (const list of LISTS) {
    const given = input[list] ?? [];
    if (!Array.isArray(given)) {
      issues.push({ path: [list], code: "invalid_type", params: { expected: "array" } });
      continue;
    }
    given.forEach((item, i) => {
      const id = typeof item === "string" ? item : isObj(item) ? item.id : undefined;
      const fromCatalog = typeof id === "string" ? lookup[list].get(id) : undefined;
      if (typeof item === "string" && !fromCatalog) {
        issues.push({ path: [list, i], code: "unknown_ref", params: { kind: list.replace(/s$/, ""), id: item } });
        return;
      }
      const path = `${list}[${resolved[list].length}]`;
      const entry = fromCatalog
        ? (merge(reindex(list, fromCatalog), typeof item === "string" ? undefined : item, path, undefined, overrides, `${list}/${id}`) as Obj)
        : (item as Obj);
      resolved[list].push(entry);
      if (typeof id === "string") present[list].add(id);
    });
  }

  // Pull in what the entries refer to, from the catalogue, until nothing is missing.
  const need = (list: ListName, id: unknown) => {
    if (typeof id !== "string" || present[list].has(id)) return;
    const e = lookup[list].get(id);
    if (!e) return; // left for validation to report, with its path
    present[list].add(id);
    resolved[list].push(reindex(list, e));
    refs(list, e);
  };
  const refs = (list: ListName, e: Obj) => {
    if (list === "interventions") {
      for (const c of (e.costs ?? []) as Obj[]) need("payers", c.payer);
      for (const f of (e.effects ?? []) as Obj[]) need("outcomes", f.outcome);
    } else if (list === "outcomes") {
      for (const c of (e.consequences ?? []) as Obj[]) need("unitCosts", c.unitCost);
      for (const l of (e.links ?? []) as Obj[]) need("outcomes", l.outcome);
    } else if (list === "unitCosts") {
      need("payers", e.payer);
      need("payers", e.recipient);
    }
  };
  for (const list of ["interventions", "outcomes", "unitCosts"] as const)
    for (const e of [...resolved[list]]) refs(list, e);

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    scenario: { ...input, priceYear, ...resolved },
    overrides,
    catalog,
  };
}
