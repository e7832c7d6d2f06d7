/**
 * parseScenario parses a process's first scenario without Zod's generated parsers (which cost
 * more to generate than they save on one parse) and later ones with them: both give the same
 * scenario, defaults and key order included, and the same issues.
 */
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { scenarioArb } from "./testing/arbitrary.js";
import { casesV2, validV2 } from "./testing/rules-v2.js";

/** The first and the second parse of `input` in a freshly loaded validate.ts. */
async function firstAndSecond(input: unknown): Promise<[string, string]> {
  vi.resetModules();
  const { parseScenario } = await import("./validate.js");
  return [JSON.stringify(parseScenario(input)), JSON.stringify(parseScenario(input))];
}

describe("parseScenario's first and later parses", () => {
  it("give the same scenario for valid input, versions 1 and 2", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(scenarioArb(), scenarioArb({ version2: true })), async (input) => {
        const [first, second] = await firstAndSecond(input);
        expect(JSON.parse(first).ok).toBe(true);
        expect(first).toBe(second);
      }),
      { numRuns: 25 },
    );
  });

  it.each(casesV2.map(([name, change]) => [name, change] as const))("give the same issues: %s", async (_name, change) => {
    const s = validV2();
    change(s);
    const [first, second] = await firstAndSecond(s);
    expect(JSON.parse(first).ok).toBe(false);
    expect(first).toBe(second);
  });

  it("give the same issues for structurally broken input", async () => {
    const s = validV2() as Record<string, unknown>;
    s.name = 3;
    s.extra = true;
    (s.payers as Record<string, unknown>[])[0]!.group = "nobody";
    ((s.outcomes as Record<string, unknown>[])[0]!.consequences as Record<string, unknown>[])[0]!.quantityPerYear = { dist: "weird" };
    const [first, second] = await firstAndSecond(s);
    expect(JSON.parse(first).issues.length).toBeGreaterThan(3);
    expect(first).toBe(second);
  });
});
