/**
 * Every rule of the scenario format broken once: the scenario is refused, and the problem is
 * reported at its path with words that say what is wrong.
 */
import { describe, expect, it } from "vitest";
import { formatIssue, formatPath, type Issue } from "./issues.js";
import type { ScenarioInput } from "./schema.js";
import { casesV2, extentEffect, link, validV2 } from "./testing/rules-v2.js";
import { parseScenario } from "./validate.js";

/** A valid scenario using every kind of entry. */
function valid(): Record<string, unknown> {
  return {
    version: 1,
    name: "Giltigt",
    startYear: 2026,
    priceYear: 2025,
    horizonYears: 5,
    discountRate: 0.035,
    optimismBias: { effects: 0.1, costs: 0.05 },
    monteCarlo: { iterations: 100, seed: 3 },
    payers: [
      { id: "k", name: "Kommun", group: "kommun" },
      { id: "i", name: "Individ", group: "individ" },
    ],
    unitCosts: [
      { id: "u", name: "Dygn", payer: "k", amount: { dist: "pert", min: 1, mode: 2, max: 3 }, unit: "dygn" },
      { id: "t", name: "Bistånd", payer: "k", recipient: "i", amount: 1000 },
    ],
    outcomes: [{ id: "o", name: "Utfall", consequences: [{ unitCost: "u", quantityPerYear: 10, fromYear: 0, years: 2 }] }],
    interventions: [
      {
        id: "a",
        name: "Insats",
        level: "grupp",
        participants: [10, 10],
        efficacy: 1,
        costs: [
          { payer: "k", perParticipant: 100, years: 2 },
          { payer: "k", perYear: 1000 },
          { payer: "k", oneOff: 500, year: 1 },
        ],
        effects: [{ outcome: "o", baselineRisk: 0.1, relativeRiskReduction: 0.2, onset: { fromYear: 1, years: 2 }, decayPerYear: 0.1 }],
      },
    ],
  };
}

type Json = Record<string, unknown>;
const iv = (s: Json) => (s.interventions as Json[])[0] as Json;
const effect = (s: Json) => (iv(s).effects as Json[])[0] as Json;
const cost = (s: Json, j: number) => (iv(s).costs as Json[])[j] as Json;
const uc = (s: Json, j = 0) => (s.unitCosts as Json[])[j] as Json;
const cons = (s: Json) => ((s.outcomes as Json[])[0]?.consequences as Json[])[0] as Json;

/** [what, change, path of the problem, code, words the English message must contain] */
const cases: [string, (s: Json) => void, string, Issue["code"], string][] = [
  ["version other than 1 or 2", (s) => { s.version = 3; }, "version", "invalid_value", "one of '1', '2'"],
  ["missing name", (s) => { delete s.name; }, "name", "required", "required"],
  ["empty name", (s) => { s.name = ""; }, "name", "too_small", "not be empty"],
  ["fractional startYear", (s) => { s.startYear = 2026.5; }, "startYear", "not_integer", "whole number"],
  ["fractional priceYear", (s) => { s.priceYear = 2025.5; }, "priceYear", "not_integer", "whole number"],
  ["horizonYears 0", (s) => { s.horizonYears = 0; }, "horizonYears", "too_small", "at least 1"],
  ["horizonYears 101", (s) => { s.horizonYears = 101; }, "horizonYears", "too_big", "at most 100"],
  ["discountRate below −0.1", (s) => { s.discountRate = -0.2; }, "discountRate", "too_small", "at least"],
  ["discountRate above 1", (s) => { s.discountRate = 1.5; }, "discountRate", "too_big", "at most 1"],
  ["optimismBias.effects 1", (s) => { s.optimismBias = { effects: 1 }; }, "optimismBias.effects", "too_big", "less than 1"],
  ["optimismBias.costs negative", (s) => { s.optimismBias = { costs: -0.1 }; }, "optimismBias.costs", "too_small", "at least 0"],
  ["negative iterations", (s) => { s.monteCarlo = { iterations: -1 }; }, "monteCarlo.iterations", "too_small", "at least 0"],
  ["fractional iterations", (s) => { s.monteCarlo = { iterations: 1.5 }; }, "monteCarlo.iterations", "not_integer", "whole number"],
  ["negative seed", (s) => { s.monteCarlo = { seed: -1 }; }, "monteCarlo.seed", "too_small", "at least 0"],
  ["payers not a list", (s) => { s.payers = {}; }, "payers", "invalid_type", "a list"],
  ["missing outcomes", (s) => { delete s.outcomes; }, "outcomes", "required", "required"],
  ["duplicate payer id", (s) => { (s.payers as Json[]).push({ id: "k", name: "Igen", group: "region" }); }, "payers[2].id", "duplicate_id", "more than once"],
  ["duplicate intervention id", (s) => { (s.interventions as Json[]).push({ ...iv(s) }); }, "interventions[1].id", "duplicate_id", "more than once"],
  ["empty id", (s) => { uc(s).id = ""; }, "unitCosts[0].id", "too_small", "not be empty"],
  ["unknown payer group", (s) => { (s.payers as Json[])[0]!.group = "landsting"; }, "payers[0].group", "invalid_value", "'kommun'"],
  ["unit cost with unknown payer", (s) => { uc(s).payer = "x"; }, "unitCosts[0].payer", "unknown_ref", "unknown payer 'x'"],
  ["unknown recipient", (s) => { uc(s, 1).recipient = "x"; }, "unitCosts[1].recipient", "unknown_ref", "unknown payer"],
  ["recipient equal to payer", (s) => { uc(s, 1).recipient = "k"; }, "unitCosts[1].recipient", "recipient_is_payer", "differ from the payer"],
  ["negative amount", (s) => { uc(s, 1).amount = -5; }, "unitCosts[1].amount", "base_range", "at least 0"],
  ["amount distribution with a negative mean", (s) => { uc(s).amount = { dist: "normal", mean: -5, sd: 1 }; }, "unitCosts[0].amount", "base_range", "its mean must be at least 0"],
  ["consequence with unknown unit cost", (s) => { cons(s).unitCost = "x"; }, "outcomes[0].consequences[0].unitCost", "unknown_ref", "unknown unit cost 'x'"],
  ["negative quantity", (s) => { cons(s).quantityPerYear = -1; }, "outcomes[0].consequences[0].quantityPerYear", "base_range", "at least 0"],
  ["fromYear 101", (s) => { cons(s).fromYear = 101; }, "outcomes[0].consequences[0].fromYear", "too_big", "at most 100"],
  ["negative fromYear", (s) => { cons(s).fromYear = -1; }, "outcomes[0].consequences[0].fromYear", "too_small", "at least 0"],
  ["consequence years 0", (s) => { cons(s).years = 0; }, "outcomes[0].consequences[0].years", "too_small", "at least 1"],
  ["no consequences", (s) => { (s.outcomes as Json[])[0]!.consequences = []; }, "outcomes[0].consequences", "too_small", "at least 1"],
  ["unknown level", (s) => { iv(s).level = "nation"; }, "interventions[0].level", "invalid_value", "'samhalle'"],
  ["negative participants", (s) => { iv(s).participants = [10, -1]; }, "interventions[0].participants[1]", "too_small", "at least 0"],
  ["participants beyond the horizon", (s) => { iv(s).participants = [1, 1, 1, 1, 1, 1]; }, "interventions[0].participants", "too_many_participants", "at most 5"],
  ["negative efficacy", (s) => { iv(s).efficacy = -0.5; }, "interventions[0].efficacy", "base_range", "at least 0"],
  ["cost line without an amount", (s) => { iv(s).costs = [{ payer: "k" }]; }, "interventions[0].costs[0]", "exactly_one_of", "exactly one of"],
  ["cost line with two amounts", (s) => { cost(s, 1).oneOff = 5; }, "interventions[0].costs[1]", "exactly_one_of", "exactly one of"],
  ["cost line with unknown payer", (s) => { cost(s, 0).payer = "x"; }, "interventions[0].costs[0].payer", "unknown_ref", "unknown payer"],
  ["years with perYear", (s) => { cost(s, 1).years = 2; }, "interventions[0].costs[1].years", "only_with", "perParticipant"],
  ["year with perParticipant", (s) => { cost(s, 0).year = 1; }, "interventions[0].costs[0].year", "only_with", "oneOff"],
  ["one-off beyond the horizon", (s) => { cost(s, 2).year = 5; }, "interventions[0].costs[2].year", "year_beyond_horizon", "at most 4"],
  ["effect on unknown outcome", (s) => { effect(s).outcome = "x"; }, "interventions[0].effects[0].outcome", "unknown_ref", "unknown outcome 'x'"],
  ["baseline risk above 1", (s) => { effect(s).baselineRisk = 1.2; }, "interventions[0].effects[0].baselineRisk", "base_range", "between 0 and 1"],
  ["baseline risk below 0", (s) => { effect(s).baselineRisk = -0.1; }, "interventions[0].effects[0].baselineRisk", "base_range", "between 0 and 1"],
  ["no effect size", (s) => { delete effect(s).relativeRiskReduction; }, "interventions[0].effects[0]", "exactly_one_of", "exactly one of"],
  ["two effect sizes", (s) => { effect(s).oddsRatio = 0.5; }, "interventions[0].effects[0]", "exactly_one_of", "exactly one of"],
  ["relative risk reduction above 1", (s) => { effect(s).relativeRiskReduction = 1.5; }, "interventions[0].effects[0].relativeRiskReduction", "base_range", "at most 1"],
  ["odds ratio 0", (s) => { delete effect(s).relativeRiskReduction; effect(s).oddsRatio = 0; }, "interventions[0].effects[0].oddsRatio", "base_range", "greater than 0"],
  ["decay above 1", (s) => { effect(s).decayPerYear = 1.5; }, "interventions[0].effects[0].decayPerYear", "base_range", "between 0 and 1"],
  ["onset years 0", (s) => { effect(s).onset = { years: 0 }; }, "interventions[0].effects[0].onset.years", "too_small", "at least 1"],
  ["unknown top-level key", (s) => { s.horizon = 5; }, "horizon", "unknown_key", "not a known field"],
  ["unknown key in a payer", (s) => { (s.payers as Json[])[0]!.budget = 1; }, "payers[0].budget", "unknown_key", "not a known field"],
  ["unknown key in an effect", (s) => { effect(s).size = 1; }, "interventions[0].effects[0].size", "unknown_key", "not a known field"],
  ["unknown key in a distribution", (s) => { uc(s).amount = { dist: "pert", min: 1, mode: 2, max: 3, sd: 1 }; }, "unitCosts[0].amount.sd", "unknown_key", "not a known field"],
  ["unknown distribution", (s) => { uc(s).amount = { dist: "cauchy", mean: 1 }; }, "unitCosts[0].amount.dist", "unknown_distribution", "unknown distribution"],
  ["distribution missing a parameter", (s) => { uc(s).amount = { dist: "normal", mean: 1 }; }, "unitCosts[0].amount.sd", "required", "required"],
  ["a text where a number belongs", (s) => { uc(s).amount = "1000"; }, "unitCosts[0].amount", "number_or_distribution", "a number or a distribution"],
  ["normal with negative sd", (s) => { uc(s).amount = { dist: "normal", mean: 5, sd: -1 }; }, "unitCosts[0].amount.sd", "dist_rule", "sd must be 0 or more"],
  ["lognormal with mean 0", (s) => { uc(s).amount = { dist: "lognormal", mean: 0, sd: 1 }; }, "unitCosts[0].amount.mean", "dist_rule", "greater than 0"],
  ["lognormal with sd 0", (s) => { uc(s).amount = { dist: "lognormal", mean: 1, sd: 0 }; }, "unitCosts[0].amount.sd", "dist_rule", "greater than 0"],
  ["gamma with negative mean", (s) => { uc(s).amount = { dist: "gamma", mean: -1, sd: 1 }; }, "unitCosts[0].amount.mean", "dist_rule", "greater than 0"],
  ["gamma with sd 0", (s) => { uc(s).amount = { dist: "gamma", mean: 1, sd: 0 }; }, "unitCosts[0].amount.sd", "dist_rule", "greater than 0"],
  ["beta with mean 1", (s) => { effect(s).baselineRisk = { dist: "beta", mean: 1, sd: 0.1 }; }, "interventions[0].effects[0].baselineRisk.mean", "dist_rule", "strictly between 0 and 1"],
  ["beta with sd 0", (s) => { effect(s).baselineRisk = { dist: "beta", mean: 0.5, sd: 0 }; }, "interventions[0].effects[0].baselineRisk.sd", "dist_rule", "greater than 0"],
  ["beta with an impossible sd", (s) => { effect(s).baselineRisk = { dist: "beta", mean: 0.1, sd: 0.35 }; }, "interventions[0].effects[0].baselineRisk.sd", "dist_rule", "sd² must be less than mean·(1 − mean)"],
  ["uniform with min = max", (s) => { uc(s).amount = { dist: "uniform", min: 2, max: 2 }; }, "unitCosts[0].amount.max", "dist_rule", "min must be less than max"],
  ["triangular with min > max", (s) => { uc(s).amount = { dist: "triangular", min: 3, mode: 2, max: 1 }; }, "unitCosts[0].amount.max", "dist_rule", "min must be less than max"],
  ["triangular with mode outside", (s) => { uc(s).amount = { dist: "triangular", min: 1, mode: 5, max: 3 }; }, "unitCosts[0].amount.mode", "dist_rule", "mode must lie between"],
  ["pert with mode outside", (s) => { uc(s).amount = { dist: "pert", min: 1, mode: 0, max: 3 }; }, "unitCosts[0].amount.mode", "dist_rule", "mode must lie between"],
];

describe("every rule of the scenario format", () => {
  it("accepts the valid scenario the cases start from", () => {
    expect(parseScenario(valid())).toMatchObject({ ok: true });
  });

  it.each(cases)("refuses %s", (_what, change, path, code, words) => {
    const s = valid();
    change(s);
    const r = parseScenario(s);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const issue = r.issues.find((i) => formatPath(i.path) === path && i.code === code);
    expect(issue, `issues: ${r.issues.map((i) => `${formatIssue(i)} [${i.code}]`).join("; ")}`).toBeDefined();
    expect(formatIssue(issue as Issue, "en")).toContain(words);
    expect(formatIssue(issue as Issue, "en").startsWith(`${path}: `)).toBe(true);
    expect(formatIssue(issue as Issue, "sv").length).toBeGreaterThan(path.length + 5);
  });

  it("lists every problem at once", () => {
    const s = valid();
    s.horizonYears = 0;
    uc(s).payer = "x";
    effect(s).baselineRisk = 2;
    s.extra = true;
    const r = parseScenario(s);
    expect(r.ok ? [] : r.issues.map((i) => formatPath(i.path))).toEqual(
      expect.arrayContaining(["horizonYears", "unitCosts[0].payer", "interventions[0].effects[0].baselineRisk", "extra"]),
    );
  });

  it.each([["a text", "scenario"], ["a list", []], ["nothing", null]])("refuses %s instead of a scenario", (_w, v) => {
    const r = parseScenario(v);
    expect(r.ok).toBe(false);
  });

  it("accepts the edges of every range and fills in the defaults", () => {
    const s = valid() as ScenarioInput & Json;
    s.discountRate = -0.1;
    s.horizonYears = 100;
    s.monteCarlo = { iterations: 0 };
    delete s.priceYear;
    const e = effect(s);
    delete e.onset;
    delete e.decayPerYear;
    delete e.relativeRiskReduction;
    e.standardizedMeanDifference = 0.3; // a harmful effect is allowed
    iv(s).participants = [0.5, 1.25];
    delete iv(s).efficacy;
    (s.outcomes as Json[])[0]!.consequences = [{ unitCost: "u", quantityPerYear: 1, description: "x", meta: { a: 1 } }];
    const r = parseScenario(s);
    if (!r.ok) throw new Error(r.issues.map((i) => formatIssue(i)).join("; "));
    expect(r.scenario.priceYear).toBe(2026);
    expect(r.scenario.monteCarlo).toEqual({ iterations: 0, seed: 1 });
    const parsed = r.scenario.interventions[0]!;
    expect(parsed.efficacy).toBe(1);
    expect(parsed.effects[0]?.onset).toEqual({ fromYear: 0, years: 1 });
    expect(parsed.effects[0]?.decayPerYear).toBe(0);
    expect(r.scenario.outcomes[0]?.consequences[0]).toMatchObject({ fromYear: 0, years: 1 });
    expect(parseScenario({ ...valid(), discountRate: 1, horizonYears: 1, interventions: [], outcomes: [], unitCosts: [], payers: [] }).ok).toBe(true);
    // a relative risk reduction may be negative (a harmful effect): only ≤ 1 is required
    const neg = valid();
    effect(neg).relativeRiskReduction = -0.5;
    expect(parseScenario(neg).ok).toBe(true);
  });
});

describe("every rule of version 2", () => {
  it("accepts the valid version 2 scenario the cases start from, with the defaults filled in", () => {
    const r = parseScenario(validV2());
    if (!r.ok) throw new Error(r.issues.map((i) => formatIssue(i)).join("; "));
    const s = validV2();
    delete link(s).after;
    extentEffect(s).extent = { reduction: 0.5 };
    const d = parseScenario(s);
    if (!d.ok) throw new Error(d.issues.map((i) => formatIssue(i)).join("; "));
    expect(d.scenario.outcomes[0]?.links?.[0]?.after).toEqual({ fromYear: 0, years: 1 });
    expect(d.scenario.interventions[0]?.effects[1]?.extent).toEqual({ reduction: 0.5, fromYear: 0 });
    // an extent with one effect size is fine
    const both = validV2();
    extentEffect(both).relativeRiskReduction = 0.1;
    expect(parseScenario(both).ok).toBe(true);
  });

  it.each(casesV2)("refuses %s", (_what, change, path, code, words) => {
    const s = validV2();
    change(s);
    const r = parseScenario(s);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const issue = r.issues.find((i) => formatPath(i.path) === path && i.code === code);
    expect(issue, `issues: ${r.issues.map((i) => `${formatIssue(i)} [${i.code}]`).join("; ")}`).toBeDefined();
    expect(formatIssue(issue as Issue, "en")).toContain(words);
    expect(formatIssue(issue as Issue, "sv").length).toBeGreaterThan(path.length + 5);
  });

  it("names the outcomes of a longer cycle in order", () => {
    const s = validV2();
    const outcomes = s.outcomes as Json[];
    outcomes.push({ id: "r", name: "R", consequences: [{ unitCost: "u", quantityPerYear: 1 }], links: [{ outcome: "o", probability: 0.1 }] });
    outcomes[1]!.links = [{ outcome: "r", probability: 0.1 }];
    const r = parseScenario(s);
    expect(r.ok ? [] : r.issues.map((i) => formatIssue(i, "sv"))).toEqual(["outcomes[2].links[0].outcome: länkarna bildar en cirkel: o → p → r → o"]);
  });
});
