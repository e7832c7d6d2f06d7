/**
 * The CLI's bundle (dist/bundle, made by `npm run build`): `sikt run` loads only what it uses.
 * Follows the static imports from the entry and checks that neither the report package nor
 * Chromium's driver can be reached without a dynamic import, and that bin/sikt.cjs uses the
 * bundle (its one script, with a code cache) only while the files it was made from are unchanged.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { bundleIsFresh } from "../bin/bundle-fresh.cjs";

const root = resolve(import.meta.dirname, "../../..");
const dir = join(root, "packages/cli/dist/bundle");

/** Files reached from `entry` by static imports, and the bare specifiers they import statically. */
function staticGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (name: string) => {
    if (files.has(name)) return;
    files.add(name);
    const code = readFileSync(join(dir, name), "utf8");
    // `import … from "x"` and `import "x"` at the start of a line (a bundle's module syntax).
    for (const m of code.matchAll(/^(?:import|export)\s(?:[^;]*?\sfrom\s)?"([^"]+)";?$/gm)) {
      const spec = m[1] as string;
      if (spec.startsWith("./")) visit(spec.slice(2));
      else packages.add(spec);
    }
  };
  visit(entry);
  return { files, packages };
}

describe.runIf(existsSync(join(dir, "sikt.js")))("the CLI bundle", () => {
  it("reaches neither the report package nor playwright-core by static imports", () => {
    const { files, packages } = staticGraph("sikt.js");
    expect(files.size).toBeGreaterThan(0);
    for (const p of packages) expect(p).toMatch(/^node:/);
    for (const f of files) {
      const code = readFileSync(join(dir, f), "utf8");
      expect(code).not.toContain('from "@sikt/report"');
      expect(code).not.toMatch(/from "playwright-core/);
    }
    // …while `sikt report` imports it on demand.
    expect(readFileSync(join(dir, "sikt.js"), "utf8")).toContain('import("@sikt/report")');
  });

  it("reaches neither the YAML parser nor the catalogue by static imports (a JSON file needs neither)", () => {
    const { files } = staticGraph("sikt.js");
    // The bundle marks each module it holds with a comment naming its file.
    const modules = [...files].flatMap((f) => [...readFileSync(join(dir, f), "utf8").matchAll(/^\/\/ (\S+\.js)$/gm)].map((m) => m[1]));
    expect(modules).toContain("packages/engine/dist/validate.js");
    expect(modules.filter((m) => m?.includes("node_modules/yaml/") || m?.startsWith("packages/catalog/"))).toEqual([]);
    // …while a YAML file or a catalogue imports them on demand.
    expect(readFileSync(join(dir, "sikt.js"), "utf8")).toMatch(/import\("\.\/yaml-text-[^"]+\.js"\)/);
  });

  it("holds the command as one script, which bin/sikt.cjs runs with a code cache beside it", () => {
    const code = readFileSync(join(dir, "sikt.cjs"), "utf8");
    expect(code.startsWith('"use strict";')).toBe(true);
    // The report through the loader's import (see bundle.mjs), and no other import().
    expect(code).toContain('__import("@sikt/report")');
    expect(code).not.toMatch(/\bimport\(\s*["'`]/);
    const bin = join(root, "packages/cli/bin/sikt.cjs");
    for (let i = 0; i < 2; i++) expect(execFileSync(process.execPath, [bin, "schema"], { encoding: "utf8" })).toContain('"title": "Sikt scenario"');
    expect(readdirSync(dir).filter((f) => /^sikt\.cjs\..+\.cache$/.test(f)).length).toBeGreaterThan(0);
  });

  it("is used by bin/sikt.cjs after a build, and lists the files it was made from", async () => {
    const { files } = JSON.parse(readFileSync(join(dir, "inputs.json"), "utf8")) as { files: { path: string }[] };
    expect(files.some((f) => f.path.endsWith("/engine/dist/montecarlo.js"))).toBe(true);
    expect(files.some((f) => /(^|\/)(report|playwright-core)\//.test(f.path))).toBe(false);
    expect(bundleIsFresh(dir)).toBe(true);
  });
});

describe("bundleIsFresh", () => {
  it("is false once a file the bundle was made from changes, or without a list", () => {
    const tmp = mkdtempSync(join(tmpdir(), "sikt-bundle-"));
    const input = join(tmp, "input.js");
    writeFileSync(input, "export const a = 1;\n");
    const s = statSync(input);
    const bundle = join(tmp, "bundle");
    mkdirSync(bundle);
    expect(bundleIsFresh(bundle)).toBe(false);
    writeFileSync(join(bundle, "inputs.json"), JSON.stringify({ files: [{ path: "../input.js", size: s.size, mtimeMs: s.mtimeMs }] }));
    expect(bundleIsFresh(bundle)).toBe(true);
    writeFileSync(input, "export const a = 2;\n");
    utimesSync(input, s.atime, new Date(s.mtimeMs + 5000));
    expect(bundleIsFresh(bundle)).toBe(false);
    rmSync(input);
    expect(bundleIsFresh(bundle)).toBe(false);
  });
});
