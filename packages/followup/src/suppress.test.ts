import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { suppressList, suppressTable } from "./suppress.js";

describe("small-count suppression", () => {
  it("hides 1–4 and every total that includes a hidden count", () => {
    // Visits by age group: 3 would be 23 − 12 − 8 if the total were shown.
    expect(suppressList([12, 3, 8])).toEqual({ counts: [12, null, 8], total: null });
    expect(suppressList([12, 0, 8])).toEqual({ counts: [12, 0, 8], total: 20 });
    expect(suppressList([2, 0, 0])).toEqual({ counts: [null, 0, 0], total: null });
    expect(suppressList([3, 1])).toEqual({ counts: [null, null], total: null });
  });

  it("suppresses a table so that no hidden cell follows from its row, its column or the totals", () => {
    // Participants by age group (rows) and gender (columns).
    const t = suppressTable([
      [20, 3],
      [15, 12],
      [9, 30],
    ]);
    // 3 is hidden, and so are the totals it is part of: its row's, its column's and the grand total.
    expect(t.cells).toEqual([
      [20, null],
      [15, 12],
      [9, 30],
    ]);
    expect(t.rowTotals).toEqual([null, 27, 39]);
    expect(t.columnTotals).toEqual([44, null]);
    expect(t.total).toBeNull();
  });

  it("shows only true figures, hides every small count and every total that depends on one (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (raw) => {
        const width = raw[0]!.length;
        const cells = raw.map((r) => Array.from({ length: width }, (_, c) => r[c] ?? 0));
        const t = suppressTable(cells);
        const grid = [...t.cells.map((r, i) => [...r, t.rowTotals[i]!]), [...t.columnTotals, t.total]];
        const full = [...cells.map((r) => [...r, r.reduce((a, b) => a + b, 0)])];
        full.push([...Array.from({ length: width }, (_, c) => cells.reduce((a, r) => a + r[c]!, 0)), full.reduce((a, r) => a + r[width]!, 0)]);
        for (const [r, row] of grid.entries())
          for (const [c, v] of row.entries()) {
            const n = full[r]![c]!;
            if (n > 0 && n < 5) expect(v).toBeNull(); // every small count is hidden
            if (v !== null) expect(v).toBe(n); // what is shown is true
          }
        // A total is shown only when none of the counts it adds up is hidden.
        t.rowTotals.forEach((v, r) => expect(v === null).toBe(t.cells[r]!.includes(null)));
        t.columnTotals.forEach((v, c) => expect(v === null).toBe(t.cells.some((row) => row[c] === null)));
        expect(t.total === null).toBe(t.cells.some((row) => row.includes(null)));
      }),
    );
  });
});
