/** The CLI on model version 2 files: every rule of spec §8 refused with exit 2 and its path. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { casesV2, validV2 } from "../../engine/src/testing/rules-v2.js";

const root = resolve(import.meta.dirname, "../../..");
const bin = join(root, "packages/cli/bin/sikt.cjs");
const tmp = mkdtempSync(join(tmpdir(), "sikt-cli-v2-"));

function sikt(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("version 2 input through the CLI", () => {
  it("accepts the valid version 2 scenario", () => {
    const f = join(tmp, "valid.json");
    writeFileSync(f, JSON.stringify(validV2()));
    const r = sikt(["validate", f, "--lang", "en"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it.each(casesV2)("refuses %s with exit 2 and the path", (what, change, path, _code, words) => {
    const s = validV2();
    change(s);
    const f = join(tmp, `${what.replace(/\W+/g, "-")}.json`);
    writeFileSync(f, JSON.stringify(s));
    const r = sikt(["run", f, "--lang", "en"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${path}: `);
    expect(r.stderr).toContain(words);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});

describe("the summary of a version 2 scenario", () => {
  const example = join(root, "examples/ungdomsbrott-kedja.yaml");

  it("shows the three perspectives side by side and the cases avoided through links, in Swedish", () => {
    const r = sikt(["run", example, "--iterations", "300"]);
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out).toContain("TRE PERSPEKTIV (nuvärden)");
    expect(out).toMatch(/Perspektiv\s+Kostnader\s+Besparingar\s+Netto\s+BCR\s+P\(netto > 0\)/);
    for (const name of ["Offentlig sektor", "Samhällsekonomiskt", "Med livskvalitet"]) expect(out).toContain(name);
    expect(out).toMatch(/Undvikna fall\s+direkt\s+genom länkar\s+lindrigare/);
    // The perspectives' figures are the engine's.
    const j = JSON.parse(sikt(["run", example, "--format", "json", "--iterations", "300"]).stdout);
    const pub = j.deterministic.byPerspective.offentligSektor;
    const kr = (n: number) => `${new Intl.NumberFormat("sv-SE", { maximumFractionDigits: 0 }).format(n)} kr`;
    expect(out).toContain(kr(pub.npv));
    const link = j.deterministic.byLink[0];
    expect(link).toMatchObject({ from: "ungdomsbrottslighet", to: "vuxen-kriminell-karriar" });
    const one = (n: number) => new Intl.NumberFormat("sv-SE", { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);
    expect(out).toContain(
      `Av de ca ${one(j.deterministic.byOutcome.ungdomsbrottslighet.avoided)} undvikna fallen av Upprepad ungdomsbrottslighet skulle ca ${one(link.avoided)} ha lett vidare till Kriminell karriär i vuxen ålder (sannolikhet ${new Intl.NumberFormat("sv-SE", { style: "percent" }).format(0.2)}).`,
    );
    expect(j.monteCarlo.byPerspective.medLivskvalitet.npv.p50).toEqual(expect.any(Number));
  });

  it("speaks English with --lang en", () => {
    const r = sikt(["run", example, "--iterations", "0", "--lang", "en"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("THREE PERSPECTIVES (present values)");
    expect(r.stdout).toMatch(/Avoided cases\s+directly\s+through links\s+milder/);
    expect(r.stdout).toMatch(/Of the about [\d.]+ avoided cases of Upprepad ungdomsbrottslighet, about [\d.]+ would have led on to/);
  });

  it("writes the whole summary in English with --lang en, and in Swedish by default", () => {
    const kalmar = join(root, "examples/kalmar.yaml");
    const en = sikt(["run", kalmar, "--iterations", "200", "--lang", "en"]);
    expect(en.status).toBe(0);
    // The scenario's own names are data; every word of the summary around them is English.
    const words = en.stdout
      .split("\n")
      .map((line) => line.split(/\s{2,}/)[0] ?? "")
      .join("\n");
    for (const heading of ["KEY FIGURES (present values)", "UNCERTAINTY (Monte Carlo, 200 draws, seed", "WHO PAYS AND WHO SAVES", "PER INTERVENTION", "SENSITIVITY", "PER YEAR", "OVERRIDES OF CATALOGUE se-2026.1"])
      expect(en.stdout).toContain(heading);
    expect(en.stdout).toMatch(/^Start year 2026, planning horizon 20 years \(flows followed to \d{4}\), discount rate 3\.5 %, amounts in 2023 prices\.$/m);
    expect(en.stdout).toMatch(/^Net present value\s+−[\d,]+ kr$/m);
    expect(en.stdout).toMatch(/^Probability that the investment pays off \(net present value > 0\): \d+ %$/m);
    expect(en.stdout).toMatch(/Quality of life and crime victims/);
    expect(en.stdout).toMatch(/: probability of a linked outcome \(→ /);
    for (const sv of ["NYCKELTAL", "OSÄKERHET", "VEM BETALAR", "PER INSATS", "KÄNSLIGHET", "PER ÅR", "Startår", "Nettonuvärde", "Kostnadsbärare", "Grupp", "Besparingar", "Antagande", "Brytpunkt", "Sannolikhet", "AVVIKELSER", "dragningar", "Medel", "Övrigt", "samhälle", "grundrisk", "effektstorlek"])
      expect([sv, words.includes(sv)]).toEqual([sv, false]);
    // The table per payer group
    for (const g of ["Municipality", "Region", "State", "The individual", "Others", "Quality of life and crime victims"]) expect(en.stdout).toMatch(new RegExp(`^${g}\\s{2,}`, "m"));
    expect(en.stdout).not.toMatch(/^(Kommun|Staten|Individen|Övrigt|Livskvalitet)\s{2,}/m);
    const sv = sikt(["run", kalmar, "--iterations", "200"]);
    for (const heading of ["NYCKELTAL (nuvärden)", "OSÄKERHET (Monte Carlo, 200 dragningar", "VEM BETALAR OCH VEM SPARAR", "PER INSATS", "KÄNSLIGHET", "PER ÅR", "AVVIKELSER FRÅN KATALOGEN se-2026.1", "Livskvalitet och brottsoffer"])
      expect(sv.stdout).toContain(heading);
    expect(sv.stdout).toMatch(/^Nettonuvärde\s+−[\d\s\u00a0]+ kr$/m);
  });
});
