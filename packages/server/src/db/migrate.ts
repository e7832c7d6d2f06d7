/**
 * Versioned SQL migrations (`migrations/NNN_name.sql`), applied in order at start, each in its
 * own transaction, under an advisory lock so that several processes starting together apply
 * each migration once.
 * @module
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Database } from "./sql.js";

const dir = fileURLToPath(new URL("../../migrations/", import.meta.url));
const LOCK = 880_2023;

/** The migrations shipped with this version: `[number, name, sql]`, in order. */
export function migrations(): [number, string, string][] {
  return readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort()
    .map((f) => [Number.parseInt(f, 10), f, readFileSync(dir + f, "utf8")]);
}

/** Applies the migrations the database lacks; returns the names applied. */
export async function migrate(db: Database): Promise<string[]> {
  const applied: string[] = [];
  for (const [n, name, sql] of migrations()) {
    const done = await db.transaction(async (q) => {
      await q("select pg_advisory_xact_lock($1)", [LOCK]);
      await q("create table if not exists schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())");
      const have = await q("select 1 from schema_migrations where version = $1", [n]);
      if (have.length > 0) return false;
      for (const statement of splitStatements(sql)) await q(statement);
      await q("insert into schema_migrations (version, name) values ($1, $2)", [n, name]);
      return true;
    });
    if (done) applied.push(name);
  }
  return applied;
}

/** Splits a migration into statements (no semicolons inside strings or bodies in our files). */
function splitStatements(sql: string): string[] {
  return sql
    .replace(/--.*$/gm, "")
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}
