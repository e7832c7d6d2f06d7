/**
 * Continuity (docs/budget.md §3): a scenario's interventions stopped after a project period,
 * beside the permanent programme, so that the cost of short projects is visible; the same
 * transform from a later year is the cost of cutting a running programme. Pure.
 * @module
 */
import type { Scenario } from "./schema.js";

/**
 * The scenario with every intervention taking no new participants from year offset `years` on
 * (0 = the first year). Costs per participant of those already started, one-off costs and
 * effects of earlier participants run their course; yearly costs stop with the participants.
 */
export function stopAfter(s: Scenario, years: number, only?: readonly string[]): Scenario {
  return {
    ...s,
    name: `${s.name} (stopped after ${years} years)`,
    interventions: s.interventions.map((x) =>
      only && !only.includes(x.id) ? x : { ...x, participants: x.participants.map((n, t) => (t < years ? n : 0)) },
    ),
  };
}
