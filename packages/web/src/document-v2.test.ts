import { prepareScenario } from "@sikt/catalog/node";
import { compile, evaluateDeterministic, type Scenario } from "@sikt/engine";
import { describe, expect, it } from "vitest";
import { emptyScenario } from "./document";
import { addLink, addOutcome, addPayer, addUnitCost, newId, removeLink, setExtent, setUnitCostPayer, updateLink, wouldCycle } from "./document-v2";

function resolve(doc: Record<string, unknown>): Scenario {
  const r = prepareScenario(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
}

describe("editing the version 2 parts of a scenario document", () => {
  it("adds an own payer, unit cost and outcome, links to it, and the engine counts the linked cases", () => {
    let doc: Record<string, unknown> = emptyScenario("Eget", 2027, undefined);
    let s = resolve(doc);
    const payer = addPayer(doc, s, "Livskvalitet", "livskvalitet");
    doc = payer.doc;
    expect(doc.version).toBe(2);
    s = resolve(doc);
    const cost = addUnitCost(doc, s, { name: "Förlorad livskvalitet", payer: payer.id, amount: 100_000, unit: "år" });
    doc = cost.doc;
    s = resolve(doc);
    const outcome = addOutcome(doc, s, { name: "Långvarig ohälsa", unitCost: cost.id, quantityPerYear: 1, years: 2 });
    doc = outcome.doc;
    s = resolve(doc);
    expect(outcome.id).toBe("egen-langvarig-ohalsa");
    doc = addLink(doc, s, "egen-placering", { outcome: outcome.id, probability: 0.5, after: { fromYear: 1, years: 2 }, source: "antagande" });
    s = resolve(doc);
    const d = evaluateDeterministic(compile(s));
    // 10 participants a year for 10 years · 0.1 · 0.2 = 2 placements avoided; half lead on.
    expect(d.byOutcome["egen-placering"]?.avoided).toBeCloseTo(2, 9);
    expect(d.byOutcome[outcome.id]?.avoidedLinked).toBeCloseTo(1, 9);
    expect(d.byGroup.livskvalitet?.pvSavings).toBeGreaterThan(0);
    expect(d.byPerspective.medLivskvalitet.npv - d.byPerspective.samhallsekonomiskt.npv).toBeCloseTo(d.byGroup.livskvalitet?.npv ?? 0, 6);
    // Edit and remove the link.
    doc = updateLink(doc, s, "egen-placering", 0, { outcome: outcome.id, probability: { dist: "beta", mean: 0.25, sd: 0.05 } });
    s = resolve(doc);
    expect(evaluateDeterministic(compile(s)).byOutcome[outcome.id]?.avoidedLinked).toBeCloseTo(0.5, 9);
    doc = removeLink(doc, s, "egen-placering", 0);
    s = resolve(doc);
    expect(s.outcomes.find((o) => o.id === "egen-placering")?.links).toEqual([]);
  });

  it("writes a link in a catalogue scenario as a local override of the outcome, and refuses to offer a cycle", () => {
    let doc: Record<string, unknown> = emptyScenario("Katalog", 2027, "se-2025.1");
    let s = resolve(doc);
    const own = addOutcome(doc, s, { name: "Följd", unitCost: "egen-placering", quantityPerYear: 1, years: 1 });
    doc = own.doc;
    s = resolve(doc);
    doc = addLink(doc, s, "egen-placering", { outcome: own.id, probability: 0.1 });
    s = resolve(doc);
    expect(wouldCycle(s, own.id, "egen-placering")).toBe(true);
    expect(wouldCycle(s, "egen-placering", "egen-placering")).toBe(true);
    expect(wouldCycle(s, "egen-placering", own.id)).toBe(false);
  });

  it("sets and removes an effect's extent, and chooses who pays a unit cost", () => {
    const x = { id: "a", effects: [{ outcome: "o", baselineRisk: 0.1 }] };
    const withExtent = setExtent(x, "o", { reduction: 0.4, fromYear: 2 });
    expect(withExtent.effects).toEqual([{ outcome: "o", baselineRisk: 0.1, extent: { reduction: 0.4, fromYear: 2 } }]);
    expect(setExtent(withExtent, "o", undefined).effects).toEqual([{ outcome: "o", baselineRisk: 0.1 }]);
    const doc = setUnitCostPayer({ unitCosts: ["hvb"] }, "hvb", "region");
    expect(doc.unitCosts).toEqual([{ id: "hvb", payer: "region" }]);
    expect(newId("Ny post", ["egen-ny-post"])).toBe("egen-ny-post-2");
  });
});
