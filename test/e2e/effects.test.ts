/**
 * Observed effects in a real browser against the real server: with a few years of indicator data
 * per area (entered through the API as a user's CSV import would), a measure of the plan is
 * estimated against the municipality's other areas, the picture and the estimate appear in
 * words with the observational warning, the scenario is re-run with what was learned, and the
 * updated effect is adopted as a new version of the scenario. axe on the page; a screenshot at
 * laptop width and one at 390 px.
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { APIRequestContext, BrowserContext, Page } from "playwright-core";
import { areaPanelCsv } from "../../packages/followup/src/testing/area-panel.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, type E2E, expectAccessible, openPage, startE2E } from "./browser.js";

const SHOTS = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));

describe.skipIf(!CHROMIUM)("observed effects in Chromium", () => {
  let e2e: E2E;
  let context: BrowserContext;
  let page: Page;
  let api: APIRequestContext;
  let csrf: string;
  let planId: string;
  let scenarioId: string;

  beforeAll(async () => {
    e2e = await startE2E({ ownPassword: true });
    ({ context, page } = await openPage(e2e));
    api = context.request;
    const login = await api.post(`${e2e.url}/api/session`, { data: { email: "admin@kalmar.example", password: e2e.password } });
    expect(login.status()).toBe(200);
    csrf = (await login.json()).csrfToken;
    const post = async (path: string, data: unknown) => {
      const r = await api.post(`${e2e.url}${path}`, { data, headers: { "x-csrf-token": csrf } });
      expect([path, r.status()]).toEqual([path, expect.any(Number)]);
      return { status: r.status(), body: await r.json() };
    };
    const imported = await post("/api/indicators/import/csv", { source: "Egen statistik, socialförvaltningen", csv: areaPanelCsv({ from: 2018, start: 2022 }) });
    expect(imported.status).toBe(200);
    const indicatorId = imported.body.indicators[0].id;
    const scenarios = await (await api.get(`${e2e.url}/api/scenarios`)).json();
    scenarioId = scenarios[0].id;
    const created = await post("/api/plans", {
      title: "Åtgärdsplan Norr",
      lagesbildId: null,
      startYear: 2022,
      endYear: 2025,
      tolerance: 0.1,
      measures: [
        { id: "m1", title: "KOMET i Norr", description: "", level: "individ", findingIds: [], responsible: ["Socialförvaltningen"], startYear: 2022, endYear: 2025, planned: [], scenario: { id: scenarioId, interventionId: "komet" }, indicators: [{ indicatorId, target: null, targetYear: null }] },
      ],
    });
    expect(created.status).toBe(201);
    planId = created.body.id;
  }, 120_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it("estimates what the measure did in Norr against the other areas, in words and as a picture", async () => {
    await page.goto(`${e2e.url}/#/plans/${planId}`);
    const panel = page.getByTestId("effect-m1");
    await expect.poll(() => panel.isVisible()).toBe(true);
    expect(await panel.innerText()).toContain("Detta är en observationsstudie");
    await panel.getByLabel("Där åtgärden pågår").selectOption({ label: "Norr" });
    await panel.getByLabel("Jämför med").selectOption("areas");
    await panel.getByLabel("Andel av befolkningen som åtgärden når (%)").fill("50");
    await panel.getByRole("button", { name: "Skatta effekten" }).click();
    // KOMET acts on two outcomes: the user says which one the indicator measures.
    const outcome = panel.getByLabel("Utfallet som indikatorn mäter");
    await expect.poll(() => outcome.isVisible()).toBe(true);
    const youth = await outcome.locator("option", { hasText: /ungdomsbrott/i }).first().getAttribute("value");
    await outcome.selectOption(youth as string);
    await panel.getByRole("button", { name: "Skatta effekten" }).click();
    const result = panel.getByTestId("effect-update");
    await expect.poll(() => result.isVisible()).toBe(true);
    const text = await panel.innerText();
    expect(text).toMatch(/Norr låg i snitt [\d,]+ lägre efter starten 2022 än jämförelsen skulle ge/);
    expect(text).toMatch(/Skillnad i skillnader: −[\d,]+ \(medelfel [\d,]+; 95 %: −[\d,]+ till −[\d,]+; p < 0,001\)/);
    expect(text).toMatch(/Syntetisk kontroll: −[\d,]+ \(.*\)\. Placebotest: 20 % av orterna/);
    expect(text).toMatch(/Antagandet som flyttade mest: Komet.*: effekt på ungdomsbrottslighet.* ändrad från standardiserad medelvärdesskillnad −0,64/i);
    // The table view of the picture holds the same numbers, year by year.
    await panel.getByRole("button", { name: "Visa som tabell" }).click();
    const rows = await panel.locator("table").first().locator("tbody tr").count();
    expect(rows).toBe(8);
    await panel.getByRole("button", { name: "Visa som tabell" }).click();
    const rerun = await panel.getByTestId("effect-rerun").locator("tbody tr").allInnerTexts();
    expect(rerun[0]).toMatch(/^Enligt kalkylen/);
    expect(rerun[1]).toMatch(/^Uppdaterad/);
    await expectAccessible(page, "observed effect");
    mkdirSync(SHOTS, { recursive: true });
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: `${SHOTS}effect.png` });
  });

  it("adopts the updated effect into a new version of the scenario", async () => {
    const panel = page.getByTestId("effect-m1");
    await panel.getByRole("button", { name: "Anta i en ny version av kalkylen" }).click();
    await expect.poll(() => panel.getByRole("status").innerText()).toMatch(/Antagen i kalkylen som version 2/);
    const versions = await (await api.get(`${e2e.url}/api/scenarios/${scenarioId}/versions`)).json();
    expect(versions.map((v: { version: number }) => v.version)).toEqual(expect.arrayContaining([1, 2]));
    const v2 = await (await api.get(`${e2e.url}/api/scenarios/${scenarioId}/versions/2`)).json();
    const komet = v2.document.interventions.find((i: { id?: string }) => i.id === "komet");
    expect(komet.effects[0].source).toMatch(/^Uppdaterad med observerad effekt/);
  });

  it("fits a 390 px phone without sideways scrolling", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${e2e.url}/#/plans/${planId}`);
    const panel = page.getByTestId("effect-m1");
    await expect.poll(() => panel.getByTestId("effect-result").isVisible()).toBe(true);
    const overflow = await panel.evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: `${SHOTS}effect-phone.png` });
  });
});
