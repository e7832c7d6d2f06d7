/**
 * The service routes, the catalogue and the audit log (routes/service.ts, routes/catalog.ts and
 * routes/audit.ts in the server).
 * @module
 */
import { z } from "zod";
import { timestamp, uuid } from "./common.js";

export const healthSchema = z.object({ ok: z.boolean(), database: z.string(), engineVersion: z.string() });

export const catalogSummarySchema = z.object({ id: z.string(), name: z.string(), priceYear: z.number().int(), description: z.string().optional(), counts: z.record(z.string(), z.number()) });
export const searchQuery = z.strictObject({ q: z.string().min(1).max(200) });

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
export const auditQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(5000).optional() });
