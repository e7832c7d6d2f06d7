/**
 * The decision report of the Kalmar example: its text says the key figures; the workbook
 * reopens (with openpyxl, an independent reader) with the same numbers; the PDF renders
 * (pdftoppm) and its text holds the key figures.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prepareScenario } from "@sikt/catalog/node";
import { evaluateScenario } from "@sikt/engine";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { chromiumPath, htmlToPdf } from "./pdf.js";
import { type ReportInput, reportHtml, reportSheets, sek, summaryText } from "./report.js";
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
if (required && !(openpyxl && pdfTools)) throw new Error("the report tests need python3-openpyxl, poppler-utils and chromium (.ci/run installs them)");

let input: ReportInput;
const dir = mkdtempSync(join(tmpdir(), "sikt-report-"));

beforeAll(() => {
  const prepared = prepareScenario(parse(readFileSync(new URL("../../../examples/kalmar.yaml", import.meta.url), "utf8")));
  if (!prepared.ok) throw new Error("invalid example");
  input = { scenario: prepared.scenario, result: evaluateScenario(prepared.scenario, { iterations: 500, seed: 880 }), overrides: prepared.overrides, catalogId: prepared.catalogId, date: "2026-11-23" };
});

describe("the decision report", () => {
  it("says the key figures, the uncertainty and the break-even in plain Swedish", () => {
    const text = summaryText(input).join(" ");
    expect(text).toContain("Nettonuvärdet är −47,6 mnkr.");
    expect(text).toContain("Varje satsad krona ger 0,75 kr tillbaka");
    expect(text).toMatch(/Effekterna skulle behöva vara 1,3 gånger de antagna/);
    expect(text).toMatch(/i \d+ % av 500 dragningar är nettonuvärdet positivt/);
    const html = reportHtml(input);
    expect(html).toContain("<html lang=\"sv\">");
    expect(html).toContain("Socialtjänsten");
    expect(html).toContain("SVT Nyheter Småland 2023"); // a unit cost's source
    expect(html).toContain("katalog se-2026.1");
    expect(html).not.toMatch(/unitCosts\[\d+\]/); // assumptions in words, not paths
    expect(sek(-1_303_000)).toBe("−1,3 mnkr");
  });

  it.skipIf(!openpyxl)("writes a workbook that reopens with the same numbers", () => {
    const file = join(dir, "kalmar.xlsx");
    writeFileSync(file, xlsx(reportSheets(input)));
    const read = execFileSync(python as string, [
      "-c",
      `import openpyxl, json, sys
wb = openpyxl.load_workbook(sys.argv[1])
k = {r[0]: r[1] for r in wb["Nyckeltal"].iter_rows(min_row=2, values_only=True)}
flows = list(wb["Flöden per aktör och år"].iter_rows(min_row=2, values_only=True))
print(json.dumps({"sheets": wb.sheetnames, "npv": k["Nettonuvärde (kr)"], "costs": k["Kostnader, nuvärde (kr)"], "rows": len(flows), "first": list(flows[0]), "header": [c.value for c in wb["Nyckeltal"][1]]}))`,
      file,
    ]).toString();
    const got = JSON.parse(read);
    const d = input.result.deterministic;
    expect(got.sheets).toEqual(["Nyckeltal", "Flöden per aktör och år", "Styckkostnader", "Effekter", "Monte Carlo"]);
    expect(got.npv).toBe(d.npv);
    expect(got.costs).toBe(d.pvCosts);
    expect(got.header).toEqual(["Nyckeltal", "Värde"]);
    const expectedRows = d.years.reduce((t, y) => t + Object.values(y.byPayer).filter((v) => v.costs !== 0 || v.savings !== 0).length, 0);
    expect(got.rows).toBe(expectedRows);
    expect(got.first[0]).toBe(2026);
  });

  it.skipIf(!pdfTools)("renders as a PDF whose text holds the key figures", { timeout: 60_000 }, async () => {
    const file = join(dir, "kalmar.pdf");
    writeFileSync(file, await htmlToPdf(reportHtml(input)));
    const text = execFileSync("pdftotext", ["-layout", file, "-"]).toString();
    expect(text).toContain("Nettonuvärdet är −47,6 mnkr");
    expect(text).toContain("Vem betalar och vem sparar");
    execFileSync("pdftoppm", ["-png", "-r", "50", "-f", "1", "-l", "1", file, join(dir, "page")]);
    expect(readFileSync(join(dir, "page-1.png")).subarray(1, 4).toString()).toBe("PNG");
  });
});
