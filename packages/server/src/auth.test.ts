/**
 * Attacks on logins, passwords, user creation and input, against the real app on a real
 * database (PGlite, and PostgreSQL when available): simultaneous guesses, two app instances on
 * one database, back-off instead of a wall, one-time passwords that expire and work once, no
 * enumeration of other organisations' addresses, text that cannot be stored, deep JSON, and
 * database errors logged without their values.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app.js";
import { hashPassword, verifyPassword } from "./auth.js";
import { openPostgres } from "./db/postgres.js";
import { migrate } from "./db/migrate.js";
import { describeError } from "./log.js";
import { type LimitRules, LoginLimits } from "./login-limits.js";
import { startServer } from "./server.js";
import { Store } from "./store.js";
import { Client, type Harness, harness, kalmar, makeOrg, PASSWORD } from "./testing/harness.js";
import { testDatabases } from "./testing/databases.js";

const rules = (account: number, address: number): LimitRules => ({
  account: { free: account, baseSeconds: 60, maxSeconds: 900, forgetSeconds: 3600 },
  address: { free: address, baseSeconds: 60, maxSeconds: 300, forgetSeconds: 3600 },
});

/** A clock the test moves by hand. */
const manualClock = () => {
  let now = Date.parse("2026-06-01T08:00:00Z");
  return { now: () => new Date(now), advance: (seconds: number) => (now += seconds * 1000) };
};

for (const target of testDatabases) {
  describe.skipIf(!target.available)(`logins, passwords and input on ${target.name}`, () => {
    let h: Harness;

    beforeAll(async () => {
      h = await harness(await target.open());
    });
    afterAll(async () => {
      await h?.close();
    });

    describe("login limits", () => {
      it("checks no more than the limit of 300 simultaneous guesses, and then not the right password either", async () => {
        const org = await makeOrg(h.store, "Gissningskommun");
        const app = createApp({ store: h.store, runs: undefined as never, limits: rules(5, 1000) });
        const guesses = await Promise.all(Array.from({ length: 300 }, (_, i) => new Client(app, "198.51.100.1").login(org.users.admin.email, `fel gissning ${i}`)));
        const statuses = guesses.map((g) => g.status);
        expect(statuses.filter((s) => s === 401)).toHaveLength(5);
        expect(statuses.filter((s) => s === 429)).toHaveLength(295);
        const right = await new Client(app, "198.51.100.1").login(org.users.admin.email, PASSWORD);
        expect(right.status).toBe(429);
        const wait = Number(right.headers.get("retry-after"));
        expect(wait > 0 && wait <= 60).toBe(true);
      });

      it("counts the right password among simultaneous guesses like any other: at most the limit reach the check", async () => {
        const org = await makeOrg(h.store, "Parallellkommun");
        const app = createApp({ store: h.store, runs: undefined as never, limits: rules(3, 1000) });
        const attempts = Array.from({ length: 100 }, (_, i) => (i === 99 ? PASSWORD : `fel ${i}`));
        const replies = await Promise.all(attempts.map((p) => new Client(app, "198.51.100.2").login(org.users.analyst.email, p)));
        const checked = replies.filter((r) => r.status !== 429);
        expect(checked.length).toBe(3);
        expect(replies.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
      });

      it("backs off instead of walling an account off: waits grow, stay bounded, and the right password gets in after the wait", async () => {
        const org = await makeOrg(h.store, "Väntekommun");
        const clock = manualClock();
        const app = createApp({ store: h.store, runs: undefined as never, limits: new LoginLimits(h.store.db, rules(3, 1000), clock.now) });
        const c = new Client(app, "198.51.100.3");
        for (let i = 0; i < 3; i++) expect((await c.login(org.users.viewer.email, `fel ${i}`)).status).toBe(401);
        const waits: number[] = [];
        for (let round = 0; round < 7; round++) {
          const blocked = await c.login(org.users.viewer.email, PASSWORD);
          expect(blocked.status).toBe(429);
          const wait = Number(blocked.headers.get("retry-after"));
          waits.push(wait);
          clock.advance(wait);
          expect((await c.login(org.users.viewer.email, `fel igen ${round}`)).status).toBe(401);
        }
        // 60, 120, 240, 480, then never more than 15 minutes.
        expect(waits).toEqual([60, 120, 240, 480, 900, 900, 900]);
        const blocked = await c.login(org.users.viewer.email, PASSWORD);
        clock.advance(Number(blocked.headers.get("retry-after")));
        expect((await c.login(org.users.viewer.email, PASSWORD)).status).toBe(200);
        // A success starts the account from zero.
        expect((await c.login(org.users.viewer.email, "fel en gång")).status).toBe(401);
        expect((await c.login(org.users.viewer.email, PASSWORD)).status).toBe(200);
      });

      it("lets a legitimate admin in from an address someone else hammered, after a bounded wait", async () => {
        const org = await makeOrg(h.store, "Kontorskommun");
        const clock = manualClock();
        const app = createApp({ store: h.store, runs: undefined as never, limits: new LoginLimits(h.store.db, rules(10, 20), clock.now) });
        const office = "203.0.113.7";
        for (let i = 0; i < 100; i++) await new Client(app, office).login(`gissning${i}@kontorskommun.example`, "fel");
        const admin = new Client(app, office);
        const refused = await admin.login(org.users.admin.email, PASSWORD);
        expect(refused.status).toBe(429);
        const wait = Number(refused.headers.get("retry-after"));
        expect(wait).toBeLessThanOrEqual(300);
        // Another address is not held up meanwhile.
        expect((await new Client(app, "203.0.113.8").login(org.users.analyst.email, PASSWORD)).status).toBe(200);
        clock.advance(wait);
        expect((await admin.login(org.users.admin.email, PASSWORD)).status).toBe(200);
      });

      it.skipIf(!target.fresh)("shares the count between two app instances on one database", async () => {
        const fresh = await target.fresh!();
        const [x, y] = [await openPostgres(fresh.url), await openPostgres(fresh.url)];
        try {
          await migrate(x);
          const org = await makeOrg(new Store(x), "Tvåprocesskommun");
          const apps = [x, y].map((db) => createApp({ store: new Store(db), runs: undefined as never, limits: rules(6, 1000) }));
          const replies = await Promise.all(Array.from({ length: 120 }, (_, i) => new Client(apps[i % 2]!, "198.51.100.9").login(org.users.admin.email, `fel ${i}`)));
          expect(replies.filter((r) => r.status === 401)).toHaveLength(6);
          for (const app of apps) expect((await new Client(app, "198.51.100.9").login(org.users.admin.email, PASSWORD)).status).toBe(429);
        } finally {
          await x.close();
          await y.close();
          await fresh.drop();
        }
      });

      it("keeps no e-mail address in the limits table", async () => {
        const rows = await h.store.db.query<{ key: string }>("select key from login_limits");
        expect(rows.length).toBeGreaterThan(0);
        expect(JSON.stringify(rows)).not.toMatch(/@|example/);
      });
    });

    describe("one-time passwords", () => {
      it("work for one login, which may only change the password; the change keeps that session", async () => {
        const org = await makeOrg(h.store, "Engångskommun");
        const admin = await Client.as(h.app, org.users.admin);
        const created = await admin.post("/api/users", { email: "ny@engangskommun.example", name: "Ny", role: "analyst" });
        expect(created.status).toBe(201);
        const days = (Date.parse(created.body.passwordExpiresAt) - Date.now()) / 86_400_000;
        expect(days).toBeGreaterThan(6.9);
        expect(days).toBeLessThanOrEqual(7);

        const newcomer = new Client(h.app);
        const first = await newcomer.login("ny@engangskommun.example", created.body.password);
        expect(first.status).toBe(200);
        expect(first.body.passwordChangeRequired).toBe(true);
        for (const [method, path] of [
          ["GET", "/api/scenarios"],
          ["GET", "/api/organisation"],
          ["POST", "/api/scenarios"],
          ["GET", "/api/export"],
        ] as const) {
          const r = await newcomer.send(method, path, method === "POST" ? { document: kalmar() } : undefined);
          expect([path, r.status, r.body.error.code]).toEqual([path, 403, "password_change_required"]);
        }
        expect((await newcomer.get("/api/session")).body.passwordChangeRequired).toBe(true);
        // The second login with it is refused, even with the right password.
        const second = await new Client(h.app).login("ny@engangskommun.example", created.body.password);
        expect([second.status, second.body.error.code]).toEqual([401, "one_time_password_used"]);

        const same = await newcomer.post("/api/session/password", { currentPassword: created.body.password, newPassword: created.body.password });
        expect([same.status, same.body.error.issues[0].path]).toEqual([400, ["newPassword"]]);
        const short = await newcomer.post("/api/session/password", { currentPassword: created.body.password, newPassword: "kort" });
        expect([short.status, short.body.error.issues[0].path]).toEqual([400, ["newPassword"]]);
        expect((await newcomer.post("/api/session/password", { currentPassword: "fel", newPassword: "ett eget långt lösenord" })).status).toBe(403);
        expect((await newcomer.post("/api/session/password", { currentPassword: created.body.password, newPassword: "ett eget långt lösenord" })).status).toBe(204);
        expect((await newcomer.get("/api/session")).body.passwordChangeRequired).toBe(false);
        expect((await newcomer.get("/api/scenarios")).status).toBe(200);
        expect((await new Client(h.app).login("ny@engangskommun.example", "ett eget långt lösenord")).status).toBe(200);
        // The hash is argon2id.
        const [row] = await h.store.db.query<{ password_hash: string }>("select password_hash from users where id = $1", [created.body.user.id]);
        expect(row?.password_hash).toMatch(/^\$argon2id\$/);
      });

      it("expire, and an administrator's reset gives a new one", async () => {
        const org = await makeOrg(h.store, "Utgångskommun");
        const admin = await Client.as(h.app, org.users.admin);
        const created = await admin.post("/api/users", { email: "sen@utgangskommun.example", name: "Sen", role: "viewer" });
        await h.store.db.query("update users set password_expires_at = now() - interval '1 minute' where id = $1", [created.body.user.id]);
        const late = await new Client(h.app).login("sen@utgangskommun.example", created.body.password);
        expect([late.status, late.body.error.code]).toEqual([401, "one_time_password_expired"]);
        const reset = await admin.post(`/api/users/${created.body.user.id}/password`);
        expect(reset.status).toBe(200);
        const r = await new Client(h.app).login("sen@utgangskommun.example", reset.body.password);
        expect([r.status, r.body.passwordChangeRequired]).toEqual([200, true]);
      });

      it("spends a one-time password once even when logins race", async () => {
        const org = await makeOrg(h.store, "Kapplöpningskommun");
        const admin = await Client.as(h.app, org.users.admin);
        const created = await admin.post("/api/users", { email: "kapp@kapplopning.example", name: "K", role: "viewer" });
        const replies = await Promise.all(Array.from({ length: 4 }, () => new Client(h.app).login("kapp@kapplopning.example", created.body.password)));
        expect(replies.map((r) => r.status).sort()).toEqual([200, 401, 401, 401]);
      });
    });

    describe("user creation", () => {
      it("answers alike whether or not another organisation has the address, and the password tells the accounts apart", async () => {
        const a = await makeOrg(h.store, "Aaakommun");
        const b = await makeOrg(h.store, "Bbbkommun");
        const adminA = await Client.as(h.app, a.users.admin);
        const adminB = await Client.as(h.app, b.users.admin);
        const fresh = await adminB.post("/api/users", { email: "unik@bbbkommun.example", name: "U", role: "viewer" });
        const foreign = await adminB.post("/api/users", { email: a.users.analyst.email.toUpperCase(), name: "Dubblett", role: "viewer" });
        expect([fresh.status, foreign.status]).toEqual([201, 201]);
        expect(Object.keys(foreign.body).sort()).toEqual(Object.keys(fresh.body).sort());
        // Their own organisation's address is refused, naming the field.
        const own = await adminA.post("/api/users", { email: a.users.analyst.email, name: "Igen", role: "viewer" });
        expect([own.status, own.body.error.issues[0].path]).toEqual([409, ["email"]]);

        // Each logs in with their own password; the one-time one first asks for a change.
        expect((await new Client(h.app).login(a.users.analyst.email, PASSWORD)).body.user.organisationId).toBe(a.org.id);
        const twin = await new Client(h.app).login(a.users.analyst.email, foreign.body.password);
        expect([twin.status, twin.body.user.organisationId]).toEqual([200, b.org.id]);
        // The same person with the same password in both: they choose.
        await h.store.db.query("update users set password_hash = (select password_hash from users where id = $1), password_one_time = false where id = $2", [a.users.analyst.id, foreign.body.user.id]);
        const both = await new Client(h.app).login(a.users.analyst.email, PASSWORD);
        expect([both.status, both.body.error.code]).toEqual([409, "choose_organisation"]);
        expect(both.body.error.organisations.map((o: { id: string }) => o.id).sort()).toEqual([a.org.id, b.org.id].sort());
        const chosen = await new Client(h.app).send("POST", "/api/session", { email: a.users.analyst.email, password: PASSWORD, organisationId: b.org.id });
        expect([chosen.status, chosen.body.user.id]).toEqual([200, foreign.body.user.id]);
        // Someone without the password learns nothing: the same 401 as for an unknown address.
        const wrong = await new Client(h.app).login(a.users.analyst.email, "fel");
        const unknown = await new Client(h.app).login("ingen@aaakommun.example", "fel");
        expect(wrong.body).toEqual(unknown.body);
      });
    });

    describe("input at the boundary", () => {
      it("refuses NUL, lone surrogates and control characters with 400 naming the field, never 500", async () => {
        const org = await makeOrg(h.store, "Teckenkommun");
        const admin = await Client.as(h.app, org.users.admin);
        const nulLogin = await new Client(h.app).send("POST", "/api/session", `{"email":"admin@teckenkommun.example\\u0000","password":"x"}`);
        expect([nulLogin.status, nulLogin.body.error.issues[0].path]).toEqual([400, ["email"]]);
        const surrogate = await admin.send("POST", "/api/scenarios", `{"document":${JSON.stringify({ ...kalmar(), name: "x" }).replace('"name":"x"', '"name":"a\\ud800b"')}}`);
        expect([surrogate.status, surrogate.body.error.issues[0].path]).toEqual([400, ["document", "name"]]);
        const control = await admin.post("/api/users", { email: "ctl@teckenkommun.example", name: "Namn\u0001", role: "viewer" });
        expect([control.status, control.body.error.issues[0].path, control.body.error.issues[0].message]).toEqual([400, ["name"], "contains the control character U+0001"]);
        const tab = await admin.post("/api/users", { email: "tab@teckenkommun.example", name: "Namn\tmed tabb", role: "viewer" });
        expect([tab.status, tab.body.error.issues[0].path]).toEqual([400, ["name"]]);
        const badKey = await admin.send("POST", "/api/scenarios", `{"document":{"a\\u0000":1}}`);
        expect(badKey.status).toBe(400);
        const query = await admin.get("/api/catalog/se-2025.1/search?q=%00x");
        expect([query.status, query.body.error.issues[0].path]).toEqual([400, ["q"]]);
        // Line breaks and tabs stay allowed in free text.
        const analyst = await Client.as(h.app, org.users.analyst);
        const saved = await analyst.post("/api/scenarios", { document: kalmar(), message: "Rad ett\nrad två\tmed tabb" });
        expect(saved.status).toBe(201);
      });

      it("refuses JSON nested 5,000 deep with 400", async () => {
        const org = await makeOrg(h.store, "Djupkommun");
        const admin = await Client.as(h.app, org.users.admin);
        const deep = `{"document":${"[".repeat(5000)}${"]".repeat(5000)}}`;
        const r = await admin.send("POST", "/api/scenarios", deep);
        expect([r.status, r.body.error.code]).toEqual([400, "too_deep"]);
        const login = await new Client(h.app).send("POST", "/api/session", `{"email":${"[".repeat(5000)}${"]".repeat(5000)}}`);
        expect(login.status).toBe(400);
        const imported = await admin.send("POST", "/api/import", `{"format":"sikt-organisation-export","formatVersion":1,"scenarios":${"[".repeat(3000)}${"]".repeat(3000)}}`);
        expect(imported.status).toBe(400);
      });

      it("logs a database error without its parameters or the values in its message", async () => {
        const org = await makeOrg(h.store, "Loggkommun");
        let error: unknown;
        try {
          await h.store.db.query("insert into users (id, organisation_id, email, name, role, password_hash) values ($1, $2, $3, 'x', 'viewer', $4)", [
            org.users.admin.id,
            org.org.id,
            "hemlig.person@loggkommun.example",
            "$argon2id$v=19$m=19456,t=2,p=1$hemligt",
          ]);
        } catch (e) {
          error = e;
        }
        expect(error).toBeDefined();
        const line = describeError(error);
        expect(line).toMatch(/SQLSTATE 23505/);
        expect(line).not.toMatch(/hemlig|argon2|loggkommun/);
        expect(line).not.toContain(org.users.admin.id);
      });
    });
  });
}

describe("the demo's one-time password at the first start", () => {
  const dir = mkdtempSync(join(tmpdir(), "sikt-seed-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is written to a file only its owner may read, never to the log, and works once", async () => {
    const lines: string[] = [];
    const server = await startServer({ port: 0, host: "127.0.0.1", dataDir: join(dir, "data"), workers: 1, log: (l) => lines.push(l) });
    try {
      expect(server.passwordFile).toBe(join(dir, "data", "initial-password.txt"));
      const file = server.passwordFile as string;
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const password = /^password: (\S+)$/m.exec(readFileSync(file, "utf8"))?.[1] as string;
      expect(password).toMatch(/^\w{20}$/);
      const log = lines.join("\n");
      expect(log).not.toContain(password);
      expect(log).toContain(file);
      const login = (p: string) => fetch(`${server.url}/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "admin@kalmar.example", password: p }) });
      const first = await login(password);
      expect(first.status).toBe(200);
      expect(((await first.json()) as { passwordChangeRequired: boolean }).passwordChangeRequired).toBe(true);
      expect((await login(password)).status).toBe(401);
    } finally {
      await server.close();
    }
  });
});

describe("password hashes", () => {
  it("verifies a hash written by the earlier argon2 package, and writes argon2id with OWASP's first setting", async () => {
    // Made by the package `argon2` 0.45.1 (node-argon2), which the server used before.
    const earlier = "$argon2id$v=19$m=19456,p=1,t=2$6nq3mneEXGGgYdr75r1UNg$9hmWAHaYZY7k3tnJinHpbHuRhNEMVXsltPo/PqamXJs";
    expect(await verifyPassword(earlier, "ett lösenord från förr")).toBe(true);
    expect(await verifyPassword(earlier, "ett lösenord från förr ")).toBe(false);
    const fresh = await hashPassword("ett nytt långt lösenord");
    expect(fresh).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(fresh, "ett nytt långt lösenord")).toBe(true);
    expect(await verifyPassword("not a hash", "x")).toBe(false);
  });
});
