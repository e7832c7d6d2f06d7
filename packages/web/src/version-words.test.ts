import { describe, expect, it } from "vitest";
import { describeChanges } from "./version-words";

const base = () => ({
  name: "Kalmar",
  startYear: 2026,
  horizonYears: 3,
  discountRate: 0.035,
  payers: [{ id: "soc", name: "Socialtjänsten", group: "kommun" }],
  unitCosts: [{ id: "hvb", name: "Placering på HVB, per dygn", amount: 7000 }],
  outcomes: [{ id: "brott", name: "Ungdomsbrottslighet", consequences: [] }],
  interventions: [
    {
      id: "komet",
      name: "Komet",
      participants: [22, 22, 22],
      efficacy: 0.8,
      costs: [{ payer: "soc", perParticipant: 16909.406415 }],
      effects: [{ outcome: "brott", baselineRisk: 0.1, standardizedMeanDifference: -0.64 }],
    },
  ],
});

describe("versions compared in words", () => {
  it("names the intervention and the outcome, and calls a changed effect changed", () => {
    const a = base();
    const b = base();
    b.interventions[0]!.effects[0]!.standardizedMeanDifference = -0.5;
    b.discountRate = 0.015;
    b.interventions[0]!.participants = [22, 25, 25];
    b.unitCosts[0]!.amount = 8500;
    expect(describeChanges(a, b, "sv")).toEqual([
      "Diskonteringsräntan ändrad från 3,5 % till 1,5 %",
      "Komet: deltagare 2027 ändrade från 22 till 25; deltagare 2028 ändrade från 22 till 25",
      "Komet: effekt på ungdomsbrottslighet ändrad från \u22120,64 till \u22120,5",
      "Styckkostnad Placering på HVB, per dygn ändrad från 7000 kr till 8500 kr",
    ]);
    expect(describeChanges(a, b, "en")[2]).toBe("Komet: effect on Ungdomsbrottslighet changed from \u22120.64 to \u22120.5");
  });

  it("says what was added and removed by name, costs rounded, a distribution by its central value", () => {
    const a = base();
    const b = base();
    b.interventions.push({ id: "fft", name: "FFT – funktionell familjeterapi", participants: [5, 5, 5], efficacy: 1, costs: [], effects: [] });
    (b.interventions[0] as Record<string, unknown>).costs = [{ payer: "soc", perParticipant: 18000 }];
    (b.interventions[0] as Record<string, unknown>).efficacy = { dist: "pert", min: 0.5, mode: 0.7, max: 0.9 };
    expect(describeChanges(a, b, "sv")).toEqual([
      "Komet: genomslag i svensk praktik ändrat från 0,8 till 0,7",
      "Komet: kostnad per deltagare (Socialtjänsten) ändrad från 16\u00a0909 kr till 18\u00a0000 kr",
      "Ny insats: FFT – funktionell familjeterapi",
    ]);
    expect(describeChanges(b, a, "sv")).toContain("Insatsen FFT – funktionell familjeterapi är borttagen");
    expect(describeChanges(a, a, "sv")).toEqual([]);
    expect(describeChanges(a, a, "sv", {}, { sharingAgreement: { shares: { soc: 1 } } })).toEqual(["Överenskommelsen om kostnadsdelning är ändrad"]);
  });
});
