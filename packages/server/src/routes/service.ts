/**
 * The service routes: liveness and the OpenAPI document of every route (generated from the
 * schemas of @sikt/contract the routes are registered with).
 * @module
 */
import * as api from "@sikt/contract";
import { ENGINE_VERSION, scenarioSchema } from "@sikt/engine";
import { z } from "zod";
import type { AppContext } from "./context.js";

export function serviceRoutes(x: AppContext): void {
  const { store, routes } = x;

  // Service

  routes.add("get", "/api/health", { summary: "Liveness and the storage in use", tag: "service", public: true, response: api.healthSchema }, async (c) => {
    await store.db.query("select 1");
    return c.json({ ok: true, database: store.db.kind, engineVersion: ENGINE_VERSION });
  });

  routes.add("get", "/api/openapi.json", { summary: "This document", tag: "service", public: true }, (c) => c.json(openapi()));

  function openapi() {
    return routes.document(
      {
        title: "Sikt API",
        version: ENGINE_VERSION,
        description:
          "Scenarios, versions, runs and the catalogue of Sikt. Log in with POST /api/session; the session cookie is HttpOnly and SameSite=Strict, and every write needs the X-CSRF-Token header with the token the login answered.",
      },
      { Scenario: z.toJSONSchema(scenarioSchema, { target: "openapi-3.0", io: "input" }) },
    );
  }
}
