import { describe, expect, it } from "vitest";
import { formatNumber, type Lang } from "../format";
import { reachReceipt, shownCount } from "./reach-receipt";

const words = (lang: Lang) => ({ lang, num: (n: number) => formatNumber(n, lang, 0) });
const GENDERS = ["flickor", "pojkar", "annat"] as const;

describe("the reach shown back after saving", () => {
  it("shows 1–4 as 'fewer than 5' and zero and five or more as they are", () => {
    expect([0, 1, 2, 3, 4, 5, 1200].map((n) => shownCount(n, words("sv")))).toEqual(["0", "färre än 5", "färre än 5", "färre än 5", "färre än 5", "5", "1\u00a0200"]);
    expect([0, 4, 5].map((n) => shownCount(n, words("en")))).toEqual(["0", "fewer than 5", "5"]);
  });

  it("gives every saved count in the form's order, nothing typed as not reported, and no totals", () => {
    const r = reachReceipt(
      { period: "2026-Q1", visits: 3, participants: { "16–18": { flickor: 8, pojkar: 9 }, "13–15": { flickor: 3, pojkar: 12, annat: 0 }, "19–21": { annat: 7 } } },
      ["13–15", "16–18"],
      GENDERS,
      words("sv"),
    );
    expect(r).toEqual({
      period: "2026-Q1",
      visits: "färre än 5",
      rows: [
        { ageGroup: "13–15", cells: ["färre än 5", "12", "0"] },
        { ageGroup: "16–18", cells: ["8", "9", null] },
        // An age group no longer among the service's is still shown: it was saved.
        { ageGroup: "19–21", cells: [null, null, "7"] },
      ],
    });
  });
});
