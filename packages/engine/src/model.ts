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
  | "effect.decayPerYear"
  | "effect.extent"
  | "link.probability";

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
  /** No effect size (an effect on the extent only, spec §8.3): RRRₑ = 0. */
  None = 3,
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
  /** Propagation class of the intervention (see `CompiledModel.classes`); −1 without links. */
  readonly cls: number;
  /** The extent reduction's slot (spec §8.3), −1 when the effect has no extent. */
  readonly extentSlot: number;
  /** The outcome's consequences restricted to d ≥ extent.fromYear (empty without extent). */
  readonly extentConsequences: readonly CompiledConsequence[];
}

/** A link into an outcome (spec §8.1). */
export interface CompiledLink {
  /** Its index in `CompiledModel.links`. */
  readonly index: number;
  /** The outcome that leads to this one. */
  readonly from: number;
  readonly to: number;
  readonly probabilitySlot: number;
  readonly afterFrom: number;
  readonly afterYears: number;
}

/**
 * Interventions whose effects block the same linked outcomes propagate alike. Links are linear:
 * the Monte Carlo kernel passes every intervention's occurrences on together, and then takes
 * back, at an outcome a class blocks, what that class passed into it. For that it follows a
 * class's own occurrences only on the outcomes upstream of those it blocks (`needed`).
 */
export interface PropagationClass {
  /** blocked[o] = 1 when the class's interventions have an effect on outcome o (with links into it). */
  readonly blocked: Uint8Array;
  /** needed[o] = 1 when the class's own occurrences of o must be followed. */
  readonly needed: Uint8Array;
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
  /** Indices into `effects` of the effects with an extent on this outcome. */
  readonly extentEffects: readonly number[];
  /** Links into this outcome. */
  readonly incoming: readonly CompiledLink[];
  /** True when the outcome links to another. */
  readonly isSource: boolean;
  /** Classes that block this outcome (it has links into it and they have an effect on it). */
  readonly blockedBy: number[];
  /** Classes whose own occurrences of this outcome are needed and that do not block it. */
  readonly followedBy: number[];
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
  /** Outcome indices with each after every outcome that links to it (file order without links). */
  readonly order: readonly number[];
  /** Every link, in file order (outcome by outcome). */
  readonly links: readonly CompiledLink[];
  readonly classes: readonly PropagationClass[];
  /** Class of each intervention (−1 without links). */
  readonly interventionClass: readonly number[];
}

export interface CompileOptions {
  /** Replaces the scenario's discount rate (the sensitivity analysis uses this). */
  readonly discountRate?: number;
}

/** The number of result years T of spec §3. */
export function resultYears(s: Scenario): number {
  const H = s.horizonYears;
  const outcomeTail = outcomeReach(s);
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
 * The reach of every outcome (spec §8.1): its own consequences' last year, or through a link
 * the link's last year plus the linked outcome's reach, whichever is later. Without links, the
 * last year of its consequences (spec §3).
 */
export function outcomeReach(s: Scenario): Map<string, number> {
  const byId = new Map(s.outcomes.map((o) => [o.id, o]));
  const reach = new Map<string, number>();
  const visit = (id: string): number => {
    const known = reach.get(id);
    if (known !== undefined) return known;
    const o = byId.get(id);
    if (!o) return 0;
    reach.set(id, 0); // a guard against cycles, which validation refuses
    let m = 0;
    for (const c of o.consequences) m = Math.max(m, c.fromYear + c.years - 1);
    for (const l of o.links ?? []) m = Math.max(m, l.after.fromYear + l.after.years - 1 + visit(l.outcome));
    reach.set(id, m);
    return m;
  };
  for (const o of s.outcomes) visit(o.id);
  return reach;
}

/**
 * The outcomes in an order where each comes after every outcome that links to it: Kahn's
 * algorithm taking the earliest ready outcome in file order (so file order without links).
 */
export function topologicalOrder(s: Scenario): number[] {
  const index = new Map(s.outcomes.map((o, i) => [o.id, i]));
  const indegree = new Int32Array(s.outcomes.length);
  const next: number[][] = s.outcomes.map(() => []);
  s.outcomes.forEach((o, i) => {
    for (const l of o.links ?? []) {
      const j = index.get(l.outcome);
      if (j === undefined || j === i) continue;
      indegree[j] = (indegree[j] as number) + 1;
      (next[i] as number[]).push(j);
    }
  });
  const order: number[] = [];
  const done = new Uint8Array(s.outcomes.length);
  while (order.length < s.outcomes.length) {
    let v = -1;
    for (let i = 0; i < s.outcomes.length; i++)
      if (!done[i] && indegree[i] === 0) {
        v = i;
        break;
      }
    if (v < 0) throw new Error("the links of the outcomes form a cycle");
    done[v] = 1;
    order.push(v);
    for (const j of next[v] as number[]) indegree[j] = (indegree[j] as number) - 1;
  }
  return order;
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

/** The discount factors (1 + r)^−t of the years t < T. */
export function discountFactors(r: number, T: number): Float64Array {
  const df = new Float64Array(T);
  for (let t = 0; t < T; t++) df[t] = (1 + r) ** -t;
  return df;
}

/**
 * A consequence's weight for each onset year y: the sum of the discount factors of the years it
 * lasts, y + fromYear + k for k < years, within the result's years.
 */
export function consequenceWeight(df: Float64Array, fromYear: number, years: number): Float64Array {
  const T = df.length;
  const weight = new Float64Array(T);
  for (let y = 0; y < T; y++) {
    let g = 0;
    for (let k = 0; k < years; k++) {
      const t = y + fromYear + k;
      if (t >= T) break;
      g += df[t] as number;
    }
    weight[y] = g;
  }
  return weight;
}

/** A cost profile discounted year by year, and its present value (the sum in year order). */
export function discountedProfile(profile: Float64Array, df: Float64Array): { profileDisc: Float64Array; pv: number } {
  const profileDisc = new Float64Array(df.length);
  let pv = 0;
  for (let t = 0; t < df.length; t++) {
    const v = (profile[t] as number) * (df[t] as number);
    profileDisc[t] = v;
    pv += v;
  }
  return { profileDisc, pv };
}

/** Compiles a validated scenario. */
export function compile(s: Scenario, options: CompileOptions = {}): CompiledModel {
  const H = s.horizonYears;
  const T = resultYears(s);
  const r = options.discountRate ?? s.discountRate;
  const df = discountFactors(r, T);

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
  const outcomeExtentEffects: number[][] = s.outcomes.map(() => []);
  const incoming: CompiledLink[][] = s.outcomes.map(() => []);
  const outcomes: CompiledOutcome[] = s.outcomes.map((o, oi) => ({
    effects: outcomeEffects[oi] as number[],
    extentEffects: outcomeExtentEffects[oi] as number[],
    incoming: incoming[oi] as CompiledLink[],
    isSource: (o.links ?? []).length > 0,
    blockedBy: [],
    followedBy: [],
    consequences: o.consequences.map((c, ci) => {
      const u = ucIndex.get(c.unitCost) as number;
      const uc = s.unitCosts[u];
      if (!uc) throw new Error(`unknown unit cost ${c.unitCost}`);
      const weight = consequenceWeight(df, c.fromYear, c.years);
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

  // Links (spec §8.1): one probability slot each, shared by every intervention.
  const links: CompiledLink[] = [];
  s.outcomes.forEach((o, oi) => {
    (o.links ?? []).forEach((l, li) => {
      const to = outcomeIndex.get(l.outcome) as number;
      const link: CompiledLink = {
        index: links.length,
        from: oi,
        to,
        probabilitySlot: slot(l.probability, ["outcomes", oi, "links", li, "probability"], "link.probability", o.id, Clamp.Probability),
        afterFrom: l.after.fromYear,
        afterYears: l.after.years,
      };
      links.push(link);
      incoming[to]?.push(link);
    });
  });
  const hasLinks = links.length > 0;
  const linked = new Uint8Array(s.outcomes.length);
  for (const l of links) linked[l.to] = 1;
  // Propagation classes: interventions blocking the same linked outcomes (spec §8.1).
  const classes: PropagationClass[] = [];
  const classKey = new Map<string, number>();
  const interventionClass = s.interventions.map((iv) => {
    if (!hasLinks) return -1;
    const blocked = new Uint8Array(s.outcomes.length);
    for (const e of iv.effects) {
      const oi = outcomeIndex.get(e.outcome) as number;
      if (linked[oi]) blocked[oi] = 1;
    }
    const key = blocked.join("");
    let k = classKey.get(key);
    if (k === undefined) {
      k = classes.length;
      classKey.set(key, k);
      // Every outcome from which a blocked outcome can be reached (not through it).
      const needed = new Uint8Array(s.outcomes.length);
      const mark = (o: number) => {
        for (const l of incoming[o] ?? []) {
          if (needed[l.from]) continue;
          needed[l.from] = 1;
          mark(l.from);
        }
      };
      blocked.forEach((b, o) => {
        if (b) mark(o);
      });
      classes.push({ blocked, needed });
      blocked.forEach((b, o) => {
        if (b) outcomes[o]?.blockedBy.push(k as number);
        else if (needed[o]) outcomes[o]?.followedBy.push(k as number);
      });
    }
    return k;
  });
  // The consequences of an outcome restricted to d ≥ fromYear, for extent effects (§8.3).
  const restricted = new Map<string, CompiledConsequence[]>();
  const restrictedConsequences = (oi: number, fromYear: number): CompiledConsequence[] => {
    const key = `${oi}:${fromYear}`;
    const known = restricted.get(key);
    if (known) return known;
    const list = (outcomes[oi] as CompiledOutcome).consequences.flatMap((c) => {
      const from = Math.max(c.fromYear, fromYear);
      const years = c.fromYear + c.years - from;
      if (years <= 0) return [];
      return [{ ...c, fromYear: from, years, weight: consequenceWeight(df, from, years) }];
    });
    restricted.set(key, list);
    return list;
  };

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
      const { profileDisc, pv } = discountedProfile(profile, df);
      let first = T;
      let last = -1;
      for (let t = 0; t < T; t++) {
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
      } else if (e.standardizedMeanDifference === undefined) {
        sizeKind = SizeKind.None;
        sizeSlot = -1;
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
      const extentSlot =
        e.extent === undefined
          ? -1
          : slot(e.extent.reduction, [...ep, "extent", "reduction"], "effect.extent", iv.id, Clamp.Probability);
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
      if (e.extent !== undefined) outcomeExtentEffects[oi]?.push(effects.length);
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
        cls: interventionClass[ii] as number,
        extentSlot,
        extentConsequences: e.extent === undefined ? [] : restrictedConsequences(oi, e.extent.fromYear),
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
    order: topologicalOrder(s),
    links,
    classes,
    interventionClass,
  };
}

/** Applies a slot's clamp to a value. */
export function clampValue(v: number, clamp: Clamp): number {
  if (clamp === Clamp.Probability) return v < 0 ? 0 : Math.min(v , 1);
  if (clamp === Clamp.NonNegative) return Math.max(v , 0);
  return v;
}

/** The extent reduction E without decay (spec §8.3): min(1, reduction · efficacy · (1 − bias)). */
export function effectiveExtent(reduction: number, efficacy: number, effectFactor: number): number {
  return Math.min(1, reduction * efficacy * effectFactor);
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
  if (!(p0 > 0) || kind === SizeKind.None) return 0;
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
