/**
 * A report cannot be turned against the machine that renders it: a lägesbild and a plan whose
 * year, title and names hold markup, an iframe and a script aimed at a local listener are printed
 * as text, and the renderer reaches nothing even when handed raw markup. Control characters do
 * not make a workbook ill-formed.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { followUp, indicatorView, type ActionPlan, type Indicator, type Lagesbild } from "@sikt/followup";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lagesbildHtml, planHtml } from "./followup-report.js";
import { html, htmlString, page } from "./html.js";
import { chromiumPath, htmlToPdf } from "./pdf.js";
import { xlsx } from "./xlsx.js";

const has = (cmd: string, args: string[]) => {
  try {
    execFileSync(cmd, args, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};
const pdfTools = has("pdftotext", ["-v"]) && !!chromiumPath();
const python = ["/usr/bin/python3", "python3"].find((p) => has(p, ["-c", "import openpyxl"]));
if (process.env.SIKT_REQUIRE_BROWSER === "1" && !(pdfTools && python)) throw new Error("the report tests need poppler-utils, chromium and python3-openpyxl (.ci/run installs them)");

const dir = mkdtempSync(join(tmpdir(), "sikt-report-sec-"));
let listener: Server;
const hits: string[] = [];
let base = "";

beforeAll(async () => {
  listener = createServer((req, res) => {
    hits.push(req.url ?? "");
    res.end("SECRET-FROM-LISTENER");
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => listener.close(() => resolve())));

/** Markup that would load the listener three ways if it were printed raw. */
const attack = () =>
  `<iframe src="${base}/iframe"></iframe><img src="${base}/img"><script>fetch("${base}/script").then(r=>r.text()).then(t=>document.body.append(t))</script><link rel="stylesheet" href="${base}/css"><b>fet</b>`;

const lagesbild = (): Lagesbild => ({
  title: `Lägesbild ${attack()}`,
  year: attack() as unknown as number, // what an unchecked import could store
  mapping: { indicators: [], sources: attack(), limitations: "" },
  otherInformation: "",
  analysis: "",
  findings: [{ id: "f1", kind: "problem", level: "individ", title: attack(), description: "", indicatorIds: [] }],
});

const plan = (): ActionPlan => ({
  title: `Plan ${attack()}`,
  lagesbildId: null,
  startYear: attack() as unknown as number,
  endYear: 2027,
  tolerance: 0.1,
  measures: [
    {
      id: "m1",
      title: `Åtgärd ${attack()}`,
      description: attack(),
      level: "individ",
      findingIds: [],
      responsible: [attack()],
      startYear: attack() as unknown as number,
      endYear: 2027,
      planned: [{ year: 2026, participants: 10, cost: 1000 }],
      scenario: null,
      indicators: [],
    },
  ],
});

describe("reports escape what they print", () => {
  it("prints the markup of names and years as text", () => {
    const l = lagesbildHtml({ organisation: attack(), date: "2026-11-23", lagesbild: lagesbild(), views: [] });
    const p = planHtml({ organisation: "Kalmar", date: "2026-11-23", plan: plan(), lagesbild: null, followup: followUp(plan(), []), indicators: [], scenarios: {} });
    for (const doc of [l, p]) {
      expect(doc).not.toMatch(/<(iframe|img|script|link rel="stylesheet"|b>)/);
      expect(doc).toContain("&lt;iframe src=&quot;");
      expect(doc).not.toContain("Avser &lt;"); // a year that is not a number is printed as "–"
    }
    expect(l).toContain("Avser –");
    expect(htmlString(html`<p>${"<b>"}${html`<i>ok</i>`}</p>`)).toBe("<p>&lt;b&gt;<i>ok</i></p>");
  });

  it("links an indicator's source where it writes out an http(s) address, and prints markup in it as text", () => {
    const indicator: Indicator = { id: "i1", code: "egen-1", name: "Trygghet", unit: "%", kind: "rate", source: `Trygghetsmätningen, https://example.org/trygghet ${attack()} javascript:alert(1)`, higherIsBetter: true };
    const places = { municipality: { code: "0880", name: "Kalmar" }, county: null, country: null, peers: [] };
    const points = [2022, 2023].map((year) => ({ indicatorId: "i1", place: "0880", year, value: 70, population: null }));
    const l = lagesbildHtml({
      organisation: "Kalmar",
      date: "2026-12-03",
      lagesbild: { ...lagesbild(), mapping: { indicators: [{ indicatorId: "i1", why: "" }], sources: "", limitations: "" } },
      views: [indicatorView(indicator, points, places)],
    });
    expect(l).toContain('Källa: Trygghetsmätningen, <a href="https://example.org/trygghet">https://example.org/trygghet</a> &lt;iframe');
    expect(l).not.toMatch(/<(iframe|img|script)|href="javascript/);
  });

  it.skipIf(!pdfTools)("renders the PDF without a request: markup as text, and raw markup reaches nothing", { timeout: 120_000 }, async () => {
    const l = lagesbildHtml({ organisation: "Kalmar", date: "2026-11-23", lagesbild: lagesbild(), views: [] });
    const p = planHtml({ organisation: "Kalmar", date: "2026-11-23", plan: plan(), lagesbild: null, followup: followUp(plan(), []), indicators: [], scenarios: {} });
    // The renderer's own defences, without the escaping: raw markup, no document policy.
    const raw = `<!doctype html><html><body><h1>Rå</h1>${attack()}<object data="${base}/object"></object><video src="${base}/video"></video><style>@import url("${base}/import");body{background:url("${base}/bg")}</style></body></html>`;
    for (const [name, doc] of [["lagesbild", l], ["plan", p], ["raw", raw]] as const) {
      const file = join(dir, `${name}.pdf`);
      writeFileSync(file, await htmlToPdf(doc));
      const text = execFileSync("pdftotext", ["-layout", file, "-"]).toString();
      expect(text).not.toContain("SECRET-FROM-LISTENER");
      if (name !== "raw") {
        expect(text.replace(/\s+/g, " ")).toContain(`<iframe src="${base}/iframe"></iframe>`);
        expect(text).toContain("<script>fetch(");
        // Long unbroken markup in table cells still keeps within the right margin (14 mm).
        const bbox = execFileSync("pdftotext", ["-bbox", file, "-"]).toString();
        const limit = Number(/<page width="([\d.]+)"/.exec(bbox)![1]) - (14 / 25.4) * 72 + 1;
        expect([...bbox.matchAll(/<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"/g)].filter((m) => Number(m[1]) > limit)).toEqual([]);
      }
    }
    // A fetch that would have gone out is in flight well within this wait.
    await new Promise((r) => setTimeout(r, 300));
    expect(hits).toEqual([]);
  });

  it.skipIf(!pdfTools)("refuses a document or a PDF beyond the size limit, and a rendering beyond the time limit", { timeout: 60_000 }, async () => {
    const doc = page("Gränser", [html`<p>${"Text ".repeat(2000)}</p>`]);
    await expect(htmlToPdf(doc, { maxBytes: 1000 })).rejects.toMatchObject({ reason: "too-large" });
    await expect(htmlToPdf(doc, { maxBytes: Buffer.byteLength(doc) + 10 })).rejects.toMatchObject({ reason: "too-large" }); // the PDF is larger than the HTML
    await expect(htmlToPdf(doc, { timeoutMs: 1 })).rejects.toMatchObject({ reason: "timeout" });
  });

  it.skipIf(!pdfTools)("the page policy itself refuses scripts and requests", { timeout: 60_000 }, async () => {
    const doc = page("Policy", [html`<p>Text</p>`]);
    expect(doc).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;nonce-[^&]+&#39;;/);
    expect(doc).not.toContain("unsafe-inline");
  });
});

describe("workbooks hold any text", () => {
  it.skipIf(!python)("a name with U+0001 and other control characters keeps the XLSX well-formed", async () => {
    const file = join(dir, "control.xlsx");
    writeFileSync(file, await xlsx([{ name: "Blad\u0001", rows: [["Namn"], ["a\u0001b\u0008c\u001fd\ud800e"], ["<&>\"'"]] }]));
    const out = execFileSync(python as string, ["-c", "import openpyxl,sys,json; wb=openpyxl.load_workbook(sys.argv[1]); ws=wb.worksheets[0]; print(json.dumps([c.value for c in ws['A']]))", file]).toString();
    const [head, name, marks] = JSON.parse(out) as string[];
    expect(head).toBe("Namn");
    expect(name).toMatch(/^a.b.c.d.e$/u);
    expect(marks).toBe("<&>\"'");
  });
});
