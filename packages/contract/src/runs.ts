/**
 * Background runs of a scenario version (routes/runs.ts in the server).
 * @module
 */
import { z } from "zod";
import { timestamp, uuid } from "./common.js";

export const runBody = z.strictObject({
  version: z.number().int().min(1).optional().meta({ description: "Default: the latest version." }),
  iterations: z.number().int().min(0).max(1_000_000).optional(),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});

export const runSchema = z.strictObject({
  id: uuid,
  organisationId: uuid,
  scenarioId: uuid,
  version: z.number().int(),
  status: z.enum(["queued", "running", "done", "failed"]),
  progress: z.number().min(0).max(1),
  iterations: z.number().int(),
  seed: z.number().int(),
  engineVersion: z.string().nullable(),
  resolved: z
    .unknown()
    .meta({ description: "The scenario as evaluated (catalogue entries resolved), its catalogue id and overrides; with the engine version and seed it reproduces the result." }),
  result: z.unknown().meta({ description: "The engine's result object (docs/model.md §5)." }),
  error: z.unknown(),
  createdAt: timestamp,
  startedAt: timestamp.nullable(),
  finishedAt: timestamp.nullable(),
});
