/**
 * Editing what model version 2 adds to a scenario document (docs/model.md, "Version 2"): links
 * between outcomes, an effect's extent, and outcomes, unit costs and payers of one's own with
 * the choice of who pays a cost. Any of them turns the document into `version: 2`. Immutable and
 * pure, like document.ts. In a catalogue scenario an outcome's `links` is written as a local
 * override of the outcome (it replaces the catalogue's list); an own entry is written in full.
 * @module
 */
import type { Scenario } from "@sikt/engine";
import { type Doc, type DocIntervention, setEffectField } from "./document";

type Obj = Record<string, unknown>;
export interface DocLink {
  outcome: string;
  probability: number | Obj;
  after?: { fromYear?: number; years?: number };
  source?: string | undefined;
}

const listOf = (d: Doc, key: string): Obj[] => (Array.isArray(d[key]) ? (d[key] as Obj[]) : []);

/** The document as version 2 (nothing else changes: a version 1 file relabelled computes the same). */
export const asVersion2 = (d: Doc): Doc => (d.version === 2 ? d : { ...d, version: 2 });

/** Upserts an entry of a list by id, merging `fields` into it (an override, or an own entry). */
function upsert(d: Doc, key: string, id: string, fields: Obj): Doc {
  const list = listOf(d, key);
  const at = list.findIndex((e) => (typeof e === "string" ? e === id : e.id === id));
  const next =
    at >= 0
      ? list.map((e, i) => (i === at ? { ...(typeof e === "string" ? { id: e } : e), ...fields } : e))
      : [...list, { id, ...fields }];
  return { ...d, [key]: next };
}

/** Sets the links out of an outcome (an empty list removes them). */
export function setLinks(d: Doc, outcome: string, links: DocLink[]): Doc {
  return asVersion2(upsert(d, "outcomes", outcome, { links }));
}

/** Every link of the resolved scenario, with the outcome it leads from and its place. */
export function linksOf(s: Scenario): { from: string; index: number; link: NonNullable<Scenario["outcomes"][number]["links"]>[number] }[] {
  return s.outcomes.flatMap((o) => (o.links ?? []).map((link, index) => ({ from: o.id, index, link })));
}

/** Adds a link from one outcome to another, keeping the outcome's other links. */
export function addLink(d: Doc, s: Scenario, from: string, link: DocLink): Doc {
  const current = (s.outcomes.find((o) => o.id === from)?.links ?? []) as DocLink[];
  return setLinks(d, from, [...current, link]);
}

/** Replaces the link at `index` of an outcome's links. */
export function updateLink(d: Doc, s: Scenario, from: string, index: number, link: DocLink): Doc {
  const current = (s.outcomes.find((o) => o.id === from)?.links ?? []) as DocLink[];
  return setLinks(d, from, current.map((l, i) => (i === index ? link : l)));
}

/** Removes the link at `index` of an outcome's links. */
export function removeLink(d: Doc, s: Scenario, from: string, index: number): Doc {
  const current = (s.outcomes.find((o) => o.id === from)?.links ?? []) as DocLink[];
  return setLinks(d, from, current.filter((_, i) => i !== index));
}

/**
 * True when a link from `from` to `to` would close a cycle (or is to itself): the engine refuses
 * cycles, so the editor does not offer them.
 */
export function wouldCycle(s: Scenario, from: string, to: string): boolean {
  if (from === to) return true;
  const next = new Map(s.outcomes.map((o) => [o.id, (o.links ?? []).map((l) => l.outcome)]));
  const seen = new Set<string>();
  const stack = [to];
  while (stack.length > 0) {
    const o = stack.pop() as string;
    if (o === from) return true;
    if (seen.has(o)) continue;
    seen.add(o);
    stack.push(...(next.get(o) ?? []));
  }
  return false;
}

/** Sets (or, with undefined, removes) the extent of an intervention's effect on an outcome. */
export function setExtent(x: DocIntervention, outcome: string, extent: { reduction: unknown; fromYear: number } | undefined): DocIntervention {
  if (extent) return setEffectField(x, outcome, "extent", extent);
  return {
    ...x,
    effects: (x.effects ?? []).map((e) => {
      if (e.outcome !== outcome) return e;
      const { extent: _drop, ...rest } = e;
      return rest;
    }),
  };
}

/** An id for a new entry from its name, unique among `taken`: `egen-` + a slug. */
export function newId(name: string, taken: Iterable<string>): string {
  const slug =
    name
      .toLowerCase()
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "post";
  const used = new Set(taken);
  let id = `egen-${slug}`;
  for (let k = 2; used.has(id); k++) id = `egen-${slug}-${k}`;
  return id;
}

const OWN = "Eget antagande: ersätt med egna uppgifter.";

/** Adds a payer of one's own; returns the document and the new payer's id. */
export function addPayer(d: Doc, s: Scenario, name: string, group: string): { doc: Doc; id: string } {
  const id = newId(name, s.payers.map((p) => p.id));
  const doc = { ...d, payers: [...listOf(d, "payers"), { id, name, group }] };
  return { doc: group === "livskvalitet" ? asVersion2(doc) : doc, id };
}

/** Adds a unit cost of one's own, marked as an assumption; returns the document and its id. */
export function addUnitCost(d: Doc, s: Scenario, u: { name: string; payer: string; amount: number; unit?: string | undefined }): { doc: Doc; id: string } {
  const id = newId(u.name, s.unitCosts.map((x) => x.id));
  const entry = { id, name: u.name, payer: u.payer, amount: u.amount, ...(u.unit ? { unit: u.unit } : {}), source: OWN };
  return { doc: { ...d, unitCosts: [...listOf(d, "unitCosts"), entry] }, id };
}

/** Adds an outcome of one's own with one consequence; returns the document and its id. */
export function addOutcome(d: Doc, s: Scenario, o: { name: string; unitCost: string; quantityPerYear: number; years: number }): { doc: Doc; id: string } {
  const id = newId(o.name, s.outcomes.map((x) => x.id));
  const entry = { id, name: o.name, consequences: [{ unitCost: o.unitCost, quantityPerYear: o.quantityPerYear, years: o.years }], source: OWN };
  return { doc: { ...d, outcomes: [...listOf(d, "outcomes"), entry] }, id };
}

/** Chooses who pays a unit cost (an override of a catalogue unit cost, or the own entry's field). */
export function setUnitCostPayer(d: Doc, id: string, payer: string): Doc {
  const doc = upsert(d, "unitCosts", id, { payer });
  return doc;
}
