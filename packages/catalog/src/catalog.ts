/**
 * A catalogue: sourced Swedish payers, unit costs, outcomes and interventions, every amount
 * expressed in the catalogue's price year. Built from the raw data files by `buildCatalog`,
 * which checks every entry with the scenario schemas and indexes amounts with the CPI (KPI).
 * Pure: the files' text comes in as data (see `node.ts` for reading them from disk).
 * @module
 */
import { type Issue, parseScenario, type ScenarioInput, type Uncertain } from "@sikt/engine";
import { evidenceEfficacy } from "./evidence.js";

/** Quality grade of a figure: A official statistics … D assumption. */
export type Grade = "A" | "B" | "C" | "D";

/** Relative half-width of the uncertainty range per grade (D: a factor 2 either way). */
export const GRADE_RANGE: Record<Grade, number> = { A: 0.1, B: 0.25, C: 0.5, D: 1 };

/** A price index: annual averages by year. */
export interface PriceIndex {
  readonly name: string;
  readonly source: string;
  readonly url?: string;
  readonly base?: string;
  readonly series: Readonly<Record<number, number>>;
}

type Entry = Record<string, unknown> & { id: string; name: string };

/** The raw contents of a catalogue's data files (already parsed from YAML). */
export interface RawCatalog {
  readonly catalog: { id: string; name: string; priceYear: number; description?: string; evidenceRule?: boolean };
  readonly payers: readonly Entry[];
  readonly unitCosts: readonly Entry[];
  readonly outcomes: readonly Entry[];
  readonly interventions: readonly Entry[];
  readonly priceIndex: { kpi: PriceIndex; pkv?: PriceIndex };
}

/** A built catalogue: entries ready to drop into a scenario, in the catalogue's price year. */
export interface Catalog {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly priceYear: number;
  readonly payers: readonly Entry[];
  readonly unitCosts: readonly Entry[];
  readonly outcomes: readonly Entry[];
  readonly interventions: readonly Entry[];
  readonly kpi: PriceIndex;
  readonly pkv?: PriceIndex;
}

/** A catalogue's data broke a rule; the issues say where. */
export class CatalogError extends Error {
  constructor(
    readonly catalogId: string,
    readonly issues: readonly Issue[],
  ) {
    super(`catalogue ${catalogId} is invalid: ${issues.length} problem(s)`);
  }
}

/**
 * The factor that takes an amount from the price level of `fromYear` to that of `toYear`:
 * KPI(toYear) / KPI(fromYear).
 * @throws when the index lacks either year
 */
export function indexFactor(kpi: PriceIndex, fromYear: number, toYear: number): number {
  const a = kpi.series[fromYear];
  const b = kpi.series[toYear];
  if (a === undefined || b === undefined)
    throw new RangeError(`${kpi.name} has no value for ${a === undefined ? fromYear : toYear}`);
  return b / a;
}

/** Multiplies an uncertain amount by a factor (every location parameter and the sd). */
export function scaleUncertain(u: Uncertain, f: number): Uncertain {
  if (typeof u === "number") return u * f;
  switch (u.dist) {
    case "normal":
    case "lognormal":
    case "gamma":
    case "beta":
      return { ...u, mean: u.mean * f, sd: u.sd * f };
    case "uniform":
      return { ...u, min: u.min * f, max: u.max * f };
    case "triangular":
    case "pert":
      return { ...u, min: u.min * f, mode: u.mode * f, max: u.max * f };
  }
}

/**
 * The uncertainty range a grade gives a point figure a (docs/catalog.md): A, B and C a
 * symmetric PERT a(1 ± w) with w = 10, 25 and 50 %; D a PERT from a/2 to 2a with its mode at
 * 0.875a, so that its mean, the base case, stays a.
 */
export function gradeRange(a: number, grade: Grade): Uncertain {
  if (a === 0) return 0;
  if (grade === "D") return { dist: "pert", min: a / 2, mode: 0.875 * a, max: 2 * a };
  const w = GRADE_RANGE[grade];
  return { dist: "pert", min: a * (1 - w), mode: a, max: a * (1 + w) };
}

const isGrade = (g: unknown): g is Grade => g === "A" || g === "B" || g === "C" || g === "D";
const metaOf = (e: Record<string, unknown>) => (e.meta ?? {}) as Record<string, unknown>;

/**
 * Builds a catalogue from its raw files: indexes every unit cost from the year of its figure to
 * the catalogue's price year (keeping the original amount and year in `meta`), gives it the
 * uncertainty range of its grade, indexes intervention cost lines that name their year, and
 * checks the result with the scenario schemas.
 * @throws CatalogError listing every problem
 */
export function buildCatalog(raw: RawCatalog): Catalog {
  const issues: Issue[] = [];
  const { kpi } = raw.priceIndex;
  const priceYear = raw.catalog.priceYear;
  const toPriceYear = (path: (string | number)[], amount: Uncertain, year: unknown): Uncertain => {
    if (year === undefined) return amount;
    if (typeof year !== "number" || kpi.series[year] === undefined) {
      issues.push({ path: [...path, "meta", "year"], code: "invalid", params: { detail: `no KPI value for ${String(year)}` } });
      return amount;
    }
    return scaleUncertain(amount, indexFactor(kpi, year, priceYear));
  };

  const unitCosts = raw.unitCosts.map((u, i) => {
    const meta = metaOf(u);
    const grade = meta.grade;
    if (!isGrade(grade))
      issues.push({ path: ["unitCosts", i, "meta", "grade"], code: "invalid_value", params: { values: ["A", "B", "C", "D"] } });
    const indexed = toPriceYear(["unitCosts", i], u.amount as Uncertain, meta.year);
    const amount =
      typeof indexed === "number" && isGrade(grade) ? gradeRange(indexed, grade) : indexed;
    return {
      ...u,
      amount,
      meta: { ...meta, originalAmount: u.amount, originalYear: meta.year, indexedAmount: indexed },
    } as Entry;
  });

  // With `evidenceRule`, every intervention's efficacy is the one the rule gives its evidence levels.
  if (raw.catalog.evidenceRule)
    raw.interventions.forEach((iv, i) => {
      const rule = evidenceEfficacy(metaOf(iv).evidence);
      if (!rule.ok)
        issues.push({ path: ["interventions", i, "meta", "evidence"], code: "invalid", params: { detail: rule.message } });
      else if (Math.abs(((iv.efficacy as number | undefined) ?? 1) - rule.efficacy) > 1e-12)
        issues.push({
          path: ["interventions", i, "efficacy"],
          code: "invalid",
          params: { detail: `must be ${rule.efficacy}, the evidence rule's product for meta.evidence` },
        });
    });

  const interventions = raw.interventions.map((iv, i) => {
    const costYear = metaOf(iv).costYear ?? metaOf(iv).year;
    const costs = ((iv.costs ?? []) as Record<string, unknown>[]).map((c, j) => {
      const year = metaOf(c).year ?? costYear;
      const out: Record<string, unknown> = { ...c };
      for (const k of ["perParticipant", "perYear", "oneOff"])
        if (c[k] !== undefined) out[k] = toPriceYear(["interventions", i, "costs", j], c[k] as Uncertain, year);
      return out;
    });
    return { ...iv, costs } as Entry;
  });

  const catalog: Catalog = {
    id: raw.catalog.id,
    name: raw.catalog.name,
    ...(raw.catalog.description === undefined ? {} : { description: raw.catalog.description }),
    priceYear,
    payers: raw.payers,
    unitCosts,
    outcomes: raw.outcomes,
    interventions,
    kpi,
    ...(raw.priceIndex.pkv ? { pkv: raw.priceIndex.pkv } : {}),
  };

  // The whole catalogue must be a valid scenario (every reference resolvable, every number
  // within its rules).
  // (version 2: catalogues may hold links, extent effects and the payer group livskvalitet)
  const asScenario: ScenarioInput = {
    version: 2,
    name: catalog.name,
    startYear: priceYear,
    horizonYears: 1,
    discountRate: 0,
    payers: catalog.payers as ScenarioInput["payers"],
    unitCosts: catalog.unitCosts as ScenarioInput["unitCosts"],
    outcomes: catalog.outcomes as ScenarioInput["outcomes"],
    interventions: catalog.interventions as ScenarioInput["interventions"],
  };
  const parsed = parseScenario(asScenario);
  if (!parsed.ok) issues.push(...parsed.issues);
  if (issues.length > 0) throw new CatalogError(catalog.id, issues);
  return catalog;
}
