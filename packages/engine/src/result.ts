/**
 * The result object of spec §5: the stable interface of the CLI and the API. Amounts are SEK
 * in the scenario's price year; years are calendar years.
 * @module
 */
import type { PayerGroup } from "./domain.js";

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
  /** Avoided occurrences over all interventions, starts and onset years. */
  avoided: number;
  /** PV of the savings they bring, over all payers (transfers cancel). */
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
