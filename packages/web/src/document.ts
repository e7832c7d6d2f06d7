/**
 * Editing a scenario document as the user wrote it (catalogue entries by id with local
 * overrides), immutably. Pure, so the editor's rules are tested without a browser.
 * @module
 */
export type Doc = Record<string, unknown>;
export type DocIntervention = { id: string; participants?: number[]; efficacy?: unknown; effects?: Record<string, unknown>[] } & Record<string, unknown>;

export const interventionsOf = (d: Doc): DocIntervention[] => (Array.isArray(d.interventions) ? (d.interventions as DocIntervention[]) : []);

export function setField(d: Doc, key: string, value: unknown): Doc {
  return { ...d, [key]: value };
}

/** A new horizon: every participants list is cut or extended with its last value. */
export function setHorizon(d: Doc, years: number): Doc {
  const fit = (p: number[] | undefined) => (p === undefined ? p : Array.from({ length: years }, (_, i) => p[Math.min(i, p.length - 1)] ?? 0));
  return { ...d, horizonYears: years, interventions: interventionsOf(d).map((x) => (x.participants ? { ...x, participants: fit(x.participants) } : x)) };
}

export function updateIntervention(d: Doc, index: number, change: (x: DocIntervention) => DocIntervention): Doc {
  return { ...d, interventions: interventionsOf(d).map((x, i) => (i === index ? change(x) : x)) };
}

export function removeIntervention(d: Doc, index: number): Doc {
  return { ...d, interventions: interventionsOf(d).filter((_, i) => i !== index) };
}

/** Puts an intervention back at its place (undoing a removal). */
export function insertIntervention(d: Doc, index: number, x: DocIntervention): Doc {
  const list = interventionsOf(d);
  return { ...d, interventions: [...list.slice(0, index), x, ...list.slice(index)] };
}

/** Adds a catalogue intervention with the same number of participants every year. */
export function addIntervention(d: Doc, id: string, perYear: number): Doc {
  const years = typeof d.horizonYears === "number" ? d.horizonYears : 10;
  return { ...d, interventions: [...interventionsOf(d), { id, participants: Array(years).fill(perYear) }] };
}

/**
 * Sets one field of the effect on `outcome` as a local override (catalogue scenario) or in the
 * intervention's own effect (own scenario).
 */
export function setEffectField(x: DocIntervention, outcome: string, field: string, value: unknown): DocIntervention {
  const effects = [...(x.effects ?? [])];
  const at = effects.findIndex((e) => e.outcome === outcome);
  if (at >= 0) effects[at] = { ...effects[at], [field]: value };
  else effects.push({ outcome, [field]: value });
  return { ...x, effects };
}

/** Removes a local override of one effect field, so the catalogue's value applies again. */
export function resetEffectField(x: DocIntervention, outcome: string, field: string): DocIntervention {
  const effects = (x.effects ?? [])
    .map((e) => {
      if (e.outcome !== outcome) return e;
      const { [field]: _drop, ...rest } = e;
      return rest;
    })
    .filter((e) => Object.keys(e).length > 1);
  const { effects: _old, ...rest } = x;
  return effects.length > 0 ? { ...rest, effects } : (rest as DocIntervention);
}

/** The suggested participants a year from a catalogue entry's reach per 10,000 inhabitants. */
export function suggestedParticipants(entry: Record<string, unknown>, population: number | undefined): number {
  const reach = (entry.meta as Record<string, unknown> | undefined)?.reachPer10000;
  if (typeof reach === "number" && population) return Math.max(1, Math.round((reach * population) / 10_000));
  return 10;
}

/**
 * Sets a unit cost's amount: in a catalogue scenario as a local override by id, in an own
 * scenario in its own list.
 */
export function setUnitCostAmount(d: Doc, id: string, amount: unknown): Doc {
  const list = Array.isArray(d.unitCosts) ? (d.unitCosts as Record<string, unknown>[]) : [];
  const at = list.findIndex((u) => u.id === id);
  if (at >= 0) return { ...d, unitCosts: list.map((u, i) => (i === at ? { ...u, amount } : u)) };
  return { ...d, unitCosts: [...list, { id, amount }] };
}

/** Removes a catalogue scenario's local override of a unit cost's amount. */
export function resetUnitCostAmount(d: Doc, id: string): Doc {
  const list = (Array.isArray(d.unitCosts) ? (d.unitCosts as Record<string, unknown>[]) : [])
    .map((u) => {
      if (u.id !== id) return u;
      const { amount: _drop, ...rest } = u;
      return rest;
    })
    .filter((u) => Object.keys(u).length > 1);
  const { unitCosts: _old, ...rest } = d;
  return list.length > 0 ? { ...rest, unitCosts: list } : rest;
}

/**
 * The catalogue new scenarios start on: the newest one (the highest release in the id, se-2026.1 before
 * se-2025.1), whatever order the server lists them in. Older catalogues stay for the scenarios that name them.
 */
export function newestCatalog<C extends { id: string }>(list: readonly C[]): C | undefined {
  return [...list].sort((a, b) => b.id.localeCompare(a.id, "en", { numeric: true }))[0];
}

/** A new, empty scenario on the catalogue (model version 2), to which catalogue interventions are added. */
export function catalogScenario(name: string, startYear: number, catalog: string | undefined): Record<string, unknown> {
  return { version: 2, name, ...(catalog ? { catalog } : {}), startYear, horizonYears: 10, discountRate: 0.035, interventions: [] };
}

/**
 * A minimal scenario of one's own to start from: one payer, one unit cost, one outcome and one
 * intervention, every number a marked assumption to replace. It names the catalogue, so that
 * catalogue interventions can be added beside the own one. Model version 2, so that own links between
 * outcomes and the payer group livskvalitet can be used.
 */
export function emptyScenario(name: string, startYear: number, catalog: string | undefined): Record<string, unknown> {
  const assumption = "Eget antagande: ersätt med egna uppgifter.";
  return {
    version: 2,
    name,
    ...(catalog ? { catalog } : {}),
    startYear,
    horizonYears: 10,
    discountRate: 0.035,
    payers: [{ id: "egen-kommun", name: "Kommunen (egen)", group: "kommun" }],
    unitCosts: [{ id: "egen-placering", name: "Placering (egen uppskattning)", payer: "egen-kommun", amount: 1_000_000, unit: "placering", source: assumption }],
    outcomes: [{ id: "egen-placering", name: "Placering", consequences: [{ unitCost: "egen-placering", quantityPerYear: 1, years: 1 }] }],
    interventions: [
      {
        id: "egen-insats",
        name: "Egen insats",
        level: "individ",
        participants: Array(10).fill(10),
        costs: [{ payer: "egen-kommun", perParticipant: 20_000, source: assumption }],
        effects: [{ outcome: "egen-placering", baselineRisk: 0.1, relativeRiskReduction: 0.2, source: assumption }],
      },
    ],
  };
}
