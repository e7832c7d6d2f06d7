/** Hand-computed tests of the social investment fund (docs/budget.md §4). */
import { describe, expect, it } from "vitest";
import { evaluateDeterministic } from "./evaluate.js";
import { evaluateFund, type Fund, fundMonteCarlo, municipalResult } from "./fund.js";
import { compile } from "./model.js";
import type { YearResult } from "./result.js";
import type { Scenario } from "./schema.js";
import { oneIntervention } from "./testing/scenarios.js";

/** Yearly flows with only the region's savings set. */
const regionSaves = (byYear: Record<number, number>): YearResult[] =>
  Object.entries(byYear).map(([year, savings]) => ({ year: Number(year), costs: 0, savings, net: savings, cumulativeDiscountedNet: 0, byPayer: { r: { costs: 0, savings } } }));

const a = {
  id: "a",
  name: "Föräldrastöd",
  outlays: [
    { year: 2026, amount: 40 },
    { year: 2027, amount: 20 },
  ],
  repayment: { kind: "savings", share: 0.5, payers: ["r"] },
} as const;
const b = { id: "b", name: "Fältarbete", outlays: [{ year: 2028, amount: 30 }], repayment: { kind: "fixed", schedule: [{ year: 2030, amount: 15 }, { year: 2031, amount: 10 }] } } as const;
const flowsA = regionSaves({ 2027: 20, 2028: 40, 2029: 40, 2030: 40, 2031: 40 });

describe("the social investment fund", () => {
  it("repays a share of the savings in the years they arise, until the outlays are back", () => {
    const fund: Fund = { name: "Fonden", capital: 100, startYear: 2026, endYear: 2031, investments: [a] };
    const r = evaluateFund(fund, { a: flowsA });
    // 2026: −40 → 60; 2027: −20 + 10 → 50; 2028: +20 → 70; 2029: +20 → 90; 2030: +10 (the rest) → 100
    expect(r.years.map((y) => [y.year, y.outlays, y.repayments, y.balance])).toEqual([
      [2026, 40, 0, 60],
      [2027, 20, 10, 50],
      [2028, 0, 20, 70],
      [2029, 0, 20, 90],
      [2030, 0, 10, 100],
      [2031, 0, 0, 100],
    ]);
    expect(r.byInvestment).toEqual([{ id: "a", outlays: 60, repaid: 60, repaidYear: 2030 }]);
    expect(r).toMatchObject({ solvent: true, capitalBackYear: 2030, revolves: true });
  });

  it("adds several investments, with a fixed repayment schedule, and says when the capital does not come back", () => {
    const fund: Fund = { name: "Fonden", capital: 100, startYear: 2026, endYear: 2031, investments: [a, b] };
    const r = evaluateFund(fund, { a: flowsA });
    expect(r.years.map((y) => y.balance)).toEqual([60, 50, 40, 60, 85, 95]);
    expect(r.byInvestment[1]).toEqual({ id: "b", outlays: 30, repaid: 25, repaidYear: null });
    expect(r).toMatchObject({ solvent: true, capitalBackYear: null, revolves: false });
  });

  it("is insolvent when an outlay exceeds the capital", () => {
    const r = evaluateFund({ name: "Liten", capital: 30, startYear: 2026, endYear: 2027, investments: [a] }, { a: flowsA });
    expect(r.years[0]?.balance).toBe(-10);
    expect(r.solvent).toBe(false);
  });

  const invest = (risk: Scenario["interventions"][number]["effects"][number]["baselineRisk"]) => oneIntervention(risk);
  const fundOn = (capital: number): Fund => ({
    name: "Fonden",
    capital,
    startYear: 2026,
    endYear: 2031,
    investments: [{ id: "x", name: "Insats", outlays: [{ year: 2026, amount: 10_000 }, { year: 2027, amount: 10_000 }], repayment: { kind: "savings", share: 1, payers: ["r"] } }],
  });

  it("gives the balance's 5–95 % band from draws of the scenario; without uncertainty the band is the line", () => {
    const certain = invest(0.5);
    const line = evaluateFund(fundOn(50_000), { x: evaluateDeterministic(compile(certain)).years });
    const flat = fundMonteCarlo(fundOn(50_000), { x: certain }, 50, 3);
    expect(flat.years.map((y) => [y.p05, y.p50, y.p95])).toEqual(line.years.map((y) => [y.balance, y.balance, y.balance]));
    // 1 case a year × 5,000 from 2027: repaid 5,000 a year until 20,000 is back in 2030
    expect(line.years.map((y) => y.balance)).toEqual([40_000, 35_000, 40_000, 45_000, 50_000, 50_000]);

    const band = fundMonteCarlo(fundOn(50_000), { x: invest({ dist: "beta", mean: 0.5, sd: 0.1 }) }, 400, 7);
    for (const y of band.years) expect(y.p05 <= y.p50 && y.p50 <= y.p95).toBe(true);
    expect(band.years[4]!.p95 - band.years[4]!.p05).toBeGreaterThan(0);
    expect(band.probabilityRevolves).toBeGreaterThan(0);
    expect(band.probabilityRevolves).toBeLessThan(1);
    expect(fundMonteCarlo(fundOn(50_000), { x: invest({ dist: "beta", mean: 0.5, sd: 0.1 }) }, 400, 7)).toEqual(band);
  });

  it("shows the municipality's yearly result, and the result with the fund's use set aside", () => {
    const flows = { x: evaluateDeterministic(compile(invest(0.5))).years };
    const rows = municipalResult(fundOn(50_000), flows, ["k"]);
    expect(rows.slice(0, 3).map((r) => [r.year, r.result, r.fundOutlays, r.resultWithFundUseSetAside])).toEqual([
      [2026, -10_000, 10_000, 0],
      [2027, -10_000, 10_000, 0],
      [2028, -10_000, 0, -10_000],
    ]);
  });
});
