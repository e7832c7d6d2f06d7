/**
 * Golden summaries of the example scenarios (seeded). A change in any figure fails the test and
 * writes the new summary beside the old one (`*.changed.json`) for review; a missing golden file
 * is written and the test fails, so that goldens are always committed deliberately.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { evaluateScenario, type ScenarioResult } from "@sikt/engine";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../packages/cli/src/load.js";

const root = resolve(import.meta.dirname, "..");
const examples = readdirSync(join(root, "examples")).filter((f) => /\.(ya?ml|json)$/.test(f));

function summary(r: ScenarioResult) {
  const d = r.deterministic;
  return {
    deterministic: {
      pvCosts: d.pvCosts,
      pvSavings: d.pvSavings,
      npv: d.npv,
      bcr: d.bcr,
      irr: d.irr,
      paybackYear: d.paybackYear,
      breakEvenEffectScale: d.breakEvenEffectScale,
      years: d.years.length,
      byPayerNpv: Object.fromEntries(Object.entries(d.byPayer).map(([k, v]) => [k, v.npv])),
      avoided: Object.fromEntries(Object.entries(d.byOutcome).map(([k, v]) => [k, v.avoided])),
      byPerspective: Object.fromEntries(Object.entries(d.byPerspective).map(([k, v]) => [k, { npv: v.npv, bcr: v.bcr }])),
    },
    monteCarlo: r.monteCarlo && {
      iterations: r.monteCarlo.iterations,
      seed: r.monteCarlo.seed,
      npv: r.monteCarlo.npv,
      bcr: r.monteCarlo.bcr,
      probabilityNpvPositive: r.monteCarlo.probabilityNpvPositive,
      byPerspective: Object.fromEntries(
        Object.entries(r.monteCarlo.byPerspective).map(([k, v]) => [k, { npv: v.npv, probabilityNpvPositive: v.probabilityNpvPositive }]),
      ),
    },
    sensitivityTop3: r.sensitivity?.slice(0, 3).map((b) => b.parameter),
  };
}

/** Equal, numbers to 1e-9 relative (the last bits of Math.exp may differ between platforms). */
function sameish(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number")
    return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameish(x, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a);
    return (
      ka.length === Object.keys(b).length &&
      ka.every((k) => sameish((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return a === b;
}

describe("golden summaries of the examples", () => {
  it.each(examples)("%s", async (name) => {
    const { scenario: s } = await loadScenario(join(root, "examples", name));
    const got = JSON.parse(JSON.stringify(summary(evaluateScenario(s))));
    const path = join(root, "test/golden", name.replace(/\.\w+$/, ".json"));
    if (!existsSync(path)) {
      writeFileSync(path, `${JSON.stringify(got, null, 2)}\n`);
      throw new Error(`golden file written for review: ${path}`);
    }
    const want = JSON.parse(readFileSync(path, "utf8"));
    if (!sameish(got, want)) {
      writeFileSync(path.replace(/\.json$/, ".changed.json"), `${JSON.stringify(got, null, 2)}\n`);
      expect(got).toEqual(want); // fails, showing the difference
    }
  });
});
