/** Small scenario builders for the engine's tests. */
import { compile } from "../model.js";
import type { Scenario, ScenarioInput, Uncertain } from "../schema.js";
import { parseScenario } from "../validate.js";
import { evaluateDeterministic } from "../evaluate.js";

/** A minimal valid scenario input; override any field. */
export function input(over: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    version: 1,
    name: "Test",
    startYear: 2026,
    horizonYears: 5,
    discountRate: 0,
    payers: [
      { id: "k", name: "Kommun", group: "kommun" },
      { id: "r", name: "Region", group: "region" },
      { id: "i", name: "Individ", group: "individ" },
    ],
    unitCosts: [{ id: "u", name: "Unit", payer: "k", amount: 1000 }],
    outcomes: [{ id: "o", name: "Outcome", consequences: [{ unitCost: "u", quantityPerYear: 1 }] }],
    interventions: [],
    ...over,
  };
}

/** Parses a scenario input, failing loudly with the issues when it is invalid. */
export function scenario(over: Partial<ScenarioInput> = {}): Scenario {
  const r = parseScenario(input(over));
  if (!r.ok) throw new Error(`invalid test scenario: ${JSON.stringify(r.issues)}`);
  return r.scenario;
}

/** The deterministic result of a scenario input. */
export function det(over: Partial<ScenarioInput> = {}) {
  return evaluateDeterministic(compile(scenario(over)));
}

/**
 * One intervention over four years, for hand computation: 10 participants a year at 1,000 each,
 * paid by the municipality (k); each avoids baselineRisk × 0.2 cases a year later, each case
 * saving 5,000 for the region (r). No discounting.
 */
export function oneIntervention(baselineRisk: Uncertain = 0.5, over: Partial<ScenarioInput> = {}): Scenario {
  return scenario({
    horizonYears: 4,
    unitCosts: [{ id: "u", name: "Vård", payer: "r", amount: 5000 }],
    outcomes: [{ id: "o", name: "Utfall", consequences: [{ unitCost: "u", quantityPerYear: 1 }] }],
    interventions: [
      {
        id: "x",
        name: "Insats",
        level: "individ",
        participants: [10, 10, 10, 10],
        costs: [{ payer: "k", perParticipant: 1000 }],
        effects: [{ outcome: "o", baselineRisk, relativeRiskReduction: 0.2, onset: { fromYear: 1, years: 1 } }],
      },
    ],
    ...over,
  });
}
