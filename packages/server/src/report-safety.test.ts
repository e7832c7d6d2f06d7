/**
 * The report renderer against the real server: a lägesbild whose title, findings and (through an
 * import that keeps whatever it is given) year hold markup, an iframe and a script aimed at a local
 * listener. The PDF export prints the markup as text and the listener hears nothing; an import
 * that refuses such a year is as good an answer.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromiumPath } from "@sikt/report";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "./testing/databases.js";
import { Client, type Harness, harness, makeOrg } from "./testing/harness.js";

const has = (cmd: string, args: string[]) => {
  try {
    execFileSync(cmd, args, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};
const pdfTools = has("pdftotext", ["-v"]) && !!chromiumPath();
if (process.env.SIKT_REQUIRE_BROWSER === "1" && !pdfTools) throw new Error("the report safety test needs poppler-utils and chromium (.ci/run installs them)");
const pglite = testDatabases.find((t) => t.name === "pglite")!;

describe.skipIf(!pdfTools)("a report whose data carries markup and a script, through the server", () => {
  let h: Harness;
  let admin: Client;
  let listener: Server;
  const hits: string[] = [];
  let base = "";
  const dir = mkdtempSync(join(tmpdir(), "sikt-report-safety-"));

  beforeAll(async () => {
    listener = createServer((req, res) => {
      hits.push(req.url ?? "");
      res.end("SECRET-FROM-LISTENER");
    });
    await new Promise<void>((ok) => listener.listen(0, "127.0.0.1", ok));
    base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
    h = await harness(await pglite.open());
    const org = await makeOrg(h.store, "Kalmar kommun");
    admin = await Client.as(h.app, org.users.admin);
  });
  afterAll(async () => {
    listener?.close();
    await h?.close();
  });

  const attack = () => `<iframe src="${base}/iframe"></iframe><script>fetch("${base}/script")</script><img src="${base}/img">`;
  const lagesbild = () => ({
    title: `Lägesbild ${attack()}`,
    year: 2025,
    mapping: { indicators: [], sources: attack(), limitations: "" },
    otherInformation: attack(),
    analysis: "",
    findings: [{ id: "f1", kind: "problem", level: "individ", title: attack(), description: attack(), indicatorIds: [] }],
  });

  async function pdfText(id: string): Promise<string> {
    const pdf = await admin.bytes(`/api/lagesbilder/${id}/export?format=pdf`);
    const file = join(dir, `${id}.pdf`);
    writeFileSync(file, pdf);
    return execFileSync("pdftotext", ["-layout", file, "-"]).toString();
  }

  it("prints the markup of a saved lägesbild as text and reaches nothing", { timeout: 60_000 }, async () => {
    const created = await admin.post("/api/lagesbilder", lagesbild());
    expect(created.status).toBe(201);
    const text = (await pdfText(created.body.id)).replace(/\s+/g, " ");
    expect(text).toContain(`<iframe src="${base}/iframe"></iframe>`);
    expect(text).not.toContain("SECRET-FROM-LISTENER");
    const html = (await admin.get(`/api/lagesbilder/${created.body.id}/export?format=html`)).body as string;
    expect(html).not.toMatch(/<(iframe|script|img)\b/);
    expect(hits).toEqual([]);
  });

  it("an imported lägesbild whose year holds markup is refused, or exported with the year as '–'", { timeout: 60_000 }, async () => {
    const exported = (await admin.get("/api/export")).body as { followup?: { documents: { id: string; kind: string; body: Record<string, unknown> }[] } };
    const doc = exported.followup!.documents.find((d) => d.kind === "lagesbild")!;
    const forged = { ...doc, id: "5b0c5a0e-7d1f-4c44-9a55-1f0a7e1d2c3b", body: { ...doc.body, title: "Importerad", year: attack() } };
    const imported = await admin.post("/api/import", { ...exported, followup: { ...exported.followup, documents: [forged] } });
    if (imported.status === 200 || imported.status === 201) {
      const text = (await pdfText(forged.id)).replace(/\s+/g, " ");
      expect(text).toContain("Avser –");
      expect(text).not.toContain("SECRET-FROM-LISTENER");
    } else expect(imported.status).toBe(400);
    await new Promise((r) => setTimeout(r, 300));
    expect(hits).toEqual([]);
  });
});
