import { describe, expect, it } from "vitest";
import { compile, resultYears } from "./model.js";
import { det, scenario } from "./testing/scenarios.js";

const close = (a: number | null | undefined, b: number, digits = 9) => expect(a).toBeCloseTo(b, digits);

/** One intervention in the default test scenario (unit cost 1000 per occurrence, payer k). */
const one = (iv: Record<string, unknown>) => ({
  interventions: [{ id: "a", name: "A", level: "grupp" as const, ...iv }],
});

describe("discounting", () => {
  it("does not discount a cost in year 0", () => {
    const d = det({ discountRate: 0.1, ...one({ participants: [1], costs: [{ payer: "k", oneOff: 1000 }] }) });
    close(d.pvCosts, 1000);
  });

  it("discounts a cost in year t by (1 + r)^−t", () => {
    const d = det({ discountRate: 0.1, ...one({ participants: [1], costs: [{ payer: "k", oneOff: 1000, year: 2 }] }) });
    close(d.pvCosts, 1000 / 1.21);
    expect(d.years[2]?.costs).toBe(1000);
    close(d.years[2]?.cumulativeDiscountedNet, -1000 / 1.21);
  });
});

describe("intervention costs", () => {
  it("charges per-participant costs for `years` years from each start", () => {
    const d = det(one({ participants: [10, 20], costs: [{ payer: "k", perParticipant: 100, years: 3 }] }));
    expect(d.years.map((y) => y.costs)).toEqual([1000, 3000, 3000, 2000, 0]);
  });

  it("follows per-participant costs beyond the horizon and extends the years", () => {
    const d = det({ horizonYears: 2, ...one({ participants: [0, 5], costs: [{ payer: "k", perParticipant: 10, years: 4 }] }) });
    // T − 1 = max(H − 1, 1 + (4 − 1)) = 4
    expect(d.years.map((y) => y.year)).toEqual([2026, 2027, 2028, 2029, 2030]);
    expect(d.years.map((y) => y.costs)).toEqual([0, 50, 50, 50, 50]);
  });

  it("charges per-year costs only in horizon years with participants", () => {
    const d = det(one({ participants: [5, 0, 5], costs: [{ payer: "k", perYear: 700 }] }));
    expect(d.years.map((y) => y.costs)).toEqual([700, 0, 700, 0, 0]);
  });

  it("puts a one-off cost in its year", () => {
    const d = det(one({ participants: [], costs: [{ payer: "r", oneOff: 300, year: 4 }] }));
    expect(d.years[4]?.byPayer.r).toEqual({ costs: 300, savings: 0 });
    close(d.byPayer.r?.pvCosts, 300);
  });

  it("raises every cost by the optimism bias for costs", () => {
    const d = det({
      optimismBias: { costs: 0.05 },
      ...one({ participants: [2], costs: [{ payer: "k", perParticipant: 100 }, { payer: "k", oneOff: 1000 }] }),
    });
    close(d.pvCosts, 1200 * 1.05);
  });
});

describe("avoided occurrences and savings", () => {
  const effect = (e: Record<string, unknown>) => ({ outcome: "o", baselineRisk: 0.1, relativeRiskReduction: 0.5, ...e });

  it("spreads onset evenly over the onset years", () => {
    const d = det(one({ participants: [100], effects: [effect({ onset: { fromYear: 1, years: 2 } })] }));
    // 100 · 0.1 · 0.5 = 5 avoided, 2.5 in year 1 and 2.5 in year 2, 1000 each
    close(d.byOutcome.o?.avoided, 5);
    expect(d.years.map((y) => y.savings)).toEqual([0, 2500, 2500, 0, 0]);
  });

  it("decays effects from the start of participation, not from the onset", () => {
    const d = det(one({ participants: [100], effects: [effect({ onset: { fromYear: 1, years: 2 }, decayPerYear: 0.5 })] }));
    // year 1: 5 · 0.5¹ · ½ = 1.25; year 2: 5 · 0.5² · ½ = 0.625
    close(d.years[1]?.savings ?? 0, 1250);
    close(d.years[2]?.savings ?? 0, 625);
    close(d.byOutcome.o?.avoided, 1.875);
  });

  it("times consequences from the onset year by fromYear and years", () => {
    const d = det({
      horizonYears: 1,
      outcomes: [{ id: "o", name: "O", consequences: [{ unitCost: "u", quantityPerYear: 2, fromYear: 2, years: 3 }] }],
      ...one({ participants: [10], effects: [effect({ onset: { fromYear: 1, years: 1 } })] }),
    });
    // 0.5 avoided in year 1; 2 units of 1000 in years 1+2 … 1+4
    expect(d.years.length).toBe(6);
    expect(d.years.map((y) => y.savings)).toEqual([0, 0, 0, 1000, 1000, 1000]);
  });

  it("computes the year span T from participants, onset and consequences", () => {
    const s = scenario({
      horizonYears: 2,
      outcomes: [{ id: "o", name: "O", consequences: [{ unitCost: "u", quantityPerYear: 1, fromYear: 1, years: 2 }] }],
      ...one({ participants: [10, 10], effects: [effect({ onset: { fromYear: 3, years: 1 } })] }),
    });
    // L = 3 + 0 + (1 + 2 − 1) = 5; T − 1 = max(1, 1 + 5)
    expect(resultYears(s)).toBe(7);
    expect(compile(s).years).toBe(7);
    expect(resultYears(scenario({ horizonYears: 4 }))).toBe(4);
  });

  it("does not extend the years for start years without participants", () => {
    const s = scenario({ horizonYears: 3, ...one({ participants: [5, 0, 0], effects: [effect({ onset: { fromYear: 1, years: 1 } })] }) });
    expect(resultYears(s)).toBe(3);
  });

  it("lets a transfer's recipient lose what the payer saves", () => {
    const d = det({
      unitCosts: [{ id: "u", name: "Bistånd", payer: "k", recipient: "i", amount: 1000 }],
      ...one({ participants: [100], effects: [effect({})] }),
    });
    close(d.byPayer.k?.pvSavings, 5000);
    close(d.byPayer.i?.pvSavings, -5000);
    close(d.pvSavings, 0);
    close(d.byOutcome.o?.pvSavings, 0);
    close(d.byOutcome.o?.avoided, 5);
  });

  it("converts an odds ratio against the baseline risk", () => {
    const d = det(one({ participants: [100], effects: [{ outcome: "o", baselineRisk: 0.2, oddsRatio: 0.5 }] }));
    // p1 = 0.5·0.2 / (1 − 0.2 + 0.5·0.2) = 1/9; RRR = 1 − (1/9)/0.2 = 4/9; avoided = 100·0.2·4/9
    close(d.byOutcome.o?.avoided, (100 * 0.2 * 4) / 9);
  });

  it("converts a standardised mean difference with OR = exp(1.65·d)", () => {
    const d = det(one({ participants: [100], effects: [{ outcome: "o", baselineRisk: 0.2, standardizedMeanDifference: -0.3 }] }));
    const or = Math.exp(1.65 * -0.3);
    const p1 = (or * 0.2) / (1 - 0.2 + or * 0.2);
    close(d.byOutcome.o?.avoided, 100 * (0.2 - p1));
  });

  it("gives no reduction from an odds ratio when the baseline risk is 1", () => {
    const d = det(one({ participants: [100], effects: [{ outcome: "o", baselineRisk: 1, oddsRatio: 0.5 }] }));
    expect(d.byOutcome.o?.avoided).toBe(0);
  });

  it("scales every effect by efficacy and by the optimism bias for effects", () => {
    const d = det({
      optimismBias: { effects: 0.2 },
      ...one({ participants: [100], efficacy: 0.5, effects: [effect({})] }),
    });
    close(d.byOutcome.o?.avoided, 100 * 0.1 * 0.5 * 0.5 * 0.8);
  });

  it("clamps the effective reduction so that the risk stays within [0, 1]", () => {
    const up = det(one({ participants: [100], efficacy: 3, effects: [effect({ relativeRiskReduction: 0.9 })] }));
    close(up.byOutcome.o?.avoided, 100 * 0.1); // RRRₑ = min(1, 2.7) = 1
    const down = det(one({ participants: [100], effects: [{ outcome: "o", baselineRisk: 0.5, relativeRiskReduction: -5 }] }));
    close(down.byOutcome.o?.avoided, -50); // RRRₑ = max(1 − 1/0.5, −5) = −1: the risk doubles to 1
  });

  it("adds up the savings of interventions that act on the same outcome", () => {
    const d = det({
      interventions: [
        { id: "a", name: "A", level: "grupp", participants: [100], effects: [effect({})] },
        { id: "b", name: "B", level: "individ", participants: [10], effects: [effect({ baselineRisk: 0.5 })] },
      ],
    });
    close(d.byOutcome.o?.avoided, 5 + 2.5);
    close(d.byIntervention.a?.pvSavings, 5000);
    close(d.byIntervention.b?.pvSavings, 2500);
  });
});

describe("results", () => {
  it("computes BCR, ROI, break-even and an IRR for a simple investment", () => {
    const d = det({
      outcomes: [{ id: "o", name: "O", consequences: [{ unitCost: "u", quantityPerYear: 1.1 }] }],
      ...one({
        participants: [100],
        costs: [{ payer: "k", oneOff: 100_000 }],
        effects: [{ outcome: "o", baselineRisk: 1, relativeRiskReduction: 1, onset: { fromYear: 1 } }],
      }),
    });
    // −100 000 in year 0, +110 000 in year 1
    close(d.npv, 10_000, 6);
    close(d.bcr, 1.1);
    close(d.roi, 0.1);
    close(d.irr, 0.1, 10);
    close(d.breakEvenEffectScale, 1 / 1.1);
    expect(d.paybackYear).toBe(2027);
  });

  it("finds the payback year after the cumulative net dips below zero again", () => {
    const d = det({
      unitCosts: [{ id: "u", name: "U", payer: "k", amount: 1 }],
      ...one({
        participants: [1],
        costs: [
          { payer: "k", oneOff: 100, year: 0 },
          { payer: "k", oneOff: 200, year: 2 },
        ],
        effects: [{ outcome: "o", baselineRisk: 1, relativeRiskReduction: 1, onset: { fromYear: 1, years: 1 } }],
      }),
      outcomes: [
        {
          id: "o",
          name: "O",
          consequences: [
            { unitCost: "u", quantityPerYear: 150, fromYear: 0, years: 1 },
            { unitCost: "u", quantityPerYear: 300, fromYear: 2, years: 1 },
          ],
        },
      ],
    });
    // cumulative: −100, +50, −150, +150, +150
    expect(d.years.map((y) => y.cumulativeDiscountedNet)).toEqual([-100, 50, -150, 150, 150]);
    expect(d.paybackYear).toBe(2029);
    // net flows −100, +150, −200, +300: three sign changes, no IRR
    expect(d.irr).toBeNull();
  });

  it("has no payback year when the net never stays positive", () => {
    const d = det(one({ participants: [1], costs: [{ payer: "k", oneOff: 100 }] }));
    expect(d.paybackYear).toBeNull();
    expect(d.breakEvenEffectScale).toBeNull();
    expect(d.irr).toBeNull();
  });

  it("gives null ratios and payback when nothing costs anything", () => {
    const d = det(one({ participants: [100], effects: [{ outcome: "o", baselineRisk: 0.1, relativeRiskReduction: 0.5 }] }));
    expect(d.pvCosts).toBe(0);
    expect(d.bcr).toBeNull();
    expect(d.roi).toBeNull();
    expect(d.paybackYear).toBeNull();
    close(d.breakEvenEffectScale, 0);
  });

  it("lists every payer, group with a payer, intervention and outcome, also with zero flows", () => {
    const d = det({
      payers: [
        { id: "k", name: "K", group: "kommun" },
        { id: "x", name: "X", group: "ovrigt" },
      ],
      outcomes: [
        { id: "o", name: "O", consequences: [{ unitCost: "u", quantityPerYear: 1 }] },
        { id: "p", name: "P", consequences: [{ unitCost: "u", quantityPerYear: 1 }] },
      ],
      ...one({ participants: [] }),
    });
    expect(Object.keys(d.byPayer)).toEqual(["k", "x"]);
    expect(Object.keys(d.byGroup)).toEqual(["kommun", "ovrigt"]);
    expect(Object.keys(d.byIntervention)).toEqual(["a"]);
    expect(Object.keys(d.byOutcome)).toEqual(["o", "p"]);
    expect(d.byPayer.x).toEqual({ group: "ovrigt", pvCosts: 0, pvSavings: 0, npv: 0, paybackYear: null });
    expect(d.years).toHaveLength(5);
  });

  it("computes each payer's own payback year", () => {
    const d = det({
      unitCosts: [{ id: "u", name: "U", payer: "r", amount: 1000 }],
      ...one({
        participants: [10],
        costs: [{ payer: "k", oneOff: 100 }, { payer: "r", oneOff: 100, year: 1 }],
        effects: [{ outcome: "o", baselineRisk: 0.1, relativeRiskReduction: 0.5, onset: { fromYear: 3 } }],
      }),
    });
    expect(d.byPayer.k?.paybackYear).toBeNull(); // pays, never saves
    expect(d.byPayer.r?.paybackYear).toBe(2029); // pays in 2027, saves 500 in 2029
  });
});
