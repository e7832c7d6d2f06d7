/**
 * One process per embedded database folder: a second `sikt-server` on the same folder refuses to
 * start, says why and exits non-zero, and the first keeps every write; a lock left by a killed
 * process does not stop the next start. Real processes, as `npm start` runs them.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { FolderInUse, LOCK_FILE, lockFolder } from "./db/lock.js";

const BIN = fileURLToPath(new URL("../bin/sikt-server.js", import.meta.url));
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function start(dataDir: string) {
  const child = spawn(process.execPath, [BIN], { env: { ...process.env, PORT: "0", HOST: "127.0.0.1", SIKT_WORKERS: "1", SIKT_DATA_DIR: dataDir, DATABASE_URL: "" }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (out += d));
  // The exit code, or the signal's name when a signal ended the process (then with its output).
  const exited = new Promise<number | string>((ok) => child.on("exit", (code, signal) => ok(code ?? `${signal}:\n${out}`)));
  const listening = new Promise<string>((ok, fail) => {
    const timer = setInterval(() => {
      const m = /listens on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearInterval(timer);
        ok(m[1] as string);
      }
    }, 50);
    void exited.then(() => {
      clearInterval(timer);
      fail(new Error(`stopped before listening:\n${out}`));
    });
  });
  listening.catch(() => {});
  return { child, listening, exited, output: () => out };
}

const temp = () => {
  const d = mkdtempSync(join(tmpdir(), "sikt-lock-"));
  dirs.push(d);
  return d;
};

describe("the lock on an embedded database folder", () => {
  it("refuses a second server process on the same folder with a clear message and exit status 1; the first goes on", async () => {
    const dataDir = join(temp(), "data");
    const first = start(dataDir);
    const url = await first.listening;
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true);

    const second = start(dataDir);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`The data folder ${dataDir} is in use by another Sikt server (process ${first.child.pid}`);
    expect(second.output()).not.toMatch(/\n\s+at /); // no stack trace
    expect((await fetch(`${url}/api/health`)).status).toBe(200);

    // Killed without a chance to clean up: the lock stays, but its process is gone.
    first.child.kill("SIGKILL");
    await first.exited;
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true);
    const third = start(dataDir);
    await third.listening;
    // A clean stop removes the lock.
    third.child.kill("SIGTERM");
    expect(await third.exited).toBe(0);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  }, 120_000);

  it("takes over a stale lock and refuses a live one or one it cannot check", () => {
    const dir = temp();
    const release = lockFolder(dir);
    expect(() => lockFolder(dir)).toThrow(FolderInUse);
    release();
    // A lock of a process id that no longer runs (pids are below 2^22 on Linux).
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 7, host: hostname(), since: "2026-01-01T00:00:00Z" }));
    const again = lockFolder(dir);
    expect(() => lockFolder(dir)).toThrow(/in use by another Sikt server/);
    again();
    // Another host's lock cannot be checked: refused, with the way out in the message.
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, host: "elsewhere.example", since: "2026-01-01T00:00:00Z" }));
    expect(() => lockFolder(dir)).toThrow(`delete ${join(dir, LOCK_FILE)}`);
  });
});
