import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { suppressList, suppressTable } from "./suppress.js";

describe("small-count suppression", () => {
  it("hides 1–4 and a second count beside it, so the total does not give it away", () => {
    // Visits by age group: 3 would be 23 − 12 − 8 without the second suppression.
    expect(suppressList([12, 3, 8])).toEqual({ counts: [12, null, null], total: 23 });
    expect(suppressList([12, 0, 8])).toEqual({ counts: [12, 0, 8], total: 20 });
    expect(suppressList([2, 0, 0])).toEqual({ counts: [null, 0, 0], total: null }); // the total is the count
    expect(suppressList([3, 1])).toEqual({ counts: [null, null], total: null });
  });

  it("suppresses a table so that no hidden cell follows from its row, its column or the totals", () => {
    // Participants by age group (rows) and gender (columns).
    const t = suppressTable([
      [20, 3],
      [15, 12],
      [9, 30],
    ]);
    // 3 is hidden; then 20 in its row, 9 (the smallest) in the first column, and 30 in that row,
    // which also gives the second column its second hidden cell: four cells, the least possible here.
    expect(t.cells).toEqual([
      [null, null],
      [15, 12],
      [null, null],
    ]);
    expect(t.rowTotals).toEqual([23, 27, 39]);
    expect(t.columnTotals).toEqual([44, 45]);
    expect(t.total).toBe(89);
  });

  it("leaves in every line of the table with its totals no hidden entry, or at least two (property)", () => {
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
        const hiddenIn = (line: (number | null)[]) => line.filter((v) => v === null).length;
        for (const row of grid) expect(hiddenIn(row)).not.toBe(1);
        for (let c = 0; c <= width; c++) expect(hiddenIn(grid.map((r) => r[c]!))).not.toBe(1);
      }),
    );
  });
});
