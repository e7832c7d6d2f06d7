/**
 * Two implementations of the model, one answer: the engine's deterministic results agree with
 * the independent NumPy implementation in bench/peer to 1e-9 (relative), on the examples and
 * on generated scenarios, versions 1 and 2; and their Monte Carlo results (independent random
 * streams) agree to statistical tolerance.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { compile, evaluateDeterministic, perspectiveKeys, runMonteCarlo, type ScenarioInput } from "@sikt/engine";
import { describe, expect, it } from "vitest";
import { generateScenario } from "../bench/generate.mjs";
import { loadScenario, toScenario } from "../packages/cli/src/load.js";

const root = resolve(import.meta.dirname, "..");
const tmp = mkdtempSync(join(tmpdir(), "sikt-peer-"));

/** The peer's JSON, read loosely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
function peer(scenario: unknown, iterations = 0, seed = 1): { deterministic: Record<string, unknown>; monteCarlo?: Json } {
  const file = join(tmp, `s${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(scenario));
  const args = [join(root, "bench/peer/numpy_peer.py"), file, "--iterations", String(iterations), "--seed", String(seed)];
  const r = spawnSync("python3", args, { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

function differences(a: unknown, b: unknown, path = "", out: string[] = []): string[] {
  if (typeof a === "number" && typeof b === "number") {
    if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))) out.push(`${path}: ${a} vs ${b}`);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${path}: length ${a.length} vs ${b.length}`);
    a.forEach((x, i) => differences(x, b[i], `${path}[${i}]`, out));
  } else if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, out);
  } else if (a !== b) out.push(`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  return out;
}

describe("agreement with the NumPy implementation", () => {
  it.each(["foraldrastod.yaml", "skolkuratorer.json", "ungdomsbrott-kedja.yaml"])("examples/%s", async (name) => {
    const { scenario } = await loadScenario(join(root, "examples", name));
    const ours = JSON.parse(JSON.stringify(evaluateDeterministic(compile(scenario))));
    expect(differences(peer(scenario).deterministic, ours)).toEqual([]);
  });

  it.each([1, 2, 3])("a generated scenario (seed %i)", (seed) => {
    const input = generateScenario(seed, { interventions: 8, outcomes: 5, horizon: 15 }) as ScenarioInput;
    const { scenario } = toScenario(input);
    const ours = JSON.parse(JSON.stringify(evaluateDeterministic(compile(scenario))));
    expect(differences(peer(input).deterministic, ours)).toEqual([]);
  });

  it.each([1, 2])("a generated version 2 scenario with links, extents and quality of life (seed %i)", (seed) => {
    const input = generateScenario(seed, { interventions: 8, outcomes: 6, horizon: 12, version2: true }) as ScenarioInput;
    const { scenario } = toScenario(input);
    const ours = JSON.parse(JSON.stringify(evaluateDeterministic(compile(scenario))));
    expect(ours.byLink.length).toBeGreaterThan(0);
    expect(differences(peer(input).deterministic, ours)).toEqual([]);
  });
});

describe("Monte Carlo agreement with the NumPy implementation (version 2)", () => {
  it("agrees on the NPV's distribution and the perspectives within statistical tolerance", async () => {
    const { scenario } = await loadScenario(join(root, "examples/ungdomsbrott-kedja.yaml"));
    const N = 20_000;
    const ours = runMonteCarlo(compile(scenario), N, 3);
    const theirs = peer(scenario, N, 3).monteCarlo as Json;
    const sd = ours.npv.sd;
    // Means: two independent estimates differ by about sd·√(2/N); allow five such errors.
    const se = 5 * sd * Math.sqrt(2 / N);
    expect(Math.abs(ours.npv.mean - theirs.npv.mean)).toBeLessThan(se);
    expect(Math.abs(ours.npv.sd - theirs.npv.sd)).toBeLessThan(0.05 * sd);
    // Percentiles: within a tenth of an sd; probabilities within 0.02.
    for (const k of ["p05", "p50", "p95"] as const) expect(Math.abs(ours.npv[k] - theirs.npv[k])).toBeLessThan(0.1 * sd);
    expect(Math.abs(ours.probabilityNpvPositive - theirs.probabilityNpvPositive)).toBeLessThan(0.02);
    for (const k of perspectiveKeys) {
      const a = ours.byPerspective[k];
      const b = theirs.byPerspective[k];
      expect(Math.abs(a.npv.mean - b.npv.mean)).toBeLessThan(se);
      for (const q of ["p05", "p50", "p95"] as const) expect(Math.abs(a.npv[q] - b.npv[q])).toBeLessThan(0.1 * sd);
      expect(Math.abs(a.probabilityNpvPositive - b.probabilityNpvPositive)).toBeLessThan(0.02);
    }
  });
});
