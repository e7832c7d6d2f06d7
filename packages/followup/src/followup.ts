/**
 * Follow-up of an action plan: per measure and year, the actual participants and costs against
 * the plan and against the calculation scenario's forecast, where the plan is off track, and the
 * scenario re-run with what actually happened. Actual participants are real people: counts of
 * 1–4 are suppressed, with secondary suppression over the measures-by-years table, in every view
 * built here. Planned and forecast figures are not people and are shown as they are.
 * @module
 */
import { evaluateScenario, type Scenario } from "@sikt/engine";
import type { ActionPlan, Actual, Indicator, Measure } from "./model.js";
import { MIN_COUNT, suppressTable } from "./suppress.js";

/** A count of people as shown: the number, "suppressed", or null when nothing is reported. */
export type Reported = number | "suppressed" | null;

/** What the scenario forecasts for the measure's intervention in one calendar year. */
export interface Forecast {
  year: number;
  participants: number;
  /** Undiscounted intervention costs in the year, SEK of the scenario's price year. */
  cost: number;
}

/**
 * A year's (or a measure's) state against the plan. "count-hidden": the cost is within the
 * budget, but the number of participants is hidden (fewer than 5, or a figure that would give
 * one away), so whether the year went as planned cannot be said.
 */
export type Status = "on-track" | "off-track" | "count-hidden" | "not-reported" | "not-started";

/** Why a year is off track: fewer participants than planned, participants in a year with none planned, cost over the budget, cost in a year without one. */
export type OffTrackReason = "fewer-participants" | "unplanned-participants" | "over-budget" | "unbudgeted-cost";

export interface FollowUpYear {
  year: number;
  planned: { participants: number; cost: number } | null;
  forecast: { participants: number; cost: number } | null;
  actual: { participants: Reported; cost: number | null; note: string } | null;
  /** Actual minus plan; participants hidden where the actual count is. */
  deviation: { participants: Reported; cost: number | null; costShare: number | null; participantsShare: number | null } | null;
  status: Status;
  /** Why the year is off track. */
  reasons: OffTrackReason[];
}

/** One of the indicators a measure names, against its target. */
export interface IndicatorFollowUp {
  indicatorId: string;
  name: string;
  unit: string;
  target: number | null;
  targetYear: number | null;
  /** The municipality's comparable values (per 100,000 where the indicator is so compared) over the plan's years and before. */
  values: { year: number; value: number }[];
  /** "met" when the latest value up to the target year is on the right side of the target; "missed" when the target year has a value that is not; "pending" otherwise; null without a target. */
  status: "met" | "missed" | "pending" | null;
}

export interface MeasureFollowUp {
  measureId: string;
  title: string;
  years: FollowUpYear[];
  indicators: IndicatorFollowUp[];
  /** Over the reported years. */
  totals: { plannedParticipants: number; actualParticipants: Reported; plannedCost: number; actualCost: number | null };
  status: Status;
}

export interface PlanFollowUp {
  tolerance: number;
  years: number[];
  measures: MeasureFollowUp[];
  /** The suppressed measures-by-years table of actual participants that every view draws from. */
  participants: { cells: Reported[][]; rowTotals: Reported[]; columnTotals: Reported[]; total: Reported };
}

const range = (a: number, b: number) => Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i);

/** The forecast for one intervention of a scenario, per calendar year (only that intervention's costs). */
export function forecastOf(scenario: Scenario, interventionId: string): Forecast[] {
  const iv = scenario.interventions.find((i) => i.id === interventionId);
  if (!iv) return [];
  const r = evaluateScenario({ ...scenario, interventions: [iv] }, { iterations: 0, sensitivity: false }).deterministic;
  return r.years.map((y, t) => ({ year: y.year, participants: iv.participants[t] ?? 0, cost: y.costs }));
}

/**
 * Plan against actual against forecast for every measure. `forecasts` holds, per measure id, the
 * forecast of its scenario's intervention (from `forecastOf`); a measure without one has none.
 */
export function followUp(
  plan: ActionPlan,
  actuals: readonly Actual[],
  forecasts: Readonly<Record<string, readonly Forecast[]>> = {},
  indicators: Readonly<Record<string, { indicator: Indicator; values: readonly { year: number; value: number }[] }>> = {},
): PlanFollowUp {
  const years = range(plan.startYear, plan.endYear);
  const actualOf = (m: Measure, year: number) => actuals.find((a) => a.measureId === m.id && a.year === year);
  // One suppressed table of actual participants (measures × plan years) for every view.
  const table = suppressTable(plan.measures.map((m) => years.map((y) => actualOf(m, y)?.participants ?? 0)));
  const reported = (m: Measure, y: number, shown: number | null): Reported => {
    const a = actualOf(m, y);
    if (!a || a.participants === null) return null;
    return shown === null ? "suppressed" : shown;
  };
  const anyReported = (m: Measure) => years.some((y) => (actualOf(m, y)?.participants ?? null) !== null);
  const measures = plan.measures.map((m, mi): MeasureFollowUp => {
    const rows = years.map((year, yi): FollowUpYear => {
      const p = m.planned.find((x) => x.year === year);
      const planned = p ? { participants: p.participants, cost: p.cost } : null;
      const f = forecasts[m.id]?.find((x) => x.year === year);
      const forecast = f ? { participants: f.participants, cost: f.cost } : null;
      const a = actualOf(m, year);
      const participants = reported(m, year, table.cells[mi]![yi]!);
      const actual = a ? { participants, cost: a.cost, note: a.note } : null;
      let deviation: FollowUpYear["deviation"] = null;
      const reasons: OffTrackReason[] = [];
      let status: Status = year < m.startYear || year > m.endYear ? "not-started" : "not-reported";
      if (a && planned) {
        const dp = a.participants === null ? null : a.participants - planned.participants;
        const dc = a.cost === null ? null : a.cost - planned.cost;
        const pShare = dp === null || planned.participants === 0 ? null : dp / planned.participants;
        const cShare = dc === null || planned.cost === 0 ? null : dc / planned.cost;
        deviation = {
          participants: dp === null ? null : participants === "suppressed" ? "suppressed" : dp,
          participantsShare: participants === "suppressed" ? null : pShare,
          cost: dc,
          costShare: cShare,
        };
        // A hidden count says nothing, not even through the status: the year is then judged on its cost alone.
        const countShown = participants !== "suppressed";
        if (countShown && pShare !== null && pShare < -plan.tolerance) reasons.push("fewer-participants");
        if (countShown && a.participants !== null && planned.participants === 0 && a.participants > 0) reasons.push("unplanned-participants");
        if (cShare !== null && cShare > plan.tolerance) reasons.push("over-budget");
        if (a.cost !== null && planned.cost === 0 && a.cost > 0) reasons.push("unbudgeted-cost");
        status = reasons.length > 0 ? "off-track" : (a.participants === null || !countShown) && a.cost === null ? "not-reported" : countShown ? "on-track" : "count-hidden";
      } else if (a) status = "on-track";
      return { year, planned, forecast, actual, deviation, status, reasons };
    });
    const reportedRows = rows.filter((r) => r.actual !== null);
    const sum = (xs: number[]) => xs.reduce((t, x) => t + x, 0);
    return {
      measureId: m.id,
      title: m.title,
      years: rows,
      indicators: m.indicators.map((x) => indicatorFollowUp(x, indicators[x.indicatorId])),
      totals: {
        plannedParticipants: sum(m.planned.map((p) => p.participants)),
        actualParticipants: anyReported(m) ? (table.rowTotals[mi] === null ? "suppressed" : table.rowTotals[mi]!) : null,
        plannedCost: sum(m.planned.map((p) => p.cost)),
        actualCost: reportedRows.some((r) => r.actual!.cost !== null) ? sum(reportedRows.map((r) => r.actual!.cost ?? 0)) : null,
      },
      status: rows.some((r) => r.status === "off-track") ? "off-track" : rows.some((r) => r.status === "count-hidden") ? "count-hidden" : reportedRows.length > 0 ? "on-track" : "not-reported",
    };
  });
  const toReported = (v: number | null, any: boolean): Reported => (!any ? null : v === null ? "suppressed" : v);
  const anyAll = plan.measures.some(anyReported);
  return {
    tolerance: plan.tolerance,
    years,
    measures,
    participants: {
      cells: plan.measures.map((m, mi) => years.map((y, yi) => reported(m, y, table.cells[mi]![yi]!))),
      rowTotals: plan.measures.map((m, mi) => toReported(table.rowTotals[mi]!, anyReported(m))),
      columnTotals: years.map((y, yi) => toReported(table.columnTotals[yi]!, plan.measures.some((m) => (actualOf(m, y)?.participants ?? null) !== null))),
      total: toReported(table.total, anyAll),
    },
  };
}

function indicatorFollowUp(
  x: Measure["indicators"][number],
  found: { indicator: Indicator; values: readonly { year: number; value: number }[] } | undefined,
): IndicatorFollowUp {
  const values = [...(found?.values ?? [])].sort((a, b) => a.year - b.year);
  let status: IndicatorFollowUp["status"] = null;
  if (x.target !== null && found) {
    const until = values.filter((v) => x.targetYear === null || v.year <= x.targetYear);
    const latest = until[until.length - 1];
    const ok = (v: number) => (found.indicator.higherIsBetter ? v >= x.target! : v <= x.target!);
    status = latest && ok(latest.value) ? "met" : latest && latest.year === x.targetYear ? "missed" : "pending";
  }
  return { indicatorId: x.indicatorId, name: found?.indicator.name ?? "", unit: found?.indicator.unit ?? "", target: x.target, targetYear: x.targetYear, values, status };
}

/**
 * The actuals as they may be used for anything shown: a count that the follow-up hides becomes
 * null (not reported), so that a re-run's figures cannot give it away.
 */
export function shownActuals(plan: ActionPlan, actuals: readonly Actual[]): Actual[] {
  const table = followUp(plan, actuals).participants;
  return actuals.map((a) => {
    const mi = plan.measures.findIndex((m) => m.id === a.measureId);
    const yi = a.year - plan.startYear;
    const shown = table.cells[mi]?.[yi];
    const hidden = shown === undefined ? a.participants !== null && a.participants > 0 && a.participants < MIN_COUNT : shown === "suppressed";
    return hidden ? { ...a, participants: null } : a;
  });
}

/**
 * The scenario as it turned out: the measure's intervention gets the actual participants in the
 * years they are reported, and its costs become, year by year, the actual cost where reported and
 * the model's cost (with the actual participants) elsewhere, split over payers as the model splits
 * them. Everything else is the scenario as planned. Actual costs are taken to be in the scenario's
 * price level. With actuals equal to the forecast, the result equals the scenario's.
 */
export function withActuals(scenario: Scenario, interventionId: string, actuals: readonly Pick<Actual, "year" | "participants" | "cost">[]): Scenario {
  const index = scenario.interventions.findIndex((i) => i.id === interventionId);
  if (index < 0) throw new Error(`the scenario has no intervention '${interventionId}'`);
  const iv = scenario.interventions[index]!;
  const H = scenario.horizonYears;
  const participants = Array.from({ length: H }, (_, t) => iv.participants[t] ?? 0);
  for (const a of actuals) {
    const t = a.year - scenario.startYear;
    if (a.participants !== null && t >= 0 && t < H) participants[t] = a.participants;
  }
  const modelled = { ...iv, participants };
  const r = evaluateScenario({ ...scenario, interventions: [modelled] }, { iterations: 0, sensitivity: false }).deterministic;
  const factor = 1 + (scenario.optimismBias?.costs ?? 0);
  const costs: Scenario["interventions"][number]["costs"] = [];
  const fallbackPayer = iv.costs[0]?.payer ?? scenario.payers[0]?.id ?? "kommun";
  r.years.forEach((y, t) => {
    const actual = actuals.find((a) => a.year === y.year && a.cost !== null)?.cost ?? null;
    const payers = Object.entries(y.byPayer).filter(([, v]) => v.costs > 0);
    const modelledCost = payers.reduce((s, [, v]) => s + v.costs, 0);
    if (actual === null) {
      for (const [payer, v] of payers) costs.push({ payer, oneOff: v.costs / factor, year: t });
    } else if (actual > 0) {
      if (modelledCost > 0) for (const [payer, v] of payers) costs.push({ payer, oneOff: (actual * v.costs) / modelledCost / factor, year: t });
      else costs.push({ payer: fallbackPayer, oneOff: actual / factor, year: t });
    }
  });
  const horizonYears = Math.max(H, ...costs.map((c) => (c.year ?? 0) + 1));
  const interventions = scenario.interventions.map((x, i) => (i === index ? { ...modelled, costs } : x));
  return { ...scenario, horizonYears, interventions };
}
