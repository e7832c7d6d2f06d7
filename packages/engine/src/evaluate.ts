/**
 * The deterministic evaluation of spec §3: yearly flows per payer, present values, decision
 * metrics and the breakdowns per payer, group, intervention and outcome. Written for clarity
 * (it runs once per result); the Monte Carlo kernel computes the same numbers faster.
 * @module
 */
import { irr, paybackOffset } from "./metrics.js";
import { perspectiveKeys, perspectives } from "./domain.js";
import {
  baseParams,
  type CompiledConsequence,
  type CompiledModel,
  type CompiledOutcome,
  effectiveExtent,
  effectiveRrr,
  onsetProfile,
  type PropagationClass,
} from "./model.js";
import type { DeterministicResult, GroupResult, LinkResult, PayerResult, PerspectiveResult, YearResult } from "./result.js";

const sum = (a: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] as number;
  return s;
};

/**
 * Evaluates a compiled scenario with the given parameter values (default: the base case).
 * @param params one value per slot of `m.slots`, already clamped
 */
export function evaluateDeterministic(
  m: CompiledModel,
  params: Float64Array = baseParams(m),
): DeterministicResult {
  const s = m.scenario;
  const T = m.years;
  const P = m.payerIds.length;
  const df = m.df;
  const costs = Array.from({ length: P }, () => new Float64Array(T));
  const savings = Array.from({ length: P }, () => new Float64Array(T));
  const ivPvCosts = new Float64Array(s.interventions.length);
  const ivPvSavings = new Float64Array(s.interventions.length);
  const outPvSavings = new Float64Array(s.outcomes.length);

  // Intervention costs.
  m.costLinesByIntervention.forEach((lines, ii) => {
    for (const li of lines) {
      const line = m.costLines[li];
      if (!line) continue;
      const amount = (params[line.slot] as number) * m.costFactor;
      const row = costs[line.payer] as Float64Array;
      for (let t = line.first; t <= line.last; t++) {
        const v = amount * (line.profile[t] as number);
        row[t] = (row[t] as number) + v;
        ivPvCosts[ii] = (ivPvCosts[ii] as number) + v * (df[t] as number);
      }
    }
  });

  // Avoided occurrences and the savings they bring.
  const O = s.outcomes.length;
  const outDirect = new Float64Array(O);
  const outLinked = new Float64Array(O);
  const outShortened = new Float64Array(O);
  const linkAvoided = new Float64Array(m.links.length);
  const linkPvSavings = new Float64Array(m.links.length);
  /**
   * Adds the savings of `scale · occ[y]` occurrences in years y = first … last, through the given
   * consequences, for intervention ii and outcome oi (and link, when they come through one).
   */
  const save = (
    ii: number,
    oi: number,
    consequences: readonly CompiledConsequence[],
    scale: number,
    occ: Float64Array,
    first: number,
    last: number,
    link = -1,
  ) => {
    for (const c of consequences) {
      const perUnit = (params[c.quantitySlot] as number) * (params[c.amountSlot] as number);
      const payerRow = savings[c.payer] as Float64Array;
      const recipientRow = c.recipient >= 0 ? (savings[c.recipient] as Float64Array) : null;
      for (let y = first; y <= last; y++) {
        const occurrences = scale * (occ[y] as number);
        if (occurrences === 0) continue;
        for (let k = 0; k < c.years; k++) {
          const t = y + c.fromYear + k;
          if (t >= T) break;
          const v = occurrences * perUnit;
          payerRow[t] = (payerRow[t] as number) + v;
          if (recipientRow) recipientRow[t] = (recipientRow[t] as number) - v;
          else {
            const pv = v * (df[t] as number);
            ivPvSavings[ii] = (ivPvSavings[ii] as number) + pv;
            outPvSavings[oi] = (outPvSavings[oi] as number) + pv;
            if (link >= 0) linkPvSavings[link] = (linkPvSavings[link] as number) + pv;
          }
        }
      }
    }
  };

  // With links, each intervention's avoided occurrences per outcome and year: A[ii][o][t].
  const hasLinks = m.links.length > 0;
  const A = hasLinks ? s.interventions.map(() => Array.from({ length: O }, () => new Float64Array(T))) : [];
  const profile = new Float64Array(T);
  for (const e of m.effects) {
    const p0 = params[e.p0Slot] as number;
    const efficacy = params[e.efficacySlot] as number;
    const rrr = effectiveRrr(e.sizeKind, params[e.sizeSlot] as number, p0, efficacy, m.effectFactor);
    const scale = p0 * rrr;
    onsetProfile(e.participants, e.onsetFrom, e.onsetYears, params[e.decaySlot] as number, profile);
    outDirect[e.outcome] = (outDirect[e.outcome] as number) + scale * sum(profile);
    const outcome = m.outcomes[e.outcome];
    if (!outcome) continue;
    if (e.extentSlot >= 0) {
      // Occurrences that still happen are made smaller (spec §8.3); the decay is in `profile`.
      const still = p0 * (1 - rrr);
      outShortened[e.outcome] = (outShortened[e.outcome] as number) + still * sum(e.participants);
      const extent = still * effectiveExtent(params[e.extentSlot] as number, efficacy, m.effectFactor);
      if (extent !== 0) save(e.intervention, e.outcome, e.extentConsequences, extent, profile, e.first, e.last);
    }
    if (scale === 0) continue;
    if (hasLinks) {
      const row = (A[e.intervention] as Float64Array[])[e.outcome] as Float64Array;
      for (let y = e.first; y <= e.last; y++) row[y] = (row[y] as number) + scale * (profile[y] as number);
    }
    save(e.intervention, e.outcome, outcome.consequences, scale, profile, e.first, e.last);
  }

  // Links (spec §8.1), per intervention, over the outcomes in topological order: an outcome the
  // intervention has an effect on keeps its direct occurrences only.
  if (hasLinks) {
    const through = new Float64Array(T);
    s.interventions.forEach((_, ii) => {
      const rows = A[ii] as Float64Array[];
      const blocked = (m.classes[m.interventionClass[ii] as number] as PropagationClass).blocked;
      for (const o of m.order) {
        const outcome = m.outcomes[o] as CompiledOutcome;
        if (blocked[o] || outcome.incoming.length === 0) continue;
        const row = rows[o] as Float64Array;
        for (const link of outcome.incoming) {
          const p = params[link.probabilitySlot] as number;
          const src = rows[link.from] as Float64Array;
          let total = 0;
          for (let t = 0; t < T; t++) {
            let v = 0;
            for (let j = 0; j < link.afterYears; j++) {
              const u = t - link.afterFrom - j;
              if (u >= 0) v += src[u] as number;
            }
            through[t] = (p * v) / link.afterYears;
            total += through[t] as number;
          }
          if (total === 0) continue;
          for (let t = 0; t < T; t++) row[t] = (row[t] as number) + (through[t] as number);
          linkAvoided[link.index] = (linkAvoided[link.index] as number) + total;
          outLinked[o] = (outLinked[o] as number) + total;
          save(ii, o, outcome.consequences, 1, through, 0, T - 1, link.index);
        }
      }
    });
  }

  // Totals per year and per payer.
  const totalCosts = new Float64Array(T);
  const totalSavings = new Float64Array(T);
  const byPayer: DeterministicResult["byPayer"] = {};
  const byGroup: DeterministicResult["byGroup"] = {};
  for (const g of m.groups) byGroup[g] = { pvCosts: 0, pvSavings: 0, npv: 0 };
  for (let p = 0; p < P; p++) {
    const c = costs[p] as Float64Array;
    const sv = savings[p] as Float64Array;
    let pvC = 0;
    let pvS = 0;
    for (let t = 0; t < T; t++) {
      pvC += (c[t] as number) * (df[t] as number);
      pvS += (sv[t] as number) * (df[t] as number);
      totalCosts[t] = (totalCosts[t] as number) + (c[t] as number);
      totalSavings[t] = (totalSavings[t] as number) + (sv[t] as number);
    }
    const payback = paybackOffset(c, sv, df, pvC);
    const group = m.payerGroup[p] as NonNullable<(typeof m.payerGroup)[number]>;
    byPayer[m.payerIds[p] as string] = {
      group,
      pvCosts: pvC,
      pvSavings: pvS,
      npv: pvS - pvC,
      paybackYear: payback === null ? null : s.startYear + payback,
    };
    const g = byGroup[group] as GroupResult;
    g.pvCosts += pvC;
    g.pvSavings += pvS;
    g.npv += pvS - pvC;
  }

  let pvCosts = 0;
  let pvSavings = 0;
  let cum = 0;
  const net = new Float64Array(T);
  const years: YearResult[] = [];
  for (let t = 0; t < T; t++) {
    const c = totalCosts[t] as number;
    const sv = totalSavings[t] as number;
    pvCosts += c * (df[t] as number);
    pvSavings += sv * (df[t] as number);
    net[t] = sv - c;
    cum += (sv - c) * (df[t] as number);
    const yp: YearResult["byPayer"] = {};
    for (let p = 0; p < P; p++)
      yp[m.payerIds[p] as string] = {
        costs: (costs[p] as Float64Array)[t] as number,
        savings: (savings[p] as Float64Array)[t] as number,
      };
    years.push({ year: s.startYear + t, costs: c, savings: sv, net: sv - c, cumulativeDiscountedNet: cum, byPayer: yp });
  }
  const npv = pvSavings - pvCosts;
  const payback = paybackOffset(totalCosts, totalSavings, df, pvCosts);

  const byIntervention: DeterministicResult["byIntervention"] = {};
  s.interventions.forEach((iv, i) => {
    const c = ivPvCosts[i] as number;
    const sv = ivPvSavings[i] as number;
    byIntervention[iv.id] = { pvCosts: c, pvSavings: sv, npv: sv - c, bcr: c === 0 ? null : sv / c };
  });
  const byOutcome: DeterministicResult["byOutcome"] = {};
  s.outcomes.forEach((o, i) => {
    const direct = outDirect[i] as number;
    const linked = outLinked[i] as number;
    byOutcome[o.id] = {
      avoided: direct + linked,
      avoidedDirect: direct,
      avoidedLinked: linked,
      shortened: outShortened[i] as number,
      pvSavings: outPvSavings[i] as number,
    };
  });
  const byLink: LinkResult[] = m.links.map((l) => ({
    from: s.outcomes[l.from]?.id as string,
    to: s.outcomes[l.to]?.id as string,
    probability: params[l.probabilitySlot] as number,
    avoided: linkAvoided[l.index] as number,
    pvSavings: linkPvSavings[l.index] as number,
  }));

  return {
    pvCosts,
    pvSavings,
    npv,
    bcr: pvCosts === 0 ? null : pvSavings / pvCosts,
    roi: pvCosts === 0 ? null : npv / pvCosts,
    irr: irr(net),
    paybackYear: payback === null ? null : s.startYear + payback,
    breakEvenEffectScale: pvSavings > 0 ? pvCosts / pvSavings : null,
    byPayer,
    byGroup,
    byIntervention,
    byOutcome,
    byPerspective: perspectiveResults(m, byPayer),
    byLink,
    years,
  };
}

/** The three perspectives of spec §8.2 from the payers' present values (payer order). */
export function perspectiveResults(
  m: Pick<CompiledModel, "payerIds">,
  byPayer: Record<string, Pick<PayerResult, "group" | "pvCosts" | "pvSavings">>,
): Record<keyof typeof perspectives, PerspectiveResult> {
  const out = {} as Record<keyof typeof perspectives, PerspectiveResult>;
  for (const key of perspectiveKeys) {
    const groups: readonly string[] = perspectives[key];
    let pvCosts = 0;
    let pvSavings = 0;
    for (const id of m.payerIds) {
      const p = byPayer[id];
      if (!p || !groups.includes(p.group)) continue;
      pvCosts += p.pvCosts;
      pvSavings += p.pvSavings;
    }
    out[key] = { pvCosts, pvSavings, npv: pvSavings - pvCosts, bcr: pvCosts === 0 ? null : pvSavings / pvCosts };
  }
  return out;
}
