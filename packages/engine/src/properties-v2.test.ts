/**
 * Invariants of model version 2 (spec §8), on generated scenarios with links, extent effects
 * and the livskvalitet group.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { quantile } from "./distributions.js";
import { evaluateDeterministic } from "./evaluate.js";
import { baseParams, clampValue, compile } from "./model.js";
import { kernelFor, runMonteCarlo } from "./montecarlo.js";
import type { ScenarioInput } from "./schema.js";
import { scenarioArb } from "./testing/arbitrary.js";
import { parseScenario } from "./validate.js";

function evaluate(input: ScenarioInput) {
  const r = parseScenario(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const m = compile(r.scenario);
  return { m, d: evaluateDeterministic(m) };
}
const near = (a: number, b: number, scale = Math.max(1, Math.abs(a), Math.abs(b))) => Math.abs(a - b) <= 1e-9 * scale;
const total = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
const runs = { numRuns: 150 };
type Outcome = ScenarioInput["outcomes"][number];
const withLinks = (input: ScenarioInput, f: (o: Outcome) => Outcome["links"]): ScenarioInput => ({
  ...input,
  outcomes: input.outcomes.map((o) => ({ ...o, links: f(o) })),
});

describe("model version 2 invariants", () => {
  it("gives a version 1 scenario relabelled version 2 exactly the same numbers", () => {
    fc.assert(
      fc.property(scenarioArb(), (input) => {
        const v1 = evaluate(input);
        const v2 = evaluate({ ...input, version: 2 });
        expect(v2.d).toEqual(v1.d);
        const n1 = runMonteCarlo(v1.m, 40, 3);
        expect(runMonteCarlo(v2.m, 40, 3)).toEqual(n1);
      }),
      { numRuns: 60 },
    );
  });

  it("changes nothing with links of probability 0", () => {
    fc.assert(
      fc.property(scenarioArb({ version2: true }), (input) => {
        const without = evaluate(withLinks(input, () => [])).d;
        const zero = evaluate(withLinks(input, (o) => (o.links ?? []).map((l) => ({ ...l, probability: 0 })))).d;
        // The years may run longer (trailing years of zeros); every figure is the same.
        for (const k of ["pvCosts", "pvSavings", "npv", "bcr", "breakEvenEffectScale"] as const) expect(zero[k]).toEqual(without[k]);
        expect(zero.byPayer).toEqual(without.byPayer);
        expect(zero.byOutcome).toEqual(without.byOutcome);
        expect(zero.byIntervention).toEqual(without.byIntervention);
        expect(zero.byPerspective).toEqual(without.byPerspective);
        without.years.forEach((y, t) => expect(zero.years[t]).toEqual(y));
        for (const y of zero.years.slice(without.years.length)) expect([y.costs, y.savings]).toEqual([0, 0]);
        const a = evaluate(withLinks(input, () => []));
        const b = evaluate(withLinks(input, (o) => (o.links ?? []).map((l) => ({ ...l, probability: 0 }))));
        // A model without links may take the batch kernel, one with links the general one: the
        // same draws and sums, added in another order, so equal to rounding.
        const mcA = runMonteCarlo(a.m, 30, 1).npv;
        const mcB = runMonteCarlo(b.m, 30, 1).npv;
        for (const k of ["mean", "sd", "p05", "p50", "p95"] as const) expect(near(mcB[k], mcA[k])).toBe(true);
      }),
      runs,
    );
  });

  it("never lowers the avoided cases when a link is added, where every effect helps", () => {
    // With a harmful effect (more cases) a link rightly carries the extra cases on.
    fc.assert(
      fc.property(
        scenarioArb({ version2: true, linearEffects: true }),
        fc.nat(),
        fc.nat(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 4 }),
        (input, a, b, p, lag) => {
          // Outcome ids are o0 … on−1 and links run from lower to higher numbers: keep that.
          const n = input.outcomes.length;
          fc.pre(n >= 2);
          const from = a % (n - 1);
          const to = from + 1 + (b % (n - 1 - from));
          const more = withLinks(input, (o) =>
            o.id === `o${from}` ? [...(o.links ?? []), { outcome: `o${to}`, probability: p, after: { fromYear: lag, years: 1 + (b % 3) } }] : o.links,
          );
          const before = evaluate(input).d;
          const after = evaluate(more).d;
          for (const [id, o] of Object.entries(before.byOutcome)) {
            const x = after.byOutcome[id];
            expect(x?.avoided ?? 0).toBeGreaterThanOrEqual(o.avoided - 1e-9 * Math.max(1, o.avoided));
            expect(x?.avoidedDirect).toBe(o.avoidedDirect);
          }
        },
      ),
      runs,
    );
  });

  it("adds up: outcomes, links, perspectives and interventions to the totals", () => {
    fc.assert(
      fc.property(scenarioArb({ version2: true }), (input) => {
        const { d } = evaluate(input);
        const scale = Math.max(1, d.pvCosts, Math.abs(d.pvSavings), ...Object.values(d.byPayer).map((p) => Math.abs(p.pvSavings))) * 10;
        expect(near(total(Object.values(d.byOutcome).map((o) => o.pvSavings)), d.pvSavings, scale)).toBe(true);
        expect(near(total(Object.values(d.byIntervention).map((o) => o.pvSavings)), d.pvSavings, scale)).toBe(true);
        for (const o of Object.values(d.byOutcome)) expect(o.avoided).toBe(o.avoidedDirect + o.avoidedLinked);
        for (const [id, o] of Object.entries(d.byOutcome)) {
          const through = total(d.byLink.filter((l) => l.to === id).map((l) => l.avoided));
          expect(near(through, o.avoidedLinked, Math.max(1, o.avoidedLinked) * 10)).toBe(true);
        }
        const all = d.byPerspective.medLivskvalitet;
        expect(near(all.pvCosts, d.pvCosts, scale)).toBe(true);
        expect(near(all.pvSavings, d.pvSavings, scale)).toBe(true);
        const q = d.byGroup.livskvalitet;
        expect(near(d.byPerspective.samhallsekonomiskt.npv + (q?.npv ?? 0), all.npv, scale)).toBe(true);
      }),
      runs,
    );
  });

  it("computes the same numbers in the Monte Carlo kernel as in the deterministic evaluation", () => {
    fc.assert(
      fc.property(scenarioArb({ version2: true }), fc.array(fc.double({ min: 0.01, max: 0.99, noNaN: true }), { minLength: 1 }), (input, ps) => {
        const { m } = evaluate(input);
        const params = baseParams(m);
        m.slots.forEach((s, i) => {
          if (s.uncertain) params[i] = clampValue(quantile(s.dist.source, ps[i % ps.length] as number), s.clamp);
        });
        const d = evaluateDeterministic(m, params);
        const k = kernelFor(m, params);
        const scale = Math.max(1, d.pvCosts, Math.abs(d.pvSavings), ...Object.values(d.byPayer).map((p) => Math.abs(p.pvSavings))) * 10;
        expect(near(k.npv[0] as number, d.npv, scale)).toBe(true);
        expect(near(k.pvSavings[0] as number, d.pvSavings, scale)).toBe(true);
        m.payerIds.forEach((id, p) => expect(near(k.payerNpv[p] as number, d.byPayer[id]?.npv ?? Number.NaN, scale)).toBe(true));
        d.years.forEach((y, t) => expect(near(k.cdn[t] as number, y.cumulativeDiscountedNet, scale)).toBe(true));
      }),
      runs,
    );
  });
});
