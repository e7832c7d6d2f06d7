/**
 * The deterministic evaluation of spec §3: yearly flows per payer, present values, decision
 * metrics and the breakdowns per payer, group, intervention and outcome. Written for clarity
 * (it runs once per result); the Monte Carlo kernel computes the same numbers faster.
 * @module
 */
import { irr, paybackOffset } from "./metrics.js";
import {
  baseParams,
  type CompiledModel,
  effectiveRrr,
  onsetProfile,
} from "./model.js";
import type { DeterministicResult, GroupResult, YearResult } from "./result.js";

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
  const outAvoided = new Float64Array(s.outcomes.length);
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
  const profile = new Float64Array(T);
  for (const e of m.effects) {
    const p0 = params[e.p0Slot] as number;
    const rrr = effectiveRrr(
      e.sizeKind,
      params[e.sizeSlot] as number,
      p0,
      params[e.efficacySlot] as number,
      m.effectFactor,
    );
    const scale = p0 * rrr;
    onsetProfile(e.participants, e.onsetFrom, e.onsetYears, params[e.decaySlot] as number, profile);
    outAvoided[e.outcome] = (outAvoided[e.outcome] as number) + scale * sum(profile);
    if (scale === 0) continue;
    const outcome = m.outcomes[e.outcome];
    if (!outcome) continue;
    for (const c of outcome.consequences) {
      const perUnit = (params[c.quantitySlot] as number) * (params[c.amountSlot] as number);
      const payerRow = savings[c.payer] as Float64Array;
      const recipientRow = c.recipient >= 0 ? (savings[c.recipient] as Float64Array) : null;
      for (let y = e.first; y <= e.last; y++) {
        const occurrences = scale * (profile[y] as number);
        if (occurrences === 0) continue;
        for (let k = 0; k < c.years; k++) {
          const t = y + c.fromYear + k;
          const v = occurrences * perUnit;
          payerRow[t] = (payerRow[t] as number) + v;
          if (recipientRow) recipientRow[t] = (recipientRow[t] as number) - v;
          else {
            const pv = v * (df[t] as number);
            ivPvSavings[e.intervention] = (ivPvSavings[e.intervention] as number) + pv;
            outPvSavings[e.outcome] = (outPvSavings[e.outcome] as number) + pv;
          }
        }
      }
    }
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
    byOutcome[o.id] = { avoided: outAvoided[i] as number, pvSavings: outPvSavings[i] as number };
  });

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
    years,
  };
}
