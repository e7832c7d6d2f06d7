/**
 * Monte Carlo in parts (the browser's workers): whatever the number of parts, the assembled
 * per-iteration outputs and the summary are exactly those of one run in one thread.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "./model.js";
import { assembleMcParts, mcPartBuffers, partBlocks, runMonteCarlo, simulateBlocks, summarizeMonteCarlo } from "./montecarlo.js";
import { scenarioArb } from "./testing/arbitrary.js";
import { parseScenario } from "./validate.js";

describe("Monte Carlo in parts", () => {
  it("gives the one-thread result for any number of parts", () => {
    fc.assert(
      fc.property(
        scenarioArb({ version2: true }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 9 }),
        fc.nat(1000),
        (input, iterations, parts, seed) => {
          const parsed = parseScenario(input);
          if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
          const m = compile(parsed.scenario);
          const buffers = Array.from({ length: parts }, (_, k) => {
            const [first, end] = partBlocks(iterations, parts, k);
            const part = mcPartBuffers(m, iterations, first, end);
            simulateBlocks(m, seed, first, end, part);
            // As a worker would send it: the buffer alone, views rebuilt on the other side.
            return mcPartBuffers(m, iterations, first, end, part.npv.buffer.slice(0));
          });
          const covered = buffers.reduce((s, b) => s + b.iterations, 0);
          expect(covered).toBe(iterations);
          const together = summarizeMonteCarlo(m, seed, assembleMcParts(m, iterations, buffers.reverse()));
          expect(together).toEqual(runMonteCarlo(m, iterations, seed));
        },
      ),
      { numRuns: 40 },
    );
  });
});
