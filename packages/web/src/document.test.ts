import { prepareScenario } from "@sikt/catalog/node";
import { describe, expect, it } from "vitest";
import {
  addIntervention,
  catalogScenario,
  emptyScenario,
  newestCatalog,
  removeIntervention,
  resetEffectField,
  resetUnitCostAmount,
  setEffectField,
  setHorizon,
  setUnitCostAmount,
  suggestedParticipants,
} from "./document";
import { central, withCentral } from "./uncertain";

describe("editing a scenario document", () => {
  it("starts from an empty scenario that the engine accepts, with or without the catalogue", () => {
    for (const catalog of [undefined, "se-2025.1", "se-2026.1"]) {
      const prepared = prepareScenario(emptyScenario("Nytt", 2027, catalog));
      expect(prepared.ok).toBe(true);
      if (prepared.ok) expect(prepared.scenario.interventions.map((x) => x.id)).toEqual(["egen-insats"]);
    }
    const withCatalogue = addIntervention(emptyScenario("Nytt", 2027, "se-2025.1"), "komet", 3);
    const prepared = prepareScenario(withCatalogue);
    expect(prepared.ok && prepared.scenario.interventions.map((x) => x.id)).toEqual(["egen-insats", "komet"]);
  });

  it("starts new scenarios on the newest catalogue as model version 2; an own scenario takes links and quality of life", () => {
    expect(newestCatalog([{ id: "se-2025.1" }, { id: "se-2026.1" }, { id: "se-2025.2" }])?.id).toBe("se-2026.1");
    expect(newestCatalog([{ id: "se-2026.1" }, { id: "se-2025.1" }])?.id).toBe("se-2026.1");
    expect(newestCatalog([])).toBeUndefined();
    const fromCatalogue = addIntervention(catalogScenario("Nytt från katalogen", 2027, "se-2026.1"), "komet", 3);
    expect(fromCatalogue.version).toBe(2);
    const prepared = prepareScenario(fromCatalogue);
    expect(prepared.ok).toBe(true);
    if (prepared.ok) expect(prepared.scenario.version).toBe(2);
    const own = emptyScenario("Nytt", 2027, "se-2026.1");
    expect(own.version).toBe(2);
    // A link of its own and a payer in the group livskvalitet are accepted only in version 2.
    const withLink = {
      ...own,
      payers: [...(own.payers as object[]), { id: "egen-livskvalitet", name: "Livskvalitet (egen)", group: "livskvalitet" }],
      outcomes: [
        { id: "egen-placering", name: "Placering", consequences: [{ unitCost: "egen-placering", quantityPerYear: 1, years: 1 }], links: [{ outcome: "egen-foljd", probability: 0.2 }] },
        { id: "egen-foljd", name: "Följd", consequences: [{ unitCost: "egen-placering", quantityPerYear: 1, years: 1 }] },
      ],
    };
    const linked = prepareScenario(withLink);
    expect(linked.ok, JSON.stringify(!linked.ok && linked.issues)).toBe(true);
    expect(prepareScenario({ ...withLink, version: 1 }).ok).toBe(false);
  });

  it("fits every participants list to a new horizon, repeating the last year", () => {
    const d = { horizonYears: 3, interventions: [{ id: "a", participants: [1, 2, 3] }, { id: "b" }] };
    expect(setHorizon(d, 5).interventions).toEqual([{ id: "a", participants: [1, 2, 3, 3, 3] }, { id: "b" }]);
    expect(setHorizon(d, 2).interventions).toEqual([{ id: "a", participants: [1, 2] }, { id: "b" }]);
  });

  it("adds and removes interventions; sets and resets a local override of an effect and a unit cost", () => {
    let d: Record<string, unknown> = { horizonYears: 2, interventions: [] };
    d = addIntervention(d, "komet", 4);
    d = addIntervention(d, "fft", 2);
    expect(d.interventions).toEqual([
      { id: "komet", participants: [4, 4] },
      { id: "fft", participants: [2, 2] },
    ]);
    expect(removeIntervention(d, 0).interventions).toEqual([{ id: "fft", participants: [2, 2] }]);

    const x = setEffectField({ id: "komet" }, "ungdomsbrottslighet", "baselineRisk", 0.2);
    expect(x.effects).toEqual([{ outcome: "ungdomsbrottslighet", baselineRisk: 0.2 }]);
    expect(resetEffectField(x, "ungdomsbrottslighet", "baselineRisk")).toEqual({ id: "komet" });

    const u = setUnitCostAmount({}, "hvb-dygn", 8500);
    expect(u.unitCosts).toEqual([{ id: "hvb-dygn", amount: 8500 }]);
    expect(setUnitCostAmount(u, "hvb-dygn", 9000).unitCosts).toEqual([{ id: "hvb-dygn", amount: 9000 }]);
    expect(resetUnitCostAmount(u, "hvb-dygn")).toEqual({});
  });

  it("keeps a distribution's spread when its central value is set", () => {
    expect(central({ dist: "pert", min: 3500, mode: 7000, max: 10500 })).toBe(7000);
    expect(withCentral({ dist: "pert", min: 3500, mode: 7000, max: 10500 }, 14000)).toEqual({ dist: "pert", min: 7000, mode: 14000, max: 21000 });
    expect(withCentral({ dist: "beta", mean: 0.1, sd: 0.03 }, 0.2)).toEqual({ dist: "beta", mean: 0.2, sd: 0.03 });
    expect(withCentral({ dist: "uniform", min: 1, max: 3 }, 5)).toEqual({ dist: "uniform", min: 4, max: 6 });
    expect(withCentral(0.3, 0.4)).toBe(0.4);
  });

  it("suggests participants from the catalogue's reach per 10,000 inhabitants", () => {
    expect(suggestedParticipants({ meta: { reachPer10000: 3 } }, 72_304)).toBe(22);
    expect(suggestedParticipants({}, 72_304)).toBe(10);
  });
});
