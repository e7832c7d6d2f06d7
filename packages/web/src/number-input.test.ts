import { describe, expect, it } from "vitest";
import { numberProblem, parseNumber, showNumber } from "./number-input";

describe("numbers typed the Swedish way", () => {
  it("reads a comma decimal, the true minus sign and spaces between thousands", () => {
    for (const [text, value] of [
      ["−0,9", -0.9],
      ["-0.9", -0.9],
      ["16 909", 16909],
      ["16\u00a0909,4", 16909.4],
      ["1\u202f234,5", 1234.5],
      ["+3", 3],
      [",5", 0.5],
      ["−0", 0],
    ] as const)
      expect(parseNumber(text)).toEqual({ ok: true, value });
  });

  it("refuses what is not a number, or outside the limits, and says why", () => {
    expect(parseNumber("abc")).toEqual({ ok: false, reason: "not-a-number" });
    expect(parseNumber("1,2,3")).toEqual({ ok: false, reason: "not-a-number" });
    expect(parseNumber("1,5.2")).toEqual({ ok: false, reason: "not-a-number" });
    expect(parseNumber("  ")).toEqual({ ok: false, reason: "empty" });
    const below = parseNumber("−1", 0);
    expect(below).toEqual({ ok: false, reason: "below", limit: 0 });
    if (!below.ok) expect(numberProblem(below, "sv")).toBe("Talet får inte vara mindre än 0.");
    const above = parseNumber("1,5", 0, 1);
    if (!above.ok) expect(numberProblem(above, "sv")).toBe("Talet får inte vara större än 1.");
  });

  it("shows a value rounded, grouped and signed as the reader writes it, never −0", () => {
    expect(showNumber(16909.406415, "sv")).toBe("16\u00a0909");
    expect(showNumber(-0.64, "sv")).toBe("\u22120,64");
    expect(showNumber(-0.64, "en")).toBe("\u22120.64");
    expect(showNumber(0.0642, "sv")).toBe("0,0642");
    expect(showNumber(3.5, "sv")).toBe("3,5");
    expect(showNumber(-0.00001, "sv", 2)).toBe("0");
    expect(showNumber(2026, "sv", 0)).toBe("2026"); // Swedish groups from five digits
    // What is shown reads back as (about) the value.
    for (const v of [16909.406415, -0.64, 0.0642, 1234.5, 0.35]) {
      const back = parseNumber(showNumber(v, "sv"));
      expect(back.ok && Math.abs(back.value - v) / Math.abs(v)).toBeLessThan(0.001);
    }
  });
});
