/**
 * The HTTP API end to end on a real database and real worker threads: login, CSRF, roles,
 * versions and conflicts, decisions, bad input, runs and their reproduction, export and import,
 * and the OpenAPI document against the responses actually sent.
 */
import { evaluateScenario, parseScenario } from "@sikt/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import * as api from "./api.js";
import { createApp } from "./app.js";
import { errorSchema } from "./http.js";
import { Client, type Harness, harness, kalmar, makeOrg, PASSWORD, type TestOrg } from "./testing/harness.js";
import { testDatabases } from "./testing/databases.js";

const conforms = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  if (!r.success) throw new Error(`response does not match its schema: ${JSON.stringify(r.error.issues.slice(0, 3))}`);
};

for (const target of testDatabases) {
  describe.skipIf(!target.available)(`API on ${target.name}`, () => {
    let h: Harness;
    let kalmarOrg: TestOrg;

    beforeAll(async () => {
      h = await harness(await target.open());
      kalmarOrg = await makeOrg(h.store, "Kalmar kommun");
    });
    afterAll(async () => {
      await h?.close();
    });

    /** A fresh scenario of Kalmar's, made by its analyst. */
    async function newScenario(c: Client, name = "Plan") {
      const r = await c.post("/api/scenarios", { document: { ...kalmar(), name }, message: "första" });
      expect(r.status).toBe(201);
      return r.body.scenario.id as string;
    }

    describe("sessions", () => {
      it("logs in with a HttpOnly SameSite=Strict cookie, knows who is logged in, and logs out", async () => {
        const c = new Client(h.app);
        expect((await c.get("/api/scenarios")).status).toBe(401);
        const r = await c.login(kalmarOrg.users.analyst.email.toUpperCase(), PASSWORD);
        expect(r.status).toBe(200);
        conforms(api.sessionSchema, r.body);
        const cookie = r.headers.get("set-cookie") ?? "";
        expect(cookie).toMatch(/^sikt_session=[\w-]{40,};/);
        expect(cookie).toMatch(/HttpOnly/);
        expect(cookie).toMatch(/SameSite=Strict/);
        expect(JSON.stringify(r.body)).not.toMatch(/"password"|hash|argon/i);
        const me = await c.get("/api/session");
        expect(me.body.user.id).toBe(kalmarOrg.users.analyst.id);
        expect(me.body.organisation.name).toBe("Kalmar kommun");
        expect((await c.delete("/api/session")).status).toBe(204);
        expect((await c.get("/api/session")).status).toBe(401);
      });

      it("answers a wrong password and an unknown address alike", async () => {
        const c = new Client(h.app);
        const wrong = await c.login(kalmarOrg.users.viewer.email, "fel lösenord");
        const unknown = await c.login("ingen@kalmar.example", "fel lösenord");
        expect([wrong.status, unknown.status]).toEqual([401, 401]);
        expect(wrong.body).toEqual(unknown.body);
      });

      it("limits failed logins per address: 429 with Retry-After, even for the right password", async () => {
        const org = await makeOrg(h.store, "Limitkommun");
        const c = new Client(h.app);
        for (let i = 0; i < 5; i++) expect((await c.login(org.users.viewer.email, `fel ${i}`)).status).toBe(401);
        const limited = await c.login(org.users.viewer.email, PASSWORD);
        expect(limited.status).toBe(429);
        expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(limited.body.error.code).toBe("too_many_attempts");
        // Another user is not locked out by this one's failures.
        expect((await c.login(org.users.admin.email, PASSWORD)).status).toBe(200);
      });

      it("limits failed logins per client address too, across e-mail addresses", async () => {
        const org = await makeOrg(h.store, "Adresskommun");
        const app = createApp({ store: h.store, runs: undefined as never, limits: { account: { free: 100, baseSeconds: 60, maxSeconds: 600, forgetSeconds: 3600 }, address: { free: 3, baseSeconds: 60, maxSeconds: 600, forgetSeconds: 3600 } } });
        const c = new Client(app, "192.0.2.30");
        for (const u of ["a", "b", "c"]) expect((await c.login(`${u}@adresskommun.example`, "fel")).status).toBe(401);
        expect((await c.login(org.users.admin.email, PASSWORD)).status).toBe(429);
      });

      it("refuses a write without the session's CSRF token and stores nothing", async () => {
        const c = await Client.as(h.app, kalmarOrg.users.analyst);
        const before = (await c.get("/api/scenarios")).body.length;
        const none = await c.send("POST", "/api/scenarios", { document: kalmar() }, { csrf: false });
        const wrong = await c.send("POST", "/api/scenarios", { document: kalmar() }, { csrf: false, headers: { "x-csrf-token": "x".repeat(43) } });
        expect([none.status, wrong.status]).toEqual([403, 403]);
        expect(none.body.error.code).toBe("csrf");
        expect((await c.get("/api/scenarios")).body.length).toBe(before);
      });

      it("changes the own password: the old one stops working, other sessions end", async () => {
        const org = await makeOrg(h.store, "Lösenordskommun");
        const c = await Client.as(h.app, org.users.viewer);
        const other = await Client.as(h.app, org.users.viewer);
        const weak = await c.put("/api/session/password", { currentPassword: PASSWORD, newPassword: "kort" });
        expect(weak.status).toBe(400);
        expect(weak.body.error.issues[0].path).toEqual(["newPassword"]);
        expect((await c.put("/api/session/password", { currentPassword: "fel", newPassword: "ett nytt långt lösenord" })).status).toBe(403);
        expect((await c.put("/api/session/password", { currentPassword: PASSWORD, newPassword: "ett nytt långt lösenord" })).status).toBe(204);
        expect((await other.get("/api/session")).status).toBe(401);
        expect((await c.get("/api/session")).status).toBe(200); // this session stays
        expect((await new Client(h.app).login(org.users.viewer.email, PASSWORD)).status).toBe(401);
        expect((await new Client(h.app).login(org.users.viewer.email, "ett nytt långt lösenord")).status).toBe(200);
      });
    });

    describe("roles", () => {
      it("lets viewers read only, analysts write, and admins manage users", async () => {
        const viewer = await Client.as(h.app, kalmarOrg.users.viewer);
        const analyst = await Client.as(h.app, kalmarOrg.users.analyst);
        const admin = await Client.as(h.app, kalmarOrg.users.admin);
        const id = await newScenario(analyst);
        expect((await viewer.get(`/api/scenarios/${id}`)).status).toBe(200);
        const refused = await viewer.post("/api/scenarios", { document: kalmar() });
        expect(refused.status).toBe(403);
        expect(refused.body.error.code).toBe("forbidden");
        expect((await viewer.post(`/api/scenarios/${id}/versions`, { baseVersion: 1, document: kalmar() })).status).toBe(403);
        expect((await analyst.get("/api/users")).status).toBe(403);
        expect((await analyst.get("/api/audit")).status).toBe(403);
        expect((await analyst.get("/api/export")).status).toBe(403);

        const created = await admin.post("/api/users", { email: "ny.analytiker@kalmar.example", name: "Ny Analytiker", role: "analyst" });
        expect(created.status).toBe(201);
        conforms(api.newUserSchema, created.body);
        expect((await admin.post("/api/users", { email: "NY.analytiker@kalmar.example", name: "Igen", role: "viewer" })).status).toBe(409);
        const newcomer = new Client(h.app);
        expect((await newcomer.login("ny.analytiker@kalmar.example", created.body.password)).status).toBe(200);
        expect((await newcomer.post("/api/session/password", { currentPassword: created.body.password, newPassword: "analytikerns eget lösenord" })).status).toBe(204);
        const demoted = await admin.patch(`/api/users/${created.body.user.id}`, { role: "viewer" });
        expect(demoted.body.role).toBe("viewer");
        expect((await newcomer.post("/api/scenarios", { document: kalmar() })).status).toBe(403);
        expect((await admin.delete(`/api/users/${created.body.user.id}`)).status).toBe(204);
        expect((await newcomer.get("/api/session")).status).toBe(401);
      });

      it("never leaves an organisation without an admin", async () => {
        const org = await makeOrg(h.store, "Ensamkommun");
        const admin = await Client.as(h.app, org.users.admin);
        const demote = await admin.patch(`/api/users/${org.users.admin.id}`, { role: "analyst" });
        expect(demote.status).toBe(409);
        expect(demote.body.error.code).toBe("last_admin");
        expect((await admin.delete(`/api/users/${org.users.admin.id}`)).status).toBe(409);
      });
    });

    describe("versions", () => {
      it("saves new versions, refuses a stale save with 409 and the newer version, compares and restores", async () => {
        const c = await Client.as(h.app, kalmarOrg.users.analyst);
        const id = await newScenario(c, "Versionsplan");
        const v1 = (await c.get(`/api/scenarios/${id}/versions/1`)).body;
        conforms(api.versionSchema, v1);
        const changed = { ...v1.document, discountRate: 0.025 };
        const saved = await c.post(`/api/scenarios/${id}/versions`, { baseVersion: 1, document: changed, message: "lägre ränta" });
        expect(saved.status).toBe(201);
        conforms(api.savedSchema, saved.body);
        expect(saved.body.version.version).toBe(2);

        const stale = await c.post(`/api/scenarios/${id}/versions`, { baseVersion: 1, document: { ...v1.document, discountRate: 0.05 } });
        expect(stale.status).toBe(409);
        expect(stale.body.error).toMatchObject({ code: "version_conflict", latestVersion: 2 });
        expect((await c.get(`/api/scenarios/${id}/versions/1`)).body.document).toEqual(v1.document);
        expect((await c.get(`/api/scenarios/${id}/versions`)).body).toHaveLength(2);

        const diff = await c.get(`/api/scenarios/${id}/compare?from=1&to=2`);
        conforms(api.compareSchema, diff.body);
        expect(diff.body.changes).toEqual([{ path: "discountRate", kind: "changed", from: 0.035, to: 0.025 }]);

        const restored = await c.post(`/api/scenarios/${id}/versions/1/restore`, { baseVersion: 2 });
        expect(restored.status).toBe(201);
        expect(restored.body.version).toMatchObject({ version: 3, message: "Återställd från version 1" });
        expect(restored.body.version.document).toEqual(v1.document);
        expect((await c.post(`/api/scenarios/${id}/versions/1/restore`, { baseVersion: 2 })).status).toBe(409);
      });

      it("lets exactly one of concurrent saves on the same base win; the others get 409", async () => {
        const c = await Client.as(h.app, kalmarOrg.users.analyst);
        const id = await newScenario(c, "Samtidig");
        const replies = await Promise.all(
          Array.from({ length: 10 }, (_, i) => c.post(`/api/scenarios/${id}/versions`, { baseVersion: 1, document: { ...kalmar(), name: "Samtidig", discountRate: 0.01 + i / 1000 } })),
        );
        expect(replies.map((r) => r.status).sort()).toEqual([201, ...Array<number>(9).fill(409)]);
        for (const r of replies.filter((x) => x.status === 409)) expect(r.body.error.latestVersion).toBe(2);
        expect((await c.get(`/api/scenarios/${id}`)).body.scenario.latestVersion).toBe(2);
      });

      it("keeps a decided version forever: no deletion of it or its scenario, no second decision", async () => {
        const c = await Client.as(h.app, kalmarOrg.users.analyst);
        const id = await newScenario(c, "Beslutad");
        await c.post(`/api/scenarios/${id}/versions`, { baseVersion: 1, document: { ...kalmar(), name: "Beslutad", discountRate: 0.03 } });
        await c.post(`/api/scenarios/${id}/versions`, { baseVersion: 2, document: { ...kalmar(), name: "Beslutad", discountRate: 0.04 } });
        const decision = { body: "Socialnämnden", date: "2026-10-21", reference: "SN 2026/214 § 97" };
        const decided = await c.put(`/api/scenarios/${id}/versions/1/decision`, decision);
        expect(decided.status).toBe(200);
        conforms(api.versionInfoSchema, decided.body);
        expect(decided.body.decision).toEqual(decision);
        expect((await c.put(`/api/scenarios/${id}/versions/1/decision`, { ...decision, reference: "annan" })).status).toBe(409);
        expect((await c.put(`/api/scenarios/${id}/versions/2/decision`, { ...decision, date: "2026-13-40" })).status).toBe(400);
        expect((await c.delete(`/api/scenarios/${id}/versions/1`)).body.error.code).toBe("decided");
        expect((await c.delete(`/api/scenarios/${id}/versions/3`)).body.error.code).toBe("latest_version");
        expect((await c.delete(`/api/scenarios/${id}/versions/2`)).status).toBe(204);
        expect((await c.delete(`/api/scenarios/${id}`)).status).toBe(409);
        expect((await c.get(`/api/scenarios/${id}/versions/1`)).body.decision).toEqual(decision);
        // The list and the scenario say which version was decided, and how.
        const listed = (await c.get("/api/scenarios")).body.find((x: { id: string }) => x.id === id);
        expect(listed.decided).toEqual({ version: 1, ...decision });
        conforms(api.scenarioSummarySchema, listed);
        expect((await c.get(`/api/scenarios/${id}`)).body.scenario.decided).toEqual({ version: 1, ...decision });
        const plain = await newScenario(c, "Utan beslut");
        expect((await c.get(`/api/scenarios/${plain}`)).body.scenario.decided).toBeNull();
        expect((await c.delete(`/api/scenarios/${plain}`)).status).toBe(204);
        expect((await c.get(`/api/scenarios/${plain}`)).status).toBe(404);
      });

      it("records who changed what in the audit log", async () => {
        const analyst = await Client.as(h.app, kalmarOrg.users.analyst);
        const id = await newScenario(analyst, "Granskad");
        await analyst.post(`/api/scenarios/${id}/versions`, { baseVersion: 1, document: { ...kalmar(), name: "Granskad", discountRate: 0.02 } });
        const log = (await (await Client.as(h.app, kalmarOrg.users.admin)).get("/api/audit?limit=50")).body;
        for (const e of log) conforms(api.auditEntrySchema, e);
        const mine = log.filter((e: { entityId: string }) => e.entityId === id);
        expect(mine.map((e: { action: string }) => e.action)).toEqual(["version.save", "scenario.create"]);
        expect(mine[0]).toMatchObject({ userId: kalmarOrg.users.analyst.id, detail: { version: 2, baseVersion: 1 } });
      });
    });

    describe("bad input", () => {
      it("answers malformed JSON, wrong types and unknown fields with 400 and the problems by path", async () => {
        const c = await Client.as(h.app, kalmarOrg.users.analyst);
        const id = await newScenario(c, "Felaktig");
        const malformed = await c.post(`/api/scenarios/${id}/versions`, '{"baseVersion": 1,');
        expect(malformed.status).toBe(400);
        expect(malformed.body.error.code).toBe("malformed_json");
        const empty = await c.post(`/api/scenarios/${id}/versions`);
        expect(empty.body.error.code).toBe("missing_body");
        const types = await c.post(`/api/scenarios/${id}/versions`, { baseVersion: "1", document: [], extra: true });
        expect(types.status).toBe(400);
        expect(types.body.error.code).toBe("invalid_body");
        expect(types.body.error.issues.map((i: { path: unknown[] }) => i.path.join("/")).sort()).toEqual(["", "baseVersion", "document"]);
        const scenario = await c.post(`/api/scenarios/${id}/versions`, { baseVersion: 1, document: { ...kalmar(), discountRate: "hög", startYear: 2026.5 } });
        expect(scenario.status).toBe(400);
        expect(scenario.body.error.code).toBe("invalid_scenario");
        const paths = scenario.body.error.issues.map((i: { path: unknown[] }) => i.path.join("/"));
        expect(paths).toContain("document/discountRate");
        expect(paths).toContain("document/startYear");
        const sv = await c.send("POST", `/api/scenarios/${id}/versions`, { baseVersion: 1, document: { ...kalmar(), discountRate: "hög" } }, { headers: { "accept-language": "sv-SE,sv;q=0.9" } });
        expect(sv.body.error.issues[0].message).toMatch(/tal|måste/);
        expect((await c.get(`/api/scenarios/${id}`)).body.scenario.latestVersion).toBe(1);
      });

      it("answers unknown ids, unknown endpoints and oversized bodies with 404 and 413, never a stack trace", async () => {
        const c = await Client.as(h.app, kalmarOrg.users.analyst);
        const id = await newScenario(c, "Gränser");
        const replies = [
          await c.get("/api/scenarios/00000000-0000-4000-8000-000000000000"),
          await c.get("/api/scenarios/inte-ett-id"),
          await c.get(`/api/scenarios/${id}/versions/99`),
          await c.get(`/api/scenarios/${id}/versions/0`),
          await c.get("/api/runs/00000000-0000-4000-8000-000000000000"),
          await c.get("/api/finns-inte"),
        ];
        expect(replies.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404]);
        const huge = await c.post(`/api/scenarios/${id}/versions`, { baseVersion: 1, document: { ...kalmar(), description: "x".repeat(3 * 1024 * 1024) } });
        expect(huge.status).toBe(413);
        expect(huge.body.error.code).toBe("body_too_large");
        for (const r of [...replies, huge]) {
          conforms(errorSchema, r.body);
          expect(JSON.stringify(r.body)).not.toMatch(/\bat .*\.(js|ts):\d+/);
        }
        expect((await c.get(`/api/scenarios/${id}`)).body.scenario.latestVersion).toBe(1);
      });

      it("sets security headers on every answer", async () => {
        const r = await new Client(h.app).get("/api/health");
        expect(r.body).toMatchObject({ ok: true, database: target.name });
        expect(r.headers.get("x-content-type-options")).toBe("nosniff");
        expect(r.headers.get("content-security-policy")).toMatch(/default-src 'self'/);
        expect(r.headers.get("x-frame-options")).toBe("SAMEORIGIN");
        expect(r.headers.get("referrer-policy")).toBe("no-referrer");
        expect(r.headers.get("cache-control")).toBe("no-store");
      });
    });

    describe("runs", () => {
      it("evaluates in the background with progress events, and the stored result reproduces exactly", async () => {
        const c = await Client.as(h.app, kalmarOrg.users.analyst);
        const id = await newScenario(c, "Körning");
        const submitted = await c.post(`/api/scenarios/${id}/runs`, { iterations: 300, seed: 4711 });
        expect(submitted.status).toBe(202);
        conforms(api.runSchema, submitted.body);
        expect(submitted.body).toMatchObject({ version: 1, iterations: 300, seed: 4711 });
        const events = await c.get(`/api/runs/${submitted.body.id}/events`);
        expect(events.headers.get("content-type")).toMatch(/text\/event-stream/);
        const names = [...String(events.body).matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
        expect(names.at(-1)).toBe("done");
        expect(names.slice(0, -1).every((n) => n === "progress")).toBe(true);

        const run = (await c.waitForRun(submitted.body.id)).body;
        conforms(api.runSchema, run);
        expect(run).toMatchObject({ status: "done", progress: 1, engineVersion: expect.any(String) });
        expect(run.resolved.catalogId).toBe("se-2026.1");
        expect(run.result.monteCarlo.iterations).toBe(300);
        // Reproduce from what was stored alone: resolved scenario, iterations, seed.
        const parsed = parseScenario(run.resolved.scenario);
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        const again = evaluateScenario(parsed.scenario, { iterations: run.iterations, seed: run.seed });
        expect(JSON.parse(JSON.stringify(again))).toEqual(run.result);
        expect((await c.get(`/api/scenarios/${id}/runs`)).body.map((r: { id: string }) => r.id)).toContain(run.id);
      });

      it("runs the version asked for, with the scenario's own seed by default", async () => {
        const c = await Client.as(h.app, kalmarOrg.users.analyst);
        const id = await newScenario(c, "Två versioner");
        await c.post(`/api/scenarios/${id}/versions`, { baseVersion: 1, document: { ...kalmar(), name: "Två versioner", discountRate: 0.01 } });
        const r = await c.post(`/api/scenarios/${id}/runs`, { version: 1, iterations: 50 });
        expect(r.body).toMatchObject({ version: 1, seed: 880 });
        const done = (await c.waitForRun(r.body.id)).body;
        expect(done.resolved.scenario.discountRate).toBe(0.035);
        expect((await c.post(`/api/scenarios/${id}/runs`, { version: 9 })).status).toBe(404);
        expect((await c.post(`/api/scenarios/${id}/runs`, { iterations: 10_000_000 })).status).toBe(400);
      });
    });

    describe("export and import", () => {
      it("exports an organisation's data and restores it: missing parts added, nothing overwritten", async () => {
        const org = await makeOrg(h.store, "Exportkommun");
        const admin = await Client.as(h.app, org.users.admin);
        const id = await newScenario(admin, "Exporterad");
        await admin.put(`/api/scenarios/${id}/versions/1/decision`, { body: "KS", date: "2026-01-15", reference: "KS 2026/3" });
        await admin.post(`/api/scenarios/${id}/versions`, { baseVersion: 1, document: { ...kalmar(), name: "Exporterad", discountRate: 0.045 } });
        const exported = await admin.get("/api/export");
        expect(exported.status).toBe(200);
        expect(exported.headers.get("content-disposition")).toMatch(/attachment; filename="sikt-export-/);
        expect(exported.body.scenarios.map((s: { id: string }) => s.id)).toEqual([id]);
        expect(JSON.stringify(exported.body)).not.toMatch(/password|hash/i);

        expect((await admin.post("/api/import", exported.body)).body).toMatchObject({ scenarios: 0, versions: 0, decisions: 0, runs: 0 });
        // Lose version 2 of a copy (as if it was never made), then restore: it comes back.
        await h.store.db.query("delete from scenario_versions where scenario_id = $1 and version = 2", [id]);
        expect((await admin.post("/api/import", exported.body)).body).toMatchObject({ scenarios: 0, versions: 1, decisions: 0, runs: 0 });
        expect((await admin.get(`/api/scenarios/${id}/versions/2`)).body.document.discountRate).toBe(0.045);

        const broken = structuredClone(exported.body);
        broken.scenarios[0].versions[0].document.discountRate = "x";
        const refused = await admin.post("/api/import", broken);
        expect(refused.status).toBe(400);
        expect(refused.body.error.issues[0].path).toEqual(["scenarios", 0, "versions", 0, "document", "discountRate"]);
        expect(refused.body.error.issues[0].message).not.toMatch(/Error|at /);

        const stranger = await Client.as(h.app, kalmarOrg.users.admin);
        const taken = await stranger.post("/api/import", exported.body);
        expect(taken.status).toBe(409);
        // The place in the file, never the id nor whose it is.
        expect(taken.body.error.issues).toEqual([{ path: ["scenarios", 0, "id"], code: "id_in_use", message: expect.any(String) }]);
        expect(JSON.stringify(taken.body)).not.toContain(id);
        expect((await stranger.get(`/api/scenarios/${id}`)).status).toBe(404);
      });
    });

    describe("budget, cost sharing and the fund", () => {
      it("gives the budget view, the sharing proposal, Finsam and an agreement, and a project variant", async () => {
        const c = await Client.as(h.app, kalmarOrg.users.viewer);
        const id = (await (await Client.as(h.app, kalmarOrg.users.analyst)).post("/api/scenarios", { document: kalmar() })).body.scenario.id;
        const r = await c.post(`/api/scenarios/${id}/versions/1/analysis`, { projectYears: 3, currentPrices: { priceGrowth: 0.02, wageGrowth: 0.03, wageShare: 0.7 } });
        expect(r.status).toBe(200);
        const social = r.body.budget.find((p: { id: string }) => p.id === "kommun.socialtjanst");
        expect(social.years[0].year).toBe(2026);
        expect(social.outOfPocketYears).toContain(2026);
        const { proposal, finsam } = r.body.sharing;
        expect(proposal.feasible).toBe(proposal.publicSavings >= proposal.publicCosts);
        expect(proposal.actors.every((a: { group: string }) => ["kommun", "region", "stat"].includes(a.group))).toBe(true);
        expect(Object.values(finsam.agreement as Record<string, number>).reduce((t, v) => t + v, 0)).toBeCloseTo(1, 9);
        expect(r.body.continuity.project.pvCosts).toBeLessThan(r.body.continuity.permanent.pvCosts);
        const scoped = await c.post(`/api/scenarios/${id}/versions/1/analysis`, {
          agreements: [{ shares: { "kommun.socialtjanst": 0.5, "region.psykiatri": 0.5 }, interventions: ["fft"], fromYear: 2026, toYear: 2028 }],
        });
        expect(scoped.status).toBe(200);
        const total = scoped.body.sharing.scoped.result.actors.reduce((t: number, a: { contribution: number }) => t + a.contribution, 0);
        expect(total).toBeCloseTo(scoped.body.sharing.scoped.result.publicCosts, 0);
        expect((await c.post(`/api/scenarios/${id}/versions/1/analysis`, { agreements: [{ shares: { "kommun.socialtjanst": 1 }, interventions: ["nej"] }] })).status).toBe(400);
        const bad = await c.post(`/api/scenarios/${id}/versions/1/analysis`, { agreement: { "kommun.socialtjanst": 0.5 } });
        expect(bad.status).toBe(400);
        expect(bad.body.error.issues[0].message).toMatch(/add up to 0.5/);
      });

      it("serves the decision report as HTML and XLSX, always with an uncertainty analysis: a finished run's, or one it queues", async () => {
        const analyst = await Client.as(h.app, kalmarOrg.users.analyst);
        const id = (await analyst.post("/api/scenarios", { document: { ...kalmar(), name: "Kalmar: förebyggande program", monteCarlo: { iterations: 300, seed: 7 } } })).body.scenario.id;
        const before = await analyst.get(`/api/scenarios/${id}/versions/1/report?format=html`);
        expect(before.status).toBe(200);
        expect(before.headers.get("content-type")).toMatch(/text\/html/);
        const html = String(before.body);
        expect(html).toContain("Nettonuvärdet är −47,6 mnkr.");
        expect(html).toContain("drog varje osäkert antagande 300 gånger ur sin fördelning, med fröet 7");
        expect(html).toContain("Version 1, sparad");
        // The style carries the nonce of the response's policy, which has no 'unsafe-inline'.
        const csp = before.headers.get("content-security-policy") ?? "";
        const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
        expect(nonce).toBeTruthy();
        expect(csp).not.toContain("unsafe-inline");
        expect(html).toContain(`<style nonce="${nonce}">`);
        expect(before.headers.get("content-disposition")).toBe('inline; filename="Kalmar-forebyggande-program-v1.html"');
        const queued = (await analyst.get(`/api/scenarios/${id}/runs`)).body as { status: string; iterations: number; seed: number }[];
        expect(queued.map((r) => [r.status, r.iterations, r.seed])).toEqual([["done", 300, 7]]);
        const run = await analyst.post(`/api/scenarios/${id}/runs`, { iterations: 200 });
        await analyst.waitForRun(run.body.id);
        const after = await analyst.get(`/api/scenarios/${id}/versions/1/report?format=html`);
        expect(String(after.body)).toMatch(/av 200 dragningar är nettonuvärdet positivt/);
        expect((await analyst.get(`/api/scenarios/${id}/runs`)).body).toHaveLength(2); // the finished run is used, none queued
        const book = await analyst.get(`/api/scenarios/${id}/versions/1/report?format=xlsx`);
        expect(book.headers.get("content-type")).toMatch(/spreadsheetml/);
        expect(book.headers.get("content-disposition")).toBe('attachment; filename="Kalmar-forebyggande-program-v1.xlsx"');
        expect((await analyst.get(`/api/scenarios/${id}/versions/1/report?format=doc`)).status).toBe(400);
      });

      it("evaluates a fund with two investments, with a band from the worker pool", async () => {
        const analyst = await Client.as(h.app, kalmarOrg.users.analyst);
        const one = (await analyst.post("/api/scenarios", { document: kalmar() })).body.scenario.id;
        const two = (await analyst.post("/api/scenarios", { document: { ...kalmar(), name: "Andra", discountRate: 0.02 } })).body.scenario.id;
        const fund = {
          name: "Kalmars sociala investeringsfond",
          capital: 40e6,
          startYear: 2026,
          endYear: 2045,
          investments: [
            { scenarioId: one, outlays: [{ year: 2026, amount: 5e6 }, { year: 2027, amount: 5e6 }], repayment: { kind: "savings", share: 0.5, payers: ["kommun.socialtjanst", "kommun.skola"] } },
            { scenarioId: two, outlays: [{ year: 2028, amount: 3e6 }], repayment: { kind: "fixed", schedule: [{ year: 2035, amount: 3e6 }] } },
          ],
          iterations: 50,
          seed: 5,
        };
        const r = await analyst.post("/api/fund/evaluate", fund);
        expect(r.status).toBe(200);
        expect(r.body.fund.years).toHaveLength(20);
        const first = r.body.fund.years[0];
        expect(first.outlays).toBe(5e6);
        expect(first.balance).toBeCloseTo(35e6 + first.repayments, 3); // the first year's savings already repay a share
        expect(r.body.fund.byInvestment[1]).toMatchObject({ outlays: 3e6, repaid: 3e6, repaidYear: 2035 });
        expect(r.body.band.years).toHaveLength(20);
        expect(r.body.municipalResult[0].fundOutlays).toBe(5e6);
        const saved = await analyst.post("/api/funds", fund);
        expect(saved.status).toBe(201);
        expect((await analyst.get(`/api/funds/${saved.body.id}`)).body.definition.investments).toHaveLength(2);
        expect((await analyst.put(`/api/funds/${saved.body.id}`, { ...fund, capital: 50e6 })).body.definition.capital).toBe(50e6);
        expect((await (await Client.as(h.app, kalmarOrg.users.viewer)).post("/api/funds", fund)).status).toBe(403);
        expect((await analyst.post("/api/funds", { ...fund, capital: -1 })).body.error.issues[0].path).toEqual(["capital"]);
        expect((await analyst.delete(`/api/funds/${saved.body.id}`)).status).toBe(204);
        expect((await analyst.get(`/api/funds/${saved.body.id}`)).status).toBe(404);
        const missing = await analyst.post("/api/fund/evaluate", { ...fund, investments: [{ ...fund.investments[0], scenarioId: "00000000-0000-4000-8000-000000000000" }] });
        expect(missing.status).toBe(404);
        expect((await analyst.post("/api/fund/evaluate", { ...fund, endYear: 2020 })).status).toBe(400);
      });
    });

    describe("catalogue and OpenAPI", () => {
      it("serves the shipped catalogue to logged-in users", async () => {
        const c = await Client.as(h.app, kalmarOrg.users.viewer);
        const list = (await c.get("/api/catalog")).body;
        expect(list.map((k: { id: string }) => k.id)).toContain("se-2025.1");
        const entry = await c.get("/api/catalog/se-2025.1/entries/placering-hvb");
        expect(entry.status).toBe(200);
        expect(entry.body.kind).toBe("outcomes");
        const found = (await c.get("/api/catalog/se-2025.1/search?q=hvb")).body;
        expect(found.length).toBeGreaterThan(0);
        expect((await c.get("/api/catalog/se-1999/entries/x")).status).toBe(404);
        expect((await c.get("/api/catalog/se-2025.1/search")).status).toBe(400);
        expect((await new Client(h.app).get("/api/catalog")).status).toBe(401);
      });

      it("describes every route it serves in /api/openapi.json, with the request schemas", async () => {
        const doc = (await new Client(h.app).get("/api/openapi.json")).body;
        expect(doc.openapi).toBe("3.0.3");
        const served = h.app.routes
          .filter((r) => r.method !== "ALL")
          .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
        const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
        expect([...new Set(served)].sort()).toEqual(documented.sort());
        const save = doc.paths["/api/scenarios/{id}/versions"].post;
        expect(save.requestBody.content["application/json"].schema.required).toEqual(["baseVersion", "document"]);
        expect(save.responses["409"]).toBeDefined();
        expect(doc.components.schemas.Scenario.properties.discountRate).toBeDefined();
        expect(doc.paths["/api/session"].post.security).toBeUndefined();
        expect(doc.paths["/api/scenarios"].get.security).toEqual([{ session: [] }]);
      });
    });
  });
}
