/**
 * The HTTP API: a thin door over the store, the run service and the engine. Every route is
 * registered through the route table, so the OpenAPI document at /api/openapi.json lists exactly
 * what is served, with the request and response schemas the route uses.
 *
 * Rules every route follows:
 * - a session cookie, and for writes the session's CSRF token in `X-CSRF-Token`;
 * - viewers read, analysts also write, admins also manage users, the audit log, export/import;
 * - a scenario another organisation has not shared with yours does not exist for you (404);
 *   a share to read lets you read, a share to edit also lets you save versions and run;
 * - every change, and every access through a share, goes to the audit log of the organisation
 *   that owns the data.
 *
 * The routes are registered by feature, one module each under routes/ (session, scenarios,
 * runs, funds, reports, followup, effects, catalog, audit, service), named as the feature's
 * storage (store/*.ts) and contract (packages/contract); routes/context.ts holds what they share.
 * @module
 */
import { serveStatic } from "@hono/node-server/serve-static";
import type { RerunFigures } from "@sikt/contract";
import type { Scenario } from "@sikt/engine";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { NONCE, secureHeaders } from "hono/secure-headers";
import { errorBody, HttpError, notFound } from "./http.js";
import { checkWork, type WorkLimits } from "./limits.js";
import { type LimitRules, LoginLimits } from "./login-limits.js";
import { auditRoutes } from "./routes/audit.js";
import { catalogRoutes } from "./routes/catalog.js";
import { appContext, type AppEnv } from "./routes/context.js";
import { effectRoutes } from "./routes/effects.js";
import { followupRoutes, placesOf } from "./routes/followup.js";
import { fundRoutes } from "./routes/funds.js";
import { reportRoutes } from "./routes/reports.js";
import { runRoutes } from "./routes/runs.js";
import { scenarioRoutes } from "./routes/scenarios.js";
import { serviceRoutes } from "./routes/service.js";
import { sessionRoutes } from "./routes/session.js";
import type { RunService } from "./runs.js";
import type { Store } from "./store.js";
import type { Tasks } from "./tasks.js";

export interface AppOptions {
  store: Store;
  runs: RunService;
  /**
   * Login limits, kept in the database (login-limits.ts): per account and per client address,
   * with back-off. Default `DEFAULT_LIMITS`; tests pass their own rules or a `LoginLimits`
   * with its own clock.
   */
  limits?: LimitRules | LoginLimits;
  /** Mark the session cookie Secure (behind HTTPS). Default false (plain http on localhost). */
  secureCookies?: boolean;
  /** Session lifetime in hours (default 12). */
  sessionHours?: number;
  /** Where unexpected errors are reported (never to the client). */
  logError?: (e: unknown) => void;
  /** Kolada's base address for online indicator imports (default https://api.kolada.se). */
  koladaBase?: string;
  /** How the server reaches Kolada (a test passes its own). */
  fetch?: typeof fetch;
  /** The first wait before Kolada is asked again after 429 or 5xx, in milliseconds (default 500; doubled each time, at most 4 tries). */
  koladaBackoffMs?: number;
  /** The built web app (packages/web/dist) to serve at `/`, if any. */
  webRoot?: string | undefined;
  /** Fair use: limits on size, time and concurrency of work (default DEFAULT_LIMITS). */
  workLimits?: WorkLimits;
  /** The threads that do requests' heavy work (default: pools of one thread each, closed with the process). */
  tasks?: Tasks;
}

const MAX_BODY = 2 * 1024 * 1024;
const MAX_IMPORT = 64 * 1024 * 1024;

export function createApp(o: AppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const x = appContext(o, app);
  const { store, routes, auth, analyst, actor, auditSharedAccess, audit, save, versionOf, preparedScenarioOf, work, workLimits, lang } = x;

  app.onError((e, c) => {
    if (e instanceof HttpError) return c.json(errorBody(e), e.status);
    o.logError?.(e);
    return c.json({ error: { code: "internal", message: "Something went wrong on the server; reload to see whether the request took effect." } }, 500);
  });
  app.notFound((c) => c.json(errorBody(notFound("endpoint")), 404));

  app.use(
    "*",
    secureHeaders({
      // Styles from the server, or inline with the response's nonce (the HTML reports); never 'unsafe-inline'.
      contentSecurityPolicy: { defaultSrc: ["'self'"], styleSrc: ["'self'", NONCE], frameAncestors: ["'none'"], objectSrc: ["'none'"], baseUri: ["'self'"] },
      referrerPolicy: "no-referrer",
    }),
  );
  app.use("/api/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });
  const tooLarge = (limit: number) => () => {
    throw new HttpError(413, "body_too_large", `The body is larger than ${limit / 1024 / 1024} MiB.`);
  };
  app.use("/api/*", async (c, next) => {
    const limit = c.req.path === "/api/import" ? MAX_IMPORT : MAX_BODY;
    return bodyLimit({ maxSize: limit, onError: tooLarge(limit) })(c, next);
  });

  serviceRoutes(x);
  sessionRoutes(x);
  scenarioRoutes(x);
  runRoutes(x);
  fundRoutes(x);
  reportRoutes(x);
  catalogRoutes(x);
  auditRoutes(x);

  /** Key figures of scenarios side by side (the observed-effect and the plan re-runs), in the task pool within the server's limits. */
  const rerun = (c: Context<AppEnv>, scenarios: Scenario[], iterations: number) => {
    checkWork(workLimits, lang(c), scenarios, iterations);
    return work<RerunFigures[]>(c, "heavy", { kind: "keyFigures", scenarios, iterations }, { sv: "Omräkningen", en: "The re-run" });
  };

  effectRoutes({
    routes,
    store,
    auth,
    analyst,
    actor,
    audit,
    places: (organisationId) => placesOf(store, organisationId),
    scenarioOf: (c, scenarioId) => preparedScenarioOf(c, scenarioId),
    rerun,
    saveScenario: async (c, scenarioId, change, message) => {
      const a = actor(c);
      const scenario = await store.getScenario(scenarioId, a.organisationId);
      if (!scenario) throw notFound("scenario");
      if (scenario.access !== "owner" && scenario.access !== "edit") throw new HttpError(403, "forbidden", "This scenario is shared with your organisation to read only.");
      await auditSharedAccess(c, scenario, "scenario", scenario.id);
      const latest = await versionOf(scenario.id, scenario.latestVersion);
      const saved = await save(c, { scenario, actor: a }, latest.version, change(latest.document), message, "version.adopt-effect", {});
      return { version: saved.version.version };
    },
  });

  followupRoutes({
    routes,
    store,
    auth,
    analyst,
    actor,
    audit,
    koladaBase: o.koladaBase ?? "https://api.kolada.se",
    fetch: o.fetch ?? fetch,
    ...(o.koladaBackoffMs !== undefined ? { koladaBackoffMs: o.koladaBackoffMs } : {}),
    scenarioOf: (c, scenarioId) => preparedScenarioOf(c, scenarioId),
    rerun,
  });

  // The web app: static files; its routes live in the URL's hash, so `/` is its only page.
  if (o.webRoot) {
    const root = o.webRoot;
    app.use(
      "/*",
      serveStatic({
        root,
        onFound: (path, c) => {
          c.header("Cache-Control", path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
        },
      }),
    );
  }

  return app;
}
