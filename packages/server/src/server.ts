/**
 * Assembles and starts the server: storage (embedded PGlite, or PostgreSQL with `DATABASE_URL`),
 * migrations, the demo organisation on an empty database, the run service and the HTTP API.
 * @module
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { shippedCatalogs } from "@sikt/catalog/node";
import { parse } from "yaml";
import { createApp } from "./app.js";
import { hashPassword, newPassword, oneTimeUntil } from "./auth.js";
import { migrate } from "./db/migrate.js";
import { describeError } from "./log.js";
import { openPglite } from "./db/pglite.js";
import { openPostgres } from "./db/postgres.js";
import type { Database } from "./db/sql.js";
import { DEFAULT_LIMITS, limitsFromEnv, type WorkLimits } from "./limits.js";
import { WorkerPool } from "./pool.js";
import { InProcessQueue, PostgresQueue } from "./queue.js";
import { RunService } from "./runs.js";
import { Store } from "./store.js";
import { createTasks } from "./tasks.js";

export interface ServerConfig {
  port: number;
  host: string;
  /** A PostgreSQL connection string; without it, PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** Folder of the embedded database; `undefined` with no databaseUrl: in memory. */
  dataDir?: string | undefined;
  secureCookies?: boolean;
  /** Kolada's base address for online indicator imports (SIKT_KOLADA_URL). */
  koladaBase?: string;
  /** Worker threads for runs. */
  workers?: number;
  /** Worker threads for reports, analyses and fund evaluations (default 1). */
  taskWorkers?: number;
  /** Fair use: limits on size, time and concurrency of work (default DEFAULT_LIMITS). */
  workLimits?: WorkLimits;
  /** Create the demo organisation on an empty database (default true). */
  seed?: boolean;
  /**
   * Where the demo admin's one-time password is written (mode 0600) when the demo is created;
   * default `initial-password.txt` in `dataDir`. Without either (in memory) it is logged once.
   */
  passwordFile?: string | undefined;
  log?: (line: string) => void;
}

/** The configuration from the environment. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not ${JSON.stringify(env.PORT)}`);
  const workers = env.SIKT_WORKERS === undefined ? undefined : Number(env.SIKT_WORKERS);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) throw new Error(`SIKT_WORKERS must be a whole number ≥ 1, not ${JSON.stringify(env.SIKT_WORKERS)}`);
  const taskWorkers = env.SIKT_TASK_WORKERS === undefined ? undefined : Number(env.SIKT_TASK_WORKERS);
  if (taskWorkers !== undefined && !(Number.isInteger(taskWorkers) && taskWorkers >= 1))
    throw new Error(`SIKT_TASK_WORKERS must be a whole number ≥ 1, not ${JSON.stringify(env.SIKT_TASK_WORKERS)}`);
  return {
    port,
    host: env.HOST ?? "127.0.0.1",
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.SIKT_DATA_DIR ?? "data"),
    ...(env.SIKT_PASSWORD_FILE ? { passwordFile: resolve(env.SIKT_PASSWORD_FILE) } : {}),
    secureCookies: env.SIKT_SECURE_COOKIES === "1",
    ...(env.SIKT_KOLADA_URL ? { koladaBase: env.SIKT_KOLADA_URL } : {}),
    ...(workers === undefined ? {} : { workers }),
    ...(taskWorkers === undefined ? {} : { taskWorkers }),
    workLimits: limitsFromEnv(env),
  };
}

export async function openDatabase(config: Pick<ServerConfig, "databaseUrl" | "dataDir">): Promise<Database> {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openPglite(config.dataDir);
}

export const DEMO = {
  organisation: { name: "Kalmar kommun", kind: "kommun", municipalityCode: "0880" },
  email: "admin@kalmar.example",
  scenario: fileURLToPath(new URL("../../../examples/kalmar.yaml", import.meta.url)),
} as const;

/**
 * On an empty database: the demo organisation Kalmar kommun, its admin with a one-time
 * password (returned, to be printed once), and the Kalmar scenario, in one transaction under an
 * advisory lock, so that of several processes starting together exactly one seeds.
 */
export async function seedDemo(store: Store): Promise<{ email: string; password: string; expiresAt: Date } | null> {
  const password = newPassword();
  const expiresAt = oneTimeUntil();
  const passwordHash = await hashPassword(password);
  const document = parse(readFileSync(DEMO.scenario, "utf8")) as { name: string };
  const created = await store.inTransaction(async (tx) => {
    await tx.db.query("select pg_advisory_xact_lock($1)", [880_0001]);
    if ((await tx.countOrganisations()) > 0) return false;
    const org = await tx.createOrganisation(DEMO.organisation);
    const user = await tx.createUser({ organisationId: org.id, email: DEMO.email, name: "Administratör", role: "admin", passwordHash, oneTimeUntil: expiresAt });
    const v = await tx.createScenario({ userId: user.id, organisationId: org.id, role: user.role }, document.name, document, "Demo: Kalmar kommun");
    // Kolada's codes for Kalmar, its county (region) and the whole country; similar municipalities are the user's choice.
    await tx.setPlaces(org.id, { municipality: { code: "0880", name: "Kalmar" }, county: { code: "0008", name: "Kalmar län" }, country: { code: "0000", name: "Riket" }, peers: [] });
    await tx.audit({ organisationId: org.id, userId: null, action: "organisation.seed", entity: "organisation", entityId: org.id, detail: { scenarioId: v.scenarioId } });
    return true;
  });
  if (!created) return null;
  return { email: DEMO.email, password, expiresAt };
}

/**
 * Writes the demo admin's one-time password to a file only its owner may read (0600), so that it
 * never stands in a log; answers where. The password works for one login within ONE_TIME_DAYS.
 */
export function writePasswordFile(path: string, demo: { email: string; password: string; expiresAt: Date }): void {
  mkdirSync(dirname(path), { recursive: true });
  rmSync(path, { force: true });
  writeFileSync(
    path,
    [
      "Sikt: the demo administrator's one-time password.",
      "It works for one login, which asks for a new password, and expires at the time below.",
      "Delete this file once you have logged in.",
      "",
      `email: ${demo.email}`,
      `password: ${demo.password}`,
      `expires: ${demo.expiresAt.toISOString()}`,
      "",
    ].join("\n"),
    { mode: 0o600, flag: "wx" },
  );
  chmodSync(path, 0o600);
}

export interface RunningServer {
  url: string;
  port: number;
  store: Store;
  /** Where the demo admin's one-time password was written, when the demo was created now. */
  passwordFile?: string;
  /** Stops taking requests and runs, then closes the database cleanly. */
  close(): Promise<void>;
}

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const log = config.log ?? ((line: string) => console.log(line));
  const db = await openDatabase(config);
  try {
    const applied = await migrate(db);
    if (applied.length > 0) log(`Migrations applied: ${applied.join(", ")}`);
  } catch (e) {
    await db.close();
    throw e;
  }
  const store = new Store(db);
  // The shipped catalogues are read once, here, rather than by the first request that names
  // one (reading their YAML holds the event loop for a few hundred milliseconds).
  shippedCatalogs();
  let passwordFile: string | undefined;
  if (config.seed !== false) {
    const demo = await seedDemo(store);
    if (demo) {
      log("");
      log("  Demo organisation Kalmar kommun created, with the Kalmar scenario.");
      const file = config.passwordFile ?? (config.dataDir === undefined ? undefined : join(config.dataDir, "initial-password.txt"));
      if (file) {
        writePasswordFile(file, demo);
        passwordFile = file;
        log(`  Log in as ${demo.email} with the one-time password written to ${file} (readable by you only).`);
      } else log(`  Log in as ${demo.email} with the one-time password: ${demo.password} (shown only now)`);
      log(`  It works for one login, which asks for a new password, until ${demo.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC.`);
      log("");
    }
  }
  const workLimits = config.workLimits ?? DEFAULT_LIMITS;
  const pool = new WorkerPool(config.workers);
  const queue = db.kind === "postgres" ? new PostgresQueue(store, pool.size) : new InProcessQueue(store, pool.size);
  const runs = new RunService(store, queue, pool, workLimits);
  await runs.start();
  const tasks = createTasks({ heavyWorkers: config.taskWorkers, seconds: workLimits.taskSeconds });
  const webRoot = fileURLToPath(new URL("../../web/dist", import.meta.url));
  const app = createApp({
    store,
    runs,
    secureCookies: config.secureCookies ?? false,
    ...(config.koladaBase ? { koladaBase: config.koladaBase } : {}),
    logError: (e) => console.error(`Unexpected error: ${describeError(e)}`),
    workLimits,
    tasks,
    webRoot: existsSync(join(webRoot, "index.html")) ? webRoot : undefined,
  });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host });
  await new Promise<void>((ok, fail) => {
    server.once("listening", ok);
    server.once("error", fail);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  log(`Sikt listens on ${url} (storage: ${db.kind === "postgres" ? "PostgreSQL" : `PGlite in ${config.dataDir ?? "memory"}`})`);
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    store,
    ...(passwordFile ? { passwordFile } : {}),
    close: () =>
      (closing ??= (async () => {
        const closed = new Promise<void>((ok) => server.close(() => ok()));
        if ("closeIdleConnections" in server) server.closeIdleConnections();
        const force = setTimeout(() => "closeAllConnections" in server && server.closeAllConnections(), 2000);
        await runs.stop();
        await tasks.close();
        await closed;
        clearTimeout(force);
        await db.close();
      })()),
  };
}
