/** The boundary checks of input.ts on their own: depth without parsing, and every bad character found by path. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonDepth, textProblem, valueProblems } from "./input.js";

/** The nesting depth of a parsed value, the slow and obvious way. */
const depthOf = (v: unknown): number =>
  Array.isArray(v) ? 1 + Math.max(0, ...v.map(depthOf)) : v !== null && typeof v === "object" ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0;

describe("input at the boundary", () => {
  it("measures the depth of any JSON text as the parsed value has it, brackets inside strings not counted", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (v) => {
        const text = JSON.stringify(v);
        expect(jsonDepth(text, 1000)).toBe(depthOf(JSON.parse(text)));
      }),
    );
    expect(jsonDepth(JSON.stringify({ a: '[[[{"\\' }), 1000)).toBe(1);
    expect(jsonDepth("[".repeat(100_000), 64)).toBe(65); // stops early
  });

  it("finds NUL, lone surrogates and control characters, and lets tab, newline and every other character through", () => {
    expect(textProblem("a\u0000b")).toMatch(/NUL/);
    expect(textProblem("a\ud800b")).toMatch(/surrogate/);
    expect(textProblem("b\udc00")).toMatch(/surrogate/);
    expect(textProblem("x\u0001")).toBe("contains the control character U+0001");
    expect(textProblem("x\u009b")).toBe("contains the control character U+009B");
    expect(textProblem("Rad ett\nrad två\ttabb\r\n😀 −0,9 Åsa")).toBeNull();
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        const bad = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/.test(s); // eslint-disable-line no-control-regex
        expect(textProblem(s) !== null).toBe(bad);
      }),
    );
  });

  it("names the path of each bad string or key", () => {
    const found = valueProblems({ a: [1, "ok", "x\u0000"], "k\u0007": 1, b: { c: "\ud83d" } }).map((p) => [p.path, p.code]);
    expect(found.sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))).toEqual([
      [["a", 2], "invalid_text"],
      [["b", "c"], "invalid_text"],
      [["k\u0007"], "invalid_key"],
    ]);
  });
});
