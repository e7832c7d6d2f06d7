/**
 * Kolada's starter set in a real browser against the real server, whose SIKT_KOLADA_URL-style
 * base address points at a local stand-in answering in Kolada's v3 shapes over several pages
 * (never the network): the places set by code alone, the starter set fetched in one step with
 * its progress, every indicator arriving with Kolada's title and unit, the places named as
 * Kolada names them, the split by gender, and a KPI Kolada does not know reported as Kolada's
 * answer. axe-core on the page.
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KOLADA_STARTER } from "../../packages/followup/src/kolada-starter.js";
import { type KoladaStandIn, madeUpValue, startKoladaStandIn } from "../../packages/server/src/testing/kolada-standin.js";
import { CHROMIUM, type E2E, expectAccessible, openPage, startE2E } from "./browser.js";

/** A value as the caption writes it (one decimal under 100, none from 100). */
const fmt = (v: number) => new Intl.NumberFormat("sv-SE", { minimumFractionDigits: v >= 100 ? 0 : 1, maximumFractionDigits: v >= 100 ? 0 : 1 }).format(v);

describe.skipIf(!CHROMIUM)("Kolada's starter set in Chromium", () => {
  let e2e: E2E;
  let kolada: KoladaStandIn;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    kolada = await startKoladaStandIn();
    kolada.perPage = 4; // 4 places × 2 years: two pages for each KPI
    e2e = await startE2E({ ownPassword: true, koladaBase: `${kolada.url}/v3` });
    ({ context, page } = await openPage(e2e, [404, 502]));
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await e2e?.close();
    await kolada?.close();
  });

  it("sets the places by their Kolada codes only", async () => {
    await page.goto(e2e.url);
    await page.getByLabel("E-postadress").fill("admin@kalmar.example");
    await page.getByLabel("Lösenord").fill(e2e.password);
    await page.getByRole("button", { name: "Logga in" }).click();
    const nav = page.getByRole("navigation", { name: "Huvudmeny" });
    await expect.poll(() => nav.getByRole("link", { name: "Indikatorer och lägesbild" }).isVisible()).toBe(true);
    await nav.getByRole("link", { name: "Indikatorer och lägesbild" }).click();
    await page.getByText("Ändra platserna").click();
    await page.getByLabel("Länet: Kolada-kod").fill("0008");
    await page.getByLabel("Riket: Kolada-kod").fill("0000");
    await page.getByRole("button", { name: "Lägg till kommun" }).click();
    await page.getByLabel(/^Jämförelsekommun \d+: Kolada-kod/).last().fill("0780");
    await page.getByRole("button", { name: "Spara platserna" }).click();
    await expect.poll(() => page.getByText("Platserna är sparade.").isVisible()).toBe(true);
  });

  it("fetches the starter set in one step with a progress indicator, every KPI with Kolada's title and unit", async () => {
    const list = page.getByTestId("starter-list");
    await expect.poll(() => list.locator("li").count()).toBe(KOLADA_STARTER.length);
    await page.getByRole("group", { name: "Startpaket för lägesbilden" }).getByLabel("År (t.ex. 2019–2023)").fill("2022–2023");
    kolada.requested = [];
    await page.getByRole("button", { name: "Hämta startpaketet" }).click();
    await expect.poll(() => page.getByTestId("starter-progress").isVisible()).toBe(true);
    expect(await page.getByTestId("starter-progress").innerText()).toMatch(/Hämtar \d+ av 11: /);
    await expect.poll(() => page.getByTestId("starter-done").innerText(), { timeout: 60_000 }).toMatch(/^Hämtade 11 av 11 nyckeltal med \d+ värden\./);
    // Every KPI asked for its two pages of data.
    expect(kolada.requested.filter((u) => u.includes("/v3/data/") && u.includes("page=2"))).toHaveLength(KOLADA_STARTER.length);
    const table = page.getByTestId("indicators");
    for (const k of KOLADA_STARTER) expect(await table.getByRole("row", { name: new RegExp(`^${k.title.replace(/[()%./+]/g, "\\$&")}`) }).count()).toBe(1);
    expect(await table.getByRole("row", { name: /^Anmälda våldsbrott, antal\/100 000 inv/ }).innerText()).toMatch(/N07403\s+antal\/100 000 inv/);
  });

  it("names the places as Kolada names them and splits by gender", async () => {
    const panel = page.getByTestId("indicator-N07403");
    const caption = panel.getByTestId("indicator-caption");
    await expect.poll(() => caption.innerText()).toMatch(/^Kalmar: /);
    // The county keeps the name the organisation gave it; the peer, given by code alone, gets Kolada's name.
    expect(await caption.innerText()).toMatch(/lägre än Kalmar län \(.*och lägre än Växjö \(/);
    expect(await caption.innerText()).toContain(`Kalmar: ${fmt(madeUpValue("N07403", "0880", 2023, "T"))} antal/100 000 inv 2023`);
    await panel.getByRole("radio", { name: "Kvinnor" }).check();
    await expect.poll(() => caption.innerText()).toContain(`Kalmar: ${fmt(madeUpValue("N07403", "0880", 2023, "K"))} antal/100 000 inv 2023`);
    // A KPI with women and men only opens on women.
    expect(await page.getByTestId("indicator-N15428").getByRole("radio", { name: "Kvinnor" }).isChecked()).toBe(true);
    await expectAccessible(page, "Kolada starter set");
  });

  it("reports a KPI Kolada does not know as Kolada's answer, not as Kolada out of reach", async () => {
    const online = page.getByRole("group", { name: "Hämta från Kolada" });
    await online.getByLabel(/^Nyckeltal \(KPI-id/).fill("N40400");
    await online.getByRole("button", { name: "Hämta från Kolada" }).click();
    const problems = online.getByTestId("import-problems");
    await expect.poll(() => problems.isVisible()).toBe(true);
    expect(await problems.innerText()).toMatch(/Inget importerades\. Kolada svarade 404: nyckeltalet, platsen eller adressen finns inte hos Kolada/);
    expect(await problems.innerText()).not.toMatch(/kunde inte nås/);
  });
});
