/**
 * The workbench in a real browser against the real server: log in, open the Kalmar demo,
 * change an assumption and see the key figures change, add an intervention from the catalogue,
 * run Monte Carlo and see the band, save and compare two versions, switch to English; axe-core
 * on every page. Screenshots of the main pages go to docs/screenshots/.
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, type E2E, expectAccessible as expectAccessibleOn, OWN_PASSWORD, openPage, startE2E } from "./browser.js";

/** The page's window, as the callbacks run inside the browser see it (the test's types have no DOM). */
type Win = {
  document: { activeElement: { id: string; textContent: string | null; blur(): void } | null; documentElement: { scrollWidth: number } };
  location: { hash: string };
  dispatchEvent(e: Event): boolean;
};

const SHOTS = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));

describe.skipIf(!CHROMIUM)("the web workbench in Chromium", () => {
  let e2e: E2E;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    e2e = await startE2E();
    ({ context, page } = await openPage(e2e));
  }, 120_000);
  afterAll(async () => {
    await e2e?.close();
  });

  const expectAccessible = (name: string) => expectAccessibleOn(page, name);
  async function shot(name: string) {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: false });
  }
  const npv = () => page.getByTestId("npv").innerText();
  /**
   * All the result column's charts (or tables) in one picture. On a wide screen the column
   * scrolls on its own, as tall as the window, so the window is made taller than the charts while
   * the picture is taken.
   */
  async function chartsShot(name: string) {
    const size = page.viewportSize() ?? { width: 1360, height: 900 };
    const box = await page.locator(".charts").boundingBox();
    await page.setViewportSize({ width: size.width, height: Math.ceil((box?.height ?? 0) + 600) });
    await page.locator(".charts").screenshot({ path: `${SHOTS}${name}.png` });
    await page.setViewportSize(size);
  }

  it("logs in with the keyboard alone, is asked to replace the one-time password, and lists the Kalmar demo", async () => {
    await page.goto(e2e.url);
    await expectAccessible("login");
    await page.getByLabel("E-postadress").focus();
    await page.keyboard.type("admin@kalmar.example");
    await page.keyboard.press("Tab");
    await page.keyboard.type(e2e.password);
    await page.keyboard.press("Enter");
    // The first login with a one-time password leads to choosing one's own, before anything else.
    await expect.poll(() => page.getByRole("heading", { name: "Välj ett eget lösenord" }).isVisible()).toBe(true);
    expect(await page.getByRole("navigation", { name: "Huvudmeny" }).count()).toBe(0);
    await expectAccessible("first login: choose a password");
    await shot("first-login-password");
    await page.getByLabel("Engångslösenordet").fill(e2e.password);
    await page.getByLabel("Nytt lösenord (minst 12 tecken)").fill("för kort");
    await page.getByLabel("Upprepa det nya lösenordet").fill("för kort");
    await page.getByRole("button", { name: "Spara lösenordet" }).click();
    await expect.poll(() => page.getByRole("alert").innerText()).toBe("Det nya lösenordet måste ha minst 12 tecken.");
    await page.getByLabel("Nytt lösenord (minst 12 tecken)").fill(OWN_PASSWORD);
    await page.getByLabel("Upprepa det nya lösenordet").fill(OWN_PASSWORD);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("heading", { name: "Scenarier" }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole("link", { name: /Kalmar kommun/ }).count()).toBe(1);
    await expectAccessible("scenario list");
  });

  it("opens the demo and shows its key figures, recalculated as an assumption changes", async () => {
    await page.getByRole("link", { name: /Kalmar kommun/ }).click();
    await expect.poll(npv).toMatch(/mnkr/);
    const before = await npv();
    expect(before).toMatch(/^−47,6 mnkr$/);
    await shot("workbench");
    await expectAccessible("workbench");
    // Sources with long addresses wrap inside their column instead of running into the results.
    const overflowing = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ scrollWidth: number; clientWidth: number; textContent: string | null }> } }).document;
      return Array.from(doc.querySelectorAll(".source"))
        .filter((el) => el.scrollWidth > el.clientWidth + 1)
        .map((el) => el.textContent);
    });
    expect(overflowing).toEqual([]);
    await page.getByLabel("Diskonteringsränta (%)").fill("1,5");
    await expect.poll(npv).not.toBe(before);
  });

  it("recalculates the demo after each keystroke (timed and printed, not asserted)", async () => {
    const field = page.getByLabel("Diskonteringsränta (%)");
    const measures = () =>
      page.evaluate(() => performance.getEntriesByName("sikt:recalculate").map((e) => e.duration));
    const before = (await measures()).length;
    for (const value of ["2", "2,5", "3", "3,5", "4", "4,5", "1,5"]) {
      const shown = await npv();
      await field.fill(value);
      await expect.poll(npv).not.toBe(shown);
    }
    const times = (await measures()).slice(before);
    expect(times.length).toBeGreaterThanOrEqual(7);
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] as number;
    console.log(
      `Kalmar demo, recalculation after a keystroke (request to answer, ${times.length} keystrokes): ` +
        `median ${median.toFixed(1)} ms, max ${(sorted.at(-1) as number).toFixed(1)} ms`,
    );
  });

  it("takes numbers the Swedish way, says why it refuses one, and shows values rounded", async () => {
    const rate = page.getByLabel("Diskonteringsränta (%)");
    const before = await npv();
    await rate.fill("abc");
    expect(await rate.getAttribute("aria-invalid")).toBe("true");
    const why = page.locator(`#${await rate.getAttribute("aria-describedby")}`);
    expect(await why.innerText()).toBe("Skriv ett tal, t.ex. 12,5 eller −0,9 (mellanslag mellan tusental går bra).");
    expect(await npv()).toBe(before);
    // The minus sign the app itself shows (U+2212) and a comma.
    await rate.fill("\u22120,9");
    expect(await rate.getAttribute("aria-invalid")).toBe("false");
    await expect.poll(npv).not.toBe(before);
    await rate.fill("1,5");
    await expect.poll(npv).toBe(before);
    // Participants with a space between thousands.
    const participants = page.getByLabel(/^Deltagare per år – /).first();
    const was = await participants.inputValue();
    await participants.fill("1 200");
    expect(await participants.getAttribute("aria-invalid")).toBe("false");
    await expect.poll(npv).not.toBe(before);
    await participants.fill(was);
    await expect.poll(npv).toBe(before);
    // No field shows a raw float or a negative zero.
    await page.locator(".editor details").evaluateAll((ds) => ds.forEach((d) => d.setAttribute("open", "")));
    const values = await page.locator(".editor input[inputmode=decimal]").evaluateAll((xs) => xs.map((x) => (x as unknown as { value: string }).value));
    expect(values.length).toBeGreaterThan(20);
    for (const v of values) {
      expect(v).not.toMatch(/[.,]\d{5,}/);
      expect(v).not.toMatch(/^[-\u2212]0([,.]0*)?$/);
    }
    await page.locator(".editor details").evaluateAll((ds) => ds.forEach((d) => d.removeAttribute("open")));
  });

  it("asks before unsaved changes are lost, and a removed intervention can be brought back", async () => {
    const title = await page.getByRole("heading", { level: 1 }).innerText();
    expect(await page.locator(".savebar").innerText()).toMatch(/Ändringar som inte är sparade/);
    // A link away: the user is asked, and staying keeps every edit.
    let asked = "";
    page.once("dialog", (d) => {
      asked = d.message();
      void d.dismiss();
    });
    const url = page.url();
    await page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name: "Scenarier" }).click();
    await expect.poll(() => asked).toMatch(/ändringar som inte är sparade/);
    expect(page.url()).toBe(url);
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe(title);
    expect(await page.getByLabel("Diskonteringsränta (%)").inputValue()).toBe("1,5");
    // Reloading or closing the tab: the browser asks too.
    expect(await page.evaluate(() => { const e = new Event("beforeunload", { cancelable: true }); (globalThis as unknown as Win).dispatchEvent(e); return e.defaultPrevented; })).toBe(true);
    // Removing an intervention can be undone, in its place.
    const names = () => page.locator(".interventions > li h3").allInnerTexts();
    const list = await names();
    await page.getByRole("button", { name: `Ta bort: ${list[1]}` }).click();
    await expect.poll(names).toEqual(list.filter((_, k) => k !== 1));
    expect(await page.getByRole("status").filter({ hasText: `${list[1]} är borttagen.` }).isVisible()).toBe(true);
    await page.getByRole("button", { name: "Ångra" }).click();
    await expect.poll(names).toEqual(list);
    await expectAccessible("workbench with unsaved changes");
  });

  it("has a skip link to the content, shortcuts to its parts, the result and the save bar in view", async () => {
    const url = page.url();
    // The skip link is the first thing on the page: just before the app's name.
    await page.getByRole("link", { name: "Sikt", exact: true }).focus();
    await page.keyboard.press("Shift+Tab");
    expect(await page.evaluate(() => (globalThis as unknown as Win).document.activeElement?.textContent)).toBe("Hoppa till innehållet");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => (globalThis as unknown as Win).document.activeElement?.id)).toBe("main");
    expect(page.url()).toBe(url);
    const sections = page.getByRole("navigation", { name: "Avsnitt i scenariot" });
    await sections.getByLabel("Gå till insats").selectOption({ index: 3 });
    expect(await page.evaluate(() => (globalThis as unknown as Win).document.activeElement?.id)).toBe("iv-2");
    // Editing a lower intervention: the key figures and the save button stay on screen.
    const inView = async (loc: ReturnType<Page["getByTestId"]>) => {
      const box = await loc.boundingBox();
      return box !== null && box.y >= 0 && box.y + box.height <= 900;
    };
    expect(await inView(page.getByTestId("npv"))).toBe(true);
    expect(await inView(page.getByRole("button", { name: "Spara ny version" }))).toBe(true);
    // The uncertainty analysis is one shortcut away (not hundreds of Tab presses).
    await sections.getByRole("link", { name: "Osäkerhetsanalys" }).click();
    expect(await page.evaluate(() => (globalThis as unknown as Win).document.activeElement?.id)).toBe("mc");
    expect(page.url()).toBe(url);
    expect(await inView(page.getByRole("button", { name: "Kör osäkerhetsanalys (Monte Carlo)" }))).toBe(true);
    await expectAccessible("workbench shortcuts");
  });

  it("adds an intervention from the catalogue, searchable and grouped by level", async () => {
    const count = await page.locator(".interventions > li").count();
    const before = await npv();
    await page.getByRole("button", { name: "Lägg till insats från katalogen" }).click();
    const dialog = page.getByRole("dialog");
    await expect.poll(() => dialog.getByRole("heading", { name: "Individ" }).isVisible()).toBe(true);
    await expectAccessible("catalogue picker");
    await dialog.getByLabel("Sök", { exact: true }).fill("MST");
    await dialog.getByRole("button", { name: /Lägg till: .*MST|Lägg till: Multisystemisk/ }).first().click();
    await expect.poll(() => page.locator(".interventions > li").count()).toBe(count + 1);
    await expect.poll(npv).not.toBe(before);
  });

  it("shows each unit cost with its source and year, and marks one changed from the catalogue", async () => {
    await page.getByRole("heading", { name: "Styckkostnader", exact: true }).click();
    // the unit costs' own card (a version 2 document also lists who pays each unit cost, by the same name)
    const card = page.locator("details", { has: page.getByRole("heading", { name: "Styckkostnader", exact: true }) });
    const label = /^Placering på HVB \(barn och unga\), per dygn/;
    const field = card.getByLabel(label);
    expect(await field.inputValue()).toBe("7000");
    await expect.poll(() => card.locator(".field", { has: page.getByLabel(label) }).innerText()).toMatch(/Källa: SVT Nyheter Småland 2023/);
    // The source's address is a link, opened in a new tab.
    const link = card.locator(".field", { has: page.getByLabel(label) }).locator("a.source-link");
    expect(await link.getAttribute("href")).toMatch(/^https:\/\/svt\.se\/nyheter\/lokalt\/smaland\//);
    expect(await link.getAttribute("target")).toBe("_blank");
    const before = await npv();
    await field.fill("8 500");
    await expect.poll(() => card.locator(".field.changed", { has: page.getByLabel(label) }).innerText()).toMatch(/Ändrad från katalogen – Katalogens värde: 7\s?000/);
    await expect.poll(npv).not.toBe(before);
    await expectAccessible("unit costs");
  });

  it("cancels a long uncertainty analysis", async () => {
    await page.getByLabel("Dragningar").fill("100000");
    await page.getByRole("button", { name: "Kör osäkerhetsanalys (Monte Carlo)" }).click();
    await page.getByRole("button", { name: "Avbryt" }).click();
    await expect.poll(() => page.getByRole("button", { name: "Kör osäkerhetsanalys (Monte Carlo)" }).isVisible()).toBe(true);
    expect(await page.getByTestId("probability").innerText()).toMatch(/Kör osäkerhetsanalysen/);
  });

  it("runs the uncertainty analysis on every core with progress and shows the probability and the band", async () => {
    // 5 blocks of iterations: as many workers as the browser reports cores, up to 5 (the same
    // result for any number: the engine's tests of Monte Carlo in parts).
    await page.getByLabel("Dragningar").fill("5000");
    const cores = await page.evaluate(() => (globalThis as unknown as { navigator: { hardwareConcurrency: number } }).navigator.hardwareConcurrency);
    let started = 0;
    const count = () => started++;
    page.on("worker", count);
    await page.getByRole("button", { name: "Kör osäkerhetsanalys (Monte Carlo)" }).click();
    // the demo follows life courses to 65 (about 80 years of flows): allow the draws their time
    await expect.poll(() => page.getByTestId("probability").innerText(), { timeout: 60_000 }).toMatch(/\d+ %/);
    await expect.poll(() => page.getByText(/5–95 %/).first().isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId("band").count()).toBe(1);
    await expect.poll(() => page.getByRole("heading", { name: "Nettonuvärdets fördelning" }).isVisible()).toBe(true);
    page.off("worker", count);
    expect(started).toBe(Math.max(1, Math.min(cores, 5)));
    await expectAccessible("monte carlo");
  });

  it("explains the result: who pays and saves, avoided cases, the overlap assumption, every chart as a table", async () => {
    await expect.poll(() => page.getByTestId("overlap").innerText()).toMatch(/antar att de når olika personer/);
    await expect.poll(() => page.getByText(/cirka \d+/).first().isVisible()).toBe(true);
    // The demo's catalogue (se-2026.1) names its outcomes' occurrences: a noun in the right number, never "fall: Namnet".
    const avoided = page.locator("ul.avoided");
    expect(await avoided.innerText()).toMatch(/(cirka [\d\s\u00a0]+|under 1) (unga|ung|vuxna|vuxen|barnavårdsutredningar|barnavårdsutredning|placeringar|placering|elever|elev|vårdepisoder|kriminella|längre perioder)/);
    expect(await avoided.innerText()).not.toMatch(/fall:/);
    await avoided.screenshot({ path: `${SHOTS}avoided-cases.png` });
    const toggles = page.getByRole("button", { name: "Visa som tabell" });
    const n = await toggles.count();
    expect(n).toBeGreaterThanOrEqual(6);
    for (let k = 0; k < n; k++) await toggles.nth(k).click();
    expect(await page.locator(".charts figure:has(table)").count()).toBe(n);
    const payers = await page.getByTestId("payers").innerText();
    expect(payers).toContain("Socialtjänst");
    expect(payers).toMatch(/Sannolikhet att vinna/);
    expect(await page.getByTestId("groups").innerText()).toMatch(/Kommunen[\s\S]*Staten/);
    await chartsShot("results-tables");
    await expectAccessible("result tables");
    for (let k = 0; k < n; k++) await toggles.nth(k).click();
    await chartsShot("results-charts");
  });

  it("saves a new version and shows what changed between two versions", async () => {
    await page.getByLabel("Vad ändrades? (valfritt)").fill("Lägre ränta och MST");
    await page.getByRole("button", { name: "Spara ny version" }).click();
    // saving the demo recalculates it on the server: on a busy machine that takes a while
    await expect.poll(() => page.getByText("Sparad som version 2.").isVisible(), { timeout: 60_000 }).toBe(true);
    await page.getByRole("link", { name: "Versionshistorik" }).click();
    const changes = page.getByTestId("changes");
    await expect.poll(() => changes.isVisible()).toBe(true);
    const text = await changes.innerText();
    // In words, with names; no paths or JSON.
    expect(text).toContain("Diskonteringsräntan ändrad från 3,5 % till 1,5 %");
    expect(text).toMatch(/Ny insats: .*(MST|Multisystemisk)/);
    expect(text).toMatch(/Styckkostnad Placering på HVB \(barn och unga\), per dygn ändrad från 7000 kr till 8500 kr/);
    expect(text).not.toMatch(/\[|\{|discountRate|tillagd/);
    await shot("versions");
    await expectAccessible("versions");
    // A changed effect is called changed, with the intervention's and the outcome's names.
    await page.getByRole("link", { name: /^← / }).click();
    await expect.poll(npv).toMatch(/mnkr/);
    const komet = page.locator(".interventions > li", { has: page.getByRole("heading", { name: /Komet/ }) });
    await komet.getByText(/^Effekter/).click();
    const effect = komet.locator(".effect").first();
    const outcome = (await effect.locator("h4").innerText()).replace(/^Utfall: /, "");
    const size = effect.getByLabel(/^(Relativ riskminskning|Oddskvot|Effektstorlek \(d\))/);
    const was = await size.inputValue();
    const kometName = await komet.locator("h3").innerText();
    await size.fill("\u22120,5");
    await page.getByRole("button", { name: "Spara ny version" }).click();
    await expect.poll(() => page.getByText("Sparad som version 3.").isVisible()).toBe(true);
    await page.getByRole("link", { name: "Versionshistorik" }).click();
    await expect.poll(() => page.getByTestId("changes").innerText()).toContain(`${kometName}: effekt på ${outcome.charAt(0).toLowerCase()}${outcome.slice(1)} ändrad från ${was} till \u22120,5`);
    // The decision, marked on a version, is shown in the list and on the scenario.
    await page.getByRole("row", { name: /^3 / }).getByRole("button", { name: "Markera som beslutad" }).click();
    await page.getByLabel("Datum").fill("2026-10-21");
    await page.getByLabel("Diarienummer eller paragraf").fill("SN 2026/214 § 97");
    await page.locator('form.decision button[type="submit"]').click();
    await expect.poll(() => page.getByRole("row", { name: /^3 / }).innerText()).toMatch(/Beslutad av Socialnämnden/);
    await page.getByRole("link", { name: /^← / }).click();
    await expect.poll(() => page.getByTestId("decision").innerText()).toMatch(/Beslut: Version 3: Beslutad av Socialnämnden .* \(SN 2026\/214 § 97\)/);
    await page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name: "Scenarier" }).click();
    await expect.poll(() => page.getByRole("row", { name: /^Kalmar kommun/ }).innerText()).toMatch(/Version 3: Beslutad av Socialnämnden/);
  });

  it("starts an empty scenario of its own, every number marked as an assumption", async () => {
    await page.getByRole("link", { name: "Sikt" }).click();
    await page.getByRole("button", { name: "Nytt tomt scenario" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toBe("Nytt tomt scenario");
    await expect.poll(npv).toMatch(/kr$/);
    await page.getByRole("heading", { name: "Styckkostnader", exact: true }).click();
    expect(await page.getByText("Källa: Eget antagande").first().isVisible()).toBe(true);
    await expectAccessible("empty scenario");
  });

  it("starts a new scenario from the catalogue and adds an intervention to it", async () => {
    await page.getByRole("link", { name: "Sikt" }).click();
    await page.getByRole("button", { name: "Nytt från katalogen" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toBe("Nytt från katalogen");
    await expect.poll(npv).toMatch(/^0 kr$/);
    await page.getByRole("button", { name: "Lägg till insats från katalogen" }).click();
    await page.getByRole("dialog").getByLabel("Sök", { exact: true }).fill("Komet");
    await page.getByRole("dialog").getByRole("button", { name: /Lägg till: Komet/ }).click();
    await expect.poll(npv).toMatch(/mnkr|tkr/);
    // New scenarios use the newest catalogue (se-2026.1): the efficacy follows its evidence rule, with the reason in Swedish.
    const costs = page.locator("details", { has: page.getByText("Kostnader och genomslag", { exact: true }) }).first();
    await costs.locator("summary").click();
    const reason = costs.getByText(/^Genomslag 0,375 enligt evidensregeln: svenska eller nordiska studier/);
    await expect.poll(() => reason.isVisible()).toBe(true);
    await reason.scrollIntoViewIfNeeded();
    await costs.screenshot({ path: `${SHOTS}efficacy-reason.png` });
    await page.getByRole("button", { name: "Spara ny version" }).click();
    await expect.poll(() => page.getByText("Sparad som version 2.").isVisible()).toBe(true);
  });

  it("shows the budget per payer and year, cost sharing with Finsam and an agreement, and a project variant", async () => {
    await page.getByRole("link", { name: "Sikt" }).click();
    await page.getByRole("link", { name: /^Kalmar kommun/ }).first().click();
    const report = await page.getByRole("link", { name: "HTML" }).getAttribute("href");
    const html = await context.request.get(`${e2e.url}${report}`);
    expect(html.status()).toBe(200);
    expect(await html.text()).toMatch(/Nettonuvärdet är −?[\d\s,]+ mnkr\./);
    const pdf = await context.request.get(`${e2e.url}${(await page.getByRole("link", { name: "PDF" }).getAttribute("href"))!}`);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    await page.getByRole("link", { name: "Budget och kostnadsdelning" }).click();
    const budget = page.getByTestId("budget");
    await expect.poll(() => budget.isVisible()).toBe(true);
    expect(await budget.innerText()).toMatch(/Socialtjänsten/);
    expect(await budget.innerText()).toMatch(/Nuvärde netto \(investeringssyn\)/);
    expect(await budget.locator("td.out").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("feasible").innerText()).toMatch(/offentliga som helhet/);
    await expect.poll(() => page.getByText(/Samordningsförbund \(Finsam\)/).isVisible()).toBe(true);
    // Finsam: the state's half through Försäkringskassan; the police pay nothing of it.
    const finsam = page.locator("table", { has: page.getByText(/Samordningsförbund \(Finsam\)/) });
    expect(await finsam.getByRole("row", { name: /^Försäkringskassan/ }).locator("td").nth(2).innerText()).toMatch(/^50,0 %$/);
    expect(await finsam.getByRole("row", { name: /^Polismyndigheten/ }).locator("td").nth(2).innerText()).toMatch(/^0,0 %$/);
    // The first and summary columns stay in place while the years scroll.
    const sticky = await budget.locator("tbody tr").first().locator("th, td").nth(1).evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { position: string } }).getComputedStyle(el).position);
    expect(sticky).toBe("sticky");
    // A hand-made agreement: 60 % on the municipality's social services, the rest as Finsam has it; kept after a reload.
    const editor = page.getByRole("group", { name: /^Egen överenskommelse/ });
    await editor.getByLabel(/^Försäkringskassan/).fill("40");
    const social = editor.getByLabel(/^Socialtjänsten/);
    const before = Number((await social.inputValue()).replace(/\s/g, "").replace(",", "."));
    await social.fill(String(Math.round((before + 10) * 100) / 100).replace(".", ","));
    await expect.poll(() => editor.getByRole("status").innerText()).toMatch(/Summa: 100,0 %/);
    await page.getByRole("button", { name: "Visa resultatet med överenskommelsen" }).click();
    await expect.poll(() => page.getByText("Er överenskommelse", { exact: true }).isVisible()).toBe(true);
    await page.getByRole("button", { name: "Spara överenskommelsen med scenariot" }).click();
    await expect.poll(() => page.getByText(/Överenskommelsen är sparad med scenariot \(version \d+\)\./).isVisible()).toBe(true);
    await page.reload();
    await expect.poll(() => page.getByText("Er överenskommelse", { exact: true }).isVisible()).toBe(true);
    const mine = page.locator("table", { has: page.getByText("Er överenskommelse", { exact: true }) });
    expect(await mine.getByRole("row", { name: /^Försäkringskassan/ }).locator("td").nth(2).innerText()).toMatch(/^40,0 %$/);
    await page.getByLabel("Gäller insats").selectOption({ label: "FFT – funktionell familjeterapi" });
    await page.getByLabel("Till år").last().selectOption("2028");
    await page.getByRole("button", { name: "Visa resultatet med överenskommelsen" }).click();
    await expect.poll(() => page.getByText(/Er överenskommelse för FFT – funktionell familjeterapi 2026–2028/).isVisible()).toBe(true);
    expect(await page.getByTestId("continuity").innerText()).toMatch(/Projekt 3 år/);
    await page.getByLabel("Löpande priser", { exact: false }).check();
    await expect.poll(() => page.getByLabel("Löneökning per år (%) – antagande").isVisible()).toBe(true);
    await shot("budget");
    await expectAccessible("budget");
  });

  it("calculates a social investment fund with two investments", async () => {
    await page.getByRole("link", { name: "Sikt" }).click();
    await page.getByRole("link", { name: "Social investeringsfond" }).click();
    await expect.poll(() => page.getByRole("group", { name: /Investering 2/ }).isVisible()).toBe(true);
    await page.getByRole("button", { name: "Beräkna fonden" }).click();
    // The balance as a chart with its caption, and the same numbers as a table.
    await expect.poll(() => page.getByTestId("fund-chart").isVisible(), { timeout: 60_000 }).toBe(true);
    expect(await page.locator("figure", { has: page.getByTestId("fund-chart") }).locator("figcaption").innerText()).toMatch(/^Fonden börjar med [\d,]+ mnkr, är som lägst .* och slutar på .*Den streckade linjen är kapitalet\.$/);
    await page.locator("figure", { has: page.getByTestId("fund-chart") }).getByRole("button", { name: "Visa som tabell" }).click();
    const years = page.getByTestId("fund-years");
    await expect.poll(() => years.isVisible()).toBe(true);
    expect(await years.locator("tbody tr").count()).toBe(20);
    expect(await page.getByTestId("fund-summary").innerText()).toMatch(/Kapitalet|dragningar/);
    await page.getByLabel("Utvärderingsplan").first().fill("Jämför placeringar med grannkommunerna 2027–2030.");
    await page.getByRole("button", { name: "Spara fonden" }).click();
    await expect.poll(() => page.getByText('Fonden "Social investeringsfond" är sparad.').isVisible()).toBe(true);
    await page.reload();
    await page.getByLabel("Öppna en sparad fond").selectOption({ label: "Social investeringsfond" });
    await expect.poll(() => page.getByLabel("Utvärderingsplan").first().inputValue()).toMatch(/grannkommunerna/);
    await page.getByRole("button", { name: "Beräkna fonden" }).click();
    await expect.poll(() => page.getByTestId("fund-chart").isVisible(), { timeout: 60_000 }).toBe(true);
    await page.getByTestId("fund-chart").scrollIntoViewIfNeeded();
    await shot("fund");
    await expectAccessible("fund");
  });

  it("compares two scenarios side by side", async () => {
    await page.getByRole("link", { name: "Sikt" }).click();
    await page.getByRole("link", { name: "Jämför två scenarier" }).click();
    const a = page.getByRole("combobox", { name: /^Scenario A/ });
    const b = page.getByRole("combobox", { name: /^Scenario B/ });
    const demo = (await a.locator("option").allInnerTexts()).find((o) => /^Kalmar kommun – förebyggande program 2026–2045 \(version \d+\)$/.test(o));
    await a.selectOption({ label: demo! });
    await b.selectOption({ index: 1 });
    const table = page.getByTestId("side-by-side");
    await expect.poll(() => table.innerText()).toMatch(/Nettonuvärde[^\n]*mnkr[^\n]*mnkr/);
    // The columns are named A and B as the choices above them, so the difference's heading stays short.
    expect(await table.innerText()).toMatch(/A: Kalmar kommun – förebyggande program 2026–2045\s+B: .+\s+Skillnad \(B − A\)/);
    await shot("compare");
    await expectAccessible("compare scenarios");
  });

  it("changes the password from the header, and the old one stops working", async () => {
    await page.getByRole("link", { name: "Byt lösenord" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1, name: "Byt lösenord" }).isVisible()).toBe(true);
    await expectAccessible("change password");
    await page.getByLabel("Nuvarande lösenord").fill("inte det rätta");
    await page.getByLabel("Nytt lösenord (minst 12 tecken)").fill("ett annat långt lösenord");
    await page.getByLabel("Upprepa det nya lösenordet").fill("ett annat långt lösenord");
    await page.getByRole("button", { name: "Spara lösenordet" }).click();
    await expect.poll(() => page.getByRole("alert").innerText()).toBe("Det nuvarande lösenordet stämmer inte.");
    await page.getByLabel("Nuvarande lösenord").fill(OWN_PASSWORD);
    await page.getByLabel("Nytt lösenord (minst 12 tecken)").fill("ett annat långt lösenord");
    await page.getByLabel("Upprepa det nya lösenordet").fill("ett annat långt lösenord");
    await page.getByRole("button", { name: "Spara lösenordet" }).click();
    await expect.poll(() => page.getByRole("status").innerText()).toMatch(/Lösenordet är bytt/);
    const login = (password: string) => fetch(`${e2e.url}/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "admin@kalmar.example", password }) });
    expect((await login(OWN_PASSWORD)).status).toBe(401);
    expect((await login("ett annat långt lösenord")).status).toBe(200);
    // This browser's session stays.
    await page.goto(`${e2e.url}/#/compare`);
    await expect.poll(() => page.getByRole("heading", { name: "Jämför scenarier" }).isVisible()).toBe(true);
  });

  it("lays every page out for a 390 px phone: key figures near the top, nothing wider than the screen", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      const wide = () => page.evaluate(() => (globalThis as unknown as Win).document.documentElement.scrollWidth);
      // The charts draw for the phone's width: their smallest text is as high as the page's small
      // print, not shrunk with a drawing made for a laptop (7 px before, 5 px in the chain of outcomes).
      const smallestChartText = () =>
        page.evaluate(() => {
          const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ getBoundingClientRect(): { height: number } }> } }).document;
          return Math.min(...Array.from(doc.querySelectorAll("svg.chart text"), (t) => t.getBoundingClientRect().height).filter((h) => h > 0));
        });
      // A plan with a measure, so that the plan page has its follow-up table.
      const plan = await page.evaluate(async () => {
        const body = {
          title: "Plan för telefonen",
          lagesbildId: null,
          startYear: 2026,
          endYear: 2028,
          tolerance: 0.1,
          measures: [{ id: "m1", title: "Fältarbete i Norr", description: "Kvällar och helger", level: "grupp", findingIds: [], responsible: ["Socialförvaltningen", "Fritid"], startYear: 2026, endYear: 2028, planned: [2026, 2027, 2028].map((year) => ({ year, participants: 120, cost: 1_250_000 })), scenario: null, indicators: [] }],
        };
        const { csrfToken } = (await (await fetch("/api/session")).json()) as { csrfToken: string };
        const r = await fetch("/api/plans", { method: "POST", headers: { "content-type": "application/json", "x-csrf-token": csrfToken }, body: JSON.stringify(body) });
        return ((await r.json()) as { id: string }).id;
      });
      await page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name: "Scenarier" }).click();
      await page.getByRole("link", { name: /^Kalmar kommun/ }).first().click();
      await expect.poll(npv).toMatch(/mnkr/);
      // The key figures come first: within the first screen and a half, not 5 900 px down.
      const box = await page.getByTestId("npv").boundingBox();
      expect(box!.y).toBeLessThan(1200);
      // And at a glance right under the title: net present value, benefit per krona and payback, as the result says them.
      const summary = page.getByTestId("key-summary");
      expect(await summary.isVisible()).toBe(true);
      const top = (await summary.boundingBox())!;
      expect(top.y).toBeLessThan(320);
      expect(top.y + top.height).toBeLessThan(844 - 120);
      expect(await page.getByTestId("summary-npv").innerText()).toBe(await npv());
      expect(await page.getByTestId("summary-bcr").innerText()).toBe(await page.getByTestId("bcr").innerText());
      expect(await summary.innerText()).toMatch(/Nettonuvärde[\s\S]*Nytta per satsad krona[\s\S]*Återbetald år\s+(\d{4}|[^\n]+)/);
      // Its shortcut leads to the whole result.
      await summary.getByRole("link", { name: "Hela resultatet" }).click();
      expect(await page.evaluate(() => (globalThis as unknown as Win).document.activeElement?.id)).toBe("results-h");
      await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
      expect(await wide()).toBeLessThanOrEqual(390);
      expect(await smallestChartText()).toBeGreaterThanOrEqual(10);
      await page.screenshot({ path: `${SHOTS}workbench-phone.png` });
      await expectAccessible("workbench on a phone");
      for (const [name, hash, ready] of [
        ["plan", `#/plans/${plan}`, "Plan för telefonen"],
        ["scenario list", "#/scenarios", "Scenarier"],
        ["budget", `${page.url().replace(/^[^#]*/, "")}/budget`, "Budget och kostnadsdelning"],
        ["lägesbild", "#/lagesbild", "Indikatorer och lägesbild"],
        ["plans", "#/plans", "Åtgärdsplaner"],
        ["services", "#/services", "Lågtröskelverksamheter"],
        ["fund", "#/fund", "Social investeringsfond"],
        ["compare", "#/compare", "Jämför scenarier"],
      ] as const) {
        await page.evaluate((h) => ((globalThis as unknown as Win).location.hash = h), hash);
        await expect.poll(() => page.getByRole("heading", { level: 1, name: ready }).isVisible(), { timeout: 30_000, message: name }).toBe(true);
        if (name === "plan") await expect.poll(() => page.getByRole("heading", { name: "Uppföljning" }).count()).toBeGreaterThan(0);
        if (name === "budget") await expect.poll(() => page.getByTestId("budget").isVisible(), { timeout: 30_000 }).toBe(true);
        expect([name, await wide()]).toEqual([name, 390]);
        expect([name, (await smallestChartText()) >= 10]).toEqual([name, true]);
        if (name === "plan") await page.screenshot({ path: `${SHOTS}plan-phone.png`, fullPage: true });
      }
    } finally {
      await page.setViewportSize({ width: 1360, height: 900 });
      await page.evaluate(() => ((globalThis as unknown as Win).location.hash = "#/compare"));
    }
  });

  it("shows no summary on a laptop, where the whole result stands beside the editor in the first screen", async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    try {
      await page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name: "Scenarier" }).click();
      await page.getByRole("link", { name: /^Kalmar kommun/ }).first().click();
      await expect.poll(npv).toMatch(/mnkr/);
      expect(await page.getByTestId("key-summary").count()).toBe(0);
      const box = (await page.getByTestId("npv").boundingBox())!;
      expect(box.y + box.height).toBeLessThan(768);
      expect(await page.getByTestId("bcr").isVisible()).toBe(true);
      await expectAccessible("workbench on a laptop");
      // Narrowed to a phone's width, the summary comes; widened again, it goes.
      await page.setViewportSize({ width: 390, height: 844 });
      await expect.poll(() => page.getByTestId("key-summary").isVisible()).toBe(true);
      await page.setViewportSize({ width: 1366, height: 768 });
      await expect.poll(() => page.getByTestId("key-summary").count()).toBe(0);
    } finally {
      await page.setViewportSize({ width: 1360, height: 900 });
      await page.evaluate(() => ((globalThis as unknown as Win).location.hash = "#/compare"));
    }
  });

  it("switches to English", async () => {
    await page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Compare scenarios" }).isVisible()).toBe(true);
    await page.getByRole("link", { name: "Sikt" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Scenarios" }).isVisible()).toBe(true);
    await page.getByRole("link", { name: /^Kalmar kommun/ }).first().click();
    await expect.poll(npv).toMatch(/^SEK [−-]?[\d,.]+ m$/);
    await expect.poll(() => page.getByText("Net present value").first().isVisible()).toBe(true);
    await expectAccessible("workbench in English");
  });
});
