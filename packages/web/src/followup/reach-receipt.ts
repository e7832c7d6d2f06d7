/**
 * What the entry form of the services register shows back once a period is saved: the counts the
 * user just sent, each by the small-count rule (docs/followup.md): zero and counts of five or more
 * as they are, a count of 1–4 as "färre än 5" ("fewer than 5"). No totals: a total next to the
 * counts would give a small count away. Pure, so that it is tested without a browser.
 * @module
 */
import type { Gender } from "@sikt/followup";

/** Counts below this (and above zero) are never shown as numbers; the same as @sikt/followup's MIN_COUNT. */
const MIN_COUNT = 5;

/** The formatters the receipt needs (a subset of the app's I18n). */
export interface ReceiptWords {
  lang: "sv" | "en";
  num: (n: number) => string;
}

/** One saved period as it was sent: visits and distinct participants per age group and gender. */
export interface SavedReach {
  period: string;
  visits: number;
  participants: Record<string, Partial<Record<Gender, number>>>;
}

/** A count of people in words by the small-count rule: "färre än 5" for 1–4, else the number. */
export function shownCount(n: number, i: ReceiptWords): string {
  if (n > 0 && n < MIN_COUNT) return i.lang === "sv" ? `färre än ${MIN_COUNT}` : `fewer than ${MIN_COUNT}`;
  return i.num(n);
}

export interface Receipt {
  period: string;
  visits: string;
  /** Per age group that was reported, the text per gender (null: not reported). */
  rows: { ageGroup: string; cells: (string | null)[] }[];
}

/** The saved period in the form's order of age groups and genders, every count by the small-count rule. */
export function reachReceipt(saved: SavedReach, ageGroups: readonly string[], genders: readonly Gender[], i: ReceiptWords): Receipt {
  const groups = [...ageGroups.filter((a) => a in saved.participants), ...Object.keys(saved.participants).filter((a) => !ageGroups.includes(a))];
  return {
    period: saved.period,
    visits: shownCount(saved.visits, i),
    rows: groups.map((a) => ({ ageGroup: a, cells: genders.map((g) => (saved.participants[a]?.[g] === undefined ? null : shownCount(saved.participants[a]![g]!, i))) })),
  };
}
