/** Small scenario builders for the engine's tests. */
import { compile } from "../model.js";
import type { Scenario, ScenarioInput } from "../schema.js";
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
