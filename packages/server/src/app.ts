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
 * @module
 */
import { getConnInfo } from "@hono/node-server/conninfo";
import { serveStatic } from "@hono/node-server/serve-static";
import { type Catalog, ENTRY_KINDS, findEntry, searchCatalog } from "@sikt/catalog";
import { prepareScenario, shippedCatalogs } from "@sikt/catalog/node";
import { fileStem, reportIterations } from "@sikt/report";
import { diffDocuments, ENGINE_VERSION, type Lang, type ScenarioResult, scenarioSchema } from "@sikt/engine";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { NONCE, secureHeaders } from "hono/secure-headers";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import * as api from "./api.js";
import { dummyHash, hashPassword, newPassword, newToken, oneTimeUntil, sameToken, tokenHash, verifyPassword } from "./auth.js";
import { effectRoutes } from "./effect-routes.js";
import { followupRoutes, placesOf } from "./followup-routes.js";
import { importFileSchema, importOrganisation, importResultSchema } from "./import.js";
import { LoginLimits, type LimitRules } from "./login-limits.js";
import { sendExport } from "./send-export.js";
import { errorBody, HttpError, idParam, intParam, notFound, readBody, readQuery, type RouteDoc, RouteTable, SESSION_COOKIE } from "./http.js";
import { checkWork, DEFAULT_LIMITS, timeLimit, tooMany, type WorkLimits } from "./limits.js";
import type { RunService } from "./runs.js";
import { RunWatch } from "./streams.js";
import { createTasks, type TaskPool, TaskOutOfMemory, TaskRefused, TaskTimeout, type Tasks } from "./tasks.js";
import type { FundInvestmentInput, Task } from "./work.js";
import { type Access, type Actor, Duplicate, type Role, type Store, type User, VersionConflict } from "./store.js";

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

interface Session {
  user: User;
  csrfToken: string;
  tokenHash: string;
  passwordChangeRequired: boolean;
}
type AppEnv = { Variables: { session: Session } };

/** What a session opened with a one-time password may do: change it, see who it is, log out. */
const PASSWORD_CHANGE_ROUTES = new Set(["GET /api/session", "DELETE /api/session", "POST /api/session/password", "PUT /api/session/password"]);

const MAX_BODY = 2 * 1024 * 1024;
const MAX_IMPORT = 64 * 1024 * 1024;
/** How long a report waits for the uncertainty analysis it asked for before answering 503. */
const REPORT_RUN_WAIT_MS = 120_000;
const rank: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

export function createApp(o: AppOptions): Hono<AppEnv> {
  const { store, runs } = o;
  const limits = o.limits instanceof LoginLimits ? o.limits : new LoginLimits(store.db, o.limits);
  const sessionMs = (o.sessionHours ?? 12) * 3_600_000;
  const workLimits = o.workLimits ?? DEFAULT_LIMITS;
  const tasks = o.tasks ?? createTasks({ seconds: workLimits.taskSeconds });
  const watch = new RunWatch(store);
  const app = new Hono<AppEnv>();
  const routes = new RouteTable(app);

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

  /** A live session is required; writes also need its CSRF token. */
  const auth = createMiddleware<AppEnv>(async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const hash = token ? tokenHash(token) : undefined;
    const found = hash ? await store.getSession(hash) : null;
    if (!found || !hash) throw new HttpError(401, "unauthenticated", "Log in first (POST /api/session).");
    if (c.req.method !== "GET" && c.req.method !== "HEAD") {
      const sent = c.req.header("x-csrf-token") ?? "";
      if (!sameToken(sent, found.csrfToken)) throw new HttpError(403, "csrf", "The X-CSRF-Token header is missing or wrong.");
    }
    // A session opened with a one-time password may only change it (or log out).
    if (found.passwordChangeRequired && !PASSWORD_CHANGE_ROUTES.has(`${c.req.method} ${c.req.path}`))
      throw new HttpError(403, "password_change_required", "Choose a new password first (POST /api/session/password); the one-time password works for this one login only.");
    c.set("session", { ...found, tokenHash: hash });
    await next();
  });
  const needRole = (role: Role) =>
    createMiddleware<AppEnv>(async (c, next) => {
      if (rank[c.get("session").user.role] < rank[role]) throw new HttpError(403, "forbidden", `This needs the role ${role} or higher.`);
      await next();
    });
  const analyst = needRole("analyst");
  const admin = needRole("admin");

  const actor = (c: Context<AppEnv>): Actor => {
    const u = c.get("session").user;
    return { userId: u.id, organisationId: u.organisationId, role: u.role };
  };
  const lang = (c: Context): Lang => (/^sv\b/i.test(c.req.header("accept-language") ?? "") ? "sv" : "en");

  /**
   * The scenario `:id` as the caller's organisation may use it: 404 when not visible, 403 when
   * the access is too weak. Use through a share is written to the owner's audit log.
   */
  async function scenarioFor(c: Context<AppEnv>, need: Access) {
    const id = idParam(c, "id", "scenario");
    const a = actor(c);
    const scenario = await store.getScenario(id, a.organisationId);
    if (!scenario) throw notFound("scenario");
    const ok = need === "read" || scenario.access === "owner" || (need === "edit" && scenario.access === "edit");
    if (!ok) throw new HttpError(403, "forbidden", need === "owner" ? "Only the owning organisation may do this." : "This scenario is shared with your organisation to read only.");
    await auditSharedAccess(c, scenario, "scenario", id);
    return { scenario, actor: a };
  }

  /** Use of another organisation's scenario through a share goes to the owner's audit log. */
  async function auditSharedAccess(c: Context<AppEnv>, scenario: { access: Access; organisationId: string }, entity: string, entityId: string) {
    if (scenario.access === "owner") return;
    const a = actor(c);
    await store.audit({ organisationId: scenario.organisationId, userId: a.userId, action: "shared.access", entity, entityId, detail: { organisationId: a.organisationId, method: c.req.method, path: c.req.path } });
  }

  /**
   * Heavy work in a task thread, never on the request thread: `light` (checking a scenario on
   * save) or `heavy` (reports, analyses, funds; at most `tasksPerUser` at once per user, else 429).
   * Refusals, time and memory limits are answered with what they mean.
   */
  async function work<T>(c: Context<AppEnv>, pool: "light" | "heavy", task: Task, what: { sv: string; en: string }): Promise<T> {
    const a = actor(c);
    const l = lang(c);
    const p: TaskPool = tasks[pool];
    if (pool === "heavy" && p.inProgress(a.userId) >= workLimits.tasksPerUser)
      throw tooMany(
        l,
        "too_many_tasks",
        `Du har redan ${workLimits.tasksPerUser} rapporter eller beräkningar på gång (gränsen per användare, SIKT_TASKS_PER_USER); vänta tills de är klara.`,
        `You already have ${workLimits.tasksPerUser} reports or evaluations in progress (the limit per user, SIKT_TASKS_PER_USER); wait until they are done.`,
        { name: "tasksPerUser", value: workLimits.tasksPerUser },
      );
    try {
      return await p.run<T>(task, a);
    } catch (e) {
      if (e instanceof TaskRefused) throw new HttpError(e.refusal.status, e.refusal.code, e.refusal.message, e.refusal.issues ? { issues: e.refusal.issues } : {});
      if (e instanceof TaskTimeout) throw timeLimit(l, e.seconds, what);
      if (e instanceof TaskOutOfMemory)
        throw new HttpError(
          422,
          "memory_limit",
          l === "sv" ? `${what.sv} behövde mer minne än servern ger en beräkning; gör scenariot mindre.` : `${what.en} needed more memory than the server gives one evaluation; make the scenario smaller.`,
        );
      throw e;
    }
  }

  /** A scenario document checked as the engine will run it (in a task thread): 400 with the problems by path. */
  async function checkDocument(c: Context<AppEnv>, document: unknown): Promise<string> {
    const { name } = await work<{ name: string }>(c, "light", { kind: "validate", document, lang: lang(c) }, { sv: "Kontrollen av scenariot", en: "Checking the scenario" });
    return name;
  }

  const audit = (a: Actor, action: string, entity: string, entityId: string | null, detail?: unknown) =>
    store.audit({ organisationId: a.organisationId, userId: a.userId, action, entity, entityId, detail });

  // Service

  routes.add("get", "/api/health", { summary: "Liveness and the storage in use", tag: "service", public: true, response: z.object({ ok: z.boolean(), database: z.string(), engineVersion: z.string() }) }, async (c) => {
    await store.db.query("select 1");
    return c.json({ ok: true, database: store.db.kind, engineVersion: ENGINE_VERSION });
  });

  routes.add("get", "/api/openapi.json", { summary: "This document", tag: "service", public: true }, (c) => c.json(openapi()));

  // Session

  const clientKey = (c: Context) => {
    try {
      return getConnInfo(c).remote.address ?? "unknown";
    } catch {
      return "unknown";
    }
  };

  routes.add("post", "/api/session", { summary: "Log in with e-mail and password; sets the session cookie", tag: "session", public: true, body: api.loginBody, response: api.sessionSchema, errors: [409, 429] }, async (c) => {
    const body = await readBody(c, api.loginBody);
    const address = clientKey(c);
    // Counted before the password is checked, in the database: simultaneous guesses and other
    // processes share the count.
    const wait = await limits.take(body.email, address);
    if (wait > 0) {
      c.header("Retry-After", String(wait));
      throw new HttpError(429, "too_many_attempts", `Too many failed logins; try again in ${wait} s.`);
    }
    // E-mail addresses are unique per organisation: the password decides whose account it is.
    const candidates = await store.findLogins(body.email, body.organisationId);
    if (candidates.length === 0) await verifyPassword(await dummyHash(), body.password);
    const matches = [];
    for (const l of candidates) if (await verifyPassword(l.passwordHash, body.password)) matches.push(l);
    const login = matches[0];
    if (!login) throw new HttpError(401, "bad_credentials", "Wrong e-mail address or password.");
    if (matches.length > 1) {
      const organisations = [];
      for (const m of matches) organisations.push({ id: m.user.organisationId, name: (await ownOrganisation(m.user)).name });
      throw new HttpError(409, "choose_organisation", "You have accounts in several organisations with this password; log in again with organisationId.", { organisations });
    }
    if (login.oneTime && !(await store.spendOneTimePassword(login.user.id))) {
      const expired = login.usedAt === null;
      throw new HttpError(
        401,
        expired ? "one_time_password_expired" : "one_time_password_used",
        expired ? "This one-time password has expired; ask an administrator for a new one." : "This one-time password has been used; ask an administrator for a new one.",
      );
    }
    await limits.succeeded(body.email, address);
    const token = newToken();
    const csrfToken = newToken();
    await store.createSession({ userId: login.user.id, tokenHash: tokenHash(token), csrfToken, expiresAt: new Date(Date.now() + sessionMs) });
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: "Strict", path: "/", secure: o.secureCookies ?? false, maxAge: sessionMs / 1000 });
    const a = { userId: login.user.id, organisationId: login.user.organisationId, role: login.user.role };
    await audit(a, "session.login", "user", login.user.id, login.oneTime ? { oneTimePassword: true } : undefined);
    return c.json({ user: login.user, organisation: await ownOrganisation(login.user), csrfToken, passwordChangeRequired: login.oneTime });
  });

  routes.add("get", "/api/session", { summary: "Who is logged in", tag: "session", response: api.sessionSchema }, auth, async (c) => {
    const s = c.get("session");
    return c.json({ user: s.user, organisation: await ownOrganisation(s.user), csrfToken: s.csrfToken, passwordChangeRequired: s.passwordChangeRequired });
  });

  routes.add("delete", "/api/session", { summary: "Log out", tag: "session", status: 204 }, auth, async (c) => {
    await store.deleteSession(c.get("session").tokenHash);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.body(null, 204);
  });

  const changePassword = async (c: Context<AppEnv>) => {
    const body = await readBody(c, api.changePasswordBody);
    const s = c.get("session");
    const wrong = (message: string) => new HttpError(403, "bad_credentials", "The current password is wrong.", { issues: [{ path: ["currentPassword"], code: "wrong", message }] });
    // Guesses of the current password count like login guesses.
    const address = clientKey(c);
    const wait = await limits.take(s.user.email, address);
    if (wait > 0) {
      c.header("Retry-After", String(wait));
      throw new HttpError(429, "too_many_attempts", `Too many failed attempts; try again in ${wait} s.`);
    }
    const login = await store.getLogin(s.user.organisationId, s.user.id);
    if (!login || !(await verifyPassword(login.passwordHash, body.currentPassword))) throw wrong("wrong password");
    await limits.succeeded(s.user.email, address);
    if (body.newPassword === body.currentPassword)
      throw new HttpError(400, "invalid_body", "The body has problems; see issues.", { issues: [{ path: ["newPassword"], code: "unchanged", message: "must differ from the current password" }] });
    await store.setOwnPassword(s.user.organisationId, s.user.id, await hashPassword(body.newPassword), s.tokenHash);
    await audit(actor(c), "user.password", "user", s.user.id, login.oneTime ? { oneTimePassword: true } : undefined);
    return c.body(null, 204);
  };
  const passwordDoc = { summary: "Change your own password (at least 12 characters); your other sessions end, this one stays", tag: "session", body: api.changePasswordBody, status: 204, errors: [429] } satisfies RouteDoc;
  routes.add("post", "/api/session/password", passwordDoc, auth, changePassword);
  routes.add("put", "/api/session/password", { ...passwordDoc, summary: `${passwordDoc.summary} (the same as POST)` }, auth, changePassword);

  async function ownOrganisation(u: User) {
    const org = await store.getOrganisation(u.organisationId);
    if (!org) throw notFound("organisation");
    return org;
  }

  // Organisations and users

  routes.add("get", "/api/organisation", { summary: "Your organisation", tag: "organisations", response: api.organisationSchema }, auth, async (c) =>
    c.json(await ownOrganisation(c.get("session").user)),
  );

  routes.add(
    "get",
    "/api/organisations",
    { summary: "The directory of organisations (to share a scenario with)", tag: "organisations", response: z.array(api.organisationSchema) },
    auth,
    async (c) => c.json(await store.listOrganisations()),
  );

  routes.add("get", "/api/users", { summary: "Users of your organisation", tag: "users", response: z.array(api.userSchema) }, auth, admin, async (c) =>
    c.json(await store.listUsers(actor(c).organisationId)),
  );

  routes.add(
    "post",
    "/api/users",
    { summary: "Add a user; answers a one-time password", tag: "users", body: api.createUserBody, response: api.newUserSchema, status: 201, errors: [409] },
    auth,
    admin,
    async (c) => {
      const body = await readBody(c, api.createUserBody);
      const a = actor(c);
      const password = newPassword();
      const until = oneTimeUntil();
      try {
        // Unique per organisation: whether another organisation has the address is never told.
        const user = await store.createUser({ ...body, organisationId: a.organisationId, passwordHash: await hashPassword(password), oneTimeUntil: until });
        await audit(a, "user.create", "user", user.id, { email: user.email, role: user.role });
        return c.json({ user, password, passwordExpiresAt: until.toISOString() }, 201);
      } catch (e) {
        if (e instanceof Duplicate)
          throw new HttpError(409, "duplicate", "Your organisation has a user with this e-mail address.", { issues: [{ path: ["email"], code: "duplicate", message: "your organisation has a user with this address" }] });
        throw e;
      }
    },
  );

  routes.add("patch", "/api/users/:userId", { summary: "Change a user's name or role", tag: "users", body: api.updateUserBody, response: api.userSchema, errors: [409] }, auth, admin, async (c) => {
    const id = idParam(c, "userId", "user");
    const body = await readBody(c, api.updateUserBody);
    const a = actor(c);
    const before = await store.getUser(a.organisationId, id);
    if (!before) throw notFound("user");
    if (before.role === "admin" && body.role !== undefined && body.role !== "admin" && (await store.countAdmins(a.organisationId)) <= 1)
      throw new HttpError(409, "last_admin", "The organisation's last admin cannot lose the role.");
    const user = await store.updateUser(a.organisationId, id, body);
    await audit(a, "user.update", "user", id, body);
    return c.json(user);
  });

  routes.add("post", "/api/users/:userId/password", { summary: "Give a user a new one-time password", tag: "users", response: api.newUserSchema }, auth, admin, async (c) => {
    const id = idParam(c, "userId", "user");
    const a = actor(c);
    const password = newPassword();
    const until = oneTimeUntil();
    const user = await store.setOneTimePassword(a.organisationId, id, await hashPassword(password), until);
    if (!user) throw notFound("user");
    await audit(a, "user.reset_password", "user", id);
    return c.json({ user, password, passwordExpiresAt: until.toISOString() });
  });

  routes.add("delete", "/api/users/:userId", { summary: "Remove a user", tag: "users", status: 204, errors: [409] }, auth, admin, async (c) => {
    const id = idParam(c, "userId", "user");
    const a = actor(c);
    const user = await store.getUser(a.organisationId, id);
    if (!user) throw notFound("user");
    if (user.role === "admin" && (await store.countAdmins(a.organisationId)) <= 1)
      throw new HttpError(409, "last_admin", "The organisation's last admin cannot be removed.");
    await store.deleteUser(a.organisationId, id);
    await audit(a, "user.delete", "user", id, { email: user.email });
    return c.body(null, 204);
  });

  // Scenarios and versions

  routes.add("get", "/api/scenarios", { summary: "Your organisation's scenarios and those shared with it", tag: "scenarios", response: z.array(api.scenarioSummarySchema) }, auth, async (c) =>
    c.json(await store.listScenarios(actor(c).organisationId)),
  );

  routes.add(
    "post",
    "/api/scenarios",
    { summary: "Create a scenario (its version 1)", tag: "scenarios", body: api.createScenarioBody, response: api.savedSchema, status: 201 },
    auth,
    analyst,
    async (c) => {
      const body = await readBody(c, api.createScenarioBody);
      const name = await checkDocument(c, body.document);
      const a = actor(c);
      const version = await store.createScenario(a, name, body.document, body.message ?? null);
      await audit(a, "scenario.create", "scenario", version.scenarioId, { version: 1, name });
      const scenario = await store.getScenario(version.scenarioId, a.organisationId);
      return c.json({ scenario, version }, 201);
    },
  );

  routes.add("get", "/api/scenarios/:id", { summary: "A scenario and the list of its versions", tag: "scenarios", response: api.scenarioDetailSchema }, auth, async (c) => {
    const { scenario } = await scenarioFor(c, "read");
    return c.json({ scenario, versions: await store.listVersions(scenario.id) });
  });

  routes.add("delete", "/api/scenarios/:id", { summary: "Delete a scenario (refused when a version was decided on)", tag: "scenarios", status: 204, errors: [409] }, auth, analyst, async (c) => {
    const { scenario, actor: a } = await scenarioFor(c, "owner");
    if ((await store.deleteScenario(scenario.id)) === "decided")
      throw new HttpError(409, "decided", "A version of this scenario was decided on by a committee; the scenario cannot be deleted.");
    await audit(a, "scenario.delete", "scenario", scenario.id, { name: scenario.name });
    return c.body(null, 204);
  });

  routes.add("get", "/api/scenarios/:id/versions", { summary: "The versions of a scenario", tag: "versions", response: z.array(api.versionInfoSchema) }, auth, async (c) => {
    const { scenario } = await scenarioFor(c, "read");
    return c.json(await store.listVersions(scenario.id));
  });

  /** Saves `document` as the next version after `baseVersion`; 409 when another save came first. */
  async function save(
    c: Context<AppEnv>,
    { scenario, actor: a }: Awaited<ReturnType<typeof scenarioFor>>,
    baseVersion: number,
    document: unknown,
    message: string | null,
    action: string,
    detail: Record<string, unknown>,
  ) {
    const name = await checkDocument(c, document);
    try {
      const version = await store.saveVersion(a, scenario.id, baseVersion, name, document, message);
      await store.audit({ organisationId: scenario.organisationId, userId: a.userId, action, entity: "scenario", entityId: scenario.id, detail: { version: version.version, ...detail, ...(scenario.access === "owner" ? {} : { organisationId: a.organisationId }) } });
      return { scenario: { ...scenario, name, latestVersion: version.version }, version };
    } catch (e) {
      if (e instanceof VersionConflict)
        throw new HttpError(409, "version_conflict", `Version ${e.latestVersion} was saved after version ${baseVersion}; load it and save again.`, { latestVersion: e.latestVersion });
      throw e;
    }
  }

  routes.add(
    "post",
    "/api/scenarios/:id/versions",
    { summary: "Save a new version on top of baseVersion", tag: "versions", body: api.saveVersionBody, response: api.savedSchema, status: 201, errors: [409] },
    auth,
    analyst,
    async (c) => {
      const body = await readBody(c, api.saveVersionBody);
      return c.json(await save(c, await scenarioFor(c, "edit"), body.baseVersion, body.document, body.message ?? null, "version.save", { baseVersion: body.baseVersion }), 201);
    },
  );

  async function versionOf(scenarioId: string, v: number) {
    const version = await store.getVersion(scenarioId, v);
    if (!version) throw notFound("version");
    return version;
  }

  routes.add("get", "/api/scenarios/:id/versions/:version", { summary: "One version with its document", tag: "versions", response: api.versionSchema }, auth, async (c) => {
    const v = intParam(c, "version", "version");
    const { scenario } = await scenarioFor(c, "read");
    return c.json(await versionOf(scenario.id, v));
  });

  routes.add(
    "delete",
    "/api/scenarios/:id/versions/:version",
    { summary: "Delete a version (never one decided on, nor the latest)", tag: "versions", status: 204, errors: [409] },
    auth,
    analyst,
    async (c) => {
      const v = intParam(c, "version", "version");
      const { scenario, actor: a } = await scenarioFor(c, "owner");
      if (v === scenario.latestVersion) throw new HttpError(409, "latest_version", "The latest version cannot be deleted; restore an older one instead.");
      const outcome = await store.deleteVersion(scenario.id, v);
      if (outcome === "missing") throw notFound("version");
      if (outcome === "decided") throw new HttpError(409, "decided", "A committee decided on this version; it can never be deleted.");
      await audit(a, "version.delete", "scenario", scenario.id, { version: v });
      return c.body(null, 204);
    },
  );

  routes.add(
    "get",
    "/api/scenarios/:id/compare",
    { summary: "Which assumptions changed from one version to another", tag: "versions", query: api.compareQuery, response: api.compareSchema },
    auth,
    async (c) => {
      const q = readQuery(c, api.compareQuery);
      const { scenario } = await scenarioFor(c, "read");
      const [a, b] = [await versionOf(scenario.id, q.from), await versionOf(scenario.id, q.to)];
      return c.json({ from: q.from, to: q.to, changes: diffDocuments(a.document, b.document) });
    },
  );

  routes.add(
    "post",
    "/api/scenarios/:id/versions/:version/restore",
    { summary: "Save an old version's document as the newest version", tag: "versions", body: api.restoreBody, response: api.savedSchema, status: 201, errors: [409] },
    auth,
    analyst,
    async (c) => {
      const v = intParam(c, "version", "version");
      const body = await readBody(c, api.restoreBody);
      const target = await scenarioFor(c, "edit");
      const old = await versionOf(target.scenario.id, v);
      return c.json(await save(c, target, body.baseVersion, old.document, body.message ?? `Återställd från version ${v}`, "version.restore", { from: v }), 201);
    },
  );

  routes.add(
    "put",
    "/api/scenarios/:id/versions/:version/decision",
    { summary: "Mark the version a committee decided on (final)", tag: "versions", body: api.decisionBody, response: api.versionInfoSchema, errors: [409] },
    auth,
    analyst,
    async (c) => {
      const v = intParam(c, "version", "version");
      const body = await readBody(c, api.decisionBody);
      const { scenario, actor: a } = await scenarioFor(c, "owner");
      const existing = await versionOf(scenario.id, v);
      if (existing.decision) throw new HttpError(409, "decided", "This version already carries a decision; a decision cannot be changed.");
      const info = await store.setDecision(scenario.id, v, body);
      await audit(a, "version.decision", "scenario", scenario.id, { version: v, ...body });
      return c.json(info);
    },
  );

  // Shares

  routes.add("get", "/api/scenarios/:id/shares", { summary: "Organisations the scenario is shared with", tag: "shares", response: z.array(api.shareSchema) }, auth, async (c) => {
    const { scenario } = await scenarioFor(c, "owner");
    return c.json(await store.listShares(scenario.id));
  });

  routes.add(
    "post",
    "/api/scenarios/:id/shares",
    { summary: "Share with another organisation to read or edit (or change the access)", tag: "shares", body: api.shareBody, response: api.shareSchema, status: 201 },
    auth,
    analyst,
    async (c) => {
      const body = await readBody(c, api.shareBody);
      const { scenario, actor: a } = await scenarioFor(c, "owner");
      const target = await store.getOrganisation(body.organisationId);
      if (!target || target.id === a.organisationId)
        throw new HttpError(400, "invalid_body", "The body has problems; see issues.", { issues: [{ path: ["organisationId"], code: "unknown_organisation", message: "no other organisation with this id" }] });
      const share = await store.share(scenario.id, target.id, body.access, a.userId);
      await audit(a, "share.set", "scenario", scenario.id, { organisationId: target.id, organisationName: target.name, access: body.access });
      return c.json(share, 201);
    },
  );

  routes.add("delete", "/api/scenarios/:id/shares/:organisationId", { summary: "Withdraw a share", tag: "shares", status: 204 }, auth, analyst, async (c) => {
    const orgId = idParam(c, "organisationId", "share");
    const { scenario, actor: a } = await scenarioFor(c, "owner");
    if (!(await store.unshare(scenario.id, orgId))) throw notFound("share");
    await audit(a, "share.remove", "scenario", scenario.id, { organisationId: orgId });
    return c.body(null, 204);
  });

  // Runs

  routes.add(
    "post",
    "/api/scenarios/:id/runs",
    { summary: "Evaluate a version in the background (202); follow it at /api/runs/{id}/events", tag: "runs", body: api.runBody, response: api.runSchema, status: 202 },
    auth,
    analyst,
    async (c) => {
      const body = await readBody(c, api.runBody, {});
      const { scenario, actor: a } = await scenarioFor(c, "edit");
      const v = await versionOf(scenario.id, body.version ?? scenario.latestVersion);
      // The limits (iterations, size, runs in progress per organisation and user) hold whether
      // the iterations are asked for here or are the scenario's own (monteCarlo.iterations).
      const run = await runs.submit({
        organisationId: a.organisationId,
        scenarioId: scenario.id,
        version: v.version,
        document: v.document,
        userId: a.userId,
        lang: lang(c),
        ...(body.iterations === undefined ? {} : { iterations: body.iterations }),
        ...(body.seed === undefined ? {} : { seed: body.seed }),
      });
      await audit(a, "run.submit", "run", run.id, { scenarioId: scenario.id, version: v.version, iterations: run.iterations, seed: run.seed });
      return c.json(run, 202);
    },
  );

  routes.add("get", "/api/scenarios/:id/runs", { summary: "Recent runs of a scenario (without results)", tag: "runs", response: z.array(api.runSchema) }, auth, async (c) => {
    const { scenario } = await scenarioFor(c, "read");
    return c.json(await store.listRuns(scenario.id));
  });

  /** A run, if the caller may read its scenario. */
  async function runFor(c: Context<AppEnv>) {
    const id = idParam(c, "runId", "run");
    const run = await store.getRun(id);
    if (!run) throw notFound("run");
    const a = actor(c);
    const scenario = await store.getScenario(run.scenarioId, a.organisationId);
    if (!scenario) throw notFound("run");
    await auditSharedAccess(c, scenario, "run", id);
    return run;
  }

  routes.add("get", "/api/runs/:runId", { summary: "A run with its resolved scenario and result", tag: "runs", response: api.runSchema }, auth, async (c) => c.json(await runFor(c)));

  routes.add(
    "get",
    "/api/runs/:runId/events",
    { summary: "Progress as Server-Sent Events: `progress` events, then one `done` or `failed` event with the run", tag: "runs", produces: "text/event-stream", errors: [429] },
    auth,
    async (c) => {
      const first = await runFor(c);
      const userId = actor(c).userId;
      const l = lang(c);
      if (watch.streams() >= workLimits.streams)
        throw tooMany(
          l,
          "too_many_streams",
          `Servern har redan ${workLimits.streams} förloppsströmmar öppna (gränsen, SIKT_STREAMS); hämta körningen med GET /api/runs/{id} i stället, eller försök igen om en stund.`,
          `The server already has ${workLimits.streams} progress streams open (the limit, SIKT_STREAMS); read the run with GET /api/runs/{id} instead, or try again shortly.`,
          { name: "streams", value: workLimits.streams },
        );
      if (watch.streams(userId) >= workLimits.streamsPerUser)
        throw tooMany(
          l,
          "too_many_streams",
          `Du har redan ${workLimits.streamsPerUser} förloppsströmmar öppna (gränsen per användare, SIKT_STREAMS_PER_USER); stäng några flikar eller vänta tills körningarna är klara.`,
          `You already have ${workLimits.streamsPerUser} progress streams open (the limit per user, SIKT_STREAMS_PER_USER); close some tabs or wait until the runs are done.`,
          { name: "streamsPerUser", value: workLimits.streamsPerUser },
        );
      const close = watch.opened(userId);
      return streamSSE(c, async (stream) => {
        // Every open stream shares one query per tick (RunWatch), however many are open.
        let state = { status: first.status, progress: first.progress };
        let wake: (() => void) | undefined;
        const unwatch = watch.watch(first.id, (r) => {
          state = r;
          wake?.();
        });
        stream.onAbort(() => wake?.());
        let last = -1;
        try {
          for (;;) {
            if (state.status === "done" || state.status === "failed") {
              const run = state.status === first.status ? first : await store.getRun(first.id);
              if (run) await stream.writeSSE({ event: run.status, data: JSON.stringify({ ...run, resolved: undefined, result: undefined }) });
              return;
            }
            if (state.progress !== last) {
              last = state.progress;
              await stream.writeSSE({ event: "progress", data: JSON.stringify({ status: state.status, progress: state.progress }) });
            }
            await new Promise<void>((ok) => (wake = ok));
            wake = undefined;
            if (stream.aborted) return;
          }
        } finally {
          unwatch();
          close();
        }
      });
    },
  );

  // Budget, cost sharing, continuity and the fund (docs/budget.md)

  routes.add(
    "post",
    "/api/scenarios/:id/versions/:version/analysis",
    { summary: "Budget view per payer and year, cost sharing (proposal, Finsam, an agreement) and a project-period variant", tag: "budget", body: api.analysisBody, errors: [422, 429] },
    auth,
    async (c) => {
      const v = intParam(c, "version", "version");
      const body = await readBody(c, api.analysisBody, {});
      const { scenario } = await scenarioFor(c, "read");
      const document = (await versionOf(scenario.id, v)).document;
      checkWork(workLimits, lang(c), [document], 0);
      return c.json(await work(c, "heavy", { kind: "analysis", document, body }, { sv: "Analysen", en: "The analysis" }));
    },
  );

  routes.add(
    "post",
    "/api/fund/evaluate",
    { summary: "A social investment fund over scenario versions: balance, repayments, the municipality's result, and a Monte Carlo band", tag: "budget", body: api.fundBody, errors: [422, 429] },
    auth,
    async (c) => {
      const body = await readBody(c, api.fundBody);
      if (body.endYear < body.startYear || body.endYear - body.startYear > 100)
        throw new HttpError(400, "invalid_body", "The body has problems; see issues.", { issues: [{ path: ["endYear"], code: "invalid", message: "must be from startYear to startYear + 100" }] });
      const a = actor(c);
      const investments: FundInvestmentInput[] = [];
      for (const [k, x] of body.investments.entries()) {
        const found = await store.getScenario(x.scenarioId, a.organisationId);
        if (!found) throw new HttpError(404, "not_found", `No such scenario: investments[${k}].scenarioId.`);
        await auditSharedAccess(c, found, "scenario", found.id);
        const { document } = await versionOf(found.id, x.version ?? found.latestVersion);
        investments.push({ index: k, scenarioId: found.id, name: x.name ?? found.name, document, input: x });
      }
      const iterations = body.iterations ?? 500;
      checkWork(workLimits, lang(c), investments.map((x) => x.document), iterations);
      const { investments: _, ...fund } = body;
      return c.json(await work(c, "heavy", { kind: "fund", fund, investments, iterations, seed: body.seed ?? 1 }, { sv: "Fondberäkningen", en: "The fund evaluation" }));
    },
  );

  /** A fund definition's scenarios must all be visible to the caller's organisation. */
  async function checkFundScenarios(c: Context<AppEnv>, body: z.output<typeof api.fundBody>) {
    for (const [k, x] of body.investments.entries())
      if (!(await store.getScenario(x.scenarioId, actor(c).organisationId)))
        throw new HttpError(404, "not_found", `No such scenario: investments[${k}].scenarioId.`);
  }
  const fundRecord = z.object({ id: z.uuid(), organisationId: z.uuid(), name: z.string(), definition: api.fundBody, createdAt: z.string(), updatedAt: z.string() });

  routes.add("get", "/api/funds", { summary: "Your organisation's social investment funds", tag: "budget", response: z.array(fundRecord) }, auth, async (c) =>
    c.json(await store.listFunds(actor(c).organisationId)),
  );
  routes.add("post", "/api/funds", { summary: "Save a fund", tag: "budget", body: api.fundBody, response: fundRecord, status: 201 }, auth, analyst, async (c) => {
    const body = await readBody(c, api.fundBody);
    await checkFundScenarios(c, body);
    const a = actor(c);
    const fund = await store.createFund(a, body.name, body);
    await audit(a, "fund.create", "fund", fund.id, { name: body.name });
    return c.json(fund, 201);
  });
  routes.add("get", "/api/funds/:fundId", { summary: "A fund", tag: "budget", response: fundRecord }, auth, async (c) => {
    const fund = await store.getFund(actor(c).organisationId, idParam(c, "fundId", "fund"));
    if (!fund) throw notFound("fund");
    return c.json(fund);
  });
  routes.add("put", "/api/funds/:fundId", { summary: "Change a fund", tag: "budget", body: api.fundBody, response: fundRecord }, auth, analyst, async (c) => {
    const id = idParam(c, "fundId", "fund");
    const body = await readBody(c, api.fundBody);
    const a = actor(c);
    if (!(await store.getFund(a.organisationId, id))) throw notFound("fund");
    await checkFundScenarios(c, body);
    const fund = await store.updateFund(a.organisationId, id, body.name, body);
    await audit(a, "fund.update", "fund", id, { name: body.name });
    return c.json(fund);
  });
  routes.add("delete", "/api/funds/:fundId", { summary: "Delete a fund", tag: "budget", status: 204 }, auth, analyst, async (c) => {
    const id = idParam(c, "fundId", "fund");
    const a = actor(c);
    if (!(await store.deleteFund(a.organisationId, id))) throw notFound("fund");
    await audit(a, "fund.delete", "fund", id);
    return c.body(null, 204);
  });

  routes.add(
    "get",
    "/api/scenarios/:id/versions/:version/report",
    {
      summary: "The decision report: printable HTML or PDF in Swedish for a committee, XLSX for economists; with the uncertainty analysis of the latest finished run of the version, or of a run it queues and awaits",
      tag: "budget",
      query: z.strictObject({ format: z.enum(["html", "pdf", "xlsx"]) }),
      produces: "text/html",
      errors: [409, 413, 422, 429, 503],
    },
    auth,
    async (c) => {
      const { format } = readQuery(c, z.strictObject({ format: z.enum(["html", "pdf", "xlsx"]) }));
      const v = intParam(c, "version", "version");
      const { scenario, actor: a } = await scenarioFor(c, "read");
      const version = await versionOf(scenario.id, v);
      const document = version.document;
      checkWork(workLimits, lang(c), [document], 0);
      // The report always carries the uncertainty analysis: a finished run of this version, or one
      // queued now with the scenario's Monte Carlo settings (capped) and awaited. The report
      // itself is made in a task thread.
      const monteCarlo = (document as { monteCarlo?: { iterations?: unknown } } | null)?.monteCarlo;
      const result = await reportRun(scenario.id, version, typeof monteCarlo?.iterations === "number" ? monteCarlo.iterations : undefined, a);
      const task = { kind: "report" as const, document, result, date: new Date().toISOString().slice(0, 10), version: v, versionDate: version.createdAt, decision: version.decision, organisation: scenario.organisationName };
      const make = <T>(format: "html" | "xlsx", nonce?: string) => work<T>(c, "heavy", { ...task, format, ...(nonce ? { nonce } : {}) }, { sv: "Rapporten", en: "The report" });
      return sendExport(c, format, fileStem(String((document as { name?: unknown }).name ?? scenario.name), v, "beslutsunderlag"), (nonce) => make<string>("html", nonce), () => make<Uint8Array<ArrayBuffer>>("xlsx"));
    },
  );

  /**
   * The result a report of a version is made from: always with its uncertainty analysis. A
   * finished run of the version with Monte Carlo is used as it is; otherwise a run with the
   * scenario's own settings (or the report's default draws, within the report's cap) is queued
   * like any other, or one already queued is joined, and awaited in the worker pool.
   */
  async function reportRun(scenarioId: string, version: { version: number; document: unknown }, iterations: number | undefined, a: Actor): Promise<ScenarioResult> {
    const runsOfVersion = (await store.listRuns(scenarioId)).filter((r) => r.version === version.version && r.iterations > 0);
    const done = runsOfVersion.find((r) => r.status === "done");
    const stored = done ? ((await store.getRun(done.id))?.result as ScenarioResult | null) : null;
    if (stored?.monteCarlo) return stored;
    let run = runsOfVersion.find((r) => r.status === "queued" || r.status === "running");
    if (!run) {
      run = await runs.submit({ organisationId: a.organisationId, scenarioId, version: version.version, document: version.document, userId: a.userId, iterations: reportIterations(iterations) });
      await audit(a, "run.submit", "run", run.id, { scenarioId, version: version.version, iterations: run.iterations, seed: run.seed, for: "report" });
    }
    const deadline = Date.now() + REPORT_RUN_WAIT_MS;
    for (;;) {
      const now = await store.getRun(run.id);
      if (now?.status === "done" && now.result) return now.result as ScenarioResult;
      if (!now || now.status === "failed") throw new HttpError(409, "run_failed", "The uncertainty analysis of this version failed; the report cannot be made.");
      if (Date.now() > deadline) throw new HttpError(503, "run_pending", "The uncertainty analysis of this version is still running; ask for the report again in a while.");
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  // Catalogue

  const catalogFor = (c: Context): Catalog => {
    const id = c.req.param("catalogId");
    const found = shippedCatalogs().find((k) => k.id === id);
    if (!found) throw notFound("catalogue");
    return found;
  };
  const catalogSummary = z.object({ id: z.string(), name: z.string(), priceYear: z.number().int(), description: z.string().optional(), counts: z.record(z.string(), z.number()) });

  routes.add("get", "/api/catalog", { summary: "The shipped catalogues", tag: "catalogue", response: z.array(catalogSummary) }, auth, (c) =>
    c.json(
      shippedCatalogs().map((k) => ({
        id: k.id,
        name: k.name,
        priceYear: k.priceYear,
        ...(k.description === undefined ? {} : { description: k.description }),
        counts: Object.fromEntries(ENTRY_KINDS.map((kind) => [kind, k[kind].length])),
      })),
    ),
  );
  routes.add("get", "/api/catalog/:catalogId", { summary: "A whole catalogue: entries with sources, price index", tag: "catalogue" }, auth, (c) => c.json(catalogFor(c)));
  routes.add("get", "/api/catalog/:catalogId/search", { summary: "Entries matching every word of q", tag: "catalogue", query: api.searchQuery }, auth, (c) => {
    const q = readQuery(c, api.searchQuery);
    return c.json(searchCatalog(catalogFor(c), q.q));
  });
  routes.add("get", "/api/catalog/:catalogId/entries/:entryId", { summary: "One entry with its sources", tag: "catalogue" }, auth, (c) => {
    const found = findEntry(catalogFor(c), c.req.param("entryId") ?? "");
    if (!found) throw notFound("entry");
    return c.json(found);
  });

  // Audit, export and import

  routes.add("get", "/api/audit", { summary: "Your organisation's audit log, newest first", tag: "audit", query: z.strictObject({ limit: z.coerce.number().int().min(1).max(5000).optional() }), response: z.array(api.auditEntrySchema) }, auth, admin, async (c) => {
    const q = readQuery(c, z.strictObject({ limit: z.coerce.number().int().min(1).max(5000).optional() }));
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

  effectRoutes({
    routes,
    store,
    auth,
    analyst,
    actor,
    audit,
    places: (organisationId) => placesOf(store, organisationId),
    scenarioOf: (c, scenarioId) => preparedScenarioOf(c, scenarioId),
    rerun: (c, scenarios, iterations) => {
      checkWork(workLimits, lang(c), scenarios, iterations);
      return work(c, "heavy", { kind: "keyFigures", scenarios, iterations }, { sv: "Omräkningen", en: "The re-run" });
    },
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
  });

  /** The latest version of a scenario visible to the caller, prepared for the engine; null when not visible or not valid. */
  async function preparedScenarioOf(c: Context<AppEnv>, scenarioId: string) {
    const found = await store.getScenario(scenarioId, actor(c).organisationId);
    if (!found) return null;
    await auditSharedAccess(c, found, "scenario", found.id);
    const { document } = await versionOf(found.id, found.latestVersion);
    // Evaluated on the request thread without Monte Carlo (key figures): the size limit holds as for a report.
    checkWork(workLimits, lang(c), [document], 0);
    const prepared = prepareScenario(document);
    return prepared.ok ? { name: found.name, scenario: prepared.scenario } : null;
  }

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

  return app;
}
