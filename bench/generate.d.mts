/** Types for bench/generate.mjs. */
export function generateScenario(
  seed?: number,
  options?: { interventions?: number; outcomes?: number; horizon?: number; version2?: boolean },
): Record<string, unknown>;
