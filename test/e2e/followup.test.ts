/**
 * The lägesbild-to-follow-up loop in a real browser against the real server: import an indicator
 * from pasted CSV (a bad row first: the problem by line, nothing imported), see its trend chart
 * and caption, write a lägesbild with a finding linked to it, build an action plan on it with a
 * measure modelled by the Kalmar demo scenario, report actuals (a small count hidden as "..", a
 * year off track for its cost), re-run the scenario with them, and register a low-threshold
 * service whose small counts of reach never reach the browser. axe-core on every new page;
 * screenshots go to docs/screenshots/.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, type E2E, expectAccessible as expectAccessibleOn, openPage, startE2E } from "./browser.js";

const SHOTS = fileURLToPath(new URL("../../docs/screenshots/", import.meta.url));
const KOLADA_FIXTURE = fileURLToPath(new URL("../../packages/followup/fixtures/kolada-N07403-places.json", import.meta.url));

const BAD_CSV = ["indikator;år;värde;befolkning", "Anmälda misshandelsbrott;2021;512;70500", "Anmälda misshandelsbrott;2022;många;71200", "Anmälda misshandelsbrott;2023;455;72304"].join("\n");
const GOOD_CSV = ["indikator;år;värde;befolkning", "Anmälda misshandelsbrott;2021;512;70500", "Anmälda misshandelsbrott;2022;498;71200", "Anmälda misshandelsbrott;2023;455;72304"].join("\n");

describe.skipIf(!CHROMIUM)("lägesbild, action plan and follow-up in Chromium", () => {
  let e2e: E2E;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    e2e = await startE2E({ ownPassword: true });
    ({ context, page } = await openPage(e2e, [409, 422]));
  }, 120_000);
  afterAll(async () => {
    await e2e?.close();
  });

  const expectAccessible = (name: string) => expectAccessibleOn(page, name);
  async function shot(name: string, fullPage = false) {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage });
  }
  /** The texts of every data cell of a table. */
  const cells = (table: ReturnType<Page["getByTestId"]>) => table.locator("td").allInnerTexts();

  it("logs in and reaches the lägesbild from the main menu", async () => {
    await page.goto(e2e.url);
    await page.getByLabel("E-postadress").fill("admin@kalmar.example");
    await page.getByLabel("Lösenord").fill(e2e.password);
    await page.getByRole("button", { name: "Logga in" }).click();
    const nav = page.getByRole("navigation", { name: "Huvudmeny" });
    await expect.poll(() => nav.getByRole("link", { name: "Indikatorer och lägesbild" }).isVisible()).toBe(true);
    await nav.getByRole("link", { name: "Indikatorer och lägesbild" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1, name: "Indikatorer och lägesbild" }).isVisible()).toBe(true);
    expect(await nav.getByRole("link", { name: "Indikatorer och lägesbild" }).getAttribute("aria-current")).toBe("page");
    await expectAccessible("lägesbild, empty");
  });

  it("sets the places to compare with", async () => {
    await expect.poll(() => page.getByTestId("places-summary").innerText()).toMatch(/^Kalmar.* \(0880\) jämförs/);
    await page.getByText("Ändra platserna").click();
    expect(await page.getByLabel("Kommunen: Kolada-kod").inputValue()).toBe("0880");
    await page.getByLabel("Kommunen: namn").fill("Kalmar");
    await page.getByLabel("Länet: Kolada-kod").fill("0008");
    await page.getByLabel("Länet: namn").fill("Kalmar län");
    await page.getByLabel("Riket: Kolada-kod").fill("0000");
    await page.getByLabel("Riket: namn").fill("Riket");
    await page.getByRole("button", { name: "Lägg till kommun" }).click();
    await page.getByLabel(/^Jämförelsekommun \d+: Kolada-kod/).last().fill("0780");
    await page.getByLabel(/^Jämförelsekommun \d+: namn/).last().fill("Växjö");
    await page.getByRole("button", { name: "Spara platserna" }).click();
    await expect.poll(() => page.getByText("Platserna är sparade.").isVisible()).toBe(true);
    expect(await page.getByTestId("places-summary").innerText()).toMatch(/^Kalmar \(0880\) jämförs med Kalmar län \(0008\), Riket \(0000\).* och Växjö \(0780\)\.$/);
  });

  it("refuses a CSV file with a bad row, by line and column, and imports nothing", async () => {
    await page.getByLabel("Klistra in CSV").fill(BAD_CSV);
    await page.getByLabel("Källa (vem som tagit fram uppgifterna)").fill("Polisen, anmälda brott; SCB, folkmängd");
    // The direction must be chosen before the file can be imported.
    expect(await page.getByRole("button", { name: "Importera CSV" }).isDisabled()).toBe(true);
    await page.getByLabel("Lägre värden är bättre (t.ex. anmälda brott)").check();
    await page.getByRole("button", { name: "Importera CSV" }).click();
    const problems = page.getByTestId("import-problems");
    await expect.poll(() => problems.isVisible()).toBe(true);
    const text = await problems.innerText();
    expect(text).toMatch(/Inget importerades/);
    // Every word of the problem in Swedish, the column named as the file names it.
    expect(text).toMatch(/Rad 3, värde: ”många” är inte ett tal \(skriv decimaler med komma: 12,5\)/);
    expect(text).not.toMatch(/is not|the header|value:/);
    expect(text).not.toMatch(/Rad 2|Rad 4/);
    expect(await page.getByText("Inga indikatorer ännu.", { exact: false }).isVisible()).toBe(true);
    expect(await page.getByTestId("indicators").count()).toBe(0);
    await expectAccessible("csv problems");
  });

  it("imports the corrected file and shows the trend per 100 000 inhabitants in words and as a table", async () => {
    await page.getByLabel("Klistra in CSV").fill(GOOD_CSV);
    await page.getByRole("button", { name: "Importera CSV" }).click();
    await expect.poll(() => page.getByTestId("import-done").innerText()).toMatch(/1 indikator \(Anmälda misshandelsbrott\) med 3 värden/);
    expect(await page.getByTestId("import-problems").count()).toBe(0);
    await expect.poll(() => page.getByTestId("indicators").innerText()).toMatch(/Anmälda misshandelsbrott/);
    const panel = page.getByTestId("indicator-Anmälda misshandelsbrott");
    const caption = panel.getByTestId("indicator-caption");
    // 455 of 72 304 inhabitants = 629,3 per 100 000; down 13 % from 726,2 in 2021: better for a crime.
    await expect.poll(() => caption.innerText()).toMatch(/^Kalmar: 629 per 100 000 inv\. 2023\. Från 2021 till 2023: bättre \(−13 %; lägre är bättre\)\.$/);
    expect(await panel.innerText()).toMatch(/Enhet: per 100 000 invånare/);
    expect(await panel.locator("svg[role=img] polyline").count()).toBe(1);
    await panel.getByRole("button", { name: "Visa som tabell" }).click();
    expect(await panel.locator("table").innerText()).toMatch(/Kalmar\s+726\s+699\s+629/);
    await panel.getByRole("button", { name: "Visa som tabell" }).click();
  });

  it("reads a CSV file saved by Swedish Excel in Windows-1252, with the direction chosen at import and changed afterwards", async () => {
    // The template can be downloaded, and is a file the import takes.
    const template = await page.getByRole("link", { name: "Ladda ner en mall (CSV)" }).getAttribute("href");
    expect(decodeURIComponent(template!.replace(/^data:text\/csv;charset=utf-8,/, ""))).toMatch(/^\uFEFFindikator;område;år;värde;befolkning;bättre\r\n/);
    // "CSV (semikolonavgränsad)" from Swedish Excel: Windows-1252, å ä ö one byte each.
    const text = "Indikator;Område;År;Värde\r\nAndel som känner sig trygga i området;;2022;71,5\r\nAndel som känner sig trygga i området;;2023;68,2\r\n";
    const file = join(mkdtempSync(join(tmpdir(), "sikt-csv-")), "trygghet.csv");
    writeFileSync(file, Buffer.from([...text].map((ch) => ch.charCodeAt(0))));
    await page.getByLabel("… eller välj en CSV-fil").setInputFiles(file);
    await expect.poll(() => page.getByTestId("csv-encoding").innerText()).toMatch(/Windows-1252/);
    expect(await page.getByLabel("Klistra in CSV").inputValue()).toContain("Område;År;Värde");
    await page.getByLabel("Källa (vem som tagit fram uppgifterna)").fill("Trygghetsmätningen, https://example.org/trygghet");
    await page.getByLabel("Högre värden är bättre (t.ex. andel trygga)").check();
    await page.getByRole("button", { name: "Importera CSV" }).click();
    await expect.poll(() => page.getByTestId("import-done").first().innerText()).toMatch(/Andel som känner sig trygga i området/);
    const caption = page.getByTestId("indicator-Andel som känner sig trygga i området").getByTestId("indicator-caption");
    // 71,5 → 68,2 with higher better: a worsening, not an improvement.
    await expect.poll(() => caption.innerText()).toMatch(/Från 2022 till 2023: sämre \(−[\d,]+ %; högre är bättre\)\.$/);
    const row = page.getByTestId("indicators").getByRole("row", { name: /Andel som känner sig trygga i området/ });
    expect(await row.innerText()).toMatch(/högre/);
    // The address in the source is a link to follow, in the table and under the chart.
    const panel = page.getByTestId("indicator-Andel som känner sig trygga i området");
    for (const link of [row.locator("a.source-link"), panel.locator("a.source-link")]) {
      expect(await link.getAttribute("href")).toBe("https://example.org/trygghet");
      expect(await link.getAttribute("target")).toBe("_blank");
    }
    expect(await panel.innerText()).toMatch(/Källa: Trygghetsmätningen, https:\/\/example\.org\/trygghet\./);
    // The direction can be changed afterwards, and is kept.
    await row.getByRole("button", { name: /^Ändra/ }).click();
    await page.getByRole("form", { name: /^Ändra Andel som känner sig trygga/ }).getByLabel("Högre värden är bättre").uncheck();
    await page.getByRole("button", { name: "Spara indikatorn" }).click();
    await expect.poll(() => caption.innerText()).toMatch(/bättre \(−[\d,]+ %; lägre är bättre\)\.$/);
    await page.reload();
    await expect.poll(() => page.getByTestId("indicators").getByRole("row", { name: /Andel som känner sig trygga i området/ }).innerText()).toMatch(/lägre/);
    // Back to the truth, and away with it so that the walk below has its one indicator.
    page.once("dialog", (d) => void d.accept());
    await page.getByTestId("indicators").getByRole("row", { name: /Andel som känner sig trygga i området/ }).getByRole("button", { name: /^Ta bort/ }).click();
    await expect.poll(() => page.getByTestId("indicators").innerText()).not.toMatch(/trygga/);
  });

  it("imports a saved Kolada file and compares the municipality with the county, the country and a peer", async () => {
    await page.getByLabel("Kolada-fil").setInputFiles(KOLADA_FIXTURE);
    await page.getByLabel("Namn (valfritt)").first().fill("Anmälda våldsbrott, exempeldata");
    await page.getByLabel("Enhet (valfritt)").first().fill("per 1 000 inv.");
    await page.getByRole("button", { name: "Importera Kolada-filen" }).click();
    await expect.poll(() => page.getByRole("group", { name: "En sparad Kolada-fil (JSON)" }).getByTestId("import-done").innerText()).toMatch(/1 indikator/);
    const caption = page.getByTestId("indicator-N07403").getByTestId("indicator-caption");
    await expect.poll(() => caption.innerText()).toMatch(/^Kalmar: 2,1 per 1 000 inv\. 2023, .*lägre än riket \(2,9\)/);
    expect(await caption.innerText()).toMatch(/Kalmar län/);
    expect(await caption.innerText()).toMatch(/Växjö/);
    expect(await page.getByTestId("indicator-N07403").locator("svg[role=img] polyline").count()).toBeGreaterThanOrEqual(3);
    await page.getByTestId("indicator-N07403").scrollIntoViewIfNeeded();
    await page.getByTestId("indicator-N07403").screenshot({ path: `${SHOTS}indicator.png` });
    await page.getByRole("heading", { level: 1 }).scrollIntoViewIfNeeded();
    await shot("indicators", true);
    await expectAccessible("indicators and charts");
  });

  let lagesbildUrl = "";
  it("writes a lägesbild in the law's three parts with a finding shown by the indicator", async () => {
    await page.getByLabel("Rubrik på ny lägesbild").fill("Lägesbild Kalmar 2025");
    await page.getByLabel("År som lägesbilden beskriver").fill("2025");
    await page.getByRole("button", { name: "Skapa lägesbild" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toBe("Lägesbild Kalmar 2025");
    lagesbildUrl = page.url();
    for (const h of ["1. Kartläggning", "2. Annan relevant information", "3. Analys"]) expect(await page.getByRole("heading", { level: 2, name: h }).isVisible()).toBe(true);
    await page.getByRole("checkbox", { name: /^Anmälda misshandelsbrott/ }).check();
    await page.getByLabel("Varför Anmälda misshandelsbrott?").fill("Våld i offentlig miljö är det som oroar mest i trygghetsmätningen.");
    await page.getByLabel("Källor", { exact: true }).fill("Polisens anmälningsstatistik, SCB:s folkmängd.");
    await page.getByLabel("Begränsningar i kunskapen").fill("Mörkertalet är stort; anmälningar speglar också polisens närvaro.");
    await page.getByLabel(/^Annan relevant information/).fill("Skolans trygghetsenkät och fältgruppens iakttagelser.");
    await page.getByLabel("Analys: orsaker och samband").fill("Våldet är koncentrerat till centrum kvällstid och till unga män.");
    await page.getByRole("button", { name: "Lägg till fynd" }).click();
    const finding = page.getByRole("group", { name: /^Fynd 1/ });
    await finding.getByLabel("Slag").selectOption({ label: "Problem" });
    await finding.getByLabel("Nivå").selectOption({ label: "Individ" });
    await finding.getByLabel("Rubrik").fill("Våld bland unga i centrum");
    await finding.getByLabel("Beskrivning").fill("Unga som både utsätts för och utövar våld.");
    await finding.getByRole("group", { name: "Visas av indikatorerna" }).getByRole("checkbox", { name: "Anmälda misshandelsbrott" }).check();
    await page.getByRole("button", { name: "Spara lägesbilden" }).click();
    await expect.poll(() => page.getByText("Sparat (version 2).").isVisible()).toBe(true);
    await expectAccessible("lägesbild editor");
    await shot("lagesbild", true);
    const html = await context.request.get(`${e2e.url}${(await page.getByRole("link", { name: "HTML" }).getAttribute("href"))!}`);
    expect(html.status()).toBe(200);
    const text = await html.text();
    expect(text).toMatch(/Kartläggning/);
    expect(text).toMatch(/Våld bland unga i centrum/);
  });

  it("says clearly when someone else saved the lägesbild in between", async () => {
    const other = await context.newPage();
    await other.goto(lagesbildUrl);
    await other.getByLabel("Analys: orsaker och samband").fill("Ändrad i en annan flik.");
    await other.getByRole("button", { name: "Spara lägesbilden" }).click();
    await expect.poll(() => other.getByText("Sparat (version 3).").isVisible()).toBe(true);
    await other.close();
    await page.getByLabel("Begränsningar i kunskapen").fill("Ändrad här också.");
    await page.getByRole("button", { name: "Spara lägesbilden" }).click();
    await expect.poll(() => page.getByRole("alert").innerText()).toMatch(/Version 3 har sparats av någon annan/);
    await page.getByRole("button", { name: "Ladda senaste versionen" }).click();
    await expect.poll(() => page.getByLabel("Analys: orsaker och samband").inputValue()).toBe("Ändrad i en annan flik.");
  });

  /** Whether the browser would ask before reloading or closing the tab (a cancelled beforeunload). */
  const asksBeforeUnload = () =>
    page.evaluate(() => {
      const e = new Event("beforeunload", { cancelable: true });
      (globalThis as unknown as { dispatchEvent(e: Event): boolean }).dispatchEvent(e);
      return e.defaultPrevented;
    });
  /** Answers the next dialog (accept or dismiss) and gives its message. */
  function nextDialog(accept: boolean): () => string {
    let asked = "";
    page.once("dialog", (d) => {
      asked = d.message();
      void (accept ? d.accept() : d.dismiss());
    });
    return () => asked;
  }

  it("asks before unsaved edits of the lägesbild are lost, in Swedish and in English", async () => {
    const nav = page.getByRole("navigation", { name: "Huvudmeny" });
    expect(await asksBeforeUnload()).toBe(false);
    await page.getByLabel("Analys: orsaker och samband").fill("Ett utkast som inte är sparat.");
    expect(await asksBeforeUnload()).toBe(true);
    // A link away: staying keeps the page and the edit.
    let asked = nextDialog(false);
    await nav.getByRole("link", { name: "Åtgärdsplaner" }).click();
    await expect.poll(asked).toBe("Du har ändringar som inte är sparade. Lämna sidan ändå? Ändringarna försvinner.");
    expect(page.url()).toBe(lagesbildUrl);
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Lägesbild Kalmar 2025");
    expect(await page.getByLabel("Analys: orsaker och samband").inputValue()).toBe("Ett utkast som inte är sparat.");
    // In English the question is in English; leaving drops the edit, and the plans page asks nothing more.
    await page.getByRole("button", { name: "English" }).click();
    try {
      asked = nextDialog(true);
      await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Action plans" }).click();
      await expect.poll(asked).toBe("You have changes that are not saved. Leave the page anyway? The changes will be lost.");
      await expect.poll(() => page.getByRole("heading", { level: 1, name: "Action plans" }).isVisible()).toBe(true);
      expect(await asksBeforeUnload()).toBe(false);
    } finally {
      await page.getByRole("button", { name: "Svenska" }).click();
    }
    await page.goto(lagesbildUrl);
    await expect.poll(() => page.getByLabel("Analys: orsaker och samband").inputValue()).toBe("Ändrad i en annan flik.");
    // Saved edits leave without a question.
    await page.getByLabel("Analys: orsaker och samband").fill("Våldet är koncentrerat till centrum kvällstid och till unga män.");
    await page.getByRole("button", { name: "Spara lägesbilden" }).click();
    await expect.poll(() => page.getByText("Sparat (version 4).").isVisible()).toBe(true);
    expect(await asksBeforeUnload()).toBe(false);
  });

  let planUrl = "";
  it("builds an action plan on the lägesbild with a measure modelled by the Kalmar scenario", async () => {
    await page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name: "Åtgärdsplaner" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1, name: "Åtgärdsplaner" }).isVisible()).toBe(true);
    await expectAccessible("plans, empty");
    await page.getByLabel("Planens rubrik").fill("Trygg i Kalmar 2026–2028");
    await expect.poll(() => page.getByLabel("Bygger på lägesbild").inputValue()).not.toBe("");
    await page.getByLabel("Från år").fill("2026");
    await page.getByLabel("Till år").fill("2028");
    await page.getByRole("button", { name: "Skapa åtgärdsplan" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toBe("Trygg i Kalmar 2026–2028");
    planUrl = page.url();
    await page.getByRole("button", { name: "Lägg till åtgärd" }).click();
    const measure = page.getByTestId("measure-1");
    await measure.getByLabel("Åtgärdens rubrik").fill("Föräldrastöd i grupp (Komet)");
    await measure.getByLabel("Nivå").selectOption({ label: "Individ" });
    await measure.getByLabel("Beskrivning").fill("Föräldrar till barn med utagerande beteende.");
    await measure.getByLabel(/^Ansvariga aktörer/).fill("Socialförvaltningen, Barn- och ungdomsförvaltningen");
    const individ = measure.getByRole("group", { name: "Individ", exact: true });
    expect(await individ.innerText()).toMatch(/Våld bland unga i centrum\s*Problem/);
    await individ.getByRole("checkbox", { name: /Våld bland unga i centrum/ }).check();
    for (const y of [2026, 2027, 2028]) {
      await measure.getByLabel(`Planerade deltagare ${y}`).fill("20");
      await measure.getByLabel(`Budget ${y}`).fill("500000");
    }
    await measure.getByRole("combobox", { name: /^Scenario/ }).selectOption({ label: "Kalmar kommun – förebyggande program 2026–2045" });
    const intervention = measure.getByLabel("Insats i scenariot");
    await expect.poll(() => intervention.locator("option").allInnerTexts()).toContainEqual(expect.stringMatching(/Komet/));
    await intervention.selectOption({ label: (await intervention.locator("option").allInnerTexts()).find((o) => /Komet/.test(o))! });
    await measure.getByRole("checkbox", { name: "Anmälda misshandelsbrott" }).check();
    await measure.getByLabel(/^Målvärde/).fill("550");
    await measure.getByLabel("Målår (valfritt)").fill("2028");
    await page.getByRole("button", { name: "Spara planen" }).click();
    await expect.poll(() => page.getByText("Sparat (version 2).").isVisible()).toBe(true);
    // The scenario's forecast for Komet: 22 participants a year.
    const table = page.locator(".followup-table");
    await expect.poll(() => table.locator("tbody tr").first().innerText()).toMatch(/^2026\s+20\s+22\s+–/);
    // The indicator against its target: 629 per 100 000 in 2023, above 550, before the target year.
    await expect.poll(() => page.getByTestId("targets").innerText()).toMatch(/Anmälda misshandelsbrott\s+550 år 2028\s+629 \(2023\)\s+Inte ännu/);
    await expectAccessible("plan editor");
    await shot("plan", true);
  });

  it("follows up: a small count hidden as '..', a year off track for its cost, and the scenario re-run", async () => {
    await page.getByLabel("Faktiska deltagare 2026").fill("3");
    await page.getByLabel("Faktisk kostnad 2026").fill("450000");
    await page.getByLabel("Faktiska deltagare 2027").fill("18");
    await page.getByLabel("Faktisk kostnad 2027").fill("700000");
    await page.getByLabel("Kommentar 2027").fill("Extra lokalhyra under hösten.");
    await page.getByRole("button", { name: /^Spara utfall/ }).click();
    await expect.poll(() => page.getByText("Utfallet är sparat.").isVisible()).toBe(true);

    const rows = page.locator(".followup-table tbody tr");
    const y2026 = rows.filter({ has: page.locator("th", { hasText: "2026" }) });
    const y2027 = rows.filter({ has: page.locator("th", { hasText: "2027" }) });
    await expect.poll(() => y2026.locator("td").nth(2).innerText()).toMatch(/^\.\./);
    expect(await y2027.getAttribute("class")).toBe("off-track");
    // 3 of 20 planned: the count is hidden, and the status, judged on the cost alone, does not tell whether it is short of the plan.
    expect(await y2026.locator("td").last().innerText()).not.toMatch(/deltagare/);
    const status2027 = await y2027.locator("td").last().innerText();
    expect(status2027).toMatch(/Avviker/);
    expect(status2027).toMatch(/högre kostnad än budgeterat/);
    expect(status2027).toMatch(/Extra lokalhyra/);
    expect(await y2027.innerText()).toMatch(/700 tkr/);
    expect(await y2027.innerText()).toMatch(/\+200 tkr \(\+40 %\)/);
    expect(await page.locator(".measure-followup .badge").first().innerText()).toBe("Avviker");
    // The raw small count is nowhere in the follow-up; the one who entered it sees it in the entry form, marked as hidden from others.
    for (const t of await cells(page.getByTestId("participants-table"))) expect(t.trim()).not.toBe("3");
    for (const t of await rows.locator("td").allInnerTexts()) expect(t.trim()).not.toMatch(/^3$/);
    await expect.poll(() => page.getByLabel("Faktiska deltagare 2026").inputValue()).toBe("3");
    expect(await page.getByText("dolt för andra; du matade in det").isVisible()).toBe(true);
    expect(await page.getByText("Dolt: färre än 5 personer, eller för att ett dolt värde inte ska kunna räknas fram.").isVisible()).toBe(true);

    // Correcting the cost alone keeps the hidden count.
    await page.getByLabel("Faktisk kostnad 2026").fill("460000");
    await page.getByRole("button", { name: /^Spara utfall/ }).click();
    await expect.poll(() => y2026.innerText()).toMatch(/460 tkr/);
    expect(await y2026.locator("td").nth(2).innerText()).toMatch(/^\.\./);
    expect(await y2026.locator("td").last().innerText()).not.toMatch(/deltagare/);

    await page.getByRole("button", { name: "Räkna om med utfall" }).click();
    const rerun = page.getByTestId("rerun");
    await expect.poll(() => rerun.isVisible(), { timeout: 60_000 }).toBe(true);
    const npv = await rerun.getByRole("row", { name: /Nettonuvärde/ }).innerText();
    expect(npv).toMatch(/Nettonuvärde\s+−?[\d ,]+ (mnkr|tkr|kr)\s+−?[\d ,]+ (mnkr|tkr|kr)/);
    expect(await rerun.innerText()).toMatch(/Hela kalkylscenariot Kalmar kommun – förebyggande program 2026–2045/);
    expect(await rerun.innerText()).toMatch(/Planerat\s+Med utfall/);
    await page.locator(".followup").scrollIntoViewIfNeeded();
    await page.locator(".followup").screenshot({ path: `${SHOTS}followup.png` });
    await expectAccessible("follow-up");

    const xlsx = await context.request.get(`${e2e.url}${(await page.getByRole("link", { name: "Excel" }).getAttribute("href"))!}`);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()["content-type"]).toMatch(/spreadsheetml/);
    const html = await context.request.get(`${e2e.url}${(await page.getByRole("link", { name: "HTML" }).getAttribute("href"))!}`);
    expect(html.status()).toBe(200);
    expect(await html.text()).toMatch(/Föräldrastöd i grupp \(Komet\)/);
  });

  it("keeps the follow-up after a reload, and in English", async () => {
    await page.goto(planUrl);
    await page.reload();
    await expect.poll(() => page.locator(".followup-table tbody tr").count()).toBe(3);
    await page.getByRole("button", { name: "English" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 2, name: "Follow-up" }).isVisible()).toBe(true);
    try {
      expect(await page.locator('tr.off-track[data-year="2027"]').innerText()).toMatch(/Off track higher cost than budgeted/);
      expect(await page.locator('tr[data-year="2026"]').innerText()).not.toMatch(/participants/);
      expect(await page.getByText("Hidden: fewer than 5 people").isVisible()).toBe(true);
      await expectAccessible("follow-up in English");
    } finally {
      await page.getByRole("button", { name: "Svenska" }).click();
    }
  });

  it("registers a low-threshold service with its decision and shows its reach suppressed", async () => {
    await page.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name: "Lågtröskelverksamheter" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1, name: "Lågtröskelverksamheter" }).isVisible()).toBe(true);
    await expectAccessible("services, empty");
    await page.getByRole("button", { name: "Ny verksamhet" }).click();
    await page.getByLabel("Verksamhetens namn").fill("Öppen fritidsgård Norrliden");
    await page.getByLabel("Utförare").fill("Kultur- och fritidsförvaltningen");
    await page.getByLabel(/^Åldersgrupper/).fill("13–15, 16–18");
    await page.getByLabel(/^Förväntat antal deltagare per år \(modellerat\)/).fill("120");
    await page.getByLabel("Beslutande organ").fill("Socialnämnden");
    await page.getByLabel("Beslutsdatum").fill("2026-01-20");
    await page.getByLabel("Diarienummer eller paragraf").fill("SN 2026/14 § 7");
    await page.getByLabel("Villkor i beslutet").fill("Utan registrering av besökarna; följs upp varje kvartal.");
    await expectAccessible("new service form");
    await page.getByRole("button", { name: "Lägg till i registret" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText()).toBe("Öppen fritidsgård Norrliden");

    await page.getByLabel(/^Period/).fill("2026-Q1");
    await page.getByLabel("Antal besök").fill("240");
    await page.getByLabel("Deltagare 13–15, flickor").fill("3");
    await page.getByLabel("Deltagare 13–15, pojkar").fill("12");
    await page.getByLabel("Deltagare 13–15, annat").fill("0");
    await page.getByLabel("Deltagare 16–18, flickor").fill("8");
    await page.getByLabel("Deltagare 16–18, pojkar").fill("9");
    await page.getByRole("button", { name: "Spara perioden" }).click();
    await expect.poll(() => page.getByText("Räckvidden för 2026-Q1 är sparad.").isVisible()).toBe(true);
    const reach = page.getByTestId("reach-2026-Q1");
    await expect.poll(() => reach.isVisible()).toBe(true);
    const shown = (await cells(reach)).map((t) => t.replace(/\s*dolt$/, "").trim());
    expect(shown).toContain("..");
    expect(shown).not.toContain("3");
    expect(shown).toContain("0");
    // The form is emptied: the small count typed is not left on the screen.
    expect(await page.getByLabel("Deltagare 13–15, flickor").inputValue()).toBe("");
    // What was saved is shown back below the form, the small count as "färre än 5" and no totals.
    const saved = page.getByTestId("saved-reach");
    expect(await saved.locator("caption").innerText()).toBe("Det du sparade för 2026-Q1 · Besök: 240");
    expect(await saved.locator("tbody tr").allInnerTexts()).toEqual(["13–15\tfärre än 5\t12\t0", "16–18\t8\t9\t–"]);
    expect(await page.getByTestId("reach").innerText()).toMatch(/Förväntat antal deltagare per år \(modellerat\)\s*120/);
    expect(await page.getByText("Dolt: färre än 5 personer, eller för att ett dolt värde inte ska kunna räknas fram.").isVisible()).toBe(true);
    await shot("service", true);
    await expectAccessible("service with reach");

    // A period typed but not saved: leaving asks first.
    await page.getByLabel(/^Period/).fill("2026-Q2");
    expect(await asksBeforeUnload()).toBe(true);
    const asked = nextDialog(false);
    await page.getByRole("link", { name: "← Lågtröskelverksamheter" }).click();
    await expect.poll(asked).toMatch(/^Du har ändringar som inte är sparade/);
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Öppen fritidsgård Norrliden");
    await page.getByLabel(/^Period/).fill("");
    expect(await asksBeforeUnload()).toBe(false);

    await page.getByRole("link", { name: "← Lågtröskelverksamheter" }).click();
    const register = page.getByTestId("services");
    await expect.poll(() => register.innerText()).toMatch(/Öppen fritidsgård Norrliden\s+Kultur- och fritidsförvaltningen\s+Socialnämnden\s+20 jan\.? 2026\s+SN 2026\/14 § 7\s+Nej/);
    await shot("services");
    await expectAccessible("service register");
    const html = await context.request.get(`${e2e.url}${(await page.getByRole("link", { name: "HTML" }).getAttribute("href"))!}`);
    expect(html.status()).toBe(200);
    expect(await html.text()).toMatch(/Öppen fritidsgård Norrliden/);
  });
});
