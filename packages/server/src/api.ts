/**
 * Request bodies of the API as Zod schemas: the same schemas validate requests and describe
 * them in the OpenAPI document. Scenario documents themselves are checked by the engine's
 * scenario schema (after a catalogue they name is resolved).
 * @module
 */
import { z } from "zod";

const uuid = z.uuid();
/** A one-line text: no tab or line break (other control characters are refused for every string by `readBody`). */
export const singleLine = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\t\n\r]*$/, "must be one line (no tab or line break)");
export const role = z.enum(["admin", "analyst", "viewer"]);

export const loginBody = z.strictObject({
  email: singleLine(320),
  password: z.string().min(1).max(1024),
  organisationId: uuid.optional().meta({ description: "Only when you have accounts in several organisations with the same e-mail address and password (the login answers 409 choose_organisation)." }),
});

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

export const runBody = z.strictObject({
  version: z.number().int().min(1).optional().meta({ description: "Default: the latest version." }),
  iterations: z.number().int().min(0).max(1_000_000).optional(),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});

export const createUserBody = z.strictObject({
  email: z.email().max(320),
  name: singleLine(200),
  role,
});

export const updateUserBody = z.strictObject({
  name: singleLine(200).optional(),
  role: role.optional(),
});

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(12, "at least 12 characters").max(1024),
});

// Responses. The server builds these objects from the store's types; the tests check real
// responses against these schemas, so the OpenAPI document says what the server sends.

const timestamp = z.string().meta({ description: "ISO 8601 timestamp." });
export const organisationKind = z.enum(["kommun", "region", "polis", "fond", "annan"]);

export const organisationSchema = z.strictObject({
  id: uuid,
  name: z.string(),
  kind: organisationKind,
  municipalityCode: z.string().nullable().meta({ description: "Kommunkod (SCB), e.g. 0880 for Kalmar." }),
  createdAt: timestamp,
});

export const userSchema = z.strictObject({
  id: uuid,
  organisationId: uuid,
  email: z.string(),
  name: z.string(),
  role,
  createdAt: timestamp,
});

export const sessionSchema = z.strictObject({
  user: userSchema,
  organisation: organisationSchema,
  csrfToken: z.string().meta({ description: "Send as X-CSRF-Token with every write." }),
  passwordChangeRequired: z
    .boolean()
    .meta({ description: "Logged in with a one-time password: every route but this one, logout and POST /api/session/password answers 403 password_change_required." }),
});

export const newUserSchema = z.strictObject({
  user: userSchema,
  password: z.string().meta({ description: "One-time password: shown once; works for one login before passwordExpiresAt, which must change it." }),
  passwordExpiresAt: z.string().meta({ description: "When the one-time password stops working (7 days)." }),
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

export const auditEntrySchema = z.strictObject({
  id: z.number().int(),
  organisationId: uuid,
  userId: uuid.nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  detail: z.unknown(),
  at: timestamp,
});

export const compareQuery = z.strictObject({
  from: z.coerce.number().int().min(1),
  to: z.coerce.number().int().min(1),
});
export const searchQuery = z.strictObject({ q: z.string().min(1).max(200) });

// Budget, cost sharing, continuity and the fund (docs/budget.md)

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
