/**
 * Budget, cost sharing, continuity and the social investment fund (docs/budget.md;
 * routes/funds.ts in the server).
 * @module
 */
import { z } from "zod";
import { uuid } from "./common.js";

export const analysisBody = z.strictObject({
  currentPrices: z
    .strictObject({
      priceGrowth: z.number().min(-0.1).max(0.5),
      wageGrowth: z.number().min(-0.1).max(0.5),
      wageShare: z.number().min(0).max(1),
    })
    .optional()
    .meta({ description: "Show the budget in current prices with these assumed yearly growth rates (default: fixed prices)." }),
  agreement: z.record(z.string(), z.number().min(0).max(1)).optional().meta({ description: "A sharing agreement: each public payer's share of the public costs; they add up to 1." }),
  agreements: z
    .array(
      z.strictObject({
        shares: z.record(z.string(), z.number().min(0).max(1)),
        interventions: z.array(z.string().min(1)).optional(),
        fromYear: z.number().int().optional(),
        toYear: z.number().int().optional(),
      }),
    )
    .max(20)
    .optional()
    .meta({ description: "Agreements for some interventions and years; the first covering a cost takes it; uncovered costs stay with their payers." }),
  projectYears: z.number().int().min(1).max(99).optional().meta({ description: "Compare with the interventions stopped after this many years." }),
});

const year = z.number().int().min(1900).max(2200);
export const fundBody = z.strictObject({
  name: z.string().min(1).max(200),
  capital: z.number().min(0),
  startYear: year,
  endYear: year,
  investments: z
    .array(
      z.strictObject({
        scenarioId: uuid,
        version: z.number().int().min(1).optional().meta({ description: "Default: the latest version." }),
        name: z.string().min(1).max(200).optional(),
        outlays: z.array(z.strictObject({ year, amount: z.number().min(0) })).min(1),
        repayment: z.discriminatedUnion("kind", [
          z.strictObject({
            kind: z.literal("savings"),
            share: z.number().min(0).max(1),
            payers: z.array(z.string().min(1)).min(1).meta({ description: "Payer ids, or group:kommun / group:region / group:stat for every payer of a group." }),
          }),
          z.strictObject({ kind: z.literal("fixed"), schedule: z.array(z.strictObject({ year, amount: z.number().min(0) })) }),
        ]),
        evaluationPlan: z.string().max(4000).optional(),
      }),
    )
    .min(1)
    .max(50),
  iterations: z.number().int().min(0).max(2000).optional().meta({ description: "Monte Carlo draws for the balance band (default 500; 0: none)." }),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});

/** A saved fund. */
export const fundRecordSchema = z.object({ id: z.uuid(), organisationId: z.uuid(), name: z.string(), definition: fundBody, createdAt: z.string(), updatedAt: z.string() });
