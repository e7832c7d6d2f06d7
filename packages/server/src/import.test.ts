/**
 * Imports that try to smuggle in what the API would refuse, and exports after a share is
 * withdrawn, against the real app on a real database (PGlite, and PostgreSQL when available).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, type Harness, harness, kalmar, makeOrg, type TestOrg } from "./testing/harness.js";
import { testDatabases } from "./testing/databases.js";

const uuid = () => crypto.randomUUID();
const at = "2026-01-15T10:00:00.000Z";

/** An export file with the given scenarios and follow-up documents. */
const file = (o: { scenarios?: unknown[]; runs?: unknown[]; funds?: unknown[]; followup?: unknown }) => ({
  format: "sikt-organisation-export",
  formatVersion: 1,
  exportedAt: at,
  scenarios: o.scenarios ?? [],
  runs: o.runs ?? [],
  ...(o.funds ? { funds: o.funds } : {}),
  ...(o.followup ? { followup: o.followup } : {}),
});
const scenario = (id: string, versions: { version: number; decision?: unknown; document?: unknown }[]) => ({
  id,
  name: "Importerad",
  createdAt: at,
  versions: versions.map((v) => ({ version: v.version, document: v.document ?? { ...kalmar(), name: "Importerad" }, message: `version ${v.version}`, createdAt: at, decision: v.decision ?? null })),
  shares: [],
});
const lagesbild = (indicatorId: string, year: unknown = 2025) => ({
  title: "Lägesbild",
  year,
  mapping: { indicators: [{ indicatorId, why: "" }], sources: "", limitations: "" },
  otherInformation: "",
  analysis: "",
  findings: [],
});
const indicator = (id: string) => ({ id, code: `K${id.slice(0, 4)}`, name: "Trygghet", unit: "%", kind: "rate", source: "Egen enkät", higherIsBetter: true, points: [{ indicatorId: id, place: "0880", year: 2024, value: 71.5, population: null }] });
const doc = (id: string, kind: string, body: unknown, extra: object = {}) => ({ id, kind, version: 1, createdAt: at, updatedAt: at, body, ...extra });

for (const target of testDatabases) {
  describe.skipIf(!target.available)(`imports and exports on ${target.name}`, () => {
    let h: Harness;
    let org: TestOrg;
    let admin: Client;

    beforeAll(async () => {
      h = await harness(await target.open());
      org = await makeOrg(h.store, "Importkommun");
      admin = await Client.as(h.app, org.users.admin);
    });
    afterAll(async () => {
      await h?.close();
    });

    it("numbers versions as saves do, so an absurd number in the file cannot break later saves", async () => {
      const id = uuid();
      const r = await admin.post("/api/import", file({ scenarios: [scenario(id, [{ version: 7 }, { version: 2_147_483_647 }])] }));
      expect([r.status, r.body.scenarios, r.body.versions]).toEqual([200, 1, 2]);
      const versions = (await admin.get(`/api/scenarios/${id}/versions`)).body.map((v: { version: number }) => v.version);
      expect(versions).toEqual([1, 2]);
      const saved = await admin.post(`/api/scenarios/${id}/versions`, { baseVersion: 2, document: { ...kalmar(), name: "Importerad" } });
      expect([saved.status, saved.body.version.version]).toEqual([201, 3]);
      // A second import of the same file adds nothing; more versions follow the latest.
      expect((await admin.post("/api/import", file({ scenarios: [scenario(id, [{ version: 7 }, { version: 2_147_483_647 }])] }))).body.versions).toBe(0);
      const more = await admin.post("/api/import", file({ scenarios: [scenario(id, [{ version: 1 }, { version: 9_999_999 }])] }));
      expect(more.body.versions).toBe(1);
      expect((await admin.get(`/api/scenarios/${id}`)).body.scenario.latestVersion).toBe(4);
      // A number given twice, or out of range, is refused by its place.
      const twice = await admin.post("/api/import", file({ scenarios: [scenario(uuid(), [{ version: 3 }, { version: 3 }])] }));
      expect([twice.status, twice.body.error.issues[0].path]).toEqual([400, ["scenarios", 0, "versions", 1, "version"]]);
      const huge = await admin.post("/api/import", file({ scenarios: [scenario(uuid(), [{ version: 2 ** 40 }])] }));
      expect([huge.status, huge.body.error.issues[0].path]).toEqual([400, ["scenarios", 0, "versions", 0, "version"]]);
    });

    it("leaves runs out (a forged result cannot reach a report) and says so", async () => {
      const id = uuid();
      const forged = { id: uuid(), scenarioId: id, version: 1, status: "done", iterations: 10, seed: 1, engineVersion: "0.1.0", resolved: {}, result: { forged: "<script>alert(1)</script>" }, createdAt: at, startedAt: at, finishedAt: at };
      const r = await admin.post("/api/import", file({ scenarios: [scenario(id, [{ version: 1 }])], runs: [forged] }));
      expect([r.status, r.body.runs, r.body.runsLeftOut]).toEqual([200, 0, 1]);
      expect(r.body.notes[0]).toMatch(/seed/);
      expect((await admin.get(`/api/runs/${forged.id}`)).status).toBe(404);
      expect((await admin.get(`/api/scenarios/${id}/runs`)).body).toEqual([]);
      const report = await admin.send("GET", `/api/scenarios/${id}/versions/1/report?format=html`);
      expect(report.status).toBe(200);
      expect(String(report.body)).not.toContain("forged");
    });

    it("takes a decision only with a version it adds, audited like one set through the API; one on an existing version cannot block deletion", async () => {
      const analyst = await Client.as(h.app, org.users.analyst);
      const mine = (await analyst.post("/api/scenarios", { document: { ...kalmar(), name: "Egen" } })).body.scenario.id as string;
      const decision = { body: "Kommunfullmäktige", date: "2026-06-01", reference: "KF § 1" };
      // A decision put on version 1, which the organisation has already: ignored.
      const onExisting = await admin.post("/api/import", file({ scenarios: [scenario(mine, [{ version: 1, decision }])] }));
      expect([onExisting.status, onExisting.body.decisions]).toEqual([200, 0]);
      expect((await admin.get(`/api/scenarios/${mine}/versions`)).body[0].decision).toBeNull();
      expect((await analyst.delete(`/api/scenarios/${mine}`)).status).toBe(204);
      // A decision in another shape than PUT …/decision takes: refused by its place.
      const bad = await admin.post("/api/import", file({ scenarios: [scenario(uuid(), [{ version: 1, decision: { body: "", date: "i morgon", reference: "x", forged: true } }])] }));
      expect(bad.status).toBe(400);
      expect(bad.body.error.issues.map((i: { path: unknown[] }) => i.path.join("."))).toContain("scenarios.0.versions.0.decision.date");
      // With a version the import adds: kept, in the audit log, and it holds as a decision does.
      const id = uuid();
      const added = await admin.post("/api/import", file({ scenarios: [scenario(id, [{ version: 1 }, { version: 5, decision }])] }));
      expect([added.status, added.body.decisions]).toEqual([200, 1]);
      const versions = (await admin.get(`/api/scenarios/${id}/versions`)).body;
      expect(versions.map((v: { version: number; decision: unknown }) => [v.version, v.decision])).toEqual([
        [1, null],
        [2, decision],
      ]);
      const log = (await admin.get("/api/audit?limit=20")).body;
      expect(log.find((e: { action: string }) => e.action === "version.decision")).toMatchObject({ entityId: id, detail: { version: 2, imported: true, reference: "KF § 1" } });
      expect((await analyst.delete(`/api/scenarios/${id}`)).status).toBe(409);
    });

    it("checks lägesbilder, plans, services and indicators with their own schemas: markup in a year is refused by its place", async () => {
      const ind = uuid();
      const markup = await admin.post("/api/import", file({ followup: { places: null, indicators: [indicator(ind)], documents: [doc(uuid(), "lagesbild", lagesbild(ind, '2025<iframe src="http://127.0.0.1/"></iframe><script>fetch("/")</script>'))] } }));
      expect(markup.status).toBe(400);
      expect(markup.body.error.issues[0].path).toEqual(["followup", "documents", 0, "body", "year"]);
      const service = await admin.post("/api/import", file({ followup: { places: null, indicators: [], documents: [doc(uuid(), "service", { name: "Fritidsgård" })] } }));
      expect(service.status).toBe(400);
      expect(service.body.error.issues[0].path.slice(0, 4)).toEqual(["followup", "documents", 0, "body"]);
      const point = await admin.post("/api/import", file({ followup: { places: null, indicators: [{ ...indicator(ind), points: [{ indicatorId: ind, place: "0880", year: "<b>2024</b>", value: 1, population: null }] }], documents: [] } }));
      expect([point.status, point.body.error.issues[0].path]).toEqual([400, ["followup", "indicators", 0, "points", 0, "year"]]);
      expect((await admin.get("/api/lagesbilder")).body).toEqual([]);
      expect((await admin.get("/api/indicators")).body).toEqual([]);
    });

    it("answers 422 naming the place for references to nothing, and 409 without the id for another organisation's ids", async () => {
      const unknown = uuid();
      const dangling = await admin.post("/api/import", file({ followup: { places: null, indicators: [], documents: [doc(uuid(), "lagesbild", lagesbild(unknown))] } }));
      expect([dangling.status, dangling.body.error.issues[0].path]).toEqual([422, ["followup", "documents", 0, "body", "mapping", "indicators", 0, "indicatorId"]]);
      const fund = { id: uuid(), name: "Fond", definition: { name: "Fond", capital: 1, startYear: 2026, endYear: 2027, investments: [{ scenarioId: unknown, outlays: [{ year: 2026, amount: 1 }], repayment: { kind: "fixed", schedule: [] } }] }, createdAt: at, updatedAt: at };
      const noScenario = await admin.post("/api/import", file({ funds: [fund] }));
      expect([noScenario.status, noScenario.body.error.issues[0].path]).toEqual([422, ["funds", 0, "definition", "investments", 0, "scenarioId"]]);
      const badFund = await admin.post("/api/import", file({ funds: [{ ...fund, definition: { ...fund.definition, capital: -1 } }] }));
      expect([badFund.status, badFund.body.error.issues[0].path]).toEqual([400, ["funds", 0, "definition", "capital"]]);

      // Another organisation's lägesbild, indicator and scenario ids.
      const other = await makeOrg(h.store, "Annankommun");
      const them = await Client.as(h.app, other.users.analyst);
      const theirIndicator = (await them.post("/api/indicators", { code: "X1", name: "X", unit: "", kind: "rate", source: "Egen", higherIsBetter: false })).body.id as string;
      const theirLagesbild = (await them.post("/api/lagesbilder", lagesbild(theirIndicator))).body.id as string;
      const theirScenario = (await them.post("/api/scenarios", { document: kalmar() })).body.scenario.id as string;
      const taken = await admin.post("/api/import", file({ scenarios: [scenario(theirScenario, [{ version: 1 }])], followup: { places: null, indicators: [indicator(theirIndicator)], documents: [doc(theirLagesbild, "lagesbild", lagesbild(theirIndicator))] } }));
      expect(taken.status).toBe(409);
      expect(taken.body.error.issues.map((i: { path: unknown[] }) => i.path.join("."))).toEqual(["scenarios.0.id", "followup.indicators.0.id", "followup.documents.0.id"]);
      const text = JSON.stringify(taken.body);
      for (const id of [theirScenario, theirIndicator, theirLagesbild, other.org.id]) expect(text).not.toContain(id);
      expect(text).not.toContain("Annankommun");
      // A plan naming their lägesbild is a reference to nothing here (422), again without ids.
      const plan = { title: "P", lagesbildId: theirLagesbild, startYear: 2026, endYear: 2027, tolerance: 0.1, measures: [] };
      const borrowed = await admin.post("/api/import", file({ followup: { places: null, indicators: [], documents: [doc(uuid(), "plan", plan)] } }));
      expect([borrowed.status, borrowed.body.error.issues[0].path]).toEqual([422, ["followup", "documents", 0, "body", "lagesbildId"]]);
      expect(JSON.stringify(borrowed.body)).not.toContain(theirLagesbild);
    });

    it("takes back a real export whole into a new database", async () => {
      const source = await makeOrg(h.store, "Källkommun");
      const a = await Client.as(h.app, source.users.analyst);
      const scenarioId = (await a.post("/api/scenarios", { document: kalmar() })).body.scenario.id as string;
      const ind = (await a.post("/api/indicators", { code: "N1", name: "Trygghet", unit: "%", kind: "rate", source: "Enkät", higherIsBetter: true })).body.id as string;
      const lb = (await a.post("/api/lagesbilder", { ...lagesbild(ind), findings: [{ id: "f1", kind: "problem", level: "individ", title: "Otrygghet", description: "", indicatorIds: [ind] }] })).body.id as string;
      const planId = (await a.post("/api/plans", { title: "Plan", lagesbildId: lb, startYear: 2026, endYear: 2027, tolerance: 0.1, measures: [{ id: "m1", title: "KOMET", description: "", level: "individ", findingIds: ["f1"], responsible: [], startYear: 2026, endYear: 2027, planned: [], scenario: { id: scenarioId, interventionId: "komet" }, indicators: [{ indicatorId: ind, target: null, targetYear: null }] }] })).body.id as string;
      expect((await a.put(`/api/plans/${planId}/actuals`, { actuals: [{ measureId: "m1", year: 2026, participants: 12, cost: 1000, note: "" }] })).status).toBe(200);
      await a.post("/api/funds", { name: "Fond", capital: 1e6, startYear: 2026, endYear: 2030, investments: [{ scenarioId, outlays: [{ year: 2026, amount: 1e5 }], repayment: { kind: "savings", share: 0.5, payers: ["group:kommun"] } }], iterations: 0 });
      const run = (await a.post(`/api/scenarios/${scenarioId}/runs`, { iterations: 20 })).body.id as string;
      expect((await a.waitForRun(run)).body.status).toBe("done");
      const exported = (await (await Client.as(h.app, source.users.admin)).get("/api/export")).body;

      const fresh = await harness(await target.open());
      try {
        const there = await makeOrg(fresh.store, "Källkommun");
        const r = await (await Client.as(fresh.app, there.users.admin)).post("/api/import", exported);
        expect([r.status, r.body.scenarios, r.body.versions, r.body.runsLeftOut]).toEqual([200, 1, 1, 1]);
        const c = await Client.as(fresh.app, there.users.viewer);
        expect((await c.get(`/api/plans/${planId}/followup`)).status).toBe(200);
        expect((await c.get("/api/funds")).body).toHaveLength(1);
        expect((await c.get(`/api/indicators/${ind}`)).status).toBe(200);
      } finally {
        await fresh.close();
      }
    });

    it("after a share is withdrawn, the other organisation's export holds nothing of the owner's", async () => {
      const owner = await makeOrg(h.store, "Ägarkommun");
      const guest = await makeOrg(h.store, "Gästregion", "region");
      const a = await Client.as(h.app, owner.users.analyst);
      const b = await Client.as(h.app, guest.users.analyst);
      const scenarioId = (await a.post("/api/scenarios", { document: { ...kalmar(), name: "Ägarens hemliga plan" } })).body.scenario.id as string;
      expect((await a.post(`/api/scenarios/${scenarioId}/shares`, { organisationId: guest.org.id, access: "edit" })).status).toBe(201);
      const run = (await b.post(`/api/scenarios/${scenarioId}/runs`, { iterations: 20 })).body.id as string;
      expect((await b.waitForRun(run)).body.status).toBe("done");
      // The run is the owner's data: in the owner's export, whoever started it.
      const ownerExport = (await (await Client.as(h.app, owner.users.admin)).get("/api/export")).body;
      expect(ownerExport.runs.map((r: { id: string }) => r.id)).toContain(run);
      expect((await a.delete(`/api/scenarios/${scenarioId}/shares/${guest.org.id}`)).status).toBe(204);
      const guestExport = (await (await Client.as(h.app, guest.users.admin)).get("/api/export")).body;
      expect(guestExport.runs).toEqual([]);
      expect(guestExport.scenarios).toEqual([]);
      const text = JSON.stringify(guestExport);
      for (const x of [scenarioId, run, "Ägarens hemliga plan", owner.org.id]) expect(text).not.toContain(x);
    });
  });
}
