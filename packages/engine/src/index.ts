/**
 * The Sikt calculation engine (spec: docs/model.md). Pure: plain data in, plain data out; no
 * IO, no clock, no global randomness.
 *
 * @example
 * const parsed = parseScenario(data);
 * if (parsed.ok) {
 *   const result = evaluateScenario(parsed.scenario, { iterations: 1000 });
 *   console.log(result.deterministic.npv);
 * }
 * @module
 */
import { evaluateDeterministic } from "./evaluate.js";
import { compile } from "./model.js";
import { runMonteCarlo } from "./montecarlo.js";
import type { ScenarioResult } from "./result.js";
import type { Scenario } from "./schema.js";
import { sensitivity } from "./sensitivity.js";

export * from "./budget.js";
export * from "./continuity.js";
export * from "./diff.js";
export * from "./distributions.js";
export * from "./evaluate.js";
export * from "./fund.js";
export * from "./issues.js";
export * from "./metrics.js";
export * from "./model.js";
export * from "./montecarlo.js";
export * from "./result.js";
export * from "./rng.js";
export * from "./schema.js";
export * from "./sensitivity.js";
export * from "./sharing.js";
/** Special functions other pure packages need (the follow-up's t distribution). */
export { betaI, normalQuantile } from "./special.js";
export * from "./validate.js";

/** The highest version of the calculation model this engine implements (it reads 1 and 2). */
export const MODEL_VERSION = 2;
/**
 * The engine's version, stored with every result so that it can be reproduced: a seeded Monte
 * Carlo result is reproduced, draw for draw, by an engine of the same version (0.2.0 changed the
 * random stream: four interleaved generators instead of one).
 */
export const ENGINE_VERSION = "0.2.0";

export interface EvaluateOptions {
  /** Monte Carlo iterations; default the scenario's `monteCarlo.iterations` (0: none). */
  readonly iterations?: number;
  /** Default the scenario's `monteCarlo.seed`, else 1. */
  readonly seed?: number;
  /** Include the tornado (default true). */
  readonly sensitivity?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

/** The Monte Carlo settings in force: options first, then the file, then the defaults. */
export function monteCarloSettings(
  s: Scenario,
  o: Pick<EvaluateOptions, "iterations" | "seed"> = {},
): { iterations: number; seed: number } {
  return {
    iterations: o.iterations ?? s.monteCarlo?.iterations ?? 0,
    seed: o.seed ?? s.monteCarlo?.seed ?? 1,
  };
}

/**
 * Evaluates a validated scenario in this thread: deterministic result, Monte Carlo when
 * iterations > 0, and the sensitivity analysis.
 */
export function evaluateScenario(s: Scenario, options: EvaluateOptions = {}): ScenarioResult {
  const m = compile(s);
  const result: ScenarioResult = { deterministic: evaluateDeterministic(m) };
  const { iterations, seed } = monteCarloSettings(s, options);
  if (iterations > 0) result.monteCarlo = runMonteCarlo(m, iterations, seed, options.onProgress);
  if (options.sensitivity !== false) result.sensitivity = sensitivity(m);
  return result;
}
