/**
 * A save that was answered survives the server process being killed (`kill -9`) right after,
 * with the embedded database too; SIGTERM closes the database cleanly. The real `sikt-server`
 * binary is started as a child process, as `npm start` does.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { testDatabases } from "./testing/databases.js";

const PASSWORD = "ett eget långt lösenord";
const BIN = fileURLToPath(new URL("../bin/sikt-server.js", import.meta.url));

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function start(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, [BIN], { env: { ...process.env, PORT: "0", HOST: "127.0.0.1", SIKT_WORKERS: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((ok) => child.on("exit", (code) => ok(code)));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setInterval(() => {
      const m = /listens on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearInterval(timer);
        ok(m[1] as string);
      }
    }, 50);
    void exited.then(() => {
      clearInterval(timer);
      fail(new Error(`the server stopped before listening:\n${out}`));
    });
  });
  return { child, url, output: () => out, exited };
}

async function login(url: string, password: string) {
  const r = await fetch(`${url}/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "admin@kalmar.example", password }) });
  expect(r.status).toBe(200);
  const body = (await r.json()) as { csrfToken: string };
  const cookie = (r.headers.get("set-cookie") ?? "").split(";")[0] as string;
  const call = async (method: string, path: string, data?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { cookie, "x-csrf-token": body.csrfToken, ...(data === undefined ? {} : { "content-type": "application/json" }) },
      ...(data === undefined ? {} : { body: JSON.stringify(data) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text === "" ? null : JSON.parse(text)) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  return call;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

for (const target of testDatabases) {
  describe.skipIf(!target.available)(`durability on ${target.name}`, () => {
    async function environment(): Promise<Record<string, string>> {
      const dir = mkdtempSync(join(tmpdir(), "sikt-durability-"));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const passwordFile = { SIKT_PASSWORD_FILE: join(dir, "initial-password.txt") };
      if (target.fresh) {
        const db = await target.fresh();
        cleanups.push(db.drop);
        return { DATABASE_URL: db.url, ...passwordFile };
      }
      return { SIKT_DATA_DIR: join(dir, "data"), ...passwordFile };
    }

    /** The demo admin's one-time password from its file, changed to `PASSWORD` at the first login. */
    async function firstLogin(url: string, env: Record<string, string>) {
      const once = /^password: (\S+)$/m.exec(readFileSync(env.SIKT_PASSWORD_FILE as string, "utf8"))?.[1] as string;
      expect(once).toBeTruthy();
      const call = await login(url, once);
      expect((await call("POST", "/api/session/password", { currentPassword: once, newPassword: PASSWORD })).status).toBe(204);
      return call;
    }

    it("keeps every answered save when the server is killed with SIGKILL right after", async () => {
      const env = await environment();
      const first = await start(env);
      cleanups.push(() => void first.child.kill("SIGKILL"));
      const call = await firstLogin(first.url, env);
      const [scenario] = (await call("GET", "/api/scenarios")).body;
      const v1 = (await call("GET", `/api/scenarios/${scenario.id}/versions/1`)).body.document;
      let latest = 1;
      for (let i = 0; i < 5; i++) {
        const saved = await call("POST", `/api/scenarios/${scenario.id}/versions`, { baseVersion: latest, document: { ...v1, discountRate: 0.02 + i / 100 }, message: `spara ${i}` });
        expect(saved.status).toBe(201);
        latest = saved.body.version.version;
      }
      first.child.kill("SIGKILL");
      expect(await first.exited).toBeNull();

      const second = await start(env);
      cleanups.push(() => void second.child.kill("SIGKILL"));
      expect(second.output()).not.toMatch(/one-time password/); // not seeded twice
      const again = await login(second.url, PASSWORD);
      const versions = (await again("GET", `/api/scenarios/${scenario.id}/versions`)).body;
      expect(versions.map((v: { version: number; message: string }) => [v.version, v.message])).toEqual([
        [1, "Demo: Kalmar kommun"],
        ...[0, 1, 2, 3, 4].map((i) => [i + 2, `spara ${i}`]),
      ]);
      expect((await again("GET", `/api/scenarios/${scenario.id}/versions/6`)).body.document.discountRate).toBe(0.06);
      second.child.kill("SIGKILL");
      await second.exited;
    });

    it("closes the database cleanly on SIGTERM and SIGINT and starts again on the same data", async () => {
      const env = await environment();
      for (const signal of ["SIGTERM", "SIGINT"] as const) {
        const s = await start(env);
        cleanups.push(() => void s.child.kill("SIGKILL"));
        const call = signal === "SIGTERM" ? await firstLogin(s.url, env) : await login(s.url, PASSWORD);
        const created = await call("POST", "/api/scenarios", { document: (await call("GET", "/api/scenarios/" + (await call("GET", "/api/scenarios")).body[0].id + "/versions/1")).body.document, message: signal });
        expect(created.status).toBe(201);
        s.child.kill(signal);
        expect(await s.exited).toBe(0);
        expect(s.output()).toContain(`${signal}: closing the database`);
      }
      const last = await start(env);
      cleanups.push(() => void last.child.kill("SIGKILL"));
      const call = await login(last.url, PASSWORD);
      expect((await call("GET", "/api/scenarios")).body).toHaveLength(3);
      last.child.kill("SIGTERM");
      expect(await last.exited).toBe(0);
    });
  });
}
