/**
 * The lägesbild-to-follow-up loop as data: indicators and their values, the lägesbild (law
 * 2023:196 §4), the action plan with its measures, the actual outcome per measure and year, and
 * the register of low-threshold services. These are the shapes the API stores and serves.
 * @module
 */

/** Prevention level, as in the scenario model. */
export type Level = "individ" | "grupp" | "samhalle";
export const LEVELS: readonly Level[] = ["individ", "grupp", "samhalle"];

/** How an indicator's values read: a count of events (shown per 100,000 inhabitants where the population is known) or a rate/share as published. */
export type IndicatorKind = "count" | "rate";

export interface Indicator {
  id: string;
  /** A Kolada KPI id (N07403) or the municipality's own code; unique within an organisation. */
  code: string;
  name: string;
  /** What a value means: "antal", "per 1 000 inv.", "%", … */
  unit: string;
  kind: IndicatorKind;
  /** Where the numbers come from, with the publisher: "Kolada (RKA), N07403", "Egen uppföljning, fritidsförvaltningen". */
  source: string;
  /** True when a higher value is better (e.g. share who feel safe); false for crime and harm. */
  higherIsBetter: boolean;
  /** What the indicator measures, as its source describes it (Kolada's KPI description). */
  description?: string | undefined;
  /** Whether the source divides the values by gender (Kolada's `is_divided_by_gender`); null or absent when unknown. */
  byGender?: boolean | null | undefined;
}

/** T total, K women (kvinnor), M men (män): Kolada's division by gender. */
export type PointGender = "T" | "K" | "M";

/** One value of an indicator: for a place (a Kolada municipality/county/country code, or an area the user defines) and a year. */
export interface IndicatorPoint {
  indicatorId: string;
  /** Kolada code ("0880", "0000") or "area:<name>" for a district the user defines. */
  place: string;
  year: number;
  value: number;
  /** Inhabitants the value relates to (for counts per 100,000); null when unknown. */
  population: number | null;
  /** The gender the value is for: T total (the default), K women, M men. */
  gender?: PointGender;
}

/** Which places an organisation compares itself with. The codes are Kolada's. */
export interface Places {
  municipality: { code: string; name: string };
  county: { code: string; name: string } | null;
  country: { code: string; name: string } | null;
  /** Similar municipalities the user has chosen (e.g. from SKR's grouping of municipalities). */
  peers: { code: string; name: string }[];
}

export type PlaceRole = "municipality" | "area" | "county" | "country" | "peer" | "other";

export type FindingKind = "problem" | "risk" | "protective";

/** A problem, risk factor or protective factor the analysis identifies, shown by indicators. */
export interface Finding {
  id: string;
  kind: FindingKind;
  level: Level;
  title: string;
  description: string;
  indicatorIds: string[];
}

/** The lägesbild of law 2023:196 §4: the mapping, other relevant information, and the analysis. */
export interface Lagesbild {
  title: string;
  /** The year the picture describes. */
  year: number;
  /** 1. Kartläggning: the indicators chosen, why, the sources, and what limits the knowledge. */
  mapping: { indicators: { indicatorId: string; why: string }[]; sources: string; limitations: string };
  /** 2. Annan relevant information. */
  otherInformation: string;
  /** 3. Analys. */
  analysis: string;
  findings: Finding[];
}

/** What a measure plans for one year (participants are people; cost in SEK, current prices). */
export interface PlannedYear {
  year: number;
  participants: number;
  cost: number;
}

export interface Measure {
  id: string;
  title: string;
  description: string;
  level: Level;
  /** Ids of the lägesbild's findings this measure addresses. */
  findingIds: string[];
  /** Responsible actors: "Socialförvaltningen", "Polisen", … */
  responsible: string[];
  startYear: number;
  endYear: number;
  /** The time plan and budget per year. */
  planned: PlannedYear[];
  /** The calculation scenario and the intervention in it that models this measure. */
  scenario: { id: string; interventionId: string } | null;
  /** Indicators that will show whether the measure works, with a target where one is set. */
  indicators: { indicatorId: string; target: number | null; targetYear: number | null }[];
}

export interface ActionPlan {
  title: string;
  /** The lägesbild the plan is built on. */
  lagesbildId: string | null;
  startYear: number;
  endYear: number;
  /** Deviation, as a share of the plan, beyond which a measure is off track (0.1 = 10 %). */
  tolerance: number;
  measures: Measure[];
}

/** What happened: per measure and year, real participants and costs. */
export interface Actual {
  measureId: string;
  year: number;
  participants: number | null;
  cost: number | null;
  note: string;
}

/** An actual as reported: participants left out keep the count saved before (which a user may not see when it is suppressed). */
export type ActualInput = Omit<Actual, "participants"> & { participants?: number | null };

/** A committee decision to offer a service without individual needs assessment (SoL 2025:400). */
export interface ServiceDecision {
  /** The committee: "Socialnämnden". */
  body: string;
  date: string;
  reference: string;
  conditions: string;
  /** Whether the identities of those who use the service are recorded. */
  identitiesRecorded: boolean;
}

export interface Service {
  name: string;
  description: string;
  provider: string;
  level: Level;
  decision: ServiceDecision;
  ageGroups: string[];
  /** Modelled expectation of participants per year (not people: never suppressed); null when none is set. */
  expectedParticipantsPerYear: number | null;
}

export const GENDERS = ["flickor", "pojkar", "annat"] as const;
export type Gender = (typeof GENDERS)[number];

/** Aggregated reach in one period ("2026", "2026-Q1", "2026-03"). */
export interface Reach {
  period: string;
  visits: number;
  /** participants[ageGroup][gender]: distinct people in the period. */
  participants: Record<string, Partial<Record<Gender, number>>>;
}
