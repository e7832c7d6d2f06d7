/**
 * A scenario compiled for computation: every uncertain number gets a slot in a parameter
 * vector, and everything that does not depend on the parameters — the year span T, discount
 * factors, participant and cost profiles, discounted consequence weights — is computed once.
 * The deterministic evaluation (base values in the vector) and every Monte Carlo iteration
 * (drawn values) read the same compiled model.
 * @module
 */
import { baseValue, type PreparedDist, prepare } from "./distributions.js";
import type { IssuePath } from "./issues.js";
import { type PayerGroup, payerGroups } from "./domain.js";
import type { Scenario, Uncertain } from "./schema.js";

/** How a drawn value is clamped before use (spec §2). */
export const enum Clamp {
  None = 0,
  Probability = 1,
  NonNegative = 2,
}

/** What an uncertain number is, for labels in the sensitivity analysis. */
export type ParamRole =
  | "unitCost.amount"
  | "consequence.quantityPerYear"
  | "intervention.efficacy"
  | "cost.amount"
  | "effect.baselineRisk"
  | "effect.size"
  | "effect.decayPerYear";

/** One uncertain number of the scenario. */
export interface ParamSlot {
  readonly path: IssuePath;
  readonly role: ParamRole;
  /** Id of the unit cost, outcome or intervention the number belongs to. */
  readonly owner: string;
  readonly dist: PreparedDist;
  readonly clamp: Clamp;
  /** The base-case value: the distribution's mean (clamped, which the rules make a no-op). */
  readonly base: number;
  /** True for a distribution, false for a plain number. */
  readonly uncertain: boolean;
}

export const enum SizeKind {
  RelativeRiskReduction = 0,
  OddsRatio = 1,
  StandardizedMeanDifference = 2,
}

export interface CompiledCostLine {
  readonly payer: number;
  readonly slot: number;
  /** Amount multiplier per year (participants, or 1 for years with costs), length T. */
  readonly profile: Float64Array;
  /** profile × discount factor. */
  readonly profileDisc: Float64Array;
  /** Σ profileDisc: the present value of one unit of the amount. */
  readonly pv: number;
  readonly first: number;
  readonly last: number;
}

/**
 * Cost lines of one intervention that share a yearly profile (the same kind and years): the
 * Monte Carlo kernel adds their amounts first and walks the years once.
 */
export interface CostGroup {
  readonly lines: readonly number[];
  readonly profileDisc: Float64Array;
  readonly first: number;
  readonly last: number;
}

export interface CompiledEffect {
  readonly intervention: number;
  readonly outcome: number;
  readonly p0Slot: number;
  readonly sizeKind: SizeKind;
  readonly sizeSlot: number;
  readonly decaySlot: number;
  readonly efficacySlot: number;
  readonly onsetFrom: number;
  readonly onsetYears: number;
  /** Participants per start year, length H. */
  readonly participants: Float64Array;
  /** participants[y − onsetFrom] and participants[y − onsetFrom − onsetYears], length T. */
  readonly entering: Float64Array;
  readonly leaving: Float64Array;
  /** Onset profile for the base decay when decay is a plain number (else recomputed). */
  readonly fixedProfile: Float64Array | null;
  /** Years in which avoided occurrences can fall: [first, last]. */
  readonly first: number;
  readonly last: number;
}

export interface CompiledConsequence {
  readonly unitCost: number;
  readonly payer: number;
  /** −1 when the unit cost is not a transfer. */
  readonly recipient: number;
  readonly amountSlot: number;
  readonly quantitySlot: number;
  readonly fromYear: number;
  readonly years: number;
  /** G(y) = Σₘ DF(y + fromYear + m): PV of one unit per year for an occurrence in year y. */
  readonly weight: Float64Array;
}

export interface CompiledOutcome {
  readonly consequences: readonly CompiledConsequence[];
  /** Indices into `effects` of the effects on this outcome. */
  readonly effects: readonly number[];
}

/** A scenario ready to compute. Plain data: it can be rebuilt anywhere from the scenario. */
export interface CompiledModel {
  readonly scenario: Scenario;
  readonly horizon: number;
  /** Number of result years. */
  readonly years: number;
  readonly discountRate: number;
  readonly df: Float64Array;
  readonly costFactor: number;
  readonly effectFactor: number;
  readonly payerIds: readonly string[];
  readonly payerGroup: readonly PayerGroup[];
  readonly groups: readonly PayerGroup[];
  readonly slots: readonly ParamSlot[];
  readonly costLines: readonly CompiledCostLine[];
  readonly costLinesByIntervention: readonly (readonly number[])[];
  readonly costGroups: readonly CostGroup[];
  readonly effects: readonly CompiledEffect[];
  readonly outcomes: readonly CompiledOutcome[];
}

export interface CompileOptions {
  /** Replaces the scenario's discount rate (the sensitivity analysis uses this). */
  readonly discountRate?: number;
}

/** The number of result years T of spec §3. */
export function resultYears(s: Scenario): number {
  const H = s.horizonYears;
  const outcomeTail = new Map<string, number>();
  for (const o of s.outcomes) {
    let m = 0;
    for (const c of o.consequences) m = Math.max(m, c.fromYear + c.years - 1);
    outcomeTail.set(o.id, m);
  }
  let last = H - 1;
  for (const iv of s.interventions) {
    let L = 0;
    for (const c of iv.costs) if (c.perParticipant !== undefined) L = Math.max(L, (c.years ?? 1) - 1);
    for (const e of iv.effects)
      L = Math.max(L, e.onset.fromYear + e.onset.years - 1 + (outcomeTail.get(e.outcome) ?? 0));
    iv.participants.forEach((n, c) => {
      if (n > 0) last = Math.max(last, c + L);
    });
  }
  return last + 1;
}

/**
 * Avoided-occurrence profile of one effect per unit of p₀·RRRₑ:
 * out[c + k] += participants[c] · (1 − decay)^k / onsetYears for k in the onset window.
 */
export function onsetProfile(
  participants: Float64Array,
  onsetFrom: number,
  onsetYears: number,
  decay: number,
  out: Float64Array,
): void {
  out.fill(0);
  // The onset kernel (1 − decay)^k / years for k in the window, computed once, not per start.
  const keep = 1 - decay;
  let f = keep ** onsetFrom / onsetYears;
  const kernel = new Float64Array(onsetYears);
  for (let j = 0; j < onsetYears; j++) {
    kernel[j] = f;
    f *= keep;
  }
  for (let c = 0; c < participants.length; c++) {
    const n = participants[c] as number;
    if (n <= 0) continue;
    const base = c + onsetFrom;
    for (let j = 0; j < onsetYears; j++) out[base + j] = (out[base + j] as number) + n * (kernel[j] as number);
  }
}

const CLAMP_NONE = Clamp.None;

/** Compiles a validated scenario. */
export function compile(s: Scenario, options: CompileOptions = {}): CompiledModel {
  const H = s.horizonYears;
  const T = resultYears(s);
  const r = options.discountRate ?? s.discountRate;
  const df = new Float64Array(T);
  for (let t = 0; t < T; t++) df[t] = (1 + r) ** -t;

  const payerIndex = new Map(s.payers.map((p, i) => [p.id, i]));
  const payerGroup = s.payers.map((p) => p.group);
  const groups = payerGroups.filter((g) => payerGroup.includes(g));

  const slots: ParamSlot[] = [];
  const slot = (u: Uncertain, path: IssuePath, role: ParamRole, owner: string, clamp: Clamp) => {
    const base = clampValue(baseValue(u), clamp);
    slots.push({ path, role, owner, dist: prepare(u), clamp, base, uncertain: typeof u !== "number" });
    return slots.length - 1;
  };

  const ucIndex = new Map<string, number>();
  const ucSlots = s.unitCosts.map((u, i) => {
    ucIndex.set(u.id, i);
    return slot(u.amount, ["unitCosts", i, "amount"], "unitCost.amount", u.id, Clamp.NonNegative);
  });

  const outcomeIndex = new Map(s.outcomes.map((o, i) => [o.id, i]));
  const outcomeEffects: number[][] = s.outcomes.map(() => []);
  const outcomes: CompiledOutcome[] = s.outcomes.map((o, oi) => ({
    effects: outcomeEffects[oi] as number[],
    consequences: o.consequences.map((c, ci) => {
      const u = ucIndex.get(c.unitCost) as number;
      const uc = s.unitCosts[u];
      if (!uc) throw new Error(`unknown unit cost ${c.unitCost}`);
      const weight = new Float64Array(T);
      for (let y = 0; y < T; y++) {
        let g = 0;
        for (let m = 0; m < c.years; m++) {
          const t = y + c.fromYear + m;
          if (t < T) g += df[t] as number;
        }
        weight[y] = g;
      }
      return {
        unitCost: u,
        payer: payerIndex.get(uc.payer) as number,
        recipient: uc.recipient === undefined ? -1 : (payerIndex.get(uc.recipient) as number),
        amountSlot: ucSlots[u] as number,
        quantitySlot: slot(
          c.quantityPerYear,
          ["outcomes", oi, "consequences", ci, "quantityPerYear"],
          "consequence.quantityPerYear",
          o.id,
          Clamp.NonNegative,
        ),
        fromYear: c.fromYear,
        years: c.years,
        weight,
      };
    }),
  }));

  const costLines: CompiledCostLine[] = [];
  const costLinesByIntervention: number[][] = [];
  const costGroups: CostGroup[] = [];
  const effects: CompiledEffect[] = [];
  s.interventions.forEach((iv, ii) => {
    const participants = new Float64Array(H);
    iv.participants.forEach((n, c) => {
      participants[c] = n;
    });
    const efficacySlot = slot(
      iv.efficacy,
      ["interventions", ii, "efficacy"],
      "intervention.efficacy",
      iv.id,
      Clamp.NonNegative,
    );
    const lines: number[] = [];
    const groupOf = new Map<string, number[]>();
    iv.costs.forEach((c, ci) => {
      const profile = new Float64Array(T);
      let amount: Uncertain;
      let key: string;
      let shape: string;
      if (c.perParticipant !== undefined) {
        amount = c.perParticipant;
        key = "perParticipant";
        const years = c.years ?? 1;
        shape = `p${years}`;
        for (let y = 0; y < H; y++) {
          const n = participants[y] as number;
          if (n <= 0) continue;
          for (let k = 0; k < years; k++) profile[y + k] = (profile[y + k] as number) + n;
        }
      } else if (c.perYear !== undefined) {
        amount = c.perYear;
        key = "perYear";
        shape = "y";
        for (let y = 0; y < H; y++) if ((participants[y] as number) > 0) profile[y] = 1;
      } else {
        amount = c.oneOff as Uncertain;
        key = "oneOff";
        shape = `o${c.year ?? 0}`;
        profile[c.year ?? 0] = 1;
      }
      const profileDisc = new Float64Array(T);
      let pv = 0;
      let first = T;
      let last = -1;
      for (let t = 0; t < T; t++) {
        const v = (profile[t] as number) * (df[t] as number);
        profileDisc[t] = v;
        pv += v;
        if (profile[t] !== 0) {
          if (first === T) first = t;
          last = t;
        }
      }
      lines.push(costLines.length);
      const group = groupOf.get(shape) ?? [];
      groupOf.set(shape, group);
      group.push(costLines.length);
      costLines.push({
        payer: payerIndex.get(c.payer) as number,
        slot: slot(amount, ["interventions", ii, "costs", ci, key], "cost.amount", iv.id, Clamp.NonNegative),
        profile,
        profileDisc,
        pv,
        first,
        last,
      });
    });
    costLinesByIntervention.push(lines);
    for (const group of groupOf.values()) {
      const first = costLines[group[0] as number] as CompiledCostLine;
      costGroups.push({ lines: group, profileDisc: first.profileDisc, first: first.first, last: first.last });
    }

    iv.effects.forEach((e, ei) => {
      const ep = ["interventions", ii, "effects", ei];
      const p0Slot = slot(e.baselineRisk, [...ep, "baselineRisk"], "effect.baselineRisk", iv.id, Clamp.Probability);
      let sizeKind: SizeKind;
      let sizeSlot: number;
      if (e.relativeRiskReduction !== undefined) {
        sizeKind = SizeKind.RelativeRiskReduction;
        sizeSlot = slot(e.relativeRiskReduction, [...ep, "relativeRiskReduction"], "effect.size", iv.id, CLAMP_NONE);
      } else if (e.oddsRatio !== undefined) {
        sizeKind = SizeKind.OddsRatio;
        sizeSlot = slot(e.oddsRatio, [...ep, "oddsRatio"], "effect.size", iv.id, Clamp.NonNegative);
      } else {
        sizeKind = SizeKind.StandardizedMeanDifference;
        sizeSlot = slot(
          e.standardizedMeanDifference as Uncertain,
          [...ep, "standardizedMeanDifference"],
          "effect.size",
          iv.id,
          CLAMP_NONE,
        );
      }
      const decaySlot = slot(e.decayPerYear, [...ep, "decayPerYear"], "effect.decayPerYear", iv.id, Clamp.Probability);
      const decay = slots[decaySlot] as ParamSlot;
      let first = T;
      let last = -1;
      participants.forEach((n, c) => {
        if (n > 0) {
          first = Math.min(first, c + e.onset.fromYear);
          last = Math.max(last, c + e.onset.fromYear + e.onset.years - 1);
        }
      });
      let fixedProfile: Float64Array | null = null;
      if (!decay.uncertain) {
        fixedProfile = new Float64Array(T);
        onsetProfile(participants, e.onset.fromYear, e.onset.years, decay.base, fixedProfile);
      }
      const entering = new Float64Array(T);
      const leaving = new Float64Array(T);
      for (let y = 0; y < T; y++) {
        const i = y - e.onset.fromYear;
        const o = i - e.onset.years;
        entering[y] = i >= 0 && i < H ? (participants[i] as number) : 0;
        leaving[y] = o >= 0 && o < H ? (participants[o] as number) : 0;
      }
      const oi = outcomeIndex.get(e.outcome) as number;
      outcomeEffects[oi]?.push(effects.length);
      effects.push({
        intervention: ii,
        outcome: oi,
        p0Slot,
        sizeKind,
        sizeSlot,
        decaySlot,
        efficacySlot,
        onsetFrom: e.onset.fromYear,
        onsetYears: e.onset.years,
        participants,
        entering,
        leaving,
        fixedProfile,
        first,
        last,
      });
    });
  });

  return {
    scenario: s,
    horizon: H,
    years: T,
    discountRate: r,
    df,
    costFactor: 1 + (s.optimismBias?.costs ?? 0),
    effectFactor: 1 - (s.optimismBias?.effects ?? 0),
    payerIds: s.payers.map((p) => p.id),
    payerGroup,
    groups,
    slots,
    costLines,
    costLinesByIntervention,
    costGroups,
    effects,
    outcomes,
  };
}

/** Applies a slot's clamp to a value. */
export function clampValue(v: number, clamp: Clamp): number {
  if (clamp === Clamp.Probability) return v < 0 ? 0 : Math.min(v , 1);
  if (clamp === Clamp.NonNegative) return Math.max(v , 0);
  return v;
}

/** The base-case parameter vector. */
export function baseParams(m: CompiledModel): Float64Array {
  return Float64Array.from(m.slots, (s) => s.base);
}

/**
 * The effective relative risk reduction RRRₑ of spec §3, from the baseline risk p₀, the effect
 * size in its form, the intervention's efficacy and the optimism-bias factor (1 − bias).
 */
export function effectiveRrr(
  kind: SizeKind,
  size: number,
  p0: number,
  efficacy: number,
  effectFactor: number,
): number {
  if (!(p0 > 0)) return 0;
  let rrr: number;
  if (kind === SizeKind.RelativeRiskReduction) rrr = size;
  else if (p0 >= 1) rrr = 0;
  else {
    const or = kind === SizeKind.OddsRatio ? size : Math.exp(1.65 * size);
    const p1 = (or * p0) / (1 - p0 + or * p0);
    rrr = 1 - p1 / p0;
  }
  const x = rrr * efficacy * effectFactor;
  const low = 1 - 1 / p0;
  return x < low ? low : Math.min(x , 1);
}
