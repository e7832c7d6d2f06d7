/**
 * `sikt-server`: starts the server, or manages organisations from the command line.
 *
 *   sikt-server                      start (PORT, HOST, SIKT_DATA_DIR or DATABASE_URL)
 *   sikt-server create-organisation --name "Region Kalmar län" --kind region --admin-email a@b.se
 *   sikt-server migrate              apply migrations and exit
 * @module
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { organisationKind } from "@sikt/contract";
import { hashPassword, newPassword, oneTimeUntil } from "./auth.js";
import { migrate } from "./db/migrate.js";
import { sqlState } from "./db/sql.js";
import { describeError } from "./log.js";
import { configFromEnv, openDatabase, startServer } from "./server.js";
import { Duplicate, Store } from "./store.js";

const USAGE = `Usage:
  sikt-server                         start the server
  sikt-server migrate                 apply database migrations and exit
  sikt-server create-organisation --name NAME --kind kommun|region|polis|fond|annan
                                      [--code KOMMUNKOD] --admin-email EMAIL [--admin-name NAME]

Environment: PORT (3000), HOST (127.0.0.1), SIKT_DATA_DIR (./data, the embedded database),
DATABASE_URL (a PostgreSQL server instead), SIKT_WORKERS (run threads), SIKT_SECURE_COOKIES=1 (behind HTTPS),
SIKT_KOLADA_URL (Kolada's base address for indicator imports, https://api.kolada.se: its API v3;
/v3 or /v2 at the end chooses the version),
SIKT_PASSWORD_FILE (where the demo admin's one-time password is written on the first start;
default SIKT_DATA_DIR/initial-password.txt, readable by its owner only),
SIKT_TASK_WORKERS (threads for reports, analyses and funds, 1).
Fair use (docs/security.md): SIKT_MAX_ITERATIONS (200000), SIKT_MAX_CELLS (interventions × years, 20000),
SIKT_MAX_DRAW_CELLS (iterations × interventions × years, 1000000000), SIKT_TASK_SECONDS (30),
SIKT_RUN_SECONDS (600), SIKT_RUNS_PER_ORGANISATION (20), SIKT_RUNS_PER_USER (5), SIKT_TASKS_PER_USER (2),
SIKT_STREAMS_PER_USER (10), SIKT_STREAMS (200).`;

export async function main(argv: string[]): Promise<number> {
  const [command = "start", ...rest] = argv;
  try {
    if (command === "--help" || command === "help") {
      console.log(USAGE);
      return 0;
    }
    if (command === "start") return await serveUntilSignal();
    if (command === "migrate") {
      const db = await openDatabase(configFromEnv());
      try {
        const applied = await migrate(db);
        console.log(applied.length > 0 ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
      } finally {
        await db.close();
      }
      return 0;
    }
    if (command === "create-organisation") return await createOrganisation(rest);
    console.error(`Unknown command: ${command}\n\n${USAGE}`);
    return 2;
  } catch (e) {
    // A database error is described without its values (log.ts).
    console.error(`sikt-server: ${sqlState(e) !== undefined ? describeError(e) : e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

async function serveUntilSignal(): Promise<number> {
  // The handlers come before the start: a stop asked for while the server starts (or just after it
  // wrote that it listens) waits for the start and then closes cleanly. A second signal of the same
  // kind, with its handler gone, ends the process at once, as without Sikt.
  const handlers: [NodeJS.Signals, () => void][] = [];
  const stopAsked = new Promise<NodeJS.Signals>((ok) => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const handler = () => ok(signal);
      handlers.push([signal, handler]);
      process.once(signal, handler);
    }
  });
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(configFromEnv());
  } catch (e) {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    throw e;
  }
  const signal = await stopAsked;
  console.log(`${signal}: closing the database and stopping.`);
  try {
    await server.close();
  } catch (e) {
    console.error(`sikt-server: could not close cleanly: ${describeError(e)}`);
  }
  return 0;
}

const createArgs = z.strictObject({
  name: z.string().min(1),
  kind: organisationKind,
  code: z.string().regex(/^\d{4}$/).optional(),
  "admin-email": z.email(),
  "admin-name": z.string().min(1).optional(),
});

async function createOrganisation(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { name: { type: "string" }, kind: { type: "string" }, code: { type: "string" }, "admin-email": { type: "string" }, "admin-name": { type: "string" } },
  });
  const parsed = createArgs.safeParse(values);
  if (!parsed.success) {
    for (const i of parsed.error.issues) console.error(`--${i.path.join(".")}: ${i.message}`);
    return 2;
  }
  const a = parsed.data;
  const db = await openDatabase(configFromEnv());
  try {
    await migrate(db);
    const password = newPassword();
    const passwordHash = await hashPassword(password);
    const until = oneTimeUntil();
    const result = await new Store(db).inTransaction(async (tx) => {
      const org = await tx.createOrganisation({ name: a.name, kind: a.kind, municipalityCode: a.code ?? null });
      const user = await tx.createUser({ organisationId: org.id, email: a["admin-email"], name: a["admin-name"] ?? "Administratör", role: "admin", passwordHash, oneTimeUntil: until });
      await tx.audit({ organisationId: org.id, userId: null, action: "organisation.create", entity: "organisation", entityId: org.id, detail: { admin: user.email } });
      return { org, user };
    });
    console.log(`Created ${result.org.name} (${result.org.id}).`);
    // Printed to the terminal of the person running the command, once; it is not kept anywhere.
    console.log(`Admin ${result.user.email}, one-time password: ${password}`);
    console.log(`It works for one login, which asks for a new password, until ${until.toISOString().slice(0, 16).replace("T", " ")} UTC.`);
    return 0;
  } catch (e) {
    if (e instanceof Duplicate) {
      console.error(`--admin-email: a user with ${a["admin-email"]} exists already`);
      return 2;
    }
    throw e;
  } finally {
    await db.close();
  }
}
