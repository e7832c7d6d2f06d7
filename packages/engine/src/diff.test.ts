import { describe, expect, it } from "vitest";
import { diffDocuments } from "./diff.js";

describe("diffDocuments", () => {
  it("names entries by id and effects by outcome, ignoring order", () => {
    const a = {
      discountRate: 0.035,
      interventions: [
        { id: "komet", participants: [20, 20], effects: [{ outcome: "hvb", baselineRisk: 0.1 }] },
        { id: "abc", participants: [5] },
      ],
    };
    const b = {
      discountRate: 0.03,
      interventions: [
        { id: "abc", participants: [5] },
        { id: "komet", participants: [20, 25], effects: [{ outcome: "hvb", baselineRisk: 0.12 }] },
        { id: "fft", participants: [7] },
      ],
    };
    expect(diffDocuments(a, b)).toEqual([
      { path: "discountRate", kind: "changed", from: 0.035, to: 0.03 },
      { path: "interventions[komet].participants", kind: "changed", from: [20, 20], to: [20, 25] },
      { path: "interventions[komet].effects[hvb].baselineRisk", kind: "changed", from: 0.1, to: 0.12 },
      { path: "interventions[fft]", kind: "added", to: { id: "fft", participants: [7] } },
    ]);
  });

  it("finds no change between equal documents and reports removed keys and list items", () => {
    const doc = { name: "x", costs: [{ perYear: 1 }, { perYear: 2 }], meta: { note: "n" } };
    expect(diffDocuments(doc, structuredClone(doc))).toEqual([]);
    expect(diffDocuments(doc, { name: "x", costs: [{ perYear: 1 }] })).toEqual([
      { path: "costs[1]", kind: "removed", from: { perYear: 2 } },
      { path: "meta", kind: "removed", from: { note: "n" } },
    ]);
  });
});
