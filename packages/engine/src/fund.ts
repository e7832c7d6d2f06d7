/**
 * A social investment fund (docs/budget.md §4): capital, investments in scenarios, repayments,
 * and the fund's balance over time, with a Monte Carlo band. Pure.
 * @module
 */
import { clampValue, Clamp, baseParams, compile, type CompiledModel } from "./model.js";
import { sampleInto } from "./distributions.js";
import { evaluateDeterministic } from "./evaluate.js";
import { percentilesInPlace } from "./montecarlo.js";
import type { YearResult } from "./result.js";
import { createRng } from "./rng.js";
import type { Scenario } from "./schema.js";

export type Repayment =
  /** A share of the named payers' savings from the investment, in the years they arise, until the outlays are repaid. */
  | { readonly kind: "savings"; readonly share: number; readonly payers: readonly string[] }
  /** Fixed amounts in given years. */
  | { readonly kind: "fixed"; readonly schedule: readonly { readonly year: number; readonly amount: number }[] };

export interface FundInvestment {
  readonly id: string;
  readonly name: string;
  /** The fund's outlays for this investment (calendar year, SEK in the scenario's prices). */
  readonly outlays: readonly { readonly year: number; readonly amount: number }[];
  readonly repayment: Repayment;
  /** How the investment will be evaluated (kept with the fund, not computed). */
  readonly evaluationPlan?: string;
}

export interface Fund {
  readonly name: string;
  readonly capital: number;
  readonly startYear: number;
  readonly endYear: number;
  readonly investments: readonly FundInvestment[];
}

export interface FundYear {
  year: number;
  outlays: number;
  repayments: number;
  /** Capital at the end of the year. */
  balance: number;
}

export interface FundResult {
  years: FundYear[];
  byInvestment: { id: string; outlays: number; repaid: number; repaidYear: number | null }[];
  /** The balance never falls below zero: the fund can pay every outlay when it is due. */
  solvent: boolean;
  /** The first year from which the balance stays at or above the starting capital, if any. */
  capitalBackYear: number | null;
  /** The balance at the end is at least the starting capital: the fund revolves. */
  revolves: boolean;
}

/** The yearly flows of each investment's scenario, by investment id. */
export type InvestmentFlows = Readonly<Record<string, readonly YearResult[]>>;

/** The fund year by year, given each investment's yearly flows per payer. */
export function evaluateFund(f: Fund, flows: InvestmentFlows): FundResult {
  const years: FundYear[] = [];
  const state = f.investments.map((x) => ({ x, outlays: 0, repaid: 0, repaidYear: null as number | null }));
  let balance = f.capital;
  for (let year = f.startYear; year <= f.endYear; year++) {
    let outlays = 0;
    let repayments = 0;
    for (const s of state) {
      const out = s.x.outlays.filter((o) => o.year === year).reduce((t, o) => t + o.amount, 0);
      s.outlays += out;
      outlays += out;
      const back = repaymentIn(s.x, year, s.repaid, flows);
      s.repaid += back;
      repayments += back;
      if (s.repaidYear === null && s.repaid >= totalOutlays(s.x) - 1e-6 && totalOutlays(s.x) > 0 && s.outlays >= totalOutlays(s.x) - 1e-6) s.repaidYear = year;
    }
    balance += repayments - outlays;
    years.push({ year, outlays, repayments, balance });
  }
  let capitalBackYear: number | null = null;
  for (let k = years.length - 1; k >= 0 && (years[k] as FundYear).balance >= f.capital - 1e-6; k--) capitalBackYear = (years[k] as FundYear).year;
  return {
    years,
    byInvestment: state.map((s) => ({ id: s.x.id, outlays: s.outlays, repaid: s.repaid, repaidYear: s.repaidYear })),
    solvent: years.every((y) => y.balance >= -1e-6),
    capitalBackYear,
    revolves: (years.at(-1)?.balance ?? f.capital) >= f.capital - 1e-6,
  };
}

/** What an investment repays in `year`, having repaid `repaid` before. */
function repaymentIn(x: FundInvestment, year: number, repaid: number, flows: InvestmentFlows): number {
  if (x.repayment.kind === "fixed") return x.repayment.schedule.filter((o) => o.year === year).reduce((t, o) => t + o.amount, 0);
  const y = flows[x.id]?.find((r) => r.year === year);
  const savings = x.repayment.payers.reduce((t, p) => t + Math.max(0, y?.byPayer[p]?.savings ?? 0), 0);
  return Math.min(Math.max(0, totalOutlays(x) - repaid), x.repayment.share * savings);
}

const totalOutlays = (x: FundInvestment) => x.outlays.reduce((t, o) => t + o.amount, 0);

export interface FundBand {
  iterations: number;
  seed: number;
  years: { year: number; p05: number; p50: number; p95: number }[];
  /** Share of draws in which the fund ends with at least its starting capital. */
  probabilityRevolves: number;
}

/**
 * The fund's balance under uncertainty: every investment's scenario is drawn `iterations` times
 * (each draw's uncertain numbers from its own seeded stream, independently per scenario) and
 * the fund evaluated on each draw's flows. Percentiles per year as in model.md.
 */
export function fundMonteCarlo(f: Fund, scenarios: Readonly<Record<string, Scenario>>, iterations: number, seed = 1): FundBand {
  const models = Object.fromEntries(Object.entries(scenarios).map(([id, s]) => [id, compile(s)])) as Record<string, CompiledModel>;
  const n = f.endYear - f.startYear + 1;
  const balances = new Float64Array(iterations * n);
  let revolves = 0;
  const streams = Object.keys(models).map((id, k) => ({ id, rng: createRng(seed, k), m: models[id] as CompiledModel }));
  const one = new Float64Array(1);
  for (let i = 0; i < iterations; i++) {
    const flows: Record<string, YearResult[]> = {};
    for (const { id, rng, m } of streams) {
      const params = baseParams(m);
      m.slots.forEach((slot, k) => {
        if (!slot.uncertain) return;
        sampleInto(slot.dist, rng, one, 0, 1);
        params[k] = slot.clamp === Clamp.None ? (one[0] as number) : clampValue(one[0] as number, slot.clamp);
      });
      flows[id] = evaluateDeterministic(m, params).years;
    }
    const r = evaluateFund(f, flows);
    r.years.forEach((y, t) => (balances[t * iterations + i] = y.balance));
    if (r.revolves) revolves++;
  }
  const years = Array.from({ length: n }, (_, t) => {
    const [p05, p50, p95] = percentilesInPlace(balances.subarray(t * iterations, (t + 1) * iterations), [0.05, 0.5, 0.95]) as [number, number, number];
    return { year: f.startYear + t, p05, p50, p95 };
  });
  return { iterations, seed, years, probabilityRevolves: iterations > 0 ? revolves / iterations : 0 };
}

/**
 * What the investments do to the municipality's yearly result, which balanskravet looks at: the
 * scenario costs and savings of the municipality's own payers (the fund is part of the
 * municipality, so its outlays pay costs that are already in them, and repayments between
 * committees and the fund cancel out). Beside it, the result if the use of the fund's reserved
 * equity is set aside in the balanced-budget assessment — whether that is allowed is a local
 * accounting decision, so both are shown.
 */
export function municipalResult(f: Fund, flows: InvestmentFlows, municipalPayers: readonly string[]) {
  const fund = evaluateFund(f, flows);
  return fund.years.map((y) => {
    let costs = 0;
    let savings = 0;
    for (const x of f.investments)
      for (const p of municipalPayers) {
        const r = flows[x.id]?.find((z) => z.year === y.year)?.byPayer[p];
        costs += r?.costs ?? 0;
        savings += r?.savings ?? 0;
      }
    return { year: y.year, costs, savings, result: savings - costs, fundOutlays: y.outlays, resultWithFundUseSetAside: savings - costs + y.outlays };
  });
}
