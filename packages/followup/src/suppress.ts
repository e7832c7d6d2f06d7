/**
 * Small-count suppression for anything shown or exported about people: a count of 1–4 real
 * people is hidden, and so is every total or other figure that depends on a hidden count, so
 * that no hidden count can be worked out, not even by combining screens shown before and after
 * an edit. Zero is shown: it tells nothing about a person. Modelled expectations are not people
 * and are not passed here.
 * @module
 */

/** Counts below this (and above zero) are hidden. */
export const MIN_COUNT = 5;

/** A count as shown: the number, or null where it is suppressed. */
export type Shown = number | null;

const small = (n: number) => n > 0 && n < MIN_COUNT;

/**
 * A table of counts with its row totals, column totals and grand total. A count of 1–4 is hidden,
 * and so is every total that includes a hidden count; nothing else is hidden. Every figure shown
 * is then a sum of counts that are themselves shown, so that what is shown is the same whichever
 * of 1–4 a hidden count is — also when it is combined with what an earlier or later screen showed
 * (docs/followup.md, "Small counts"). (Hiding a second count beside it, and showing the total,
 * would hold for one screen only: once an edit changes which counts are hidden, a total shown
 * before and a total shown after give the hidden count away.)
 */
export function suppressTable(cells: readonly (readonly number[])[]): { cells: Shown[][]; rowTotals: Shown[]; columnTotals: Shown[]; total: Shown } {
  const R = cells.length;
  const C = cells[0]?.length ?? 0;
  const sum = (xs: readonly number[]) => xs.reduce((t, v) => t + v, 0);
  const hidden = cells.map((row) => row.map(small));
  const anyHidden = (xs: readonly boolean[]) => xs.some(Boolean);
  const total = (values: readonly number[], hides: readonly boolean[]): Shown => {
    const t = sum(values);
    return anyHidden(hides) || small(t) ? null : t;
  };
  const column = (c: number) => cells.map((row) => row[c]!);
  const columnHidden = (c: number) => hidden.map((row) => row[c]!);
  return {
    cells: cells.map((row, r) => row.map((v, c) => (hidden[r]![c] ? null : v))),
    rowTotals: cells.map((row, r) => total(row, hidden[r]!)),
    columnTotals: Array.from({ length: C }, (_, c) => total(column(c), columnHidden(c))),
    total: R === 0 ? 0 : total(cells.flat(), hidden.flat()),
  };
}

/** A list of counts with its total (one row of a table). */
export function suppressList(counts: readonly number[]): { counts: Shown[]; total: Shown } {
  const t = suppressTable([counts]);
  return { counts: t.cells[0] ?? [], total: t.total };
}
