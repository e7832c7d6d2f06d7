/**
 * The audit log, and an organisation's export and import (store/audit.ts, store.ts, import.ts;
 * contract: service.ts).
 * @module
 */
import * as api from "@sikt/contract";
import { z } from "zod";
import { readBody, readQuery } from "../http.js";
import { importFileSchema, importOrganisation, importResultSchema } from "../import.js";
import type { AppContext } from "./context.js";

export function auditRoutes(x: AppContext): void {
  const { store, routes, auth, admin, actor, lang, audit } = x;

  // Audit, export and import

  routes.add("get", "/api/audit", { summary: "Your organisation's audit log, newest first", tag: "audit", query: api.auditQuery, response: z.array(api.auditEntrySchema) }, auth, admin, async (c) => {
    const q = readQuery(c, api.auditQuery);
    return c.json(await store.listAudit(actor(c).organisationId, q.limit ?? 200));
  });

  routes.add("get", "/api/export", { summary: "Everything your organisation has, as one JSON file", tag: "export" }, auth, admin, async (c) => {
    const a = actor(c);
    const data = await store.exportOrganisation(a.organisationId);
    await audit(a, "organisation.export", "organisation", a.organisationId);
    c.header("Content-Disposition", `attachment; filename="sikt-export-${data.exportedAt.slice(0, 10)}.json"`);
    return c.json(data);
  });

  routes.add(
    "post",
    "/api/import",
    {
      summary: "Restore from an export: adds what is missing, changes and deletes nothing; every part checked as its own route checks it (import.ts)",
      tag: "export",
      body: importFileSchema,
      response: importResultSchema,
      errors: [409, 413, 422],
    },
    auth,
    admin,
    async (c) => {
      const body = await readBody(c, z.unknown());
      const a = actor(c);
      const counts = await importOrganisation(store, a, body, lang(c));
      await audit(a, "organisation.import", "organisation", a.organisationId, counts);
      return c.json(counts);
    },
  );
}
