/**
 * Validation of a scenario (spec §2 and §6): structure by the Zod schema, then every rule that
 * spans fields. All problems are collected, each with its path; nothing is computed from a
 * scenario that has any.
 * @module
 */
import type { z } from "zod";
import { baseValue, distributionProblems } from "./distributions.js";
import type { Issue, IssuePath } from "./issues.js";
import { type Distribution, distributionSchema, type Scenario, scenarioSchema } from "./schema.js";

/** The outcome of parsing: the scenario with defaults filled in, or every problem found. */
export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; issues: Issue[] };

const JITLESS = { jitless: true } as const;
let parses = 0;

/**
 * Parses and validates a scenario given as plain data (from YAML or JSON).
 * @example
 * const r = parseScenario(yaml.parse(text));
 * if (!r.ok) for (const i of r.issues) console.error(formatIssue(i));
 */
export function parseScenario(input: unknown): ParseResult {
  // Zod generates a parser for each object schema on its first use (JavaScript compiled at run
  // time), which pays from about the second scenario on; a process's first scenario (the CLI's
  // only one) is parsed without. The same result and the same issues either way.
  const ctx = parses++ === 0 ? JITLESS : undefined;
  const parsed = scenarioSchema.safeParse(input, ctx);
  const issues: Issue[] = parsed.success ? [] : zodIssues(parsed.error.issues, input, []);
  // Rules across fields run on the raw input, so that they are reported together with any
  // structural problems; they skip what is structurally broken (already reported).
  issues.push(...crossFieldIssues(input, { ctx, valid: parsed.success }));
  if (issues.length > 0 || !parsed.success) return { ok: false, issues: dedupe(issues) };
  const data = parsed.data;
  return { ok: true, scenario: { ...data, priceYear: data.priceYear ?? data.startYear } };
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = JSON.stringify([i.path, i.code, i.params]);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function at(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

type ZodIssue = z.core.$ZodIssue;

/** Translates Zod's issues into Sikt's, resolving unions to the branch the user meant. */
function zodIssues(list: readonly ZodIssue[], root: unknown, prefix: IssuePath): Issue[] {
  const out: Issue[] = [];
  for (const zi of list) {
    const path = [...prefix, ...(zi.path as (string | number)[])];
    switch (zi.code) {
      case "invalid_type": {
        const value = at(root, path);
        if (value === undefined) out.push({ path, code: "required" });
        else if (zi.expected === "int") out.push({ path, code: "not_integer" });
        else out.push({ path, code: "invalid_type", params: { expected: zi.expected } });
        break;
      }
      case "unrecognized_keys":
        for (const key of zi.keys) out.push({ path: [...path, key], code: "unknown_key" });
        break;
      case "too_small":
        out.push({
          path,
          code: "too_small",
          params: { origin: zi.origin, minimum: Number(zi.minimum), inclusive: zi.inclusive },
        });
        break;
      case "too_big":
        out.push({
          path,
          code: "too_big",
          params: { origin: zi.origin, maximum: Number(zi.maximum), inclusive: zi.inclusive },
        });
        break;
      case "invalid_value":
        out.push({ path, code: "invalid_value", params: { values: zi.values } });
        break;
      case "invalid_union": {
        if ("note" in zi && zi.note === "No matching discriminator") {
          out.push({
            path,
            code: "unknown_distribution",
            params: { options: (zi as { options?: unknown[] }).options ?? [] },
          });
          break;
        }
        // The only union is "number or distribution": an object means a distribution.
        const value = at(root, path);
        const branch = zi.errors[1];
        if (value !== null && typeof value === "object" && !Array.isArray(value) && branch)
          out.push(...zodIssues(branch, root, path));
        else if (value === undefined) out.push({ path, code: "required" });
        else out.push({ path, code: "number_or_distribution" });
        break;
      }
      default:
        out.push({ path, code: "invalid", params: { detail: zi.message } });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Rules across fields, on raw input.

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => v !== null && typeof v === "object" && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

/** The range a field's base value must lie in. */
interface BaseRule {
  min?: number;
  max?: number;
  minExclusive?: boolean;
}
const NON_NEGATIVE: BaseRule = { min: 0 };
const PROBABILITY: BaseRule = { min: 0, max: 1 };

/**
 * How the rules across fields read uncertain numbers: with Zod's parse context of the scenario's
 * parse, and whether that parse found the structure valid (then every uncertain number is a
 * number or a valid distribution, and is read as it is instead of parsed again).
 */
interface Check {
  readonly ctx: typeof JITLESS | undefined;
  readonly valid: boolean;
}

/** Checks one uncertain number: its distribution's parameters and its base value's range. */
function checkUncertain(v: unknown, path: IssuePath, rule: BaseRule | null, out: Issue[], check: Check) {
  let base: number;
  let ofMean = false;
  if (typeof v === "number") base = v;
  else {
    let dist: Distribution;
    if (check.valid) dist = v as Distribution;
    else {
      const d = distributionSchema.safeParse(v, check.ctx);
      if (!d.success) return; // structural problem, reported by the schema
      dist = d.data;
    }
    const problems = distributionProblems(dist);
    for (const p of problems)
      out.push({ path: [...path, p.field], code: "dist_rule", params: { rule: p.rule } });
    if (problems.length > 0) return;
    base = baseValue(dist);
    ofMean = true;
  }
  if (!rule || !Number.isFinite(base)) return;
  const low = rule.min === undefined ? false : rule.minExclusive ? base <= rule.min : base < rule.min;
  const high = rule.max !== undefined && base > rule.max;
  if (low || high) out.push({ path, code: "base_range", params: { ...rule, ofMean } });
}

function idsOf(list: unknown, key: string, out: Issue[]): Set<string> {
  const ids = new Set<string>();
  arr(list).forEach((e, i) => {
    if (!isObj(e) || typeof e.id !== "string" || e.id === "") return;
    if (ids.has(e.id)) out.push({ path: [key, i, "id"], code: "duplicate_id", params: { id: e.id } });
    ids.add(e.id);
  });
  return ids;
}

function checkRef(
  v: unknown,
  ids: Set<string>,
  kind: string,
  path: IssuePath,
  out: Issue[],
): void {
  if (typeof v === "string" && v !== "" && !ids.has(v))
    out.push({ path, code: "unknown_ref", params: { kind, id: v } });
}

function crossFieldIssues(input: unknown, check: Check): Issue[] {
  const out: Issue[] = [];
  if (!isObj(input)) return out;
  const payers = idsOf(input.payers, "payers", out);
  const unitCosts = idsOf(input.unitCosts, "unitCosts", out);
  const outcomes = idsOf(input.outcomes, "outcomes", out);
  idsOf(input.interventions, "interventions", out);
  const horizon = isInt(input.horizonYears) ? input.horizonYears : undefined;
  // Version 2 features in a version 1 file are refused saying so (spec §8); a file whose
  // version is neither is reported by the schema and checked here as version 2.
  const v1 = input.version === 1;
  const needsV2 = (path: IssuePath, feature: string) =>
    out.push({ path, code: "needs_version_2", params: { feature } });
  if (v1)
    arr(input.payers).forEach((p, i) => {
      if (isObj(p) && p.group === "livskvalitet") needsV2(["payers", i, "group"], "livskvalitet");
    });

  arr(input.unitCosts).forEach((u, i) => {
    if (!isObj(u)) return;
    const p = ["unitCosts", i];
    checkRef(u.payer, payers, "payer", [...p, "payer"], out);
    checkRef(u.recipient, payers, "payer", [...p, "recipient"], out);
    if (typeof u.recipient === "string" && u.recipient === u.payer)
      out.push({ path: [...p, "recipient"], code: "recipient_is_payer" });
    checkUncertain(u.amount, [...p, "amount"], NON_NEGATIVE, out, check);
  });

  arr(input.outcomes).forEach((o, i) => {
    if (!isObj(o)) return;
    arr(o.consequences).forEach((c, j) => {
      if (!isObj(c)) return;
      const p = ["outcomes", i, "consequences", j];
      checkRef(c.unitCost, unitCosts, "unitCost", [...p, "unitCost"], out);
      checkUncertain(c.quantityPerYear, [...p, "quantityPerYear"], NON_NEGATIVE, out, check);
    });
    if (o.links === undefined) return;
    if (v1) {
      needsV2(["outcomes", i, "links"], "links");
      return;
    }
    arr(o.links).forEach((l, j) => {
      if (!isObj(l)) return;
      const p = ["outcomes", i, "links", j];
      checkRef(l.outcome, outcomes, "outcome", [...p, "outcome"], out);
      if (typeof l.outcome === "string" && l.outcome === o.id) out.push({ path: [...p, "outcome"], code: "link_to_itself" });
      checkUncertain(l.probability, [...p, "probability"], PROBABILITY, out, check);
    });
  });
  if (!v1) out.push(...linkCycleIssues(input.outcomes));

  arr(input.interventions).forEach((iv, i) => {
    if (!isObj(iv)) return;
    const p = ["interventions", i];
    if (horizon !== undefined && Array.isArray(iv.participants) && iv.participants.length > horizon)
      out.push({ path: [...p, "participants"], code: "too_many_participants", params: { max: horizon } });
    if (iv.efficacy !== undefined) checkUncertain(iv.efficacy, [...p, "efficacy"], NON_NEGATIVE, out, check);
    arr(iv.costs).forEach((c, j) => {
      if (!isObj(c)) return;
      const cp = [...p, "costs", j];
      checkRef(c.payer, payers, "payer", [...cp, "payer"], out);
      const kinds = (["perParticipant", "perYear", "oneOff"] as const).filter((k) => c[k] !== undefined);
      if (kinds.length !== 1)
        out.push({
          path: cp,
          code: "exactly_one_of",
          params: { fields: ["perParticipant", "perYear", "oneOff"] },
        });
      for (const k of kinds) checkUncertain(c[k], [...cp, k], NON_NEGATIVE, out, check);
      if (c.years !== undefined && !kinds.includes("perParticipant"))
        out.push({ path: [...cp, "years"], code: "only_with", params: { other: "perParticipant" } });
      if (c.year !== undefined && !kinds.includes("oneOff"))
        out.push({ path: [...cp, "year"], code: "only_with", params: { other: "oneOff" } });
      if (horizon !== undefined && isInt(c.year) && c.year >= horizon && kinds.includes("oneOff"))
        out.push({ path: [...cp, "year"], code: "year_beyond_horizon", params: { max: horizon - 1 } });
    });
    arr(iv.effects).forEach((e, j) => {
      if (!isObj(e)) return;
      const ep = [...p, "effects", j];
      checkRef(e.outcome, outcomes, "outcome", [...ep, "outcome"], out);
      checkUncertain(e.baselineRisk, [...ep, "baselineRisk"], PROBABILITY, out, check);
      const sizeFields = ["relativeRiskReduction", "oddsRatio", "standardizedMeanDifference"] as const;
      const sizes = sizeFields.filter((k) => e[k] !== undefined);
      const extent = !v1 && e.extent !== undefined;
      if (v1 && e.extent !== undefined) needsV2([...ep, "extent"], "extent");
      // Version 2: with an extent the effect size is optional (spec §8.3).
      if (extent ? sizes.length > 1 : sizes.length !== 1)
        out.push({
          path: ep,
          code: extent ? "at_most_one_of" : !v1 && sizes.length === 0 ? "size_or_extent" : "exactly_one_of",
          params: { fields: [...sizeFields] },
        });
      if (extent && isObj(e.extent))
        checkUncertain(e.extent.reduction, [...ep, "extent", "reduction"], PROBABILITY, out, check);
      if (e.relativeRiskReduction !== undefined)
        checkUncertain(e.relativeRiskReduction, [...ep, "relativeRiskReduction"], { max: 1 }, out, check);
      if (e.oddsRatio !== undefined)
        checkUncertain(e.oddsRatio, [...ep, "oddsRatio"], { min: 0, minExclusive: true }, out, check);
      if (e.standardizedMeanDifference !== undefined)
        checkUncertain(e.standardizedMeanDifference, [...ep, "standardizedMeanDifference"], null, out, check);
      if (e.decayPerYear !== undefined)
        checkUncertain(e.decayPerYear, [...ep, "decayPerYear"], PROBABILITY, out, check);
    });
  });
  return out;
}

/**
 * A cycle of links (spec §8.1), reported once at the link that closes it, naming its outcomes
 * in order from the first outcome of the cycle in the file: `a → b → c → a`.
 */
function linkCycleIssues(list: unknown): Issue[] {
  const outcomes = arr(list);
  const index = new Map<string, number>();
  outcomes.forEach((o, i) => {
    if (isObj(o) && typeof o.id === "string" && !index.has(o.id)) index.set(o.id, i);
  });
  // Edges by outcome index, in file order; links to unknown outcomes or to itself are reported elsewhere.
  const edges = outcomes.map((o, i) =>
    (isObj(o) ? arr(o.links) : []).flatMap((l, j) => {
      const to = isObj(l) && typeof l.outcome === "string" ? index.get(l.outcome) : undefined;
      return to === undefined || to === i ? [] : [{ to, j }];
    }),
  );
  const state = new Uint8Array(outcomes.length); // 0 new, 1 on the path, 2 done
  const path: number[] = [];
  const found: Issue[] = [];
  const visit = (v: number): boolean => {
    state[v] = 1;
    path.push(v);
    for (const { to, j } of edges[v] ?? []) {
      if (state[to] === 1) {
        const cycle = path.slice(path.indexOf(to));
        const ids = [...cycle, to].map((k) => (outcomes[k] as Raw).id as string);
        found.push({ path: ["outcomes", v, "links", j, "outcome"], code: "link_cycle", params: { cycle: ids } });
        return true;
      }
      if (state[to] === 0 && visit(to)) return true;
    }
    path.pop();
    state[v] = 2;
    return false;
  };
  for (let v = 0; v < outcomes.length; v++) if (state[v] === 0 && visit(v)) break;
  return found;
}
