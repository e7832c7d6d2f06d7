/**
 * Model version 2 in the workbench, in a real browser against the real server: the three
 * perspectives side by side, a link added between two outcomes of the Kalmar demo (beside the catalogue's own links), the chain
 * drawn with its caption and table, and the figures recalculated. Screenshots at laptop width
 * and at 390 px go to docs/screenshots/.
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, type E2E, expectAccessible, openPage, startE2E } from "./browser.js";

const SHOTS = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));

describe.skipIf(!CHROMIUM)("linked outcomes and perspectives in the workbench", () => {
  let e2e: E2E;
  let page: Page;

  beforeAll(async () => {
    e2e = await startE2E({ ownPassword: true });
    ({ page } = await openPage(e2e));
  }, 120_000);
  afterAll(async () => {
    await e2e?.close();
  });

  const npv = () => page.getByTestId("npv").innerText();

  it("shows the three perspectives side by side for the Kalmar demo", async () => {
    await page.goto(e2e.url);
    await page.getByLabel("E-postadress").fill("admin@kalmar.example");
    await page.getByLabel("Lösenord").fill(e2e.password);
    await page.keyboard.press("Enter");
    await page.getByRole("link", { name: /Kalmar kommun/ }).click();
    await expect.poll(npv).toMatch(/mnkr/);
    const table = page.getByTestId("perspectives");
    const headers = await table.locator("thead th").allInnerTexts();
    expect(headers.map((h) => h.split("\n")[0])).toEqual(["Offentlig sektor", "Samhällsekonomiskt", "Med livskvalitet"]);
    const net = table.locator("tbody tr", { has: page.getByRole("rowheader", { name: "Nettonuvärde" }) });
    // Society with quality of life counts every payer: the headline NPV.
    expect(await net.locator("td").nth(2).innerText()).toBe(await npv());
  });

  it("adds a link from early school problems to youth offending and sees the chain", async () => {
    const before = await npv();
    // The demo's catalogue already links outcomes (youth offending to an adult career, …): the section opens with them.
    const section = page.locator("details.links");
    if ((await section.getAttribute("open")) === null) await page.getByRole("heading", { name: "Följdutfall (länkar mellan utfall)" }).click();
    const rows = section.locator(".link-row");
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    const existing = await rows.count();
    await page.getByLabel("Från utfall").last().selectOption("tidiga-skolproblem");
    await page.getByLabel("Leder till").last().selectOption("ungdomsbrottslighet");
    await page.getByLabel("Andel (%)").last().fill("20");
    await page.getByLabel("Efter (år)").last().fill("3");
    await page.getByLabel("Utspritt över (år)").last().fill("5");
    await page.getByLabel("Källa").last().fill("Antagande i testet");
    await page.getByRole("button", { name: "Lägg till länk" }).click();
    const graph = page.getByTestId("chain-graph");
    await expect.poll(() => graph.isVisible()).toBe(true);
    expect((await graph.locator("text").allTextContents()).some((t) => /^20\s%$/.test(t))).toBe(true);
    await expect.poll(() => rows.count()).toBe(existing + 1);
    // The caption says the message in a few words; every link in words is folded under it.
    const caption = page.locator("#chain-caption");
    await expect.poll(() => caption.innerText()).toMatch(/^Kedjan av utfall\. \d+ länkar: en pil visar hur stor andel av fallen som leder vidare .* Flest undvikna fall genom en länk: .+ → .+, cirka [\d,]+\.$/);
    const words = page.locator("#chain-words");
    expect(await words.isVisible()).toBe(false);
    await page.locator(".chain-words summary").click();
    await expect.poll(() => words.innerText()).toMatch(/Skolproblem och skolfrånvaro i grundskolan .*leder till .*i 20\s% av fallen, 3–7 år senare\./);
    await expect.poll(() => words.innerText()).toMatch(/Av de cirka [\d,]+ undvikna fallen av ungdomsbrottslighet .*skulle cirka [\d,]+ ha lett vidare till/);
    // More avoided cases: the savings rise.
    await expect.poll(npv).not.toBe(before);
    await page.locator(".chain summary", { hasText: "Visa som tabell" }).click();
    await expect.poll(() => page.getByRole("region", { name: "Länkar mellan utfall" }).innerText()).toMatch(/Antagande i testet/);
    await expectAccessible(page, "workbench with links");

    mkdirSync(SHOTS, { recursive: true });
    await page.locator(".links").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}workbench-links.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    // Nothing widens the page beyond the screen: wide tables scroll in their own region.
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.locator(".chain").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}workbench-links-390.png` });
    await page.getByTestId("perspectives").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}workbench-perspectives-390.png` });
    await page.setViewportSize({ width: 1360, height: 900 });
  });

  it("removes the link again", async () => {
    const rows = page.locator("details.links .link-row");
    const withIt = await rows.count();
    await rows.getByRole("button", { name: /^Ta bort länken Skolproblem och skolfrånvaro i grundskolan → Ungdomsbrottslighet/ }).click();
    await expect.poll(() => rows.count()).toBe(withIt - 1);
  });
});
