/**
 * The budget view (docs/budget.md §1): each payer's costs and savings year by year as a budget
 * shows them — undiscounted, in the scenario's fixed prices or in current prices with an
 * assumed price and wage growth — cumulatively, and the years in which the payer is out of
 * pocket. Pure.
 * @module
 */
import type { PayerGroup } from "./domain.js";
import type { DeterministicResult } from "./result.js";
import type { Scenario } from "./schema.js";

export interface BudgetOptions {
  /**
   * Current prices: amounts of year y are multiplied by
   * ((1 − wageShare)(1 + priceGrowth) + wageShare(1 + wageGrowth))^(y − priceYear).
   * All three are assumptions the user sets; without them the view is in fixed prices.
   */
  readonly currentPrices?: { readonly priceGrowth: number; readonly wageGrowth: number; readonly wageShare: number };
}

export interface BudgetYear {
  year: number;
  costs: number;
  savings: number;
  net: number;
  cumulativeNet: number;
  /** Costs exceed savings this year. */
  outOfPocket: boolean;
}

export interface PayerBudget {
  id: string;
  name: string;
  group: PayerGroup;
  years: BudgetYear[];
  totalCosts: number;
  totalSavings: number;
  /** The years with net < 0. */
  outOfPocketYears: number[];
  /** The first year from which the cumulative net stays ≥ 0, if any (undiscounted). */
  breakEvenYear: number | null;
}

/** The yearly price factor of current prices (1 in fixed prices). */
export function currentPriceFactor(o: BudgetOptions, yearsAfterPriceYear: number): number {
  const c = o.currentPrices;
  if (!c) return 1;
  const blended = (1 - c.wageShare) * (1 + c.priceGrowth) + c.wageShare * (1 + c.wageGrowth);
  return blended ** yearsAfterPriceYear;
}

/** Every payer with a cost or a saving, in the scenario's order. */
export function budgetView(result: DeterministicResult, scenario: Scenario, o: BudgetOptions = {}): PayerBudget[] {
  const out: PayerBudget[] = [];
  for (const p of scenario.payers) {
    let cumulative = 0;
    const years = result.years.map((y) => {
      const f = currentPriceFactor(o, y.year - scenario.priceYear);
      const costs = (y.byPayer[p.id]?.costs ?? 0) * f;
      const savings = (y.byPayer[p.id]?.savings ?? 0) * f;
      cumulative += savings - costs;
      return { year: y.year, costs, savings, net: savings - costs, cumulativeNet: cumulative, outOfPocket: costs - savings > 1e-9 };
    });
    const totalCosts = years.reduce((s, y) => s + y.costs, 0);
    const totalSavings = years.reduce((s, y) => s + y.savings, 0);
    if (totalCosts === 0 && totalSavings === 0) continue;
    let breakEvenYear: number | null = null;
    for (let k = years.length - 1; k >= 0 && (years[k] as BudgetYear).cumulativeNet >= -1e-9; k--) breakEvenYear = (years[k] as BudgetYear).year;
    out.push({
      id: p.id,
      name: p.name,
      group: p.group,
      years,
      totalCosts,
      totalSavings,
      outOfPocketYears: years.filter((y) => y.outOfPocket).map((y) => y.year),
      breakEvenYear,
    });
  }
  return out;
}
