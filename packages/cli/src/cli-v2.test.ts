/** The CLI on model version 2 files: every rule of spec §8 refused with exit 2 and its path. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { casesV2, validV2 } from "../../engine/src/testing/rules-v2.js";

const root = resolve(import.meta.dirname, "../../..");
const bin = join(root, "packages/cli/bin/sikt.js");
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
