/** fast-check generators of valid scenarios, for the engine's property tests. */
import fc from "fast-check";
import type { Distribution, ScenarioInput, Uncertain } from "../schema.js";

/**
 * A number in [min, max]: mostly spread evenly over the range on a grid of a millionth of it,
 * sometimes an end point. fast-check's own doubles crowd at the edges of the float range
 * (1e-300 participants, subnormal products): scenarios no one writes, in which almost every
 * generated scenario saved nothing and invariants about savings went untested.
 */
const double = (min: number, max: number): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(min, max) },
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 1_000_000 }).map((i) => Math.min(max, min + ((max - min) * i) / 1_000_000)) },
  );

const groups = ["kommun", "region", "stat", "individ", "ovrigt"] as const;
const groupsV2 = [...groups, "livskvalitet"] as const;

/** A non-negative uncertain number around `scale` (a plain number or a distribution). */
export const nonNegative = (scale: number): fc.Arbitrary<Uncertain> =>
  fc.oneof(
    double(0, scale),
    fc
      .tuple(double(0.2, 1), double(0.05, 0.4))
      .map(([m, cv]): Distribution => ({ dist: "gamma", mean: m * scale, sd: m * scale * cv })),
    fc
      .tuple(double(0, scale), double(0.01, scale))
      .map(([lo, w]): Distribution => ({ dist: "pert", min: lo, mode: lo + w / 3, max: lo + w })),
  );

const probability: fc.Arbitrary<Uncertain> = fc.oneof(
  double(0, 1),
  double(0.02, 0.6).map((m): Distribution => ({ dist: "beta", mean: m, sd: m * 0.2 })),
);

export interface ScenarioShape {
  /** Only relative risk reductions in [0, maxRrr], efficacy ≤ 1, no optimism bias: no clamping. */
  readonly linearEffects?: boolean;
  /**
   * Model version 2: the group livskvalitet, links between outcomes (acyclic, the file order
   * not topological) and effects with an extent, with or without an effect size.
   */
  readonly version2?: boolean;
}

/** A valid scenario input with 1–4 payers, unit costs, outcomes and interventions. */
export function scenarioArb(shape: ScenarioShape = {}): fc.Arbitrary<ScenarioInput> {
  return fc
    .record({
      horizon: fc.integer({ min: 1, max: 8 }),
      rate: double(-0.05, 0.1),
      payerGroups: fc.array(fc.constantFrom(...(shape.version2 ? groupsV2 : groups)), { minLength: 1, maxLength: 4 }),
      nUnitCosts: fc.integer({ min: 1, max: 4 }),
      nOutcomes: fc.integer({ min: 1, max: shape.version2 ? 4 : 3 }),
      nInterventions: fc.integer({ min: 1, max: 3 }),
      seed: fc.integer({ min: 0, max: 1_000_000 }),
    })
    .chain((k) => {
      const P = k.payerGroups.length;
      const payer = fc.integer({ min: 0, max: P - 1 }).map((i) => `p${i}`);
      const unitCost = fc.record({
        payer: fc.integer({ min: 0, max: P - 1 }),
        recipient: fc.option(fc.integer({ min: 0, max: P - 1 }), { nil: undefined }),
        amount: nonNegative(10_000),
      });
      const consequence = fc.record({
        unitCost: fc.integer({ min: 0, max: k.nUnitCosts - 1 }).map((i) => `u${i}`),
        quantityPerYear: nonNegative(5),
        fromYear: fc.integer({ min: 0, max: 3 }),
        years: fc.integer({ min: 1, max: 4 }),
      });
      const size = shape.linearEffects
        ? double(0, 0.5).map((v) => ({ relativeRiskReduction: v as Uncertain }))
        : fc.oneof(
            double(-0.5, 1).map((v) => ({ relativeRiskReduction: v as Uncertain })),
            double(0.2, 2)
              .map((v) => ({ oddsRatio: { dist: "lognormal", mean: v, sd: v / 4 } as Uncertain })),
            double(-1, 0.3).map((v) => ({ standardizedMeanDifference: v as Uncertain })),
          );
      const extent = shape.version2
        ? fc.option(
            fc.record({
              reduction: shape.linearEffects ? double(0, 0.5) : probability,
              fromYear: fc.integer({ min: 0, max: 3 }),
            }),
            { nil: undefined },
          )
        : fc.constant(undefined);
      const effect = fc.record({
        outcome: fc.integer({ min: 0, max: k.nOutcomes - 1 }).map((i) => `o${i}`),
        baselineRisk: probability,
        size: shape.version2 ? fc.option(size, { nil: undefined }) : size,
        extent,
        onset: fc.record({ fromYear: fc.integer({ min: 0, max: 3 }), years: fc.integer({ min: 1, max: 4 }) }),
        decayPerYear: shape.linearEffects
          ? double(0, 0.5)
          : fc.oneof(
              double(0, 0.5),
              fc.constant({ dist: "uniform", min: 0, max: 0.3 } as Uncertain),
            ),
      });
      const costLine = fc.oneof(
        fc.record({ payer, perParticipant: nonNegative(5000), years: fc.integer({ min: 1, max: 3 }) }),
        fc.record({ payer, perYear: nonNegative(100_000) }),
        fc.record({ payer, oneOff: nonNegative(200_000), year: fc.integer({ min: 0, max: k.horizon - 1 }) }),
      );
      const intervention = fc.record({
        level: fc.constantFrom("individ", "grupp", "samhalle" as const),
        participants: fc.array(double(0, 200), { maxLength: k.horizon }),
        efficacy: shape.linearEffects
          ? double(0, 1)
          : fc.oneof(fc.constant(1 as Uncertain), nonNegative(1.5)),
        costs: fc.array(costLine, { maxLength: 3 }),
        effects: fc.array(effect, { maxLength: 3 }),
      });
      // Links go from an outcome to one with a higher number: no cycle.
      const link = (from: number) =>
        fc.record({
          to: fc.integer({ min: from + 1, max: k.nOutcomes - 1 }),
          probability,
          after: fc.record({ fromYear: fc.integer({ min: 0, max: 3 }), years: fc.integer({ min: 1, max: 3 }) }),
        });
      const links = Array.from({ length: k.nOutcomes }, (_, i) =>
        shape.version2 && i < k.nOutcomes - 1 ? fc.array(link(i), { maxLength: 2 }) : fc.constant([]),
      );
      return fc.record({
        links: fc.tuple(...links),
        unitCosts: fc.array(unitCost, { minLength: k.nUnitCosts, maxLength: k.nUnitCosts }),
        outcomes: fc.array(fc.array(consequence, { minLength: 1, maxLength: 3 }), {
          minLength: k.nOutcomes,
          maxLength: k.nOutcomes,
        }),
        interventions: fc.array(intervention, { minLength: k.nInterventions, maxLength: k.nInterventions }),
        bias: shape.linearEffects
          ? fc.constant({ effects: 0, costs: 0 })
          : fc.record({
              effects: double(0, 0.5),
              costs: double(0, 0.5),
            }),
      }).map(
        (v): ScenarioInput => ({
          version: shape.version2 ? 2 : 1,
          name: "Generated",
          startYear: 2026,
          horizonYears: k.horizon,
          discountRate: k.rate,
          optimismBias: v.bias,
          monteCarlo: { iterations: 0, seed: k.seed },
          payers: k.payerGroups.map((g, i) => ({ id: `p${i}`, name: `P${i}`, group: g })),
          unitCosts: v.unitCosts.map((u, i) => ({
            id: `u${i}`,
            name: `U${i}`,
            payer: `p${u.payer}`,
            ...(u.recipient !== undefined && u.recipient !== u.payer ? { recipient: `p${u.recipient}` } : {}),
            amount: u.amount,
          })),
          outcomes: reorder(
            v.outcomes.map((cs, i) => ({
              id: `o${i}`,
              name: `O${i}`,
              consequences: cs,
              ...(shape.version2
                ? { links: (v.links[i] ?? []).map(({ to, ...l }) => ({ outcome: `o${to}`, ...l })) }
                : {}),
            })),
            shape.version2 === true,
          ),
          interventions: v.interventions.map((iv, i) => ({
            id: `i${i}`,
            name: `I${i}`,
            level: iv.level,
            participants: iv.participants,
            efficacy: iv.efficacy,
            costs: iv.costs,
            effects: iv.effects.map(({ size, extent, ...e }) => ({
              ...e,
              ...(size ?? (extent ? {} : { relativeRiskReduction: 0.1 })),
              ...(extent ? { extent } : {}),
            })),
          })),
        }),
      );
    });
}

/** Version 2: the file order is the reverse of the links' order. */
function reorder<T>(list: T[], reverse: boolean): T[] {
  return reverse ? list.reverse() : list;
}
