/**
 * Small-count suppression for anything shown or exported about people: a count of 1–4 real
 * people is hidden (primary suppression), and then as many other entries as it takes so that
 * no hidden count can be worked out from the others (secondary suppression). Zero is shown: it
 * tells nothing about a person. Modelled expectations are not people and are not passed here.
 * @module
 */

/** Counts below this (and above zero) are hidden. */
export const MIN_COUNT = 5;

/** A count as shown: the number, or null where it is suppressed. */
export type Shown = number | null;

const small = (n: number) => n > 0 && n < MIN_COUNT;

/**
 * A table of counts with its row totals, column totals and grand total. The table is extended
 * with the totals (a last column, a last row, the corner), and every line of it — a row with its
 * row total, a column with its column total, the row of column totals with the grand total, the
 * column of row totals with the grand total — must have no hidden entry or at least two: one
 * hidden entry in a line is its total minus the others. Where a line has exactly one, the
 * smallest visible non-zero entry that is not the line's total is hidden too (or, when there is
 * none, the line's total), until no line has one.
 */
export function suppressTable(cells: readonly (readonly number[])[]): { cells: Shown[][]; rowTotals: Shown[]; columnTotals: Shown[]; total: Shown } {
  const R = cells.length;
  const C = cells[0]?.length ?? 0;
  // The extended table: value[r][c] for r ≤ R, c ≤ C; row R holds column totals, column C row totals.
  const value: number[][] = Array.from({ length: R + 1 }, (_, r) =>
    Array.from({ length: C + 1 }, (_, c) => {
      if (r < R && c < C) return cells[r]![c]!;
      if (r < R) return cells[r]!.reduce((t, v) => t + v, 0);
      if (c < C) return cells.reduce((t, row) => t + row[c]!, 0);
      return cells.reduce((t, row) => t + row.reduce((u, v) => u + v, 0), 0);
    }),
  );
  const hide = value.map((row) => row.map(small));
  const rowLine = (r: number) => ({ entries: Array.from({ length: C }, (_, c) => [r, c] as [number, number]), total: [r, C] as [number, number] });
  const colLine = (c: number) => ({ entries: Array.from({ length: R }, (_, r) => [r, c] as [number, number]), total: [R, c] as [number, number] });
  type Line = ReturnType<typeof rowLine> & { cross: (r: number, c: number) => Line };
  const lines: Line[] = [
    ...Array.from({ length: R + 1 }, (_, r) => ({ ...rowLine(r), cross: (_r: number, c: number) => lines[R + 1 + c] as Line })),
    ...Array.from({ length: C + 1 }, (_, c) => ({ ...colLine(c), cross: (r: number) => lines[r] as Line })),
  ];
  const hiddenIn = (line: Line) => [...line.entries, line.total].filter(([r, c]) => hide[r]![c]).length;
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      const all = [...line.entries, line.total];
      if (all.filter(([r, c]) => hide[r]![c]).length !== 1) continue;
      // Prefer an entry whose crossing line also has one hidden entry (it mends both), then the smallest.
      const rank = ([r, c]: [number, number]) => (hiddenIn(line.cross(r, c)) === 1 ? 0 : 1);
      const pick =
        line.entries
          .filter(([r, c]) => !hide[r]![c] && value[r]![c]! > 0)
          .sort((p, q) => rank(p) - rank(q) || value[p[0]]![p[1]]! - value[q[0]]![q[1]]!)[0] ?? line.total;
      if (hide[pick[0]]![pick[1]]) continue;
      hide[pick[0]]![pick[1]] = true;
      changed = true;
    }
  }
  const shown = (r: number, c: number): Shown => (hide[r]![c] ? null : value[r]![c]!);
  return {
    cells: Array.from({ length: R }, (_, r) => Array.from({ length: C }, (_, c) => shown(r, c))),
    rowTotals: Array.from({ length: R }, (_, r) => shown(r, C)),
    columnTotals: Array.from({ length: C }, (_, c) => shown(R, c)),
    total: shown(R, C),
  };
}

/** A list of counts with its total (one row of a table). */
export function suppressList(counts: readonly number[]): { counts: Shown[]; total: Shown } {
  const t = suppressTable([counts]);
  return { counts: t.cells[0] ?? [], total: t.total };
}
