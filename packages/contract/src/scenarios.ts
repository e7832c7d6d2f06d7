/**
 * Scenarios, their versions, decisions and shares (routes/scenarios.ts in the server).
 * Scenario documents themselves are checked by the engine's scenario schema (after a catalogue
 * they name is resolved), not here.
 * @module
 */
import { z } from "zod";
import { formatQuery, timestamp, uuid } from "./common.js";

/** A scenario as the user writes it: a full scenario, or one that names a catalogue. */
export const scenarioDocument = z
  .record(z.string(), z.unknown())
  .meta({ description: "A Sikt scenario (see the `scenario` schema in components, or `sikt schema`)." });

export const createScenarioBody = z.strictObject({
  document: scenarioDocument,
  message: z.string().max(2000).optional(),
});

export const saveVersionBody = z.strictObject({
  baseVersion: z.number().int().min(1).meta({ description: "The version this save was made from." }),
  document: scenarioDocument,
  message: z.string().max(2000).optional(),
});

export const restoreBody = z.strictObject({
  baseVersion: z.number().int().min(1),
  message: z.string().max(2000).optional(),
});

export const decisionBody = z.strictObject({
  body: z.string().min(1).max(200).meta({ description: "The deciding body, e.g. Socialnämnden." }),
  date: z.iso.date(),
  reference: z.string().min(1).max(200).meta({ description: "Diarienummer or paragraph." }),
});

export const shareBody = z.strictObject({
  organisationId: uuid,
  access: z.enum(["read", "edit"]),
});

const access = z.enum(["owner", "read", "edit"]);

export const scenarioSummarySchema = z.strictObject({
  id: uuid,
  organisationId: uuid,
  organisationName: z.string(),
  name: z.string(),
  latestVersion: z.number().int(),
  createdAt: timestamp,
  access: access.meta({ description: "Your organisation's own scenario, or shared with it to read or edit." }),
  decided: decisionBody.extend({ version: z.number().int() }).nullable().meta({ description: "The latest version a committee decided on, with its decision; null when none is." }),
});

export const versionInfoSchema = z.strictObject({
  scenarioId: uuid,
  version: z.number().int(),
  message: z.string().nullable(),
  createdAt: timestamp,
  createdBy: uuid.nullable(),
  decision: decisionBody.nullable().meta({ description: "Set when a committee decided on this version; it can then never be deleted." }),
});

export const versionSchema = versionInfoSchema.extend({ document: scenarioDocument });

export const scenarioDetailSchema = z.strictObject({ scenario: scenarioSummarySchema, versions: z.array(versionInfoSchema) });
export const savedSchema = z.strictObject({ scenario: scenarioSummarySchema, version: versionSchema });

export const compareSchema = z.strictObject({
  from: z.number().int(),
  to: z.number().int(),
  changes: z.array(
    z.strictObject({
      path: z.string().meta({ description: "Where in the document, e.g. interventions[mst].effects[placement].relativeChange." }),
      kind: z.enum(["added", "removed", "changed"]),
      from: z.unknown().optional(),
      to: z.unknown().optional(),
    }),
  ),
});

export const shareSchema = z.strictObject({
  scenarioId: uuid,
  organisationId: uuid,
  organisationName: z.string(),
  access: z.enum(["read", "edit"]),
  createdAt: timestamp,
});

export const compareQuery = z.strictObject({
  from: z.coerce.number().int().min(1),
  to: z.coerce.number().int().min(1),
});

/** The decision report of a version: printable HTML or PDF, or XLSX. */
export const reportQuery = formatQuery(["html", "pdf", "xlsx"]);
