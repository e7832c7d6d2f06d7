/**
 * The lägesbild-to-follow-up loop through the API: indicator imports (saved Kolada responses, a
 * local stand-in for Kolada's address, Swedish CSV with bad rows), the lägesbild and its export
 * in the law's structure, the action plan with actuals against plan and forecast, the re-run,
 * the register of low-threshold services, and small counts suppressed in every answer and export.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromiumPath } from "@sikt/report";
import { prepareScenario } from "@sikt/catalog/node";
import { evaluateScenario, type Scenario } from "@sikt/engine";
import { type ActionPlan, shownActuals, withActuals } from "@sikt/followup";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "./app.js";
import { DEFAULT_LIMITS } from "./limits.js";
import { createTasks } from "./tasks.js";
import { testDatabases } from "./testing/databases.js";
import { Client, type Harness, harness, kalmar, makeOrg, testLimits, type TestOrg } from "./testing/harness.js";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../followup/fixtures/${name}`, import.meta.url), "utf8"));
const has = (cmd: string, args: string[]) => {
  try {
    execFileSync(cmd, args, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};
const python = ["/usr/bin/python3", "python3"].find((p) => has(p, ["-c", "import openpyxl"]));
const pdfTools = has("pdftotext", ["-v"]) && !!chromiumPath();
if (process.env.SIKT_REQUIRE_BROWSER === "1" && !(python && pdfTools)) throw new Error("the export tests need python3-openpyxl, poppler-utils and chromium (.ci/run installs them)");
const dir = mkdtempSync(join(tmpdir(), "sikt-followup-"));

/** Reads every sheet of a workbook with openpyxl (an independent reader) as rows of values. */
function readXlsx(bytes: Buffer): Record<string, unknown[][]> {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.xlsx`);
  writeFileSync(file, bytes);
  const out = execFileSync(python as string, ["-c", "import openpyxl, json, sys\nwb = openpyxl.load_workbook(sys.argv[1])\nprint(json.dumps({ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb}, default=str))", file]);
  return JSON.parse(out.toString());
}

const places = {
  municipality: { code: "0880", name: "Kalmar" },
  county: { code: "0008", name: "Kalmar län" },
  country: { code: "0000", name: "Riket" },
  peers: [
    { code: "0780", name: "Växjö" },
    { code: "1380", name: "Halmstad" },
  ],
};

for (const target of testDatabases) {
  describe.skipIf(!target.available)(`lägesbild, plan and follow-up on ${target.name}`, () => {
    let h: Harness;
    let owner: TestOrg;
    let app: ReturnType<typeof createApp>;
    let a: Client;
    let viewer: Client;
    let kolada: Server;
    let requested: string[] = [];

    beforeAll(async () => {
      h = await harness(await target.open());
      owner = await makeOrg(h.store, "Kalmar kommun");
      // A stand-in for Kolada at a local address: the configured base address is what is asked.
      kolada = createServer((req, res) => {
        requested.push(req.url ?? "");
        if (req.url?.startsWith("/v3/data/kpi/N07403/")) {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify(fixture("kolada-N07403-places.json")));
        } else {
          res.writeHead(404);
          res.end("no");
        }
      });
      await new Promise<void>((ok) => kolada.listen(0, "127.0.0.1", ok));
      app = createApp({ store: h.store, runs: undefined as never, limits: testLimits(), koladaBase: `http://127.0.0.1:${(kolada.address() as AddressInfo).port}/` });
      a = await Client.as(app, owner.users.analyst);
      viewer = await Client.as(app, owner.users.viewer);
    });
    afterAll(async () => {
      kolada?.close();
      await h?.close();
    });

    let violence: string;
    let own: string;

    it("imports Kolada from a saved response and from its configured address, and compares the places", async () => {
      expect((await a.put("/api/places", places)).status).toBe(200);
      const file = await a.post("/api/indicators/import/kolada", { response: fixture("kolada-N07403-0880.json"), name: "Anmälda våldsbrott", unit: "per 1 000 inv." });
      expect(file.status).toBe(200);
      expect(file.body.points).toBe(4); // the total, women and men for 2022, the total for 2023; the missing value left out
      violence = file.body.indicators[0].id;
      expect(file.body.indicators[0]).toMatchObject({ code: "N07403", name: "Anmälda våldsbrott", source: "Kolada (RKA), nyckeltal N07403" });

      requested = [];
      const online = await a.post("/api/indicators/import/kolada-online", { kpi: "N07403", years: [2021, 2022, 2023] });
      expect(online.status).toBe(200);
      expect(requested[0]).toBe("/v3/data/kpi/N07403/municipality/0880,0008,0000,0780,1380/year/2021,2022,2023");
      expect(online.body.indicators[0].id).toBe(violence);
      const v = (await viewer.get(`/api/indicators/${violence}`)).body;
      expect(v.series.map((s: { name: string; role: string }) => [s.role, s.name])).toEqual([
        ["municipality", "Kalmar"],
        ["county", "Kalmar län"],
        ["country", "Riket"],
        ["peer", "Halmstad"],
        ["peer", "Växjö"],
      ]);
      expect(v.comparisons.find((c: { role: string }) => c.role === "country")).toMatchObject({ year: 2023, own: 2.1, other: 2.9 });
      expect(v.trend).toMatchObject({ fromYear: 2021, toYear: 2023, direction: "better" });

      const missing = await a.post("/api/indicators/import/kolada-online", { kpi: "N99999", years: [2023] });
      expect(missing.status).toBe(502);
      expect(missing.body.error.message).toMatch(/Kolada answered 404 Not Found/);
      const bad = await a.post("/api/indicators/import/kolada", { response: { values: [{ kpi: "N1" }] } });
      expect(bad.status).toBe(422);
      expect(bad.body.error.issues[0].path).toEqual(["response", "values", 0, "municipality"]);
      expect((await viewer.post("/api/indicators/import/kolada", { response: fixture("kolada-N07403-0880.json") })).status).toBe(403);
    });

    it("imports the municipality's own CSV all or nothing, reporting bad rows by line, with rates per 100,000", async () => {
      const before = await a.get("/api/indicators");
      const bad = await a.post("/api/indicators/import/csv", {
        source: "Egen statistik, socialförvaltningen",
        csv: "Indikator;Område;År;Värde;Befolkning\nUnga i brott;Norr;2023;12;9 000\nUnga i brott;Syd;2023;tolv;8 000\nUnga i brott;;20233;30;72 304\n",
      });
      expect(bad.status).toBe(422);
      expect(bad.body.error.message).toMatch(/nothing was imported/);
      expect(bad.body.error.problems.map((p: { line: number; column: string }) => [p.line, p.column])).toEqual([
        [3, "värde"],
        [4, "år"],
      ]);
      expect((await a.get("/api/indicators")).body).toEqual(before.body);

      const good = await a.post("/api/indicators/import/csv", {
        source: "Egen statistik, socialförvaltningen",
        csv: "\uFEFFIndikator;Område;År;Värde;Befolkning\r\nUnga i brott;Norr;2023;12;9 000\r\nUnga i brott;;2022;40;71 000\r\nUnga i brott;;2023;36;72 304\r\n",
      });
      expect(good.status).toBe(200);
      expect(good.body.points).toBe(3);
      own = good.body.indicators[0].id;
      expect(good.body.indicators[0]).toMatchObject({ code: "Unga i brott", kind: "count", source: "Egen statistik, socialförvaltningen" });
      const v = (await a.get(`/api/indicators/${own}`)).body;
      expect(v.per100k).toBe(true);
      expect(v.series.map((s: { name: string }) => s.name)).toEqual(["Kalmar", "Norr"]);
      expect(v.series[0].points.map((p: { value: number }) => Math.round(p.value * 10) / 10)).toEqual([56.3, 49.8]);
      expect(v.comparisons[0]).toMatchObject({ name: "Norr", year: 2023 });
      expect(v.comparisons[0].other).toBeCloseTo((12 / 9000) * 1e5, 8);
    });

    it("takes the direction chosen at import, or the file's column bättre, and says every problem by its code", async () => {
      const chosen = await a.post("/api/indicators/import/csv", { source: "Trygghetsenkäten", higherIsBetter: true, csv: "indikator;år;värde\nTrygghet;2023;71,5\nTrygghet;2024;68,2\n" });
      expect(chosen.status).toBe(200);
      expect(chosen.body.indicators[0]).toMatchObject({ code: "Trygghet", higherIsBetter: true });
      // 71.5 to 68.2, higher being better: a worsening.
      expect((await a.get(`/api/indicators/${chosen.body.indicators[0].id}`)).body.trend.direction).toBe("worse");
      // The file's column decides, also for an indicator that was there before.
      const column = await a.post("/api/indicators/import/csv", { source: "Trygghetsenkäten", higherIsBetter: true, csv: "indikator;år;värde;bättre\nTrygghet;2025;70;lägre\n" });
      expect(column.body.indicators[0]).toMatchObject({ code: "Trygghet", higherIsBetter: false });
      const bad = await a.post("/api/indicators/import/csv", { source: "x", csv: "indikator;värde\nA;1" });
      expect(bad.body.error.problems).toEqual([{ line: 1, message: "the header lacks the column år", problem: { code: "missing-column", column: "år" } }]);
      expect((await a.delete(`/api/indicators/${chosen.body.indicators[0].id}`)).status).toBe(204);
    });

    let lagesbildId: string;
    const lagesbild = () => ({
      title: "Lägesbild Kalmar 2026",
      year: 2025,
      mapping: { indicators: [{ indicatorId: violence, why: "Våldet mot unga ökar enligt polisen." }, { indicatorId: own, why: "" }], sources: "Kolada, polisens lägesbild, skolans enkät.", limitations: "Mörkertal i anmälningsstatistiken." },
      otherInformation: "Medborgardialoger i Norr hösten 2025.",
      analysis: "Brotten koncentreras till Norr.\n\nSkolfrånvaro är en gemensam riskfaktor.",
      findings: [
        { id: "f1", kind: "problem", level: "individ", title: "Unga som begår brott", description: "Ökar i Norr.", indicatorIds: [own] },
        { id: "f2", kind: "risk", level: "grupp", title: "Skolfrånvaro", description: "", indicatorIds: [] },
        { id: "f3", kind: "protective", level: "samhalle", title: "Trygga mötesplatser", description: "", indicatorIds: [violence] },
      ],
    });

    it("keeps the lägesbild as a versioned document and exports it in the law's structure", async () => {
      const created = await a.post("/api/lagesbilder", lagesbild());
      expect(created.status).toBe(201);
      lagesbildId = created.body.id;
      const wrong = await a.post("/api/lagesbilder", { ...lagesbild(), findings: [{ ...lagesbild().findings[0], level: "kommun", indicatorIds: ["00000000-0000-4000-8000-000000000000"] }] });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.issues.map((i: { path: unknown[] }) => i.path.join("."))).toEqual(["findings.0.level"]);
      const ghost = await a.post("/api/lagesbilder", { ...lagesbild(), findings: [{ ...lagesbild().findings[0], indicatorIds: ["00000000-0000-4000-8000-000000000000"] }] });
      expect(ghost.body.error.issues).toEqual([{ path: ["findings", 0, "indicatorIds", 0], code: "not_found", message: "no such indicator" }]);
      expect((await a.put(`/api/lagesbilder/${lagesbildId}`, { baseVersion: 1, body: { ...lagesbild(), year: 2026 } })).body.version).toBe(2);
      // An indicator the lägesbild names cannot be deleted from under it.
      const inUse = await a.delete(`/api/indicators/${own}`);
      expect([inUse.status, inUse.body.error.message]).toEqual([409, "The indicator is used by ”Lägesbild Kalmar 2026”; remove it there first."]);
      const stale = await a.put(`/api/lagesbilder/${lagesbildId}`, { baseVersion: 1, body: lagesbild() });
      expect([stale.status, stale.body.error.latestVersion]).toEqual([409, 2]);

      const html = (await viewer.get(`/api/lagesbilder/${lagesbildId}/export?format=html`)).body as string;
      const order = ["4 § lagen (2023:196)", "1. Kartläggning av brottsligheten, dess omfattning och konsekvenser", "Anmälda våldsbrott", "Källor", "Begränsningar i kunskapsunderlaget", "2. Annan relevant information", "Medborgardialoger", "3. Analys", "Identifierade problem, riskfaktorer och skyddsfaktorer", "Individnivå", "Problem: Unga som begår brott", "Gruppnivå", "Riskfaktor: Skolfrånvaro", "Samhällsnivå", "Skyddsfaktor: Trygga mötesplatser"];
      const at = order.map((t) => html.indexOf(t));
      expect(at.every((i) => i >= 0)).toBe(true);
      expect([...at].sort((x, y) => x - y)).toEqual(at);
      // Each finding says which indicators show it; the mapping says the comparison in words.
      expect(html).toMatch(/Unga som begår brott<\/strong> – Ökar i Norr\.<br><span class="note">Visas av: Unga i brott/);
      expect(html).toContain("lägre än Riket (2,9 2023)");
      expect(html).toContain("Kalmar: 49,8 per 100 000 invånare 2023");
      if (pdfTools) {
        const pdf = await viewer.bytes(`/api/lagesbilder/${lagesbildId}/export?format=pdf`);
        writeFileSync(join(dir, "lagesbild.pdf"), pdf);
        const text = execFileSync("pdftotext", ["-layout", join(dir, "lagesbild.pdf"), "-"]).toString();
        for (const t of ["1. Kartläggning", "2. Annan relevant information", "3. Analys", "Individnivå"]) expect(text).toContain(t);
      }
    });

    let planId: string;
    let scenarioId: string;
    const plan = () => ({
      title: "Åtgärdsplan 2026–2027",
      lagesbildId,
      startYear: 2026,
      endYear: 2027,
      tolerance: 0.1,
      measures: [
        {
          id: "m1",
          title: "KOMET i Norr",
          description: "Föräldrastöd i grupp.",
          level: "individ",
          findingIds: ["f1"],
          responsible: ["Socialförvaltningen", "Barn- och ungdomsförvaltningen"],
          startYear: 2026,
          endYear: 2027,
          planned: [
            { year: 2026, participants: 22, cost: 400_000 },
            { year: 2027, participants: 22, cost: 400_000 },
          ],
          scenario: { id: scenarioId, interventionId: "komet" },
          indicators: [{ indicatorId: own, target: 30, targetYear: 2027 }],
        },
        { id: "m2", title: "Fältarbete", description: "", level: "grupp", findingIds: ["f2"], responsible: ["Fritid"], startYear: 2026, endYear: 2027, planned: [{ year: 2026, participants: 100, cost: 900_000 }, { year: 2027, participants: 100, cost: 900_000 }], scenario: null, indicators: [] },
      ],
    });

    it("links measures to the lägesbild's findings, checks every reference, and follows the plan up against actual and forecast", async () => {
      scenarioId = (await a.post("/api/scenarios", { document: kalmar() })).body.scenario.id;
      const badLink = await a.post("/api/plans", { ...plan(), measures: [{ ...plan().measures[0], findingIds: ["f9"], scenario: { id: scenarioId, interventionId: "nope" } }] });
      expect(badLink.status).toBe(400);
      expect(badLink.body.error.issues.map((i: { path: unknown[] }) => i.path.join("."))).toEqual(["measures.0.findingIds.0", "measures.0.scenario.interventionId"]);
      const created = await a.post("/api/plans", plan());
      expect(created.status).toBe(201);
      planId = created.body.id;

      const put = await a.put(`/api/plans/${planId}/actuals`, {
        actuals: [
          { measureId: "m1", year: 2026, participants: 3, cost: 150_000, note: "sen start" },
          { measureId: "m1", year: 2027, participants: 18, cost: 460_000, note: "" },
          { measureId: "m2", year: 2026, participants: 96, cost: 880_000, note: "" },
          { measureId: "m2", year: 2027, participants: 104, cost: 905_000, note: "" },
        ],
      });
      expect(put.status).toBe(200);
      const f = put.body;
      const [m1, m2] = f.measures;
      // 2027: 18 of 22 is −18 %; 460 000 of 400 000 is +15 %: both beyond 10 %.
      expect(m1.years[1].deviation).toMatchObject({ cost: 60_000 });
      expect(m1.years[1].deviation.costShare).toBeCloseTo(0.15, 10);
      expect(m1.years[1].reasons).toEqual(["fewer-participants", "over-budget"]);
      expect(m1.status).toBe("off-track");
      expect(m2.years.map((y: { status: string }) => y.status)).toEqual(["on-track", "on-track"]);
      // m2's 96 is shown: it gives nothing away, since the 2026 column's total, which includes the hidden 3, is hidden.
      expect(m2.years[0].deviation).toMatchObject({ participants: 96 - 100, cost: -20_000, costShare: -20_000 / 900_000 });
      expect(m2.totals).toEqual({ plannedParticipants: 200, actualParticipants: 200, plannedCost: 1_800_000, actualCost: 1_785_000 });
      // The measure's indicator against its target (30 by 2027; 49,8 per 100 000 in 2023, lower is better).
      expect(m1.indicators).toEqual([{ indicatorId: own, name: "Unga i brott", unit: "antal", target: 30, targetYear: 2027, values: [{ year: 2022, value: expect.closeTo(56.34, 2) }, { year: 2023, value: expect.closeTo(49.79, 2) }], status: "pending" }]);
      // The forecast is the scenario's: KOMET's 22 a year.
      expect(m1.years.map((y: { forecast: { participants: number } }) => y.forecast.participants)).toEqual([22, 22]);
      expect(m2.years[0].forecast).toBeNull();
      // The 3 is hidden in every figure, and no hidden count can be worked out from the totals.
      expect(m1.years[0].actual.participants).toBe("suppressed");
      expect(m1.years[0].deviation.participants).toBe("suppressed");
      expect(JSON.stringify(f)).not.toMatch(/"participants":3[,}]/);
      const t = f.participants;
      // Every total that includes the hidden count is hidden; the others are shown.
      expect([t.rowTotals, t.columnTotals, t.total]).toEqual([["suppressed", 200], ["suppressed", 18 + 104], "suppressed"]);
      expect((await viewer.get(`/api/plans/${planId}/followup`)).body).toEqual(f);

      // The one who entered the hidden count sees it in the entry form's source, and no one else does.
      expect((await a.get(`/api/plans/${planId}/actuals/mine`)).body.counts).toContainEqual({ measureId: "m1", year: 2026, participants: 3 });
      const colleague = await Client.as(app, owner.users.admin);
      expect((await colleague.get(`/api/plans/${planId}/actuals/mine`)).body.counts).toEqual([]);
      expect((await viewer.get(`/api/plans/${planId}/actuals/mine`)).status).toBe(403);
      // A correction of the cost alone keeps the hidden count.
      const corrected = (await a.put(`/api/plans/${planId}/actuals`, { actuals: [{ measureId: "m1", year: 2026, cost: 160_000, note: "rättad" }] })).body;
      expect(corrected.measures[0].years[0].actual).toEqual({ participants: "suppressed", cost: 160_000, note: "rättad" });
      expect((await h.store.listActuals(owner.org.id, planId)).find((x) => x.measureId === "m1" && x.year === 2026)?.participants).toBe(3);
      await a.put(`/api/plans/${planId}/actuals`, { actuals: [{ measureId: "m1", year: 2026, cost: 150_000, note: "sen start" }] });

      const wrongMeasure = await a.put(`/api/plans/${planId}/actuals`, { actuals: [{ measureId: "m9", year: 2026, participants: 1, cost: null, note: "" }] });
      expect(wrongMeasure.body.error.issues[0].path).toEqual(["actuals", 0, "measureId"]);
      expect((await viewer.put(`/api/plans/${planId}/actuals`, { actuals: [{ measureId: "m1", year: 2026, participants: 9, cost: null, note: "" }] })).status).toBe(403);
    });

    it("re-runs the measure's scenario with what actually happened", async () => {
      const r = await viewer.post(`/api/plans/${planId}/measures/m1/rerun`);
      expect(r.status).toBe(200);
      expect(r.body.yearsReported).toEqual([2026, 2027]);
      // Fewer participants than planned: fewer avoided cases, so lower savings.
      expect(r.body.actual.pvSavings).toBeLessThan(r.body.planned.pvSavings);
      expect(r.body.actual.npv).not.toBe(r.body.planned.npv);
      expect((await viewer.post(`/api/plans/${planId}/measures/m2/rerun`)).status).toBe(409);
    });

    it("re-runs in the task pool and answers the engine's own deterministic key figures, payback year included", async () => {
      const tasks = createTasks({ seconds: 60 });
      const run = vi.spyOn(tasks.heavy, "run");
      const pooled = createApp({ store: h.store, runs: undefined as never, limits: testLimits(), tasks });
      try {
        const r = await (await Client.as(pooled, owner.users.viewer)).post(`/api/plans/${planId}/measures/m1/rerun`);
        expect(r.status).toBe(200);
        // The two scenarios went to the heavy pool as one keyFigures task, deterministic only.
        expect(run).toHaveBeenCalledTimes(1);
        expect(run.mock.calls[0]![0]).toMatchObject({ kind: "keyFigures", iterations: 0 });
        // The same as the engine computes for the same scenario, as planned and with the actuals the follow-up shows.
        const prepared = prepareScenario(kalmar());
        if (!prepared.ok) throw new Error("the Kalmar demo does not prepare");
        const plan = (await viewer.get(`/api/plans/${planId}`)).body.body as ActionPlan;
        const actuals = shownActuals(plan, await h.store.listActuals(owner.org.id, planId)).filter((x) => x.measureId === "m1");
        const own = (s: Scenario) => {
          const d = evaluateScenario(s, { iterations: 0, sensitivity: false }).deterministic;
          return { npv: d.npv, bcr: d.bcr, pvCosts: d.pvCosts, pvSavings: d.pvSavings, paybackYear: d.paybackYear };
        };
        expect(r.body.planned).toEqual(own(prepared.scenario));
        expect(r.body.actual).toEqual(own(withActuals(prepared.scenario, "komet", actuals)));
        expect(Object.keys(r.body.planned)).toContain("paybackYear");
        // The server's size limits hold for it as for every task.
        const tight = createApp({ store: h.store, runs: undefined as never, limits: testLimits(), tasks, workLimits: { ...DEFAULT_LIMITS, maxCells: 10 } });
        const refused = await (await Client.as(tight, owner.users.viewer)).post(`/api/plans/${planId}/measures/m1/rerun`);
        expect([refused.status, refused.body.error.code]).toEqual([422, "scenario_too_large"]);
      } finally {
        await tasks.close();
      }
    });

    it("exports the plan with its follow-up, small counts hidden, as HTML, PDF and XLSX", async () => {
      const html = (await viewer.get(`/api/plans/${planId}/export?format=html`)).body as string;
      for (const t of ["Åtgärdsplan", "KOMET i Norr", "Problem: Unga som begår brott", "Socialförvaltningen, Barn- och ungdomsförvaltningen", "2026–2027", "Unga i brott (mål 30,0 år 2027)", "Ännu inte avgjort", "högre kostnad än budgeterat", "Faktiska deltagare per åtgärd och år", "..: dolt"]) expect(html).toContain(t);
      expect(html).not.toMatch(/<td class="num">3<\/td>/);
      if (python) {
        const book = readXlsx(await viewer.bytes(`/api/plans/${planId}/export?format=xlsx`));
        expect(Object.keys(book)).toEqual(["Åtgärder", "Uppföljning", "Deltagare"]);
        const row = book["Uppföljning"]!.find((r) => r[0] === "KOMET i Norr" && r[1] === 2026)!;
        expect(row.slice(2, 10)).toEqual([22, 22, "..", "..", 400_000, row[7], 150_000, -250_000]);
        const participants = book["Deltagare"]!;
        expect(participants.flat()).not.toContain(3);
        expect(participants[1]![1]).toBe("..");
      }
      if (pdfTools) {
        writeFileSync(join(dir, "plan.pdf"), await viewer.bytes(`/api/plans/${planId}/export?format=pdf`));
        const text = execFileSync("pdftotext", ["-layout", join(dir, "plan.pdf"), "-"]).toString();
        expect(text).toContain("Uppföljning");
        expect(text).toContain("KOMET i Norr");
      }
    });

    it("keeps the register of low-threshold services, with reach suppressed in every answer and export", async () => {
      const service = {
        name: "Fritidsgård Norrliden",
        description: "Öppen verksamhet kvällstid.",
        provider: "Kultur- och fritidsförvaltningen",
        level: "grupp",
        decision: { body: "Socialnämnden", date: "2026-02-01", reference: "SN 2026/14", conditions: "Anonymt; ingen journalföring.", identitiesRecorded: false },
        ageGroups: ["13–15", "16–18"],
        expectedParticipantsPerYear: 2,
      };
      const badDate = await a.post("/api/services", { ...service, decision: { ...service.decision, date: "1 feb" } });
      expect(badDate.body.error.issues[0].path).toEqual(["decision", "date"]);
      const id = (await a.post("/api/services", service)).body.id;
      const badPeriod = await a.put(`/api/services/${id}/reach`, { period: "våren", visits: 1, participants: {} });
      expect(badPeriod.body.error.issues[0].path).toEqual(["period"]);
      await a.put(`/api/services/${id}/reach`, { period: "2026-Q1", visits: 410, participants: { "13–15": { flickor: 20, pojkar: 30 }, "16–18": { flickor: 10, pojkar: 11 } } });
      const view = (await a.put(`/api/services/${id}/reach`, { period: "2026-Q2", visits: 3, participants: { "13–15": { flickor: 12, pojkar: 15 }, "16–18": { flickor: 2, pojkar: 9 } } })).body;
      const q2 = view.periods[1];
      expect(q2.cells[1][0]).toBeNull();
      expect(q2.visits).toBeNull();
      const got = (await viewer.get(`/api/services/${id}`)).body;
      expect(got.reach).toEqual(view);
      expect(got.body.decision.identitiesRecorded).toBe(false);
      // The modelled expectation is not people: shown although below 5.
      expect(got.reach.expectedParticipantsPerYear).toBe(2);
      for (const text of [JSON.stringify(view), JSON.stringify(got.reach)]) expect(text).not.toMatch(/[[,]2[,\]]|[[,]3[,\]]/);

      const html = (await viewer.get("/api/services/export?format=html")).body as string;
      for (const t of ["Register över lågtröskelverksamheter", "Socialnämnden 2026-02-01, SN 2026/14", "Anonymt; ingen journalföring.", "Nej", "2026-Q2", "..: dolt"]) expect(html).toContain(t);
      expect(html).toContain('<td class="num">2</td></tr></tbody></table></section>'); // the modelled expectation, not suppressed
      expect(html.slice(html.indexOf("<h2>Räckvidd"))).not.toMatch(/<td class="num">[1-4]<\/td>/);
      if (python) {
        const book = readXlsx(await viewer.bytes("/api/services/export?format=xlsx"));
        const reach = book["Räckvidd"]!.filter((r) => r[1] === "2026-Q2");
        expect(reach.some((r) => r[4] === "..")).toBe(true);
        expect(reach.map((r) => r[4]).filter((x) => typeof x === "number" && x > 0 && x < 5)).toEqual([]);
        expect(book["Verksamheter"]![1]!.slice(0, 9)).toEqual([service.name, service.provider, "Gruppnivå", "Socialnämnden", "2026-02-01", "SN 2026/14", service.decision.conditions, "Nej", 2]);
      }
      expect((await a.delete(`/api/services/${id}/reach/2026-Q2`)).body.periods).toHaveLength(1);
      expect((await a.delete(`/api/services/${id}/reach/2026-Q2`)).status).toBe(404);
    });
  });
}
