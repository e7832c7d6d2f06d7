/**
 * Observed effects through the API: a measure's indicator in its area against the other areas,
 * estimated, stored, the intervention's effect updated and the scenario re-run, and the update
 * adopted as a new scenario version with the estimate as its source.
 */
import { prepareScenario } from "@sikt/catalog/node";
import { areaPanelCsv } from "../../followup/src/testing/area-panel.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app.js";
import { documentWithEffect } from "./routes/effects.js";
import { testDatabases } from "./testing/databases.js";
import { Client, type Harness, harness, makeOrg, testLimits, type TestOrg } from "./testing/harness.js";

/** A small scenario of its own: one programme that lowers youth offending. */
const scenario = () => ({
  version: 1,
  name: "Föräldrastöd i Norr",
  startYear: 2020,
  priceYear: 2023,
  horizonYears: 5,
  discountRate: 0.035,
  monteCarlo: { iterations: 500, seed: 3 },
  payers: [{ id: "soc", name: "Socialtjänsten", group: "kommun" }],
  unitCosts: [{ id: "utredning", name: "Utredning", payer: "soc", amount: 60_000, unit: "st" }],
  outcomes: [{ id: "brott", name: "Ungdomsbrottslighet", consequences: [{ unitCost: "utredning", quantityPerYear: 1, fromYear: 0, years: 1 }] }],
  interventions: [
    {
      id: "stod",
      name: "Föräldrastöd",
      level: "individ",
      participants: [100, 100, 100, 100, 100],
      efficacy: 1,
      costs: [{ payer: "soc", perParticipant: 5_000, years: 1 }],
      effects: [{ outcome: "brott", baselineRisk: 0.2, relativeRiskReduction: { dist: "normal", mean: 0.3, sd: 0.1 } }],
    },
  ],
});

for (const target of testDatabases) {
  describe.skipIf(!target.available)(`observed effects on ${target.name}`, () => {
    let h: Harness;
    let a: Client;
    let viewer: Client;
    let other: Client;
    let indicatorId: string;
    let scenarioId: string;
    let planId: string;
    let owner: TestOrg;
    let app: ReturnType<typeof createApp>;

    beforeAll(async () => {
      h = await harness(await target.open());
      owner = await makeOrg(h.store, "Kalmar kommun");
      const stranger = await makeOrg(h.store, "Växjö kommun");
      app = createApp({ store: h.store, runs: undefined as never, limits: testLimits() });
      a = await Client.as(app, owner.users.analyst);
      viewer = await Client.as(app, owner.users.viewer);
      other = await Client.as(app, stranger.users.analyst);
      const imported = await a.post("/api/indicators/import/csv", { source: "Egen statistik, socialförvaltningen", csv: areaPanelCsv({ from: 2016, start: 2020 }) });
      expect(imported.status).toBe(200);
      indicatorId = imported.body.indicators[0].id;
      scenarioId = (await a.post("/api/scenarios", { document: scenario() })).body.scenario.id;
      const plan = await a.post("/api/plans", {
        title: "Åtgärdsplan",
        lagesbildId: null,
        startYear: 2020,
        endYear: 2023,
        tolerance: 0.1,
        measures: [
          { id: "m1", title: "Föräldrastöd i Norr", description: "", level: "individ", findingIds: [], responsible: ["Socialförvaltningen"], startYear: 2020, endYear: 2023, planned: [], scenario: { id: scenarioId, interventionId: "stod" }, indicators: [{ indicatorId, target: null, targetYear: null }] },
        ],
      });
      expect(plan.status).toBe(201);
      planId = plan.body.id;
    });
    afterAll(async () => {
      await h?.close();
    });

    let estimateId: string;

    it("estimates the measure's effect in its area against the other areas, and updates the scenario's effect", async () => {
      const r = await a.post(`/api/plans/${planId}/measures/m1/effect`, { indicatorId, place: "area:Norr", comparison: "areas", coverage: 0.5 });
      expect(r.status).toBe(201);
      estimateId = r.body.id;
      const { did, synthetic, update } = r.body.result;
      expect(did.status).toBe("ok");
      expect(did.before).toEqual([2016, 2017, 2018, 2019]);
      expect(did.after).toEqual([2020, 2021, 2022, 2023]);
      expect(did.comparisons.map((c: { name: string }) => c.name).sort()).toEqual(["Centrum", "Syd", "Väst", "Öst"]);
      // Norr fell by a fifth of about 104: some 21 below its comparison, and the interval says so.
      expect(did.estimate).toBeLessThan(-15);
      expect(did.estimate).toBeGreaterThan(-27);
      expect(did.ci95[1]).toBeLessThan(0);
      expect(["ok", "no-fit"]).toContain(synthetic.status);
      expect(update.status).toBe("ok");
      expect(update.interventionName).toBe("Föräldrastöd");
      expect(update.outcomeName).toBe("Ungdomsbrottslighet");
      // A 20 % fall in the area, reaching half its population: about 40 % among participants, above the prior's 30 %.
      expect(Math.exp(update.observed.mean)).toBeGreaterThan(0.5);
      expect(Math.exp(update.observed.mean)).toBeLessThan(0.7);
      expect(update.effectiveAfter).toBeGreaterThan(0.3);
      expect(update.after.npv).toBeGreaterThan(update.before.npv);
      expect(update.before.iterations).toBe(500);
      expect(update.after.probabilityNpvPositive).toEqual(expect.any(Number));
      expect(r.body.year).toBe(2023);
    });

    it("stores the estimate with its inputs, so that it can be made again from the same data", async () => {
      const list = await viewer.get(`/api/plans/${planId}/effects`);
      expect(list.status).toBe(200);
      expect(list.body).toHaveLength(1);
      expect(list.body[0]).toMatchObject({ id: estimateId, measureId: "m1", year: 2023, input: { indicatorId, place: "area:Norr", comparison: "areas", coverage: 0.5, startYear: 2020 }, adopted: null });
      const again = await a.post(`/api/plans/${planId}/measures/m1/effect`, list.body[0].input);
      expect(again.body.result.did).toEqual(list.body[0].result.did);
      expect(again.body.result.update.sizeAfter).toEqual(list.body[0].result.update.sizeAfter);
    });

    it("shows the latest estimate of each measure in the plan's report, with the observational caveat", async () => {
      const page = (await viewer.get(`/api/plans/${planId}/export?format=html`)).body as string;
      expect(page).toContain("<h2>Observerade effekter</h2>");
      expect(page).toContain("De är observationsstudier, inte experiment");
      expect(page).toMatch(/Unga misstänkta för brott, Norr \(data till 2023, skattad \d{4}-\d{2}-\d{2}\)/);
      expect(page).toMatch(/<td[^>]*>−\d+,\d+ +\(95 %: −\d+,\d+ till −\d+,\d+\)<\/td>/);
      expect(page).toMatch(/Föräldrastöd, Ungdomsbrottslighet: riskminskning 30 % → \d\d %/);
    });

    it("says plainly when there are too few years, and names bad input", async () => {
      const early = await a.post(`/api/plans/${planId}/measures/m1/effect`, { indicatorId, place: "area:Norr", comparison: "areas", startYear: 2017 });
      expect(early.body.result.did).toMatchObject({ status: "insufficient", reason: "few-before" });
      expect(early.body.result.update).toBeNull();
      const nowhere = await a.post(`/api/plans/${planId}/measures/m1/effect`, { indicatorId, place: "area:Söder" });
      expect([nowhere.status, nowhere.body.error.issues[0].path]).toEqual([400, ["place"]]);
      const badCoverage = await a.post(`/api/plans/${planId}/measures/m1/effect`, { indicatorId, coverage: 0 });
      expect(badCoverage.status).toBe(400);
      expect(badCoverage.body.error.issues[0].path).toEqual(["coverage"]);
      expect((await a.post(`/api/plans/${planId}/measures/m9/effect`, { indicatorId })).status).toBe(404);
      expect((await viewer.post(`/api/plans/${planId}/measures/m1/effect`, { indicatorId })).status).toBe(403);
    });

    it("adopts the updated effect as a new scenario version with the estimate as its source", async () => {
      expect((await viewer.post(`/api/plans/${planId}/effects/${estimateId}/adopt`, {})).status).toBe(403);
      expect((await other.post(`/api/plans/${planId}/effects/${estimateId}/adopt`, {})).status).toBe(404);
      const adopted = await a.post(`/api/plans/${planId}/effects/${estimateId}/adopt`, {});
      expect(adopted.status).toBe(201);
      expect(adopted.body).toEqual({ scenarioId, version: 2 });
      const v2 = (await a.get(`/api/scenarios/${scenarioId}/versions/2`)).body;
      expect(v2.message).toMatch(/observerad effekt/);
      const effect = v2.document.interventions[0].effects[0];
      expect(effect.relativeRiskReduction.dist).toBe("normal");
      expect(effect.relativeRiskReduction.mean).toBeGreaterThan(0.3);
      expect(effect.source).toMatch(/Uppdaterad med observerad effekt \(skillnad-i-skillnader, Unga misstänkta för brott, Norr 2016–2023/);
      const list = (await a.get(`/api/plans/${planId}/effects`)).body;
      expect(list.find((x: { id: string }) => x.id === estimateId).adopted).toEqual({ scenarioId, version: 2 });
    });

    it("carries the stored estimates through the organisation's export and import: added, never overwritten, indicator ids following the indicators", async () => {
      const exported = (await (await Client.as(app, owner.users.admin)).get("/api/export")).body;
      const stored = (await viewer.get(`/api/plans/${planId}/effects`)).body as { id: string; planId: string; adopted: unknown; input: { indicatorId: string }; result: { indicator: { id: string }; did: { estimate: number } } }[];
      expect(stored.length).toBeGreaterThanOrEqual(3);
      const inFile = exported.followup.documents.find((d: { id: string }) => d.id === planId).effects;
      expect(inFile).toEqual(stored.map(({ planId: _, ...e }) => e));
      const code = exported.followup.indicators.find((x: { id: string }) => x.id === indicatorId).code as string;

      const fresh = await harness(await target.open());
      try {
        const there = await makeOrg(fresh.store, "Kalmar kommun");
        const admin = await Client.as(fresh.app, there.users.admin);
        // The organisation there has the indicator already under its code, with an id of its own.
        const own = (await (await Client.as(fresh.app, there.users.analyst)).post("/api/indicators", { code, name: "Unga misstänkta", unit: "per 1 000", kind: "rate", source: "Egen", higherIsBetter: false })).body.id as string;
        expect(own).not.toBe(indicatorId);
        // A forged estimate is refused by its place, and nothing is imported.
        const docAt = exported.followup.documents.findIndex((d: { id: string }) => d.id === planId);
        const forged = structuredClone(exported);
        forged.followup.documents[docAt].effects[0].result.did = { status: "ok", estimate: "<script>" };
        const refused = await admin.post("/api/import", forged);
        expect([refused.status, refused.body.error.issues[0].path.slice(0, 7)]).toEqual([400, ["followup", "documents", docAt, "effects", 0, "result", "did"]]);
        const elsewhere = structuredClone(exported);
        elsewhere.followup.documents[docAt].effects[0].measureId = "m9";
        const unresolved = await admin.post("/api/import", elsewhere);
        expect(unresolved.status).toBe(400);
        expect(unresolved.body.error.issues.map((i: { path: unknown[] }) => i.path.join("."))).toContain(`followup.documents.${docAt}.effects.0.result.measureId`);
        expect((await admin.get("/api/plans")).body).toEqual([]);

        expect((await admin.post("/api/import", exported)).status).toBe(200);
        const c = await Client.as(fresh.app, there.users.viewer);
        const back = (await c.get(`/api/plans/${planId}/effects`)).body as typeof stored;
        expect(back.map((e) => e.id)).toEqual(stored.map((e) => e.id));
        for (const e of back) {
          expect([e.input.indicatorId, e.result.indicator.id]).toEqual([own, own]);
          expect(JSON.stringify(e)).not.toContain(indicatorId);
        }
        // Everything else as stored; the adopting version is the one imported with the scenario.
        const withOwn = (x: unknown) => JSON.parse(JSON.stringify(x).replaceAll(indicatorId, own));
        expect(back).toEqual(withOwn(stored));
        const adopted = back.find((e) => e.id === estimateId)!.adopted as { scenarioId: string; version: number };
        expect(adopted).toEqual({ scenarioId, version: 2 });
        expect((await c.get(`/api/scenarios/${scenarioId}/versions/2`)).body.message).toMatch(/observerad effekt/);
        // The plan's report there shows the estimate.
        expect((await c.get(`/api/plans/${planId}/export?format=html`)).body).toContain("<h2>Observerade effekter</h2>");

        // Imported again, with an estimate changed in the file: nothing is added twice or overwritten.
        const changed = structuredClone(exported);
        changed.followup.documents[docAt].effects[0].result.did.estimate = 123;
        expect((await admin.post("/api/import", changed)).status).toBe(200);
        expect((await c.get(`/api/plans/${planId}/effects`)).body).toEqual(back);
      } finally {
        await fresh.close();
      }
      // Another organisation's estimate ids are refused without naming them.
      const stranger = await makeOrg(h.store, "Borgholms kommun");
      const taken = structuredClone(exported);
      taken.scenarios = [];
      taken.funds = [];
      taken.followup.indicators = [];
      taken.followup.documents = [];
      taken.followup.documents.push({ ...exported.followup.documents.find((d: { id: string }) => d.id === planId), id: crypto.randomUUID(), actuals: [] });
      taken.followup.documents[0].body = { ...taken.followup.documents[0].body, measures: taken.followup.documents[0].body.measures.map((m: object) => ({ ...m, scenario: null, indicators: [] })) };
      taken.followup.indicators = exported.followup.indicators.map((x: { id: string }) => ({ ...x, id: crypto.randomUUID(), points: [] }));
      const r = await (await Client.as(app, stranger.users.admin)).post("/api/import", taken);
      expect(r.status).toBe(409);
      expect(r.body.error.issues.map((i: { path: unknown[] }) => i.path.join("."))).toEqual(taken.followup.documents[0].effects.map((_: unknown, j: number) => `followup.documents.0.effects.${j}.id`));
      expect(JSON.stringify(r.body)).not.toContain(estimateId);
    });
  });
}

describe("an adopted effect in a catalogue-based document", () => {
  it("overrides the catalogue's effect by outcome and keeps the document small", () => {
    const doc = { version: 1, catalog: "se-2025.1", name: "K", startYear: 2026, horizonYears: 5, discountRate: 0.035, interventions: [{ id: "komet", participants: [10, 10, 10, 10, 10] }, "connect"] };
    const size = { dist: "normal", mean: -0.5, sd: 0.1 };
    const changed = documentWithEffect(doc, "komet", "ungdomsbrottslighet", "standardizedMeanDifference", size, "Uppdaterad") as typeof doc;
    expect(changed.interventions[1]).toBe("connect");
    expect(changed.interventions[0]).toEqual({ id: "komet", participants: [10, 10, 10, 10, 10], effects: [{ outcome: "ungdomsbrottslighet", standardizedMeanDifference: size, source: "Uppdaterad" }] });
    const prepared = prepareScenario(changed);
    expect(prepared.ok).toBe(true);
    if (prepared.ok) {
      const effect = prepared.scenario.interventions.find((i) => i.id === "komet")!.effects.find((e) => e.outcome === "ungdomsbrottslighet")!;
      expect(effect.standardizedMeanDifference).toEqual(size);
      expect(effect.source).toBe("Uppdaterad");
    }
    // The intervention named by id alone gets an object with the effect.
    const byId = documentWithEffect({ ...doc, interventions: ["komet"] }, "komet", "ungdomsbrottslighet", "standardizedMeanDifference", size, "U") as typeof doc;
    expect(byId.interventions[0]).toEqual({ id: "komet", effects: [{ outcome: "ungdomsbrottslighet", standardizedMeanDifference: size, source: "U" }] });
  });
});
