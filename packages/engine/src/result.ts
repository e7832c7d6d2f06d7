/**
 * The result object of spec §5: the stable interface of the CLI and the API. Amounts are SEK
 * in the scenario's price year; years are calendar years.
 * @module
 */
import type { PayerGroup, Perspective } from "./domain.js";

export interface PayerResult {
  group: PayerGroup;
  pvCosts: number;
  pvSavings: number;
  npv: number;
  paybackYear: number | null;
}
export interface GroupResult {
  pvCosts: number;
  pvSavings: number;
  npv: number;
}
export interface InterventionResult {
  pvCosts: number;
  pvSavings: number;
  npv: number;
  bcr: number | null;
}
export interface OutcomeResult {
  /** Avoided occurrences over all interventions, starts and onset years: direct + linked. */
  avoided: number;
  /** Avoided by effects on the outcome (spec §8.1). */
  avoidedDirect: number;
  /** Avoided through links from other outcomes (spec §8.1). */
  avoidedLinked: number;
  /** Occurrences that still happen but are made smaller by an extent effect (spec §8.3). */
  shortened: number;
  /** PV of the savings they bring and of extent savings, over all payers (transfers cancel). */
  pvSavings: number;
}

/** A perspective's figures (spec §8.2). */
export interface PerspectiveResult {
  pvCosts: number;
  pvSavings: number;
  npv: number;
  bcr: number | null;
}

/** Occurrences of `to` avoided through the link `from` → `to`, over all interventions. */
export interface LinkResult {
  from: string;
  to: string;
  /** The link's probability (base value). */
  probability: number;
  avoided: number;
  /** PV of the savings of those occurrences of `to` itself (not of what follows from it). */
  pvSavings: number;
}
export interface YearResult {
  year: number;
  costs: number;
  savings: number;
  net: number;
  cumulativeDiscountedNet: number;
  byPayer: Record<string, { costs: number; savings: number }>;
}

export interface DeterministicResult {
  pvCosts: number;
  pvSavings: number;
  npv: number;
  bcr: number | null;
  roi: number | null;
  irr: number | null;
  paybackYear: number | null;
  breakEvenEffectScale: number | null;
  byPayer: Record<string, PayerResult>;
  byGroup: Partial<Record<PayerGroup, GroupResult>>;
  byIntervention: Record<string, InterventionResult>;
  byOutcome: Record<string, OutcomeResult>;
  /** The three perspectives of spec §8.2, always all three. */
  byPerspective: Record<Perspective, PerspectiveResult>;
  /** Every link of the scenario in file order (empty without links): an addition to spec §5. */
  byLink: LinkResult[];
  years: YearResult[];
}

export interface Summary {
  mean: number;
  p05: number;
  p50: number;
  p95: number;
}

export interface MonteCarloResult {
  iterations: number;
  seed: number;
  npv: Summary & { sd: number };
  bcr: Summary | null;
  probabilityNpvPositive: number;
  /** The distribution of the NPV: 40 equal-width bins from the smallest to the largest draw. */
  npvHistogram: { from: number; to: number; count: number }[];
  byPayer: Record<string, { npv: Summary; probabilityNpvPositive: number }>;
  /** The three perspectives of spec §8.2. */
  byPerspective: Record<Perspective, { npv: Summary; probabilityNpvPositive: number }>;
  years: { year: number; cumulativeDiscountedNet: { p05: number; p50: number; p95: number } }[];
}

/** One bar of the tornado: the NPV with one number at its 10th and its 90th percentile. */
export interface SensitivityBar {
  /** Path of the number in the scenario, e.g. `unitCosts[3].amount`; `discountRate`. */
  parameter: string;
  /** What the number is, e.g. `unitCost.amount`, `effect.size`, `discountRate`. */
  role: string;
  /** Id of the unit cost, outcome or intervention it belongs to (absent for the discount rate). */
  owner?: string;
  base: number;
  low: { value: number; npv: number };
  high: { value: number; npv: number };
  /** |high.npv − low.npv|; bars are sorted by it, largest first. */
  swing: number;
}

export interface ScenarioResult {
  deterministic: DeterministicResult;
  monteCarlo?: MonteCarloResult;
  sensitivity?: SensitivityBar[];
}
