/**
 * The decision report of the Kalmar example, as a committee and an economist get it: the PDF's
 * text (pdftotext) holds the version, the decision, the uncertainty analysis with its draws and
 * seed, the three perspectives and no internal id; no text runs past the right margin
 * (pdftotext -bbox); the workbook reopens in openpyxl with number formats, frozen headers,
 * filters and formulas, and LibreOffice, recomputing the formulas, gets the engine's net present
 * value — also after the discount rate is changed in its cell.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prepareScenario } from "@sikt/catalog/node";
import { evaluateScenario, parseScenario } from "@sikt/engine";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { fileStem } from "./names.js";
import { chromiumPath, htmlToPdf } from "./pdf.js";
import { avoidedText, overrideText, perspectivesOf, type ReportInput, reportHtml, sek, summaryText } from "./report.js";
import { NPV_CELL, RATE_CELL, reportSheets, SHEET } from "./workbook.js";
import { xlsx } from "./xlsx.js";

const has = (cmd: string, args: string[]) => {
  try {
    execFileSync(cmd, args, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};
const required = process.env.SIKT_REQUIRE_BROWSER === "1";
/** Debian's python3-openpyxl lives with the system's Python, which may not be first on the PATH. */
const python = ["/usr/bin/python3", "python3"].find((p) => has(p, ["-c", "import openpyxl"]));
const openpyxl = python !== undefined;
const pdfTools = has("pdftotext", ["-v"]) && !!chromiumPath();
const soffice = ["soffice", "libreoffice"].find((p) => has(p, ["--version"]));
if (required && !(openpyxl && pdfTools && soffice)) throw new Error("the report tests need python3-openpyxl, poppler-utils, chromium and libreoffice-calc-nogui (.ci/run installs them)");

let input: ReportInput;
const dir = mkdtempSync(join(tmpdir(), "sikt-report-"));

beforeAll(() => {
  const prepared = prepareScenario(parse(readFileSync(new URL("../../../examples/kalmar.yaml", import.meta.url), "utf8")));
  if (!prepared.ok) throw new Error("invalid example");
  input = {
    scenario: prepared.scenario,
    result: evaluateScenario(prepared.scenario, { iterations: 500, seed: 880 }),
    overrides: prepared.overrides,
    catalogId: prepared.catalogId,
    date: "2026-11-23",
    version: 3,
    versionDate: "2026-11-20T09:12:00.000Z",
    decision: { body: "Socialnämnden", date: "2026-11-22", reference: "SN 2026/118" },
    organisation: "Kalmar kommun",
  };
});

/** Every id of the scenario that could not pass for a word: with a hyphen, an underscore or a dot. */
const idLike = (input: ReportInput) =>
  [...input.scenario.payers, ...input.scenario.unitCosts, ...input.scenario.outcomes, ...input.scenario.interventions].map((x) => x.id).filter((id) => /[-_.]/.test(id));
const INTERNAL = /interventions\[|unitCosts\[|outcomes\[|payers\[|\bsamhalle\b|\bovrigt\b|\.amount\b|effects\[/;

describe("the decision report", () => {
  it("says the key figures, the uncertainty and the break-even in plain Swedish", () => {
    const text = summaryText(input).join(" ");
    expect(text).toContain("Nettonuvärdet är −47,6 mnkr.");
    expect(text).toContain("Varje satsad krona ger 0,75 kr tillbaka");
    expect(text).toMatch(/Effekterna skulle behöva vara 1,3 gånger de antagna/);
    expect(text).toMatch(/i \d+ % av 500 dragningar är nettonuvärdet positivt/);
    expect(text).toContain("Socialtjänsten (individ- och familjeomsorg) bär den största delen av kostnaderna");
    expect(sek(-1_303_000)).toBe("−1,3 mnkr");
  });

  it("counts avoided cases in correct Swedish and names catalogue changes in words", () => {
    expect(avoidedText(44.2)).toBe("omkring 44 undvikna fall");
    expect(avoidedText(1.2)).toBe("omkring ett undvikt fall");
    expect(avoidedText(0.3)).toBe("färre än ett fall (0,3)");
    const s = input.scenario;
    const fx = s.interventions.findIndex((x) => x.effects.length > 0);
    const outcome = s.outcomes.find((o) => o.id === s.interventions[fx]!.effects[0]!.outcome)!.name;
    expect(overrideText(`interventions[${fx}].effects[0].baselineRisk`, s)).toBe(`${s.interventions[fx]!.name}, effekt på ${outcome.charAt(0).toLowerCase()}${outcome.slice(1)}: risk utan insats`);
    expect(overrideText("unitCosts[0].amount", s)).toBe(`${s.unitCosts[0]!.name}: belopp`);
  });

  it("prints names, never the scenario's ids or paths, and states version, decision and perspectives", () => {
    const html = reportHtml(input);
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain("Version 3, sparad 2026-11-20");
    expect(html).toContain("Socialnämnden beslutade 2026-11-22 (SN 2026/118) om denna version.");
    for (const p of ["Offentlig sektor", "Samhällsekonomiskt", "Med livskvalitet"]) expect(html).toContain(p);
    expect(html).toContain("SVT Nyheter Småland 2023"); // a unit cost's source, as a footnote
    // A source's address is a link to follow.
    expect(html).toContain('<a href="https://doi.org/10.1016/j.cpr.2013.07.006">https://doi.org/10.1016/j.cpr.2013.07.006</a>');
    expect(html).toMatch(/\d[\d\u00a0 ]* kr \(\d[\d\u00a0 ]*–\d[\d\u00a0 ]*\)/); // an uncertain amount as a short range, once
    expect(html).not.toContain("osäker: fördelning");
    const text = html.replace(/<[^>]+>/g, " ");
    expect(text).not.toMatch(INTERNAL);
    for (const id of idLike(input)) expect([id, text.includes(id)]).toEqual([id, false]);
  });

  it("names every assumption of the sensitivity section in words, links and extent effects included, in the report and the workbook", () => {
    const s = input.scenario;
    const bars = input.result.sensitivity ?? [];
    const roles = new Set(bars.slice(0, 8).map((b) => b.role));
    // The Kalmar demo's eight largest bars include a link's probability and an effect on the extent.
    expect(roles.has("link.probability")).toBe(true);
    expect(roles.has("effect.extent")).toBe(true);
    const html = reportHtml(input);
    const section = /<section id="kanslighet">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? "";
    const text = section.replace(/<[^>]+>/g, " ").replace(/&gt;/g, ">");
    expect(text).not.toMatch(INTERNAL);
    expect(text).not.toMatch(/link\.probability|effect\.extent|effect\.|unitCost\.|\bAntagande:/);
    for (const id of idLike(input)) expect([id, text.includes(id)]).toEqual([id, false]);
    const link = bars.find((b) => b.role === "link.probability")!;
    const [, oi, li] = /outcomes\[(\d+)\]\.links\[(\d+)\]/.exec(link.parameter)!;
    const from = s.outcomes[Number(oi)]!;
    const to = s.outcomes.find((o) => o.id === from.links![Number(li)]!.outcome)!;
    expect(text).toContain(`Sannolikhet för följdutfall: ${from.name} → ${to.name}`);
    const extent = bars.find((b) => b.role === "effect.extent")!;
    const [, xi, ei] = /interventions\[(\d+)\]\.effects\[(\d+)\]/.exec(extent.parameter)!;
    const x = s.interventions[Number(xi)]!;
    expect(text).toContain(`Kortare eller mildare förlopp: ${x.name} → ${s.outcomes.find((o) => o.id === x.effects[Number(ei)]!.outcome)!.name}`);
    // The workbook's sheet: every bar (not only the report's eight) with what and whose, in words.
    const sheet = reportSheets(input).find((sh) => sh.name === SHEET.sensitivity)!;
    const rows = sheet.rows.slice(1);
    expect(rows.length).toBe(bars.length);
    for (const row of rows) {
      const words = `${String(row[0])} ${String(row[1])}`;
      expect(String(row[0])).not.toBe("Antagande");
      expect(words).not.toMatch(INTERNAL);
      for (const id of idLike(input)) expect([id, words.includes(id)]).toEqual([id, false]);
    }
    expect(rows.some((r) => r[0] === "Sannolikhet för följdutfall" && r[1] === `${from.name} → ${to.name}`)).toBe(true);
  });

  it("tells chains of linked outcomes in words and takes the perspectives from a version 2 result", () => {
    const parsed = parseScenario({
      version: 2,
      name: "Kedjor",
      startYear: 2026,
      horizonYears: 1,
      discountRate: 0.035,
      payers: [
        { id: "kommun-soc", name: "Socialtjänsten", group: "kommun" },
        { id: "liv-kvalitet", name: "Livskvalitet", group: "livskvalitet" },
      ],
      unitCosts: [
        { id: "kostnad-a", name: "Utredning", payer: "kommun-soc", amount: 1000 },
        { id: "kostnad-b", name: "Placering", payer: "kommun-soc", amount: 2000 },
        { id: "qaly-b", name: "Förlorad livskvalitet", payer: "liv-kvalitet", amount: 500 },
      ],
      outcomes: [
        { id: "ung-brott", name: "Upprepad ungdomsbrottslighet", consequences: [{ unitCost: "kostnad-a", quantityPerYear: 1 }], links: [{ outcome: "vuxen-karriar", probability: 0.2, after: { fromYear: 2, years: 1 } }] },
        { id: "vuxen-karriar", name: "Kriminell karriär i vuxen ålder", consequences: [{ unitCost: "kostnad-b", quantityPerYear: 1 }, { unitCost: "qaly-b", quantityPerYear: 1 }] },
      ],
      interventions: [{ id: "fft-x", name: "FFT", level: "individ", participants: [400], costs: [{ payer: "kommun-soc", perParticipant: 100 }], effects: [{ outcome: "ung-brott", baselineRisk: 0.25, relativeRiskReduction: 0.4 }] }],
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const v2: ReportInput = { scenario: parsed.scenario, result: evaluateScenario(parsed.scenario, { iterations: 200, seed: 1 }), date: "2026-11-23" };
    const html = reportHtml(v2);
    // 400 × 0.25 × 0.4 = 40 avoided, of which 0.2 would have gone on: 8.
    expect(html).toContain("Av de omkring 40 undvikna fallen av upprepad ungdomsbrottslighet skulle omkring 8 ha lett vidare till kriminell karriär i vuxen ålder (sannolikhet 20 %)");
    expect(html).toContain("Upprepad ungdomsbrottslighet: omkring 40 undvikna fall");
    const p = perspectivesOf(v2.result);
    const given = (v2.result.deterministic as unknown as { byPerspective: Record<string, { npv: number }> }).byPerspective;
    expect(p.medLivskvalitet.npv).toBe(given.medLivskvalitet!.npv);
    expect(p.medLivskvalitet.npv).toBeGreaterThan(p.samhallsekonomiskt.npv); // quality of life counts only there
    expect(html).toContain("Nettonuvärde, 90 %"); // the Monte Carlo bands per perspective
    const text = html.replace(/<[^>]+>/g, " ");
    for (const id of ["kommun-soc", "liv-kvalitet", "kostnad-a", "qaly-b", "ung-brott", "vuxen-karriar", "fft-x"]) expect([id, text.includes(id)]).toEqual([id, false]);
  });

  it("writes the J-curve's years apart from each other, the last one included", () => {
    const svg = /<svg[^>]*aria-label="Kumulativt diskonterat netto per år"[\s\S]*?<\/svg>/.exec(reportHtml(input))![0];
    const years = [...svg.matchAll(/<text x="([\d.]+)" y="220" font-size="11" text-anchor="middle">(\d{4})<\/text>/g)].map((m) => ({ x: Number(m[1]), year: Number(m[2]) }));
    const last = input.result.deterministic.years.at(-1)!.year;
    expect(years.at(-1)!.year).toBe(last);
    expect(years.length).toBeGreaterThan(4);
    // An 11-point year is about 27 units wide: centres at least 30 apart.
    for (let k = 1; k < years.length; k++) expect(years[k]!.x - years[k - 1]!.x).toBeGreaterThanOrEqual(30);
  });

  it("names every actor of the payer chart in full, a long name on two lines", () => {
    const svg = /<svg[^>]*aria-label="Kostnader och besparingar per aktör \(nuvärden\)"[\s\S]*?<\/svg>/.exec(reportHtml(input))![0];
    const texts = [...svg.matchAll(/<text x="4" y="([\d.]+)" font-size="(?:9|10)">([^<]*)<\/text>/g)].map((m) => ({ y: Number(m[1]), text: m[2]! }));
    // Lines 10 units apart belong to one name.
    const names: string[] = [];
    texts.forEach((t, k) => (k > 0 && t.y - texts[k - 1]!.y === 10 ? (names[names.length - 1] += ` ${t.text}`) : names.push(t.text)));
    const d = input.result.deterministic;
    const shown = input.scenario.payers.filter((p) => d.byPayer[p.id] && (d.byPayer[p.id]!.pvCosts !== 0 || d.byPayer[p.id]!.pvSavings !== 0)).map((p) => p.name);
    expect(names).toEqual(shown);
    expect(shown.some((n) => n.length > 36)).toBe(true);
  });

  it("links only http(s) addresses in sources, and prints markup in a source as text", () => {
    const s = structuredClone(input.scenario);
    s.unitCosts[0]!.source = 'Attack https://x.se/a"><script>alert(1)</script> och javascript:alert(2) <b>fet</b>';
    const html = reportHtml({ ...input, scenario: s });
    expect(html).not.toMatch(/<script>|<b>fet|href="javascript/);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; och javascript:alert(2) &lt;b&gt;fet&lt;/b&gt;");
    const hrefs = [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]!).filter((h) => !h.startsWith("#"));
    expect(hrefs.length).toBeGreaterThan(5);
    for (const h of hrefs) expect(h).toMatch(/^https?:\/\/[^\s<>"]+$/);
  });

  it("makes file names from the name and version, safe on Windows", () => {
    expect(fileStem("Kalmar – förebyggande program", 3)).toBe("Kalmar-forebyggande-program-v3");
    expect(fileStem('Plan: "Trygg" <Norr>/Söder?*', null)).toBe("Plan-Trygg-Norr-Soder");
    expect(fileStem("CON", 1)).toBe("CON-rapport-v1");
    expect(fileStem("   ", undefined, "lagesbild")).toBe("lagesbild");
    expect(fileStem("å".repeat(200)).length).toBeLessThanOrEqual(80);
  });

  it.skipIf(!pdfTools)("renders a PDF with version, uncertainty, perspectives and page numbers, no id, nothing past the margin", { timeout: 90_000 }, async () => {
    const file = join(dir, "kalmar.pdf");
    writeFileSync(file, await htmlToPdf(reportHtml(input)));
    const text = execFileSync("pdftotext", ["-layout", file, "-"]).toString();
    // A table's caption stands on the page of its first rows (pdftotext ends each page with a form feed).
    const pages = text.split("\f");
    for (const [caption, firstRow] of <const>[["Nyckeltal per perspektiv", "Offentlig sektor"], ["Per aktör: nuvärden över hela perioden", "Socialtjänsten"], ["Per aktör: nettonuvärde och sannolikhet att vinna", "Socialtjänsten"], ["Styckkostnader", "Polisens utredning"]]) {
      const at = pages.find((p) => p.includes(caption));
      expect([caption, at?.slice(at.indexOf(caption)).includes(firstRow)]).toEqual([caption, true]);
    }
    const flat = text.replace(/\s+/g, " ");
    expect(flat).toContain("Nettonuvärdet är −47,6 mnkr");
    expect(flat).toContain("Version 3, sparad 2026-11-20");
    expect(flat).toContain("Osäkerhetsanalys");
    expect(flat).toMatch(/drog varje osäkert antagande 500 gånger ur sin fördelning, med fröet 880/);
    for (const p of ["Offentlig sektor", "Samhällsekonomiskt", "Med livskvalitet", "Vem betalar och vem sparar", "Innehåll"]) expect(flat).toContain(p);
    expect(flat).toMatch(/Sida 1 av \d+/);
    // The sources' addresses are links in the PDF too.
    expect(readFileSync(file).toString("latin1")).toContain("/URI (https://doi.org/10.1016/j.cpr.2013.07.006)");
    expect(text).not.toMatch(INTERNAL);
    for (const id of idLike(input)) expect([id, text.includes(id)]).toEqual([id, false]);
    // Every word's box lies within the page less its right margin (14 mm, a little slack for rounding).
    const bbox = execFileSync("pdftotext", ["-bbox", file, "-"]).toString();
    const pageWidth = Number(/<page width="([\d.]+)"/.exec(bbox)![1]);
    const limit = pageWidth - (14 / 25.4) * 72 + 1;
    const over = [...bbox.matchAll(/<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].filter((m) => Number(m[1]) > limit).map((m) => m[2]);
    expect(over).toEqual([]);
    execFileSync("pdftoppm", ["-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", file, join(dir, "page")]);
    expect(readFileSync(join(dir, "page.png")).subarray(1, 4).toString()).toBe("PNG");
  });
});

describe("the workbook", () => {
  it.skipIf(!openpyxl)("reopens in openpyxl with Swedish names, number formats, frozen headers, filters and formulas", async () => {
    const file = join(dir, "kalmar.xlsx");
    writeFileSync(file, await xlsx(reportSheets(input)));
    const read = execFileSync(python as string, [
      "-c",
      `import openpyxl, json, sys
wb = openpyxl.load_workbook(sys.argv[1])
f = wb[${JSON.stringify(SHEET.flows)}]
k = wb[${JSON.stringify(SHEET.keys)}]
v = openpyxl.load_workbook(sys.argv[1], data_only=True)
print(json.dumps({
  "sheets": wb.sheetnames,
  "header": [c.value for c in f[1]],
  "row": [c.value for c in f[2]],
  "formats": [c.number_format for c in f[2]],
  "freeze": f.freeze_panes, "filter": f.auto_filter.ref,
  "npvFormula": k[${JSON.stringify(NPV_CELL)}].value, "rate": k[${JSON.stringify(RATE_CELL)}].value, "rateFormat": k[${JSON.stringify(RATE_CELL)}].number_format,
  "npvCached": v[${JSON.stringify(SHEET.keys)}][${JSON.stringify(NPV_CELL)}].value,
  "rows": f.max_row,
  "payerGroups": sorted(set(r[2] for r in f.iter_rows(min_row=2, values_only=True))),
}, default=str))`,
      file,
    ]).toString();
    const got = JSON.parse(read);
    const d = input.result.deterministic;
    expect(got.sheets).toEqual(Object.values(SHEET));
    expect(got.header).toEqual(["År", "Aktör", "Grupp", "Kostnader (kr)", "Besparingar (kr)", "Netto (kr)", "Diskonteringsfaktor", "Kostnader, nuvärde (kr)", "Besparingar, nuvärde (kr)", "Netto, nuvärde (kr)"]);
    expect(got.row[0]).toBe(2026);
    expect(got.row[5]).toBe("=E2-D2");
    expect(got.row[6]).toMatch(/^=1\/\(1\+'Nyckeltal'!\$B\$8\)\^\(A2-'Nyckeltal'!\$B\$6\)$/);
    expect(got.row[9]).toBe("=F2*G2");
    expect(got.formats[0]).toBe("0");
    expect(got.formats[3]).toMatch(/#,##0/);
    expect(got.formats[6]).toBe("0.000000");
    expect(got.freeze).toBe("A2");
    expect(got.filter).toMatch(/^A1:J\d+$/);
    expect(got.npvFormula).toBe("=B10-B9");
    expect(got.rate).toBe(0.035);
    expect(got.rateFormat).toBe("0.0%");
    expect(got.npvCached).toBeCloseTo(d.npv, 2);
    expect(got.payerGroups).toEqual(["Enskilda", "Kommunen", "Livskvalitet och brottsoffer", "Regionen", "Staten", "Övriga samhället"]);
  });

  it.skipIf(!openpyxl || !soffice)("LibreOffice, recomputing the formulas, gets the engine's NPV, and a new rate moves it as the engine would", { timeout: 180_000 }, async () => {
    const file = join(dir, "kalmar-lo.xlsx");
    writeFileSync(file, await xlsx(reportSheets(input)));
    // openpyxl saves formulas without their cached values, so LibreOffice must compute them.
    execFileSync(python as string, [
      "-c",
      `import openpyxl, sys
for rate, out in ((None, sys.argv[2]), (0.05, sys.argv[3])):
    wb = openpyxl.load_workbook(sys.argv[1])
    if rate is not None: wb[${JSON.stringify(SHEET.keys)}][${JSON.stringify(RATE_CELL)}].value = rate
    wb.save(out)`,
      file,
      join(dir, "same.xlsx"),
      join(dir, "five.xlsx"),
    ]);
    const out = join(dir, "lo");
    execFileSync(soffice as string, ["--headless", `-env:UserInstallation=file://${join(dir, "lo-profile")}`, "--convert-to", "xlsx", "--outdir", out, join(dir, "same.xlsx"), join(dir, "five.xlsx")], { stdio: "ignore", timeout: 150_000 });
    const values = JSON.parse(
      execFileSync(python as string, [
        "-c",
        `import openpyxl, json, sys
print(json.dumps([openpyxl.load_workbook(f, data_only=True)[${JSON.stringify(SHEET.keys)}][${JSON.stringify(NPV_CELL)}].value for f in sys.argv[1:]]))`,
        join(out, "same.xlsx"),
        join(out, "five.xlsx"),
      ]).toString(),
    ) as number[];
    const five = evaluateScenario({ ...input.scenario, discountRate: 0.05 }, { iterations: 0, sensitivity: false }).deterministic.npv;
    expect(values[0]).toBeCloseTo(input.result.deterministic.npv, 0);
    expect(values[1]).toBeCloseTo(five, 0);
    expect(Math.abs(five - input.result.deterministic.npv)).toBeGreaterThan(1e6);
  });
});
