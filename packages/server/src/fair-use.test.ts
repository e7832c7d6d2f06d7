/**
 * Fair use (docs/security.md): heavy work does not hold up other organisations' requests, the
 * limits on size, iterations and time hold on every route that computes, runs are taken
 * round-robin between organisations and capped, progress streams are capped, and a large import
 * lets others through. Against the real server (HTTP) where the event loop is the point, on
 * PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateScenario } from "../../../bench/generate.mjs";
import { createApp } from "./app.js";
import { DEFAULT_LIMITS, type WorkLimits } from "./limits.js";
import { startServer, type RunningServer } from "./server.js";
import { Store } from "./store.js";
import { testDatabases } from "./testing/databases.js";
import { Client, type Harness, harness, kalmar, makeOrg, type TestOrg, testLimits } from "./testing/harness.js";

/** A client of a server on HTTP, through the same Client the in-process tests use. */
const over = (url: string) => ({ request: (path: string, init?: RequestInit) => fetch(url + path, init) }) as unknown as Harness["app"];

/**
 * Sends `GET path` one after another (`pauseMs` apart) while `heavy` is in flight; answers how
 * many came back (200) before it did. With the heavy work on the request thread, none after it
 * begins.
 */
async function answeredDuring(client: Client, path: string, heavy: Promise<unknown>, pauseMs = 0): Promise<number> {
  let done = false;
  void heavy.finally(() => (done = true));
  let answered = 0;
  while (!done) {
    const r = await client.get(path);
    expect(r.status).toBe(200);
    if (!done) answered++;
    if (pauseMs > 0) await new Promise((ok) => setTimeout(ok, pauseMs));
  }
  return answered;
}

const big = (interventions: number, horizon: number, name = `Stor ${interventions}×${horizon}`) => ({ ...generateScenario(7, { interventions, horizon }), name });

for (const target of testDatabases) {
  // Heavy by design: seconds of work per test, minutes on a busy machine.
  describe.skipIf(!target.available)(`fair use on ${target.name}`, { timeout: 300_000 }, () => {
    describe("the real server", () => {
      let server: RunningServer;
      let drop: (() => Promise<void>) | undefined;
      let a: TestOrg;
      let b: TestOrg;
      beforeAll(async () => {
        const fresh = target.fresh ? await target.fresh() : undefined;
        drop = fresh?.drop;
        server = await startServer({ port: 0, host: "127.0.0.1", seed: false, workers: 1, log: () => {}, workLimits: { ...DEFAULT_LIMITS, taskSeconds: 300 }, ...(fresh ? { databaseUrl: fresh.url } : { dataDir: undefined }) });
        a = await makeOrg(server.store, "Kalmar kommun");
        b = await makeOrg(server.store, "Region Kalmar län", "region");
      });
      afterAll(async () => {
        await server?.close();
        await drop?.();
      });

      it("makes a viewer's large report in a task thread: another organisation's requests are answered meanwhile; a huge one is refused naming the limit", async () => {
        const analyst = await Client.as(over(server.url), a.users.analyst);
        const viewer = await Client.as(over(server.url), a.users.viewer);
        const other = await Client.as(over(server.url), b.users.viewer);
        // 200 interventions × 100 years: the largest the default limit allows (seconds of work).
        const large = await analyst.post("/api/scenarios", { document: big(200, 100) });
        expect(large.status).toBe(201);
        const id = large.body.scenario.id;
        for (const format of ["html", "xlsx"]) {
          const report = viewer.get(`/api/scenarios/${id}/versions/1/report?format=${format}`);
          expect(await answeredDuring(other, "/api/scenarios", report)).toBeGreaterThanOrEqual(5);
          expect((await report).status).toBe(200);
        }

        // 1,000 interventions × 100 years: refused at once, saying which limit.
        const huge = await analyst.post("/api/scenarios", { document: big(1000, 100) });
        expect(huge.status).toBe(201);
        for (const format of ["html", "pdf", "xlsx"]) {
          const r = await viewer.send("GET", `/api/scenarios/${huge.body.scenario.id}/versions/1/report?format=${format}`, undefined, { headers: { "accept-language": "sv-SE" } });
          expect(r.status).toBe(422);
          expect(r.body.error.code).toBe("scenario_too_large");
          expect(r.body.error.message).toMatch(/1\s000 × 100 = 100\s000/);
          expect(r.body.error.message).toContain("SIKT_MAX_CELLS");
          expect(r.body.error.limit).toMatchObject({ name: "maxCells", value: DEFAULT_LIMITS.maxCells, requested: 100_000 });
        }
        const analysis = await viewer.post(`/api/scenarios/${huge.body.scenario.id}/versions/1/analysis`, {});
        expect(analysis.status).toBe(422);
        expect(analysis.body.error.code).toBe("scenario_too_large");
      });

      it("evaluates a fund of many large investments in a task thread while others are answered; too large a fund is refused", async () => {
        const analyst = await Client.as(over(server.url), a.users.analyst);
        const other = await Client.as(over(server.url), b.users.viewer);
        const doc = big(10, 20, "Investering");
        const id = (await analyst.post("/api/scenarios", { document: doc })).body.scenario.id;
        const investment = { scenarioId: id, outlays: [{ year: 2026, amount: 1e6 }], repayment: { kind: "savings", share: 0.5, payers: ["group:kommun"] } };
        const fund = { name: "Fonden", capital: 100e6, startYear: 2026, endYear: 2045, investments: Array.from({ length: 50 }, () => investment), iterations: 50, seed: 3 };
        const evaluation = analyst.post("/api/fund/evaluate", fund);
        expect(await answeredDuring(other, "/api/scenarios", evaluation)).toBeGreaterThanOrEqual(5);
        const done = await evaluation;
        expect(done.status).toBe(200);
        expect(done.body.band.iterations).toBe(50);
        expect(done.body.fund.years).toHaveLength(20);

        const hugeId = (await analyst.post("/api/scenarios", { document: big(100, 100, "Stor investering") })).body.scenario.id;
        const tooLarge = await analyst.post("/api/fund/evaluate", { ...fund, investments: Array.from({ length: 50 }, () => ({ ...investment, scenarioId: hugeId })) });
        expect(tooLarge.status).toBe(422);
        expect(tooLarge.body.error).toMatchObject({ code: "scenario_too_large", limit: { name: "maxCells", requested: 500_000 } });
      });
    });

    describe("limits and fairness", () => {
      let h: Harness;
      let a: TestOrg;
      let b: TestOrg;
      const limits: Partial<WorkLimits> = { maxIterations: 50_000, maxDrawCells: 5_000_000, runsPerOrganisation: 12, runsPerUser: 10 };
      beforeAll(async () => {
        h = await harness(await target.open(), limits);
        a = await makeOrg(h.store, "Kalmar kommun");
        b = await makeOrg(h.store, "Region Kalmar län", "region");
      });
      afterAll(async () => h?.close());

      it("holds the iteration cap on every way a run starts: the scenario's own iterations, the request's, and the fund band", async () => {
        const analyst = await Client.as(h.app, a.users.analyst);
        const own = await analyst.post("/api/scenarios", { document: { ...kalmar(), monteCarlo: { iterations: 10_000_000, seed: 1 } } });
        expect(own.status).toBe(201);
        const id = own.body.scenario.id;
        const run = await analyst.post(`/api/scenarios/${id}/runs`, {});
        expect(run.status).toBe(422);
        expect(run.body.error).toMatchObject({ code: "too_many_iterations", limit: { name: "maxIterations", value: 50_000 } });
        expect(run.body.error.issues[0].path).toEqual(["document", "monteCarlo", "iterations"]);
        const asked = await analyst.post(`/api/scenarios/${id}/runs`, { iterations: 50_001 });
        expect(asked.status).toBe(422);
        expect(asked.body.error.issues[0].path).toEqual(["iterations"]);
        // Within the cap the request's own number wins over the scenario's.
        expect((await analyst.post(`/api/scenarios/${id}/runs`, { iterations: 100 })).status).toBe(202);
        // Iterations × interventions × years: Kalmar (13 × 20) at 50,000 is over 5,000,000.
        const work = await analyst.post(`/api/scenarios/${id}/runs`, { iterations: 50_000 });
        expect(work.status).toBe(422);
        expect(work.body.error.code).toBe("too_much_work");
        expect(work.body.error.message).toContain("SIKT_MAX_DRAW_CELLS");
        expect((await analyst.get(`/api/scenarios/${id}/runs`)).body).toHaveLength(1);

        const fund = { name: "F", capital: 1e6, startYear: 2026, endYear: 2030, investments: [{ scenarioId: id, outlays: [{ year: 2026, amount: 1e5 }], repayment: { kind: "fixed", schedule: [] } }] };
        const band = await analyst.post("/api/fund/evaluate", { ...fund, iterations: 2000 });
        expect(band.status).toBe(200);
        const many = await analyst.post("/api/fund/evaluate", { ...fund, investments: Array.from({ length: 10 }, () => fund.investments[0]), iterations: 2000 });
        expect(many.status).toBe(422);
        expect(many.body.error.code).toBe("too_much_work");
      });

      it("stops a report, an analysis or a fund evaluation that runs past the time limit, and answers 422 naming it", async () => {
        const store = h.store;
        const quick = createApp({ store, runs: undefined as never, limits: testLimits(), workLimits: { ...DEFAULT_LIMITS, taskSeconds: 0.001 } });
        const viewer = await Client.as(quick, a.users.viewer);
        const analyst = await Client.as(h.app, a.users.analyst);
        const id = (await analyst.post("/api/scenarios", { document: kalmar() })).body.scenario.id;
        // A report carries the uncertainty analysis of a finished run: one is made first, so that the report's own work is what runs past the limit.
        const run = (await analyst.post(`/api/scenarios/${id}/runs`, { iterations: 50 })).body.id;
        expect((await analyst.waitForRun(run, 120_000)).body.status).toBe("done");
        for (const r of [
          await viewer.get(`/api/scenarios/${id}/versions/1/report?format=html`),
          await viewer.post(`/api/scenarios/${id}/versions/1/analysis`, {}),
          await viewer.post("/api/fund/evaluate", { name: "F", capital: 1e6, startYear: 2026, endYear: 2030, investments: [{ scenarioId: id, outlays: [{ year: 2026, amount: 1e5 }], repayment: { kind: "fixed", schedule: [] } }] }),
        ]) {
          expect(r.status).toBe(422);
          expect(r.body.error.code).toBe("time_limit");
          expect(r.body.error.message).toContain("SIKT_TASK_SECONDS");
        }
        // The same requests within the limit.
        const viewerOk = await Client.as(h.app, a.users.viewer);
        expect((await viewerOk.get(`/api/scenarios/${id}/versions/1/report?format=html`)).status).toBe(200);
        expect((await viewerOk.post(`/api/scenarios/${id}/versions/1/analysis`, {})).status).toBe(200);
      });

      it("refuses more heavy requests at once than a user may have in progress (429)", async () => {
        const analyst = await Client.as(h.app, a.users.analyst);
        const id = (await analyst.post("/api/scenarios", { document: big(100, 100) })).body.scenario.id;
        // The reports' uncertainty analysis from a finished run, so that the four requests are the reports' own work.
        const run = (await analyst.post(`/api/scenarios/${id}/runs`, { iterations: 10 })).body.id;
        expect((await analyst.waitForRun(run, 120_000)).body.status).toBe("done");
        const viewer = await Client.as(h.app, a.users.viewer);
        const replies = await Promise.all(Array.from({ length: 4 }, () => viewer.get(`/api/scenarios/${id}/versions/1/report?format=html`)));
        const statuses = replies.map((r) => r.status).sort();
        expect(statuses).toEqual([200, 200, 429, 429]);
        expect(replies.find((r) => r.status === 429)?.body.error).toMatchObject({ code: "too_many_tasks", limit: { name: "tasksPerUser", value: 2 } });
      });

      it("takes queued runs round-robin between organisations: one organisation's long queue does not keep another's run waiting", async () => {
        const analystA = await Client.as(h.app, a.users.analyst);
        const adminA = await Client.as(h.app, a.users.admin);
        const analystB = await Client.as(h.app, b.users.analyst);
        const idA = (await analystA.post("/api/scenarios", { document: kalmar() })).body.scenario.id;
        const idB = (await analystB.post("/api/scenarios", { document: kalmar() })).body.scenario.id;
        const queuedA: string[] = [];
        for (let i = 0; i < 5; i++) queuedA.push((await analystA.post(`/api/scenarios/${idA}/runs`, { iterations: 10_000, seed: i })).body.id);
        for (let i = 0; i < 3; i++) queuedA.push((await adminA.post(`/api/scenarios/${idA}/runs`, { iterations: 10_000, seed: 10 + i })).body.id);
        const runB = (await analystB.post(`/api/scenarios/${idB}/runs`, { iterations: 100 })).body.id;
        expect(queuedA.every((x) => typeof x === "string")).toBe(true);
        const doneB = await analystB.waitForRun(runB, 120_000);
        expect(doneB.body.status).toBe("done");
        const all = await Promise.all(queuedA.map((x) => analystA.waitForRun(x, 120_000)));
        expect(all.every((r) => r.body.status === "done")).toBe(true);
        const startOf = (r: { body: { startedAt: string } }) => Date.parse(r.body.startedAt);
        // B's run, queued last, started before all but the few runs of A taken before it was queued
        // (first come, first served would start it after all eight).
        expect(all.filter((r) => startOf(r) > startOf(doneB)).length).toBeGreaterThanOrEqual(queuedA.length - 3);
        // Within A, its two users alternate: the admin's first run did not wait for all five of the analyst's.
        const adminFirst = Math.min(...all.slice(5).map(startOf));
        expect(all.slice(0, 5).filter((r) => startOf(r) > adminFirst).length).toBeGreaterThanOrEqual(2);
      });

      it("caps the runs queued or running per user and per organisation (429, in the client's language)", async () => {
        const capped = await harness(await target.open(), { runsPerOrganisation: 3, runsPerUser: 2 });
        try {
          const org = await makeOrg(capped.store, "Kalmar kommun");
          const analyst = await Client.as(capped.app, org.users.analyst);
          const admin = await Client.as(capped.app, org.users.admin);
          const id = (await analyst.post("/api/scenarios", { document: kalmar() })).body.scenario.id;
          const sv = { headers: { "accept-language": "sv" } };
          // Concurrent requests cannot pass the cap together.
          const first = await Promise.all(Array.from({ length: 4 }, (_, i) => analyst.send("POST", `/api/scenarios/${id}/runs`, { iterations: 100_000, seed: i }, sv)));
          expect(first.map((r) => r.status).sort()).toEqual([202, 202, 429, 429]);
          const refused = first.find((r) => r.status === 429);
          expect(refused?.body.error).toMatchObject({ code: "too_many_runs", limit: { name: "runsPerUser", value: 2 } });
          expect(refused?.body.error.message).toContain("Du har redan 2 körningar");
          expect((await admin.post(`/api/scenarios/${id}/runs`, { iterations: 100_000 })).status).toBe(202);
          const org429 = await admin.post(`/api/scenarios/${id}/runs`, { iterations: 100 });
          expect(org429.status).toBe(429);
          expect(org429.body.error.limit.name).toBe("runsPerOrganisation");
          expect(org429.body.error.message).toContain("Your organisation already has 3 runs");
        } finally {
          await capped.close();
        }
      });

      it("caps open progress streams per user and overall; a closed stream frees its place", async () => {
        // An app whose runs are never taken: the streams stay open on queued runs.
        const app = createApp({ store: h.store, runs: undefined as never, limits: testLimits(), workLimits: { ...DEFAULT_LIMITS, streamsPerUser: 2, streams: 3 } });
        const analyst = await Client.as(h.app, a.users.analyst);
        const id = (await analyst.post("/api/scenarios", { document: kalmar() })).body.scenario.id;
        const store = new Store(h.store.db);
        const run = await store.createRun({ organisationId: a.org.id, scenarioId: id, version: 1, iterations: 10, seed: 1, createdBy: a.users.analyst.id });
        // Running in a process that never finishes it: no queue takes it, its streams stay open.
        await h.store.db.query("update runs set status = 'running', started_at = now(), claimed_by = 'elsewhere' where id = $1", [run.id]);
        const user = await Client.as(app, a.users.viewer);
        const second = await Client.as(app, a.users.admin);
        const open = async (c: Client) => {
          const res = await app.request(`/api/runs/${run.id}/events`, { headers: { cookie: c.cookie } });
          if (res.status !== 200) return { status: res.status, body: (await res.json()) as { error: { code: string; limit: { name: string } } }, cancel: async () => {} };
          const reader = (res.body as ReadableStream<Uint8Array>).getReader();
          const first = new TextDecoder().decode((await reader.read()).value);
          expect(first).toContain("event: progress");
          return { status: 200, body: null, cancel: () => reader.cancel() };
        };
        const s1 = await open(user);
        const s2 = await open(user);
        const s3 = await open(user);
        expect([s1.status, s2.status, s3.status]).toEqual([200, 200, 429]);
        expect(s3.body?.error.limit.name).toBe("streamsPerUser");
        const s4 = await open(second);
        expect(s4.status).toBe(200);
        const s5 = await open(second);
        expect(s5.status).toBe(429);
        expect(s5.body?.error.limit.name).toBe("streams");
        await s1.cancel();
        let again = await open(user);
        for (let i = 0; again.status !== 200 && i < 50; i++) {
          await new Promise((ok) => setTimeout(ok, 100));
          again = await open(user);
        }
        expect(again.status).toBe(200);
        for (const s of [s2, s4, again]) await s.cancel();
      });

      it("answers another organisation while a large import (200,000 indicator values) is written, and imports every value", async () => {
        const admin = await Client.as(h.app, a.users.admin);
        const other = await Client.as(h.app, b.users.viewer);
        const points = [];
        for (let p = 0; p < 2000; p++) for (let y = 0; y < 100; y++) points.push({ indicatorId: "00000000-0000-4000-8000-00000000000a", place: `P${p}`, year: 1950 + y, value: p + y / 10, population: null });
        const data = (await admin.get("/api/export")).body;
        data.followup.indicators.push({ id: "00000000-0000-4000-8000-00000000000a", code: "N00001", name: "Stor", unit: "", kind: "rate", source: "test", higherIsBetter: false, points });
        const body = JSON.stringify(data);
        expect(body.length).toBeGreaterThan(10 * 1024 * 1024);
        const imported = admin.post("/api/import", body);
        // Paced: on PGlite every request shares the one connection with the import.
        expect(await answeredDuring(other, "/api/scenarios", imported, 200)).toBeGreaterThanOrEqual(5);
        expect((await imported).status).toBe(200);
        const indicators = (await admin.get("/api/indicators")).body as { id: string; code: string }[];
        const mine = indicators.find((i) => i.code === "N00001");
        const [count] = await h.store.db.query<{ n: number }>("select count(*)::int as n from indicator_points where indicator_id = $1", [mine?.id]);
        expect(count?.n).toBe(200_000);
      });
    });
  });
}
