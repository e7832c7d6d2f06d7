/**
 * One process per embedded database: PGlite keeps its state in the process's memory and writes
 * it to the data folder, so two processes on one folder overwrite each other's writes. The
 * folder holds a lock file (`sikt-server.lock`: process id, host, start time) while a process
 * has it open. A lock whose process is gone (killed, crashed) is stale and taken over; a lock of
 * a live process, or of another host sharing the folder, refuses the start with a clear message.
 * @module
 */
import { randomUUID } from "node:crypto";
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

export const LOCK_FILE = "sikt-server.lock";

interface Holder {
  pid: number;
  host: string;
  since: string;
}

/** The data folder is in use by another process. */
export class FolderInUse extends Error {}

function read(file: string): { text: string; holder: Holder | null } | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  try {
    const h = JSON.parse(text) as Holder;
    return { text, holder: Number.isInteger(h.pid) && typeof h.host === "string" ? h : null };
  } catch {
    return { text, holder: null };
  }
}

/** The lock files this process holds. */
const held = new Set<string>();

/**
 * Whether the holder may still be running: on another host we cannot tell, so yes. A lock with
 * this process's id that this process does not hold is from an earlier process that had the
 * same id (a restarted container).
 */
function alive(file: string, h: Holder): boolean {
  if (h.host !== hostname()) return true;
  if (h.pid === process.pid) return held.has(file);
  try {
    process.kill(h.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function inUse(dir: string, file: string, h: Holder | null): FolderInUse {
  const who = h ? `process ${h.pid} on ${h.host}, since ${h.since}` : "a process that is starting";
  return new FolderInUse(
    `The data folder ${dir} is in use by another Sikt server (${who}). An embedded database serves one process only: ` +
      `stop the other one, set SIKT_DATA_DIR to another folder, or use PostgreSQL (DATABASE_URL) for several processes. ` +
      `If no such process runs, delete ${file}.`,
  );
}

/**
 * Takes the lock on `dir` (which must exist) for this process; returns the function that
 * releases it. Atomic: the lock file is written elsewhere and hard-linked into place, which
 * fails when one is there.
 * @throws FolderInUse when a live process holds it
 */
export function lockFolder(dir: string): () => void {
  const file = join(dir, LOCK_FILE);
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() } satisfies Holder);
  for (let attempt = 0; attempt < 5; attempt++) {
    const tmp = join(dir, `${LOCK_FILE}.${process.pid}.${randomUUID()}`);
    writeFileSync(tmp, mine);
    try {
      linkSync(tmp, file);
      held.add(file);
      return () => {
        held.delete(file);
        if (read(file)?.text === mine) rmSync(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    } finally {
      rmSync(tmp, { force: true });
    }
    const there = read(file);
    if (!there) continue;
    if (there.holder === null || alive(file, there.holder)) {
      // Unreadable means half-written by a process starting now (the link makes that unlikely).
      if (there.holder !== null || attempt >= 2) throw inUse(dir, file, there.holder);
      continue;
    }
    // Stale: move it aside and check that what was moved is the stale lock (another process
    // taking over at the same moment may have put its own lock there: give it back).
    const aside = join(dir, `${LOCK_FILE}.stale.${randomUUID()}`);
    try {
      renameSync(file, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw e;
    }
    const moved = read(aside);
    if (moved && moved.text !== there.text) {
      try {
        linkSync(aside, file);
      } catch {
        // it has a lock again: the check at the next attempt sees it
      }
      rmSync(aside, { force: true });
      throw inUse(dir, file, moved.holder);
    }
    rmSync(aside, { force: true });
  }
  throw inUse(dir, file, read(file)?.holder ?? null);
}
