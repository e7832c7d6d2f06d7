/**
 * A block's draws by table (block-sampling.ts: runs of numbers in one WebAssembly call, the
 * shapes below 1 in JavaScript between them) are bit for bit the draws of the plain samplers,
 * number by number on one stream, clamps included.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createBatchWorkspace } from "./batch-kernel.js";
import { blockSampling, sampleBlock } from "./block-sampling.js";
import { prepare, sampleInto } from "./distributions.js";
import { Clamp, type CompiledModel, clampValue, compile, type ParamSlot } from "./model.js";
import { BLOCK_SIZE } from "./montecarlo.js";
import { createRng } from "./rng.js";
import type { Distribution } from "./schema.js";
import { scenarioArb } from "./testing/arbitrary.js";
import { parseScenario } from "./validate.js";

/** Every kind the table draws, and shapes below 1 (drawn in JavaScript), in one list. */
const dists: readonly Distribution[] = [
  { dist: "normal", mean: 3, sd: 2 },
  { dist: "gamma", mean: 1, sd: 2 }, // shape 0.25: JavaScript
  { dist: "lognormal", mean: 2, sd: 1.5 },
  { dist: "gamma", mean: 5, sd: 1 },
  { dist: "beta", mean: 0.3, sd: 0.1 },
  { dist: "beta", mean: 0.05, sd: 0.1 }, // α below 1: JavaScript
  { dist: "beta", mean: 0.9, sd: 0.2 }, // β below 1: JavaScript
  { dist: "uniform", min: -1, max: 4 },
  { dist: "triangular", min: -2, mode: 0.5, max: 1 },
  { dist: "pert", min: 0, mode: 0.2, max: 1 },
  { dist: "normal", mean: 0.5, sd: 0.6 },
];

function baseModel(): CompiledModel {
  const [input] = fc.sample(scenarioArb(), { numRuns: 1, seed: 7 });
  const parsed = parseScenario(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return compile(parsed.scenario);
}

describe("a block's draws by table", () => {
  it("are the plain samplers' draws, number by number on one stream, clamped alike", () => {
    const m0 = baseModel();
    const template = m0.slots[0] as ParamSlot;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...dists), fc.constantFrom(Clamp.None, Clamp.Probability, Clamp.NonNegative)), { minLength: 1, maxLength: 12 }),
        fc.nat(1000),
        fc.nat(20),
        fc.integer({ min: 1, max: BLOCK_SIZE }),
        (picked, seed, block, count) => {
          const extra: ParamSlot[] = picked.map(([d, clamp]) => ({ ...template, dist: prepare(d), clamp, uncertain: true }));
          const m: CompiledModel = { ...m0, slots: [...m0.slots.map((s) => ({ ...s, uncertain: false })), ...extra] };
          const variable = Int32Array.from(extra, (_, k) => m0.slots.length + k);
          const ws = createBatchWorkspace(m, BLOCK_SIZE);
          const plan = blockSampling(m, variable, ws);
          if (!plan) return; // no WebAssembly here: nothing to compare
          sampleBlock(m, plan, createRng(seed, block, ws.rng), ws, count);
          const rng = createRng(seed, block);
          const row = new Float64Array(count);
          for (const k of variable) {
            const slot = m.slots[k] as ParamSlot;
            sampleInto(slot.dist, rng, row, 0, count);
            for (let i = 0; i < count; i++) row[i] = clampValue(row[i] as number, slot.clamp);
            const at = ws.matrix + k * ws.stride;
            const got = ws.f.subarray(at, at + count);
            expect(new BigInt64Array(Float64Array.from(got).buffer)).toEqual(new BigInt64Array(row.buffer));
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("draws the shapes below 1 in JavaScript between runs of the table", () => {
    const m0 = baseModel();
    const template = m0.slots[0] as ParamSlot;
    const extra: ParamSlot[] = dists.map((d) => ({ ...template, dist: prepare(d), clamp: Clamp.None, uncertain: true }));
    const m: CompiledModel = { ...m0, slots: [...m0.slots, ...extra] };
    const ws = createBatchWorkspace(m, BLOCK_SIZE);
    const plan = blockSampling(m, Int32Array.from(extra, (_, k) => m0.slots.length + k), ws);
    if (!ws.sampling) return expect(plan).toBeNull();
    // normal | gamma 0.25 | lognormal, gamma, beta | beta, beta | the other five
    expect(plan?.segments.map((s) => (s.slot === undefined ? s.count : "js"))).toEqual([1, "js", 3, "js", "js", 4]);
  });
});
