/**
 * The rules of model version 2 (spec §8), each broken once, for the engine's and the CLI's
 * tests: what to change in a valid version 2 scenario, the path of the problem, its code and
 * words its English message must contain.
 */
import type { IssueCode } from "../issues.js";

type Json = Record<string, unknown>;
const iv = (s: Json) => (s.interventions as Json[])[0] as Json;

/** The valid scenario as version 2, with a chain o → p and an extent effect. */
export function validV2(): Json {
  return {
    version: 2,
    name: "Giltigt",
    startYear: 2026,
    horizonYears: 5,
    discountRate: 0.035,
    payers: [
      { id: "k", name: "Kommun", group: "kommun" },
      { id: "i", name: "Individ", group: "individ" },
      { id: "q", name: "Livskvalitet", group: "livskvalitet" },
    ],
    unitCosts: [{ id: "u", name: "Dygn", payer: "k", amount: 2000 }],
    outcomes: [
      {
        id: "o",
        name: "Utfall",
        consequences: [{ unitCost: "u", quantityPerYear: 10, years: 2 }],
        links: [{ outcome: "p", probability: { dist: "beta", mean: 0.2, sd: 0.05 }, after: { fromYear: 2, years: 3 }, source: "antagande" }],
      },
      { id: "p", name: "Följd", consequences: [{ unitCost: "u", quantityPerYear: 1 }] },
    ],
    interventions: [
      {
        id: "a",
        name: "Insats",
        level: "grupp",
        participants: [10, 10],
        costs: [{ payer: "k", perParticipant: 100 }],
        effects: [
          { outcome: "o", baselineRisk: 0.1, relativeRiskReduction: 0.2 },
          { outcome: "p", baselineRisk: 0.1, extent: { reduction: 0.4, fromYear: 1 } },
        ],
      },
    ],
  };
}
export const link = (s: Json) => ((s.outcomes as Json[])[0]!.links as Json[])[0] as Json;
export const extentEffect = (s: Json) => (iv(s).effects as Json[])[1] as Json;

/** Every rule of version 2 (spec §8) broken once. */
export const casesV2: [string, (s: Json) => void, string, IssueCode, string][] = [
  ["links in a version 1 file", (s) => { s.version = 1; (s.payers as Json[]).pop(); (iv(s).effects as Json[]).pop(); }, "outcomes[0].links", "needs_version_2", "need version 2"],
  ["an extent in a version 1 file", (s) => { s.version = 1; (s.payers as Json[]).pop(); delete (s.outcomes as Json[])[0]!.links; }, "interventions[0].effects[1].extent", "needs_version_2", "needs version 2"],
  ["the group livskvalitet in a version 1 file", (s) => { s.version = 1; delete (s.outcomes as Json[])[0]!.links; (iv(s).effects as Json[]).pop(); }, "payers[2].group", "needs_version_2", "needs version 2"],
  ["a link to an unknown outcome", (s) => { link(s).outcome = "x"; }, "outcomes[0].links[0].outcome", "unknown_ref", "unknown outcome 'x'"],
  ["a link to itself", (s) => { link(s).outcome = "o"; }, "outcomes[0].links[0].outcome", "link_to_itself", "cannot link to itself"],
  ["a link without an outcome", (s) => { delete link(s).outcome; }, "outcomes[0].links[0].outcome", "required", "required"],
  ["a link without a probability", (s) => { delete link(s).probability; }, "outcomes[0].links[0].probability", "required", "required"],
  ["a link probability above 1", (s) => { link(s).probability = 1.2; }, "outcomes[0].links[0].probability", "base_range", "between 0 and 1"],
  ["a link probability whose mean is below 0", (s) => { link(s).probability = { dist: "normal", mean: -0.1, sd: 0.1 }; }, "outcomes[0].links[0].probability", "base_range", "its mean must be between 0 and 1"],
  ["a link's after.fromYear above 100", (s) => { link(s).after = { fromYear: 101 }; }, "outcomes[0].links[0].after.fromYear", "too_big", "at most 100"],
  ["a link's after.years 0", (s) => { link(s).after = { years: 0 }; }, "outcomes[0].links[0].after.years", "too_small", "at least 1"],
  ["a link's fractional after.years", (s) => { link(s).after = { years: 1.5 }; }, "outcomes[0].links[0].after.years", "not_integer", "whole number"],
  ["an unknown key in a link", (s) => { link(s).lag = 2; }, "outcomes[0].links[0].lag", "unknown_key", "not a known field"],
  ["links not a list", (s) => { (s.outcomes as Json[])[0]!.links = {}; }, "outcomes[0].links", "invalid_type", "a list"],
  ["a cycle of links", (s) => { (s.outcomes as Json[])[1]!.links = [{ outcome: "o", probability: 0.1 }]; }, "outcomes[1].links[0].outcome", "link_cycle", "the links form a cycle: o → p → o"],
  ["an extent without a reduction", (s) => { extentEffect(s).extent = { fromYear: 1 }; }, "interventions[0].effects[1].extent.reduction", "required", "required"],
  ["an extent reduction above 1", (s) => { extentEffect(s).extent = { reduction: 1.5 }; }, "interventions[0].effects[1].extent.reduction", "base_range", "between 0 and 1"],
  ["an extent reduction below 0", (s) => { extentEffect(s).extent = { reduction: -0.5 }; }, "interventions[0].effects[1].extent.reduction", "base_range", "between 0 and 1"],
  ["an extent's fromYear above 100", (s) => { extentEffect(s).extent = { reduction: 0.5, fromYear: 101 }; }, "interventions[0].effects[1].extent.fromYear", "too_big", "at most 100"],
  ["an unknown key in an extent", (s) => { extentEffect(s).extent = { reduction: 0.5, years: 2 }; }, "interventions[0].effects[1].extent.years", "unknown_key", "not a known field"],
  ["neither an effect size nor an extent", (s) => { delete extentEffect(s).extent; }, "interventions[0].effects[1]", "size_or_extent", "an effect size"],
  ["two effect sizes with an extent", (s) => { Object.assign(extentEffect(s), { relativeRiskReduction: 0.1, oddsRatio: 0.8 }); }, "interventions[0].effects[1]", "at_most_one_of", "at most one of"],
  ["an unknown payer group", (s) => { (s.payers as Json[])[2]!.group = "qaly"; }, "payers[2].group", "invalid_value", "'livskvalitet'"],
];

