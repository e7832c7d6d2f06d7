/**
 * Embedded PostgreSQL (PGlite, PostgreSQL compiled to WebAssembly) with its data in a folder.
 * One connection: PGlite runs statements one at a time, and a transaction holds it exclusively.
 * Durability: `relaxedDurability` stays off, so a query resolves only after PGlite has written
 * its files, and a transaction is synced after its COMMIT; a commit that returned survives the
 * process being killed (durability.test.ts kills the server with SIGKILL to prove it). PGlite
 * does not fsync its files, so an operating-system crash or power cut may lose the last commits:
 * where that matters, use a PostgreSQL server (DATABASE_URL).
 * @module
 */
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { lockFolder } from "./lock.js";
import type { Database, Query } from "./sql.js";

/**
 * Opens (creating if needed) the database in `dataDir`; `undefined` keeps it in memory. The
 * folder is locked for this process until `close()` (db/lock.ts).
 * @throws FolderInUse when another live process has the folder open
 */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  let unlock = () => {};
  if (dataDir !== undefined) {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockFolder(dataDir);
  }
  let db: PGlite;
  try {
    db = dataDir === undefined ? new PGlite() : new PGlite({ dataDir, relaxedDurability: false });
    await db.waitReady;
  } catch (e) {
    unlock();
    throw e;
  }
  const query: Query = async (text, params) => (await db.query(text, params ? [...params] : [])).rows as never;
  return {
    kind: "pglite",
    query,
    async transaction(fn) {
      const result = await db.transaction((tx) => fn(async (text, params) => (await tx.query(text, params ? [...params] : [])).rows as never));
      // PGlite syncs its files after a top-level query but not after a transaction's COMMIT
      // (electric-sql/pglite#1065): sync here so that a committed transaction is on disk before
      // the caller answers anyone (handed to the operating system; PGlite does not fsync).
      await db.syncToFs();
      return result;
    },
    async close() {
      try {
        await db.close();
      } finally {
        unlock();
      }
    },
  };
}
