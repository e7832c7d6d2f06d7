/**
 * One organisation never reads or changes another's data without a share. Every route the app
 * serves is tried from another organisation (as its admin, the strongest role): without a
 * share, with a share to read, with a share to edit, and after the share is withdrawn. A route
 * added later fails this test until it is placed in one of the tables below.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, type Harness, harness, kalmar, makeOrg, type TestOrg } from "./testing/harness.js";
import { testDatabases } from "./testing/databases.js";

/** Routes that hold no organisation's data, or only the caller's own session. */
const NOT_ORGANISATION_DATA = [
  "GET /api/health",
  "GET /api/openapi.json",
  "POST /api/session",
  "GET /api/session",
  "DELETE /api/session",
  "POST /api/session/password",
  "PUT /api/session/password",
  "GET /api/organisation",
  "GET /api/organisations",
  "GET /api/catalog",
  "GET /api/catalog/:catalogId",
  "GET /api/catalog/:catalogId/search",
  "GET /api/catalog/:catalogId/entries/:entryId",
  "GET /api/kolada/starter",
];
/** Routes that list or take in the caller's own organisation's data. */
const OWN_COLLECTIONS = [
  "GET /api/funds",
  "POST /api/funds",
  "GET /api/scenarios",
  "POST /api/scenarios",
  "GET /api/users",
  "POST /api/users",
  "GET /api/audit",
  "GET /api/export",
  "POST /api/import",
  "GET /api/places",
  "PUT /api/places",
  "GET /api/indicators",
  "POST /api/indicators",
  "POST /api/indicators/import/csv",
  "POST /api/indicators/import/kolada",
  "POST /api/indicators/import/kolada-online",
  "GET /api/lagesbilder",
  "POST /api/lagesbilder",
  "GET /api/plans",
  "POST /api/plans",
  "GET /api/services",
  "POST /api/services",
  "GET /api/services/export",
];

type Outcome = 200 | 201 | 202 | 204 | 403 | 404;
interface Case {
  path: string;
  body?: unknown;
  /** What the other organisation gets with a share to read, and to edit. */
  read: Outcome;
  edit: Outcome;
}

for (const target of testDatabases) {
  describe.skipIf(!target.available)(`isolation between organisations on ${target.name}`, () => {
    let h: Harness;
    let owner: TestOrg;
    let other: TestOrg;
    let third: TestOrg;
    let a: Client;
    let b: Client;
    let scenarioId: string;
    let runId: string;
    let fundId: string;
    let indicatorId: string;
    let lagesbildId: string;
    let planId: string;
    let serviceId: string;

    beforeAll(async () => {
      h = await harness(await target.open());
      owner = await makeOrg(h.store, "Kalmar kommun");
      other = await makeOrg(h.store, "Region Kalmar län", "region");
      third = await makeOrg(h.store, "Polisområde Kalmar län", "polis");
      a = await Client.as(h.app, owner.users.admin);
      b = await Client.as(h.app, other.users.admin);
      scenarioId = (await a.post("/api/scenarios", { document: kalmar() })).body.scenario.id;
      await a.post(`/api/scenarios/${scenarioId}/versions`, { baseVersion: 1, document: { ...kalmar(), discountRate: 0.03 } });
      runId = (await a.post(`/api/scenarios/${scenarioId}/runs`, { iterations: 20 })).body.id;
      await a.waitForRun(runId);
      fundId = (await a.post("/api/funds", fundDefinition())).body.id;
      indicatorId = (await a.post("/api/indicators", indicatorBody())).body.id;
      lagesbildId = (await a.post("/api/lagesbilder", lagesbild())).body.id;
      planId = (await a.post("/api/plans", plan())).body.id;
      await a.put(`/api/plans/${planId}/actuals`, { actuals: [{ measureId: "m1", year: 2026, participants: 12, cost: 1000, note: "Kalmar kommun" }] });
      serviceId = (await a.post("/api/services", service())).body.id;
      await a.put(`/api/services/${serviceId}/reach`, reach());
    });

    const indicatorBody = () => ({ code: "N07403", name: "Anmälda våldsbrott", unit: "", kind: "rate", source: "Kolada", higherIsBetter: false });
    const lagesbild = () => ({
      title: "Lägesbild Kalmar kommun",
      year: 2025,
      mapping: { indicators: [{ indicatorId, why: "" }], sources: "", limitations: "" },
      otherInformation: "",
      analysis: "",
      findings: [{ id: "f1", kind: "problem", level: "individ", title: "Våld", description: "", indicatorIds: [indicatorId] }],
    });
    const plan = () => ({
      title: "Plan",
      lagesbildId,
      startYear: 2026,
      endYear: 2027,
      tolerance: 0.1,
      measures: [{ id: "m1", title: "KOMET", description: "", level: "individ", findingIds: ["f1"], responsible: [], startYear: 2026, endYear: 2027, planned: [], scenario: { id: scenarioId, interventionId: "komet" }, indicators: [{ indicatorId, target: null, targetYear: null }] }],
    });
    const service = () => ({ name: "Fritidsgård", description: "", provider: "Fritid", level: "grupp", decision: { body: "Socialnämnden", date: "2026-01-01", reference: "SN 1", conditions: "", identitiesRecorded: false }, ageGroups: ["13–15"], expectedParticipantsPerYear: null });
    const reach = () => ({ period: "2026", visits: 100, participants: { "13–15": { flickor: 20, pojkar: 30 } } });

    const fundDefinition = () => ({
      name: "Kalmars fond",
      capital: 1e6,
      startYear: 2026,
      endYear: 2030,
      investments: [{ scenarioId, outlays: [{ year: 2026, amount: 1e5 }], repayment: { kind: "savings", share: 0.5, payers: ["group:kommun"] } }],
      iterations: 0,
    });
    afterAll(async () => {
      await h?.close();
    });

    /** Every route that names one of the owner's things, with a valid request for it. */
    async function cases(): Promise<Record<string, Case>> {
      const latest = (await a.get(`/api/scenarios/${scenarioId}`)).body.scenario.latestVersion as number;
      const s = `/api/scenarios/${scenarioId}`;
      const u = `/api/users/${owner.users.viewer.id}`;
      return {
        "GET /api/scenarios/:id": { path: s, read: 200, edit: 200 },
        "DELETE /api/scenarios/:id": { path: s, read: 403, edit: 403 },
        "GET /api/scenarios/:id/versions": { path: `${s}/versions`, read: 200, edit: 200 },
        "POST /api/scenarios/:id/versions": { path: `${s}/versions`, body: { baseVersion: latest, document: kalmar() }, read: 403, edit: 201 },
        "GET /api/scenarios/:id/versions/:version": { path: `${s}/versions/1`, read: 200, edit: 200 },
        "DELETE /api/scenarios/:id/versions/:version": { path: `${s}/versions/1`, read: 403, edit: 403 },
        "GET /api/scenarios/:id/compare": { path: `${s}/compare?from=1&to=2`, read: 200, edit: 200 },
        "POST /api/scenarios/:id/versions/:version/restore": { path: `${s}/versions/1/restore`, body: { baseVersion: latest }, read: 403, edit: 201 },
        "PUT /api/scenarios/:id/versions/:version/decision": { path: `${s}/versions/1/decision`, body: { body: "Regionstyrelsen", date: "2026-11-01", reference: "RS 1" }, read: 403, edit: 403 },
        "GET /api/scenarios/:id/shares": { path: `${s}/shares`, read: 403, edit: 403 },
        "POST /api/scenarios/:id/shares": { path: `${s}/shares`, body: { organisationId: third.org.id, access: "edit" }, read: 403, edit: 403 },
        "DELETE /api/scenarios/:id/shares/:organisationId": { path: `${s}/shares/${other.org.id}`, read: 403, edit: 403 },
        "POST /api/scenarios/:id/runs": { path: `${s}/runs`, body: { iterations: 10 }, read: 403, edit: 202 },
        "GET /api/scenarios/:id/runs": { path: `${s}/runs`, read: 200, edit: 200 },
        "POST /api/scenarios/:id/versions/:version/analysis": { path: `${s}/versions/1/analysis`, body: { projectYears: 3 }, read: 200, edit: 200 },
        "GET /api/scenarios/:id/versions/:version/report": { path: `${s}/versions/1/report?format=xlsx`, read: 200, edit: 200 },
        "POST /api/fund/evaluate": {
          path: "/api/fund/evaluate",
          body: { name: "Fond", capital: 1e6, startYear: 2026, endYear: 2030, investments: [{ scenarioId, outlays: [{ year: 2026, amount: 1e5 }], repayment: { kind: "savings", share: 0.5, payers: ["region.psykiatri"] } }], iterations: 0 },
          read: 200,
          edit: 200,
        },
        "GET /api/runs/:runId": { path: `/api/runs/${runId}`, read: 200, edit: 200 },
        "GET /api/runs/:runId/events": { path: `/api/runs/${runId}/events`, read: 200, edit: 200 },
        "GET /api/funds/:fundId": { path: `/api/funds/${fundId}`, read: 404, edit: 404 },
        "PUT /api/funds/:fundId": { path: `/api/funds/${fundId}`, body: fundDefinition(), read: 404, edit: 404 },
        "DELETE /api/funds/:fundId": { path: `/api/funds/${fundId}`, read: 404, edit: 404 },
        "GET /api/indicators/:indicatorId": { path: `/api/indicators/${indicatorId}`, read: 404, edit: 404 },
        "PUT /api/indicators/:indicatorId": { path: `/api/indicators/${indicatorId}`, body: indicatorBody(), read: 404, edit: 404 },
        "DELETE /api/indicators/:indicatorId": { path: `/api/indicators/${indicatorId}`, read: 404, edit: 404 },
        "GET /api/lagesbilder/:docId": { path: `/api/lagesbilder/${lagesbildId}`, read: 404, edit: 404 },
        "PUT /api/lagesbilder/:docId": { path: `/api/lagesbilder/${lagesbildId}`, body: { baseVersion: 1, body: { ...lagesbild(), mapping: { indicators: [], sources: "", limitations: "" }, findings: [] } }, read: 404, edit: 404 },
        "DELETE /api/lagesbilder/:docId": { path: `/api/lagesbilder/${lagesbildId}`, read: 404, edit: 404 },
        "GET /api/lagesbilder/:docId/export": { path: `/api/lagesbilder/${lagesbildId}/export?format=html`, read: 404, edit: 404 },
        "GET /api/plans/:docId": { path: `/api/plans/${planId}`, read: 404, edit: 404 },
        "PUT /api/plans/:docId": { path: `/api/plans/${planId}`, body: { baseVersion: 1, body: { ...plan(), lagesbildId: null, measures: [] } }, read: 404, edit: 404 },
        "DELETE /api/plans/:docId": { path: `/api/plans/${planId}`, read: 404, edit: 404 },
        "GET /api/plans/:docId/followup": { path: `/api/plans/${planId}/followup`, read: 404, edit: 404 },
        "PUT /api/plans/:docId/actuals": { path: `/api/plans/${planId}/actuals`, body: { actuals: [{ measureId: "m1", year: 2026, participants: 1, cost: null, note: "" }] }, read: 404, edit: 404 },
        "GET /api/plans/:docId/actuals/mine": { path: `/api/plans/${planId}/actuals/mine`, read: 404, edit: 404 },
        "POST /api/plans/:docId/measures/:measureId/rerun": { path: `/api/plans/${planId}/measures/m1/rerun`, read: 404, edit: 404 },
        "POST /api/plans/:docId/measures/:measureId/effect": { path: `/api/plans/${planId}/measures/m1/effect`, body: { indicatorId: "00000000-0000-4000-8000-000000000000" }, read: 404, edit: 404 },
        "GET /api/plans/:docId/effects": { path: `/api/plans/${planId}/effects`, read: 404, edit: 404 },
        "POST /api/plans/:docId/effects/:estimateId/adopt": { path: `/api/plans/${planId}/effects/00000000-0000-4000-8000-000000000000/adopt`, read: 404, edit: 404 },
        "GET /api/plans/:docId/export": { path: `/api/plans/${planId}/export?format=xlsx`, read: 404, edit: 404 },
        "GET /api/services/:docId": { path: `/api/services/${serviceId}`, read: 404, edit: 404 },
        "PUT /api/services/:docId": { path: `/api/services/${serviceId}`, body: { baseVersion: 1, body: service() }, read: 404, edit: 404 },
        "DELETE /api/services/:docId": { path: `/api/services/${serviceId}`, read: 404, edit: 404 },
        "PUT /api/services/:docId/reach": { path: `/api/services/${serviceId}/reach`, body: { ...reach(), visits: 1 }, read: 404, edit: 404 },
        "DELETE /api/services/:docId/reach/:period": { path: `/api/services/${serviceId}/reach/2026`, read: 404, edit: 404 },
        "PATCH /api/users/:userId": { path: u, body: { role: "admin" }, read: 404, edit: 404 },
        "POST /api/users/:userId/password": { path: `${u}/password`, read: 404, edit: 404 },
        "DELETE /api/users/:userId": { path: u, read: 404, edit: 404 },
      };
    }

    /** Everything of the owner's that a request could change. */
    async function ownerState() {
      const scenario = (await a.get(`/api/scenarios/${scenarioId}`)).body;
      const versions = await Promise.all(scenario.versions.map(async (v: { version: number }) => (await a.get(`/api/scenarios/${scenarioId}/versions/${v.version}`)).body));
      return {
        scenario: scenario.scenario,
        versions,
        shares: (await a.get(`/api/scenarios/${scenarioId}/shares`)).body,
        users: (await a.get("/api/users")).body,
        runs: (await a.get(`/api/scenarios/${scenarioId}/runs`)).body.map((r: { id: string }) => r.id),
        funds: (await a.get("/api/funds")).body,
        places: (await a.get("/api/places")).body,
        indicators: (await a.get("/api/indicators")).body,
        lagesbilder: (await a.get("/api/lagesbilder")).body,
        plans: (await a.get("/api/plans")).body,
        followup: (await a.get(`/api/plans/${planId}/followup`)).body,
        services: (await a.get(`/api/services/${serviceId}`)).body,
      };
    }

    it("places every served route in a table of this test", async () => {
      const served = [...new Set(h.app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`))];
      const known = [...NOT_ORGANISATION_DATA, ...OWN_COLLECTIONS, ...Object.keys(await cases())];
      expect(served.sort()).toEqual(known.sort());
    });

    it("without a share, every route that names the owner's data answers 404 and changes nothing", async () => {
      const before = await ownerState();
      for (const [route, c] of Object.entries(await cases())) {
        const r = await b.send(route.split(" ")[0] as string, c.path, c.body);
        expect([route, r.status]).toEqual([route, 404]);
        expect(JSON.stringify(r.body)).not.toContain("Kalmar kommun");
      }
      expect(await ownerState()).toEqual(before);
    });

    it("without a share, the other organisation's own lists, log and export hold nothing of the owner's", async () => {
      expect((await b.get("/api/scenarios")).body).toEqual([]);
      expect((await b.get("/api/funds")).body).toEqual([]);
      for (const list of ["/api/indicators", "/api/lagesbilder", "/api/plans", "/api/services"]) expect([list, (await b.get(list)).body]).toEqual([list, []]);
      expect(JSON.stringify((await b.get("/api/services/export?format=html")).body)).not.toContain("Fritidsgård");
      // A plan of its own cannot name the owner's lägesbild, indicators or (unshared) scenario.
      const borrowed = await b.post("/api/plans", plan());
      expect(borrowed.body.error.issues.map((i: { path: unknown[] }) => i.path.join("."))).toEqual(["lagesbildId", "measures.0.indicators.0.indicatorId", "measures.0.scenario.id"]);
      expect((await b.post("/api/lagesbilder", lagesbild())).status).toBe(400);
      // A fund of its own cannot name the owner's scenario.
      expect((await b.post("/api/funds", fundDefinition())).status).toBe(404);
      const users = (await b.get("/api/users")).body.map((u: { organisationId: string }) => u.organisationId);
      expect(new Set(users)).toEqual(new Set([other.org.id]));
      const log = JSON.stringify((await b.get("/api/audit")).body);
      expect(log).not.toContain(scenarioId);
      expect(log).not.toContain(owner.org.id);
      const exported = (await b.get("/api/export")).body;
      expect(exported.scenarios).toEqual([]);
      expect(JSON.stringify(exported)).not.toContain(owner.users.admin.email);
      // Importing the owner's export cannot take its scenarios over.
      const before = await ownerState();
      const taken = await b.post("/api/import", (await a.get("/api/export")).body);
      expect(taken.status).toBe(409);
      expect((await b.get("/api/scenarios")).body).toEqual([]);
      expect(await ownerState()).toEqual(before);
    });

    it("with a share to read, the other organisation reads but cannot change; to edit, it saves and runs", async () => {
      for (const access of ["read", "edit"] as const) {
        expect((await a.post(`/api/scenarios/${scenarioId}/shares`, { organisationId: other.org.id, access })).status).toBe(201);
        const listed = (await b.get("/api/scenarios")).body;
        expect(listed.map((s: { id: string; access: string }) => [s.id, s.access])).toEqual([[scenarioId, access]]);
        for (const route of Object.keys(await cases())) {
          const c = (await cases())[route] as Case; // anew: a save moves the latest version on
          const before = await ownerState();
          const r = await b.send(route.split(" ")[0] as string, c.path, c.body);
          expect([access, route, r.status]).toEqual([access, route, c[access]]);
          if (c[access] >= 400) expect(await ownerState()).toEqual(before);
        }
        // Still nothing of the owner's users, log or other scenarios.
        const users = (await b.get("/api/users")).body.map((u: { organisationId: string }) => u.organisationId);
        expect(new Set(users)).toEqual(new Set([other.org.id]));
      }
    });

    it("audits every share and every access through it in the owner's log, and a withdrawn share closes the door", async () => {
      const log = (await a.get("/api/audit?limit=5000")).body as { action: string; detail: { organisationId?: string; access?: string; path?: string } }[];
      const shares = log.filter((e) => e.action === "share.set" && e.detail.organisationId === other.org.id);
      expect(shares.map((e) => e.detail.access).sort()).toEqual(["edit", "read"]);
      const through = log.filter((e) => e.action === "shared.access" && e.detail.organisationId === other.org.id);
      const allowed = Object.values(await cases()).filter((c) => c.read < 400 || c.edit < 400).length;
      expect(through.length).toBeGreaterThanOrEqual(allowed);
      expect(through.some((e) => e.detail.path === `/api/runs/${runId}`)).toBe(true);
      // Changes made through the edit share are in the owner's log, with the editing organisation.
      expect(log.some((e) => e.action === "version.save" && e.detail.organisationId === other.org.id)).toBe(true);

      expect((await a.delete(`/api/scenarios/${scenarioId}/shares/${other.org.id}`)).status).toBe(204);
      expect((await a.get("/api/audit?limit=1")).body[0]).toMatchObject({ action: "share.remove", detail: { organisationId: other.org.id } });
      expect((await b.get("/api/scenarios")).body).toEqual([]);
      for (const [route, c] of Object.entries(await cases())) {
        if (!route.startsWith("GET")) continue;
        expect([route, (await b.get(c.path)).status]).toEqual([route, 404]);
      }
    });
  });
}
