import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { quantile } from "./distributions.js";
import { evaluateDeterministic } from "./evaluate.js";
import { baseParams, clampValue, compile } from "./model.js";
import { kernelFor } from "./montecarlo.js";
import type { ScenarioInput } from "./schema.js";
import { scenarioArb } from "./testing/arbitrary.js";
import { parseScenario } from "./validate.js";

function evaluate(input: ScenarioInput) {
  const r = parseScenario(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const m = compile(r.scenario);
  return { m, d: evaluateDeterministic(m) };
}

/** |a − b| within a relative tolerance of the magnitudes involved. */
const near = (a: number, b: number, scale = Math.max(1, Math.abs(a), Math.abs(b))) =>
  Math.abs(a - b) <= 1e-9 * scale;
const total = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
const runs = { numRuns: 150 };

describe("engine invariants", () => {
  it("adds up over payers, groups, interventions and outcomes to the totals", () => {
    fc.assert(
      fc.property(scenarioArb(), (input) => {
        const { d } = evaluate(input);
        const scale = Math.max(1, d.pvCosts, Math.abs(d.pvSavings)) * 10;
        const payers = Object.values(d.byPayer);
        expect(near(total(payers.map((p) => p.pvCosts)), d.pvCosts, scale)).toBe(true);
        expect(near(total(payers.map((p) => p.pvSavings)), d.pvSavings, scale)).toBe(true);
        expect(near(total(payers.map((p) => p.npv)), d.npv, scale)).toBe(true);
        const groups = Object.values(d.byGroup);
        expect(near(total(groups.map((g) => g.npv)), d.npv, scale)).toBe(true);
        expect(near(total(groups.map((g) => g.pvCosts)), d.pvCosts, scale)).toBe(true);
        const ivs = Object.values(d.byIntervention);
        expect(near(total(ivs.map((i) => i.pvCosts)), d.pvCosts, scale)).toBe(true);
        expect(near(total(ivs.map((i) => i.pvSavings)), d.pvSavings, scale)).toBe(true);
        expect(near(total(ivs.map((i) => i.npv)), d.npv, scale)).toBe(true);
        expect(near(total(Object.values(d.byOutcome).map((o) => o.pvSavings)), d.pvSavings, scale)).toBe(true);
        for (const y of d.years) {
          const flows = Object.values(y.byPayer);
          expect(near(total(flows.map((f) => f.costs)), y.costs, scale)).toBe(true);
          expect(near(total(flows.map((f) => f.savings)), y.savings, scale)).toBe(true);
        }
      }),
      runs,
    );
  });

  it("lets transfers sum to zero over payers", () => {
    fc.assert(
      fc.property(scenarioArb(), (input) => {
        fc.pre(input.payers.length >= 2);
        // Make every unit cost a transfer from its payer to another payer.
        const transfers: ScenarioInput = {
          ...input,
          unitCosts: input.unitCosts.map((u) => ({
            ...u,
            recipient: input.payers.find((p) => p.id !== u.payer)?.id as string,
          })),
        };
        const { d } = evaluate(transfers);
        const scale = Math.max(1, ...Object.values(d.byPayer).map((p) => Math.abs(p.pvSavings))) * 10;
        expect(near(d.pvSavings, 0, scale)).toBe(true);
        for (const y of d.years) expect(near(y.savings, 0, scale)).toBe(true);
        for (const o of Object.values(d.byOutcome)) expect(o.pvSavings).toBe(0);
      }),
      runs,
    );
  });

  it("scales the savings linearly with a common scale of all risk reductions while none is clamped", () => {
    fc.assert(
      fc.property(scenarioArb({ linearEffects: true }), fc.double({ min: 0, max: 1.5, noNaN: true }), (input, k) => {
        const scaled: ScenarioInput = {
          ...input,
          interventions: input.interventions.map((iv) => ({
            ...iv,
            effects: (iv.effects ?? []).map((e) => ({ ...e, relativeRiskReduction: (e.relativeRiskReduction as number) * k })),
          })),
        };
        const a = evaluate(input).d;
        const b = evaluate(scaled).d;
        expect(near(b.pvSavings, k * a.pvSavings, Math.max(1, Math.abs(a.pvSavings)) * 10)).toBe(true);
        expect(near(b.pvCosts, a.pvCosts)).toBe(true);
      }),
      runs,
    );
  });

  it("reaches NPV = 0 when the effects are scaled by the break-even factor", () => {
    fc.assert(
      fc.property(scenarioArb({ linearEffects: true }), (input) => {
        const a = evaluate(input).d;
        const f = a.breakEvenEffectScale;
        fc.pre(f !== null && f * 0.5 <= 1); // RRR ≤ 0.5 and efficacy ≤ 1: no clamp after scaling
        const scaled: ScenarioInput = {
          ...input,
          interventions: input.interventions.map((iv) => ({
            ...iv,
            effects: (iv.effects ?? []).map((e) => ({ ...e, relativeRiskReduction: (e.relativeRiskReduction as number) * (f as number) })),
          })),
        };
        const b = evaluate(scaled).d;
        expect(Math.abs(b.npv)).toBeLessThanOrEqual(1e-8 * Math.max(1, a.pvCosts));
      }),
      runs,
    );
  });

  it("never lowers costs when participants are added", () => {
    fc.assert(
      fc.property(scenarioArb(), fc.nat(), fc.double({ min: 0, max: 100, noNaN: true }), (input, pick, extra) => {
        const ivs = input.interventions;
        const i = pick % ivs.length;
        const iv = ivs[i];
        if (!iv) return;
        const participants = [...(iv.participants ?? [])];
        const y = participants.length === 0 ? 0 : pick % input.horizonYears;
        while (participants.length <= y) participants.push(0);
        participants[y] = (participants[y] as number) + extra;
        const more = { ...input, interventions: ivs.map((v, j) => (j === i ? { ...v, participants } : v)) };
        const a = evaluate(input).d;
        const b = evaluate(more).d;
        expect(b.pvCosts).toBeGreaterThanOrEqual(a.pvCosts - 1e-9 * Math.max(1, a.pvCosts));
        a.years.forEach((ya, t) => {
          expect(b.years[t]?.costs ?? 0).toBeGreaterThanOrEqual(ya.costs - 1e-9 * Math.max(1, ya.costs));
        });
      }),
      runs,
    );
  });

  it("computes the same numbers in the Monte Carlo kernel as in the deterministic evaluation", () => {
    fc.assert(
      fc.property(scenarioArb(), fc.array(fc.double({ min: 0.01, max: 0.99, noNaN: true }), { minLength: 1 }), (input, ps) => {
        const { m } = evaluate(input);
        // A parameter vector away from the base case: each uncertain number at some quantile.
        const params = baseParams(m);
        m.slots.forEach((s, i) => {
          if (s.uncertain) params[i] = clampValue(quantile(s.dist.source, ps[i % ps.length] as number), s.clamp);
        });
        const d = evaluateDeterministic(m, params);
        const k = kernelFor(m, params);
        const scale = Math.max(1, d.pvCosts, Math.abs(d.pvSavings)) * 10;
        expect(near(k.npv[0] as number, d.npv, scale)).toBe(true);
        expect(near(k.pvCosts[0] as number, d.pvCosts, scale)).toBe(true);
        expect(near(k.pvSavings[0] as number, d.pvSavings, scale)).toBe(true);
        m.payerIds.forEach((id, p) => {
          expect(near(k.payerNpv[p] as number, d.byPayer[id]?.npv ?? Number.NaN, scale)).toBe(true);
        });
        d.years.forEach((y, t) => {
          expect(near(k.cdn[t] as number, y.cumulativeDiscountedNet, scale)).toBe(true);
        });
      }),
      runs,
    );
  });
});
