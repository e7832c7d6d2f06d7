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
import { kernelMemory, LANES } from "./kernel-wasm.js";
import { formatPath } from "./issues.js";
import { baseParams, compile, effectiveRrr, SizeKind } from "./model.js";
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

  it("computes an effect's scale p₀ · RRRₑ exactly as effectiveRrr, in WebAssembly and in JavaScript, edge values included", () => {
    const p0s = [0, -0, 1e-300, 0.02, 0.5, 0.999, 1, 1.5, -0.2, Number.NaN, Infinity];
    const sizes = [0.3, -5, 0, -0, 2, 1, 0.9999, Number.NaN, Infinity, -Infinity, 1e6];
    const effs = [1, 0.5, 0, Number.NaN, 3];
    const cases = p0s.flatMap((p0) => sizes.flatMap((size) => effs.map((eff) => [p0, size, eff] as const)));
    for (const wasm of [true, false]) {
      const mem = kernelMemory(4 * LANES, wasm);
      expect(mem.wasm).toBe(wasm);
      const { f, first, passes } = mem;
      const [scale, p0Row, sizeRow, effRow] = [0, 1, 2, 3].map((k) => first + k * LANES) as [number, number, number, number];
      for (let from = 0; from < cases.length; from += LANES - 1) {
        // An odd number of lanes (the last one apart in the SIMD passes), then the rest.
        const batch = cases.slice(from, from + LANES - 1);
        const n = batch.length;
        batch.forEach(([p0, , eff], l) => {
          f[p0Row + l] = p0;
          f[effRow + l] = eff;
        });
        for (const kind of [SizeKind.RelativeRiskReduction, SizeKind.OddsRatio, SizeKind.StandardizedMeanDifference]) {
          batch.forEach(([, size], l) => {
            f[sizeRow + l] = kind === SizeKind.StandardizedMeanDifference ? Math.exp(1.65 * size) : size;
          });
          if (kind === SizeKind.RelativeRiskReduction) passes.effectScaleRrr(scale, p0Row, sizeRow, effRow, 0.8, n);
          else passes.effectScaleOr(scale, p0Row, sizeRow, effRow, 0.8, n);
          batch.forEach(([p0, size, eff], l) => {
            expect(f[scale + l], `${kind} ${p0} ${size} ${eff}`).toBe(p0 * effectiveRrr(kind, size, p0, eff, 0.8));
          });
        }
      }
    }
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
