/**
 * The model at another discount rate (rate.ts) equals the scenario compiled at that rate, number
 * for number; and the tornado's discount-rate bar, computed on it in the tornado's own kernel
 * memory, is bit for bit the NPV of the scenario compiled at that rate.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { baseParams, compile } from "./model.js";
import { batchable, batchPlan, createBatchWorkspace, kernelBatch, LANES, rebaseBatchWorkspace } from "./batch-kernel.js";
import type { CompiledModel } from "./model.js";
import { mcBuffers, npvFor } from "./montecarlo.js";
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

describe("a batch workspace rebased to another discount rate", () => {
  /** All outputs of one base-case column of the batch kernel in `ws`. */
  const outputs = (m: CompiledModel, ws: ReturnType<typeof createBatchWorkspace>) => {
    const base = baseParams(m);
    base.forEach((v, k) => ws.f.fill(v, ws.matrix + k * ws.stride, ws.matrix + (k + 1) * ws.stride));
    const out = mcBuffers(m, LANES);
    kernelBatch(m, batchPlan(m), ws, 0, LANES, out, 0);
    return { npv: [...out.npv], pvCosts: [...out.pvCosts], pvSavings: [...out.pvSavings], payerNpv: [...out.payerNpv], cdn: [...out.cdn] };
  };

  it("computes bit for bit what a workspace of the rebased model's own computes, rate after rate", () => {
    fc.assert(
      fc.property(scenarios.filter((s) => batchable(compile(s))), rate, rate, (s, r1, r2) => {
        const m = compile(s);
        let ws = createBatchWorkspace(m, LANES);
        let from = m;
        for (const r of [r1, r2]) {
          const at = atDiscountRate(from, r);
          const rebased = rebaseBatchWorkspace(ws, from, at);
          expect(rebased).toBeDefined();
          if (!rebased) return;
          expect(outputs(at, rebased)).toEqual(outputs(at, createBatchWorkspace(at, LANES)));
          ws = rebased;
          from = at;
        }
      }),
      { numRuns: 100 },
    );
  });

  it("refuses a model of another structure and leaves the workspace as it was", () => {
    fc.assert(
      fc.property(scenarios.filter((s) => batchable(compile(s))), scenarios, (s, other) => {
        const m = compile(s);
        const o = compile(other);
        const ws = createBatchWorkspace(m, LANES);
        const before = outputs(m, ws);
        const to = { ...atDiscountRate(m, 0.02), years: m.years + 1 };
        expect(rebaseBatchWorkspace(ws, m, to)).toBeUndefined();
        if (o.slots.length !== m.slots.length || o.years !== m.years) expect(rebaseBatchWorkspace(ws, m, o)).toBeUndefined();
        expect(outputs(m, ws)).toEqual(before);
      }),
      { numRuns: 50 },
    );
  });
});
