/**
 * The batch kernel computes, bit for bit, what the per-iteration kernel computes: for any
 * scenario, and for any number of iterations (whole blocks, a part of a block, several lane
 * groups), Monte Carlo gives the same per-iteration outputs either way.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { batchable } from "./batch-kernel.js";
import { formatPath } from "./issues.js";
import { baseParams, compile } from "./model.js";
import { BLOCK_SIZE, blockCount, createWorkspace, mcBuffers, npvFor, simulateBlocks } from "./montecarlo.js";
import { sensitivity } from "./sensitivity.js";
import { scenarioArb } from "./testing/arbitrary.js";
import type { ScenarioInput } from "./schema.js";
import { parseScenario } from "./validate.js";

describe("the batch kernel", () => {
  /** Monte Carlo with and without the batch kernel, per-iteration outputs compared exactly. */
  const sameBothWays = (input: ScenarioInput, iterations: number, seed: number, mustBatch: boolean) => {
    const parsed = parseScenario(input);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const m = compile(parsed.scenario);
    if (mustBatch) expect(batchable(m)).toBe(true);
    const batched = mcBuffers(m, iterations);
    const ws = createWorkspace(m);
    expect(ws.batch !== null).toBe(batchable(m));
    simulateBlocks(m, seed, 0, blockCount(iterations), batched, ws);
    const plain = mcBuffers(m, iterations);
    simulateBlocks(m, seed, 0, blockCount(iterations), plain, createWorkspace(m, BLOCK_SIZE, { batch: false }));
    for (const k of ["npv", "pvCosts", "pvSavings", "payerNpv", "cdn"] as const)
      expect(Array.from(batched[k]), k).toEqual(Array.from(plain[k]));
    // The passes in JavaScript instead of WebAssembly: the same numbers again.
    if (!mustBatch) return;
    const js = mcBuffers(m, iterations);
    const jsWs = createWorkspace(m, BLOCK_SIZE, { wasm: false });
    expect(jsWs.batch?.scratch.wasm).toBe(false);
    simulateBlocks(m, seed, 0, blockCount(iterations), js, jsWs);
    for (const k of ["npv", "pvCosts", "pvSavings", "payerNpv", "cdn"] as const) expect(Array.from(js[k]), k).toEqual(Array.from(plain[k]));
  };

  it("runs its passes in WebAssembly here, from a module that is what wasm/kernel.ts compiles to", () => {
    const [input] = fc.sample(scenarioArb(), { numRuns: 1, seed: 1 });
    const parsed = parseScenario(input);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(createWorkspace(compile(parsed.scenario)).batch?.scratch.wasm).toBe(true);
    const build = join(import.meta.dirname, "..", "wasm", "build.mjs");
    expect(() => execFileSync(process.execPath, [build, "--check"], { stdio: "pipe" })).not.toThrow();
  });

  it("gives exactly the per-iteration kernel's outputs", () => {
    fc.assert(
      fc.property(scenarioArb(), fc.integer({ min: 1, max: 1500 }), fc.nat(1000), (input, iterations, seed) =>
        sameBothWays(input, iterations, seed, true),
      ),
      { numRuns: 60 },
    );
  });

  it("leaves models with links or extents to the per-iteration kernel, and computes the others of version 2 alike", () => {
    fc.assert(
      fc.property(scenarioArb({ version2: true }), fc.integer({ min: 1, max: 1500 }), fc.nat(1000), (input, iterations, seed) =>
        sameBothWays(input, iterations, seed, false),
      ),
      { numRuns: 60 },
    );
  });

  it("gives the sensitivity analysis the per-iteration kernel's NPVs", () => {
    fc.assert(
      fc.property(scenarioArb(), (input) => {
        const parsed = parseScenario(input);
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
        const m = compile(parsed.scenario);
        const bars = sensitivity(m);
        m.slots.forEach((slot, i) => {
          if (!slot.uncertain) return;
          const bar = bars.find((b) => b.parameter === formatPath(slot.path));
          if (!bar) throw new Error(`no bar for ${formatPath(slot.path)}`);
          const params = baseParams(m);
          params[i] = bar.low.value;
          expect(bar.low.npv).toBe(npvFor(m, params));
          params[i] = bar.high.value;
          expect(bar.high.npv).toBe(npvFor(m, params));
        });
      }),
      { numRuns: 60 },
    );
  });
});
