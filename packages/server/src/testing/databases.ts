/**
 * The databases the shared suites run on: embedded PGlite always, and a PostgreSQL server when
 * `SIKT_TEST_DATABASE_URL` is set (CI sets it; the PostgreSQL suites are skipped without it).
 * Each `open()` gives a fresh, migrated, empty database; for PostgreSQL a new database that
 * `close()` drops again.
 * @module
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrate } from "../db/migrate.js";
import { openPglite } from "../db/pglite.js";
import { openPostgres } from "../db/postgres.js";
import type { Database } from "../db/sql.js";

export const POSTGRES_URL = process.env.SIKT_TEST_DATABASE_URL || undefined;
if (process.env.SIKT_REQUIRE_POSTGRES === "1" && POSTGRES_URL === undefined)
  throw new Error("SIKT_REQUIRE_POSTGRES=1 but SIKT_TEST_DATABASE_URL is not set: the PostgreSQL suites would be skipped");

export interface TestDatabase {
  name: "pglite" | "postgres";
  /** False when the database is not available here (the suite is then skipped). */
  available: boolean;
  open(): Promise<Database>;
  /** A connection string for a fresh database (PostgreSQL only), and how to drop it. */
  fresh?(): Promise<{ url: string; drop(): Promise<void> }>;
}

async function freshPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = POSTGRES_URL as string;
  const name = `sikt_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      try {
        // An autovacuum worker may be visiting the fresh database; it is gone a moment later.
        for (let attempt = 1; ; attempt++) {
          try {
            await c.query(`drop database if exists ${name} with (force)`);
            break;
          } catch (e) {
            if (attempt >= 10) throw e;
            await new Promise((ok) => setTimeout(ok, 300));
          }
        }
      } finally {
        await c.end();
      }
    },
  };
}

export const testDatabases: TestDatabase[] = [
  {
    name: "pglite",
    available: true,
    async open() {
      const db = await openPglite(undefined);
      await migrate(db);
      return db;
    },
  },
  {
    name: "postgres",
    available: POSTGRES_URL !== undefined,
    fresh: freshPostgres,
    async open() {
      const { url, drop } = await freshPostgres();
      const db = await openPostgres(url);
      await migrate(db);
      return {
        ...db,
        async close() {
          await db.close();
          await drop();
        },
      };
    },
  },
];
