/**
 * Observed effects of a plan's measures (docs/followup.md, "What a measure did";
 * routes/effects.ts in the server).
 * @module
 */
import { z } from "zod";

const year = z.number().int().min(1900).max(2100);
const placeCode = z.string().min(1).max(200);

export const effectBody = z.strictObject({
  indicatorId: z.uuid(),
  /** The place where the measure runs: the municipality (default) or one of its areas ("area:Norr"). */
  place: placeCode.optional(),
  /** Comparison places: the similar municipalities (default), the municipality's other areas, or places named. */
  comparison: z.union([z.enum(["peers", "areas"]), z.array(placeCode).min(1).max(100)]).default("peers"),
  /** The first year the measure ran; default the measure's start year. */
  startYear: year.optional(),
  /** The share of the indicator's population the measure reaches (0–1], for the update of the effect; default 1. */
  coverage: z.number().gt(0).max(1).default(1),
  /** The outcome whose effect the indicator measures; default the intervention's only effect. */
  outcomeId: z.string().min(1).max(200).optional(),
});
export type EffectInput = z.infer<typeof effectBody>;

/** The answer to adopting an estimate: the scenario version it was saved as. */
export const adoptedSchema = z.object({ scenarioId: z.uuid(), version: z.number().int() });

/** Key figures of a re-run beside an observed effect: deterministic, and the Monte Carlo probability of gaining. */
export const rerunFiguresSchema = z.object({
  npv: z.number(),
  bcr: z.number().nullable(),
  pvCosts: z.number(),
  pvSavings: z.number(),
  probabilityNpvPositive: z.number().nullable(),
  iterations: z.number().int(),
  seed: z.number().int().nullable(),
  /** The first year the cumulative discounted net is positive and stays so (null: not within the horizon); absent in estimates stored before it was added. */
  paybackYear: z.number().nullable().optional(),
});
export type RerunFigures = z.infer<typeof rerunFiguresSchema>;

const normal = z.object({ mean: z.number(), sd: z.number() });

/** How an observed effect updates the measure's calculation, or why it does not. */
export const effectUpdateSchema = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("ok"),
    scenarioId: z.uuid(),
    scenarioName: z.string(),
    interventionId: z.string(),
    interventionName: z.string(),
    outcomeId: z.string(),
    outcomeName: z.string(),
    kind: z.enum(["relativeRiskReduction", "oddsRatio", "standardizedMeanDifference"]),
    sizeBefore: z.unknown(),
    sizeAfter: z.object({ dist: z.enum(["normal", "lognormal"]), mean: z.number(), sd: z.number() }),
    observed: normal.extend({ populationRiskRatio: z.number(), counterfactualLevel: z.number(), levelAfter: z.number() }),
    prior: normal,
    posterior: normal,
    effectiveBefore: z.number(),
    effectiveAfter: z.number(),
    weightOfObservation: z.number(),
    priorSdAssumed: z.boolean(),
    before: rerunFiguresSchema,
    after: rerunFiguresSchema,
  }),
  z.object({ status: z.literal("no-scenario") }),
  z.object({ status: z.literal("choose-outcome"), outcomes: z.array(z.object({ id: z.string(), name: z.string() })) }),
  z.object({ status: z.literal("not-expressible"), reason: z.string() }),
]);
export type EffectUpdate = z.infer<typeof effectUpdateSchema>;

/**
 * A stored estimate. `did` and `synthetic` are the estimators' results as `@sikt/followup`
 * types them (`DidResult`, `SyntheticResult`); the contract leaves their shape to that package.
 */
export const effectEstimateSchema = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  measureId: z.string(),
  year: z.number().int(),
  createdAt: z.string(),
  input: effectBody,
  result: z.object({
    measureId: z.string(),
    year: z.number().int(),
    input: effectBody.extend({ place: z.string(), startYear: year }),
    indicator: z.object({ id: z.uuid(), name: z.string(), unit: z.string(), higherIsBetter: z.boolean(), per100k: z.boolean() }),
    treated: z.object({ place: z.string(), name: z.string() }),
    did: z.unknown(),
    synthetic: z.unknown(),
    update: effectUpdateSchema.nullable(),
  }),
  adopted: adoptedSchema.nullable(),
});
export type EffectEstimate = z.infer<typeof effectEstimateSchema>;
