/**
 * Two implementations of the model, one answer: the engine's deterministic results agree with
 * the independent NumPy implementation in bench/peer to 1e-9 (relative), on the examples and
 * on generated scenarios.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { compile, evaluateDeterministic, type ScenarioInput } from "@sikt/engine";
import { describe, expect, it } from "vitest";
import { generateScenario } from "../bench/generate.mjs";
import { loadScenario, toScenario } from "../packages/cli/src/load.js";

const root = resolve(import.meta.dirname, "..");
const tmp = mkdtempSync(join(tmpdir(), "sikt-peer-"));

function peer(scenario: unknown): { deterministic: Record<string, unknown> } {
  const file = join(tmp, `s${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(scenario));
  const r = spawnSync("python3", [join(root, "bench/peer/numpy_peer.py"), file, "--iterations", "0"], { encoding: "utf8" });
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
  it.each(["foraldrastod.yaml", "skolkuratorer.json"])("examples/%s", async (name) => {
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
});
