/**
 * The model at another discount rate (rate.ts) equals the scenario compiled at that rate, number
 * for number; and the tornado's discount-rate bar, computed on it in the tornado's own kernel
 * memory, is bit for bit the NPV of the scenario compiled at that rate.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { baseParams, compile } from "./model.js";
import { npvFor } from "./montecarlo.js";
import { atDiscountRate } from "./rate.js";
import { DISCOUNT_HIGH, DISCOUNT_LOW, sensitivity } from "./sensitivity.js";
import type { Scenario } from "./schema.js";
import { scenarioArb } from "./testing/arbitrary.js";
import { parseScenario } from "./validate.js";

const parsed = (input: unknown): Scenario => {
  const r = parseScenario(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
};
const scenarios = fc.oneof(scenarioArb(), scenarioArb({ version2: true })).map(parsed);
const rate = fc.oneof(fc.constantFrom(DISCOUNT_LOW, DISCOUNT_HIGH, 0, -0.05), fc.double({ min: -0.1, max: 1, noNaN: true }));

describe("atDiscountRate", () => {
  it("equals compiling the scenario at that rate (versions 1 and 2)", () => {
    fc.assert(
      fc.property(scenarios, rate, (s, r) => {
        expect(atDiscountRate(compile(s), r)).toEqual(compile(s, { discountRate: r }));
      }),
      { numRuns: 150 },
    );
  });

  it("shares what the rate does not change, and leaves the model it starts from as it was", () => {
    fc.assert(
      fc.property(scenarios, (s) => {
        const m = compile(s);
        const at = atDiscountRate(m, 0.07);
        expect(at.slots).toBe(m.slots);
        expect(at.scenario).toBe(m.scenario);
        expect(m).toEqual(compile(s));
      }),
      { numRuns: 30 },
    );
  });
});

describe("the tornado's discount-rate bar", () => {
  it("is bit for bit the per-iteration kernel's NPV of the scenario compiled at 1 % and at 5 %", () => {
    fc.assert(
      fc.property(scenarios, (s) => {
        const m = compile(s);
        const bar = sensitivity(m).find((b) => b.parameter === "discountRate");
        const at = (r: number) => npvFor(compile(s, { discountRate: r }), baseParams(m));
        expect(bar?.low.npv).toBe(at(DISCOUNT_LOW));
        expect(bar?.high.npv).toBe(at(DISCOUNT_HIGH));
      }),
      { numRuns: 150 },
    );
  });
});
