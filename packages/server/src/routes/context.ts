/**
 * The context every feature's routes (routes/*.ts) are registered with: see `appContext`.
 * @module
 */
import { prepareScenario } from "@sikt/catalog/node";
import type { Lang } from "@sikt/engine";
import { type Context, Hono } from "hono";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { AppOptions } from "../app.js";
import { sameToken, tokenHash } from "../auth.js";
import { HttpError, idParam, notFound, RouteTable, SESSION_COOKIE } from "../http.js";
import { checkWork, DEFAULT_LIMITS, timeLimit, tooMany } from "../limits.js";
import { LoginLimits } from "../login-limits.js";
import { type Access, type Actor, type Role, type User, VersionConflict } from "../store.js";
import { RunWatch } from "../streams.js";
import { createTasks, TaskOutOfMemory, type TaskPool, TaskRefused, TaskTimeout } from "../tasks.js";
import type { Task } from "../work.js";

export interface Session {
  user: User;
  csrfToken: string;
  tokenHash: string;
  passwordChangeRequired: boolean;
}
export type AppEnv = { Variables: { session: Session } };

/** What a session opened with a one-time password may do: change it, see who it is, log out. */
const PASSWORD_CHANGE_ROUTES = new Set(["GET /api/session", "DELETE /api/session", "POST /api/session/password", "PUT /api/session/password"]);

const rank: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

/**
 * What every feature's routes share: the store and the run service, the route table, the
 * session and role checks, access to scenarios (through shares, written to the owner's audit
 * log), heavy work in task threads, the audit log, and saving and reading scenario versions.
 */
export function appContext(o: AppOptions, app: Hono<AppEnv>) {
  const { store, runs } = o;
  const limits = o.limits instanceof LoginLimits ? o.limits : new LoginLimits(store.db, o.limits);
  const sessionMs = (o.sessionHours ?? 12) * 3_600_000;
  const workLimits = o.workLimits ?? DEFAULT_LIMITS;
  const tasks = o.tasks ?? createTasks({ seconds: workLimits.taskSeconds });
  const watch = new RunWatch(store);
  const routes = new RouteTable(app);

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

  async function versionOf(scenarioId: string, v: number) {
    const version = await store.getVersion(scenarioId, v);
    if (!version) throw notFound("version");
    return version;
  }

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

  return { o, store, runs, limits, sessionMs, workLimits, tasks, watch, routes, auth, needRole, analyst, admin, actor, lang, scenarioFor, auditSharedAccess, work, checkDocument, audit, save, versionOf, preparedScenarioOf };
}
export type AppContext = ReturnType<typeof appContext>;
