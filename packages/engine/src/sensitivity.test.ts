import { describe, expect, it } from "vitest";
import { quantile } from "./distributions.js";
import { evaluateDeterministic } from "./evaluate.js";
import { compile } from "./model.js";
import { sensitivity } from "./sensitivity.js";
import { scenario } from "./testing/scenarios.js";

const s = scenario({
  discountRate: 0.035,
  unitCosts: [
    { id: "u", name: "U", payer: "k", amount: { dist: "pert", min: 800, mode: 1000, max: 1500 } },
    { id: "fixed", name: "F", payer: "r", amount: 200 },
  ],
  outcomes: [
    { id: "o1", name: "O1", consequences: [{ unitCost: "u", quantityPerYear: 1, years: 2 }] },
    { id: "o2", name: "O2", consequences: [{ unitCost: "u", quantityPerYear: 2 }, { unitCost: "fixed", quantityPerYear: 1 }] },
  ],
  interventions: [
    {
      id: "a",
      name: "A",
      level: "grupp",
      participants: [100, 100],
      costs: [{ payer: "k", perParticipant: { dist: "uniform", min: 100, max: 300 } }],
      effects: [
        { outcome: "o1", baselineRisk: 0.2, relativeRiskReduction: { dist: "normal", mean: 0.3, sd: 0.1 }, onset: { fromYear: 1, years: 2 } },
        { outcome: "o2", baselineRisk: { dist: "beta", mean: 0.1, sd: 0.03 }, oddsRatio: 0.7, onset: { fromYear: 2 } },
      ],
    },
  ],
});
const m = compile(s);
const bars = sensitivity(m);

describe("sensitivity (tornado)", () => {
  it("has one bar per number given as a distribution, and one for the discount rate", () => {
    // amount of u (used by two outcomes: still one bar), perParticipant, RRR, baseline risk of o2
    expect(bars.map((b) => b.parameter).sort()).toEqual(
      [
        "discountRate",
        "interventions[0].costs[0].perParticipant",
        "interventions[0].effects[0].relativeRiskReduction",
        "interventions[0].effects[1].baselineRisk",
        "unitCosts[0].amount",
      ].sort(),
    );
  });

  it("is sorted by swing, largest first", () => {
    for (let i = 1; i < bars.length; i++) expect(bars[i - 1]?.swing).toBeGreaterThanOrEqual(bars[i]?.swing ?? 0);
  });

  it("puts each number at its exact 10th and 90th percentile with everything else at base", () => {
    const bar = bars.find((b) => b.parameter === "unitCosts[0].amount");
    const dist = { dist: "pert", min: 800, mode: 1000, max: 1500 } as const;
    expect(bar?.low.value).toBeCloseTo(quantile(dist, 0.1), 9);
    expect(bar?.high.value).toBeCloseTo(quantile(dist, 0.9), 9);
    const at = (amount: number) =>
      evaluateDeterministic(
        compile(scenario({ ...s, unitCosts: [{ ...(s.unitCosts[0] as object), amount } as never, s.unitCosts[1] as never] } as never)),
      ).npv;
    expect(bar?.low.npv).toBeCloseTo(at(quantile(dist, 0.1)), 6);
    expect(bar?.high.npv).toBeCloseTo(at(quantile(dist, 0.9)), 6);
    expect(bar?.swing).toBeCloseTo(Math.abs(at(quantile(dist, 0.9)) - at(quantile(dist, 0.1))), 6);
  });

  it("evaluates the discount rate at 1 % and 5 %", () => {
    const bar = bars.find((b) => b.parameter === "discountRate");
    const at = (r: number) => evaluateDeterministic(compile(s, { discountRate: r })).npv;
    expect(bar?.low).toEqual({ value: 0.01, npv: expect.closeTo(at(0.01), 6) });
    expect(bar?.high).toEqual({ value: 0.05, npv: expect.closeTo(at(0.05), 6) });
    expect(bar?.base).toBe(0.035);
  });
});
