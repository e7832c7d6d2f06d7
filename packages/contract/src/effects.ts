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
