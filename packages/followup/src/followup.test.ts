import { readFileSync } from "node:fs";
import { evaluateScenario, parseScenario, type Scenario } from "@sikt/engine";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { followUp, forecastOf, withActuals } from "./followup.js";
import { indicatorView } from "./indicators.js";
import { parseKolada } from "./kolada.js";
import type { ActionPlan, Actual, Indicator, IndicatorPoint, Measure, Places, Service } from "./model.js";
import { reachView } from "./services.js";

const places: Places = {
  municipality: { code: "0880", name: "Kalmar" },
  county: { code: "0008", name: "Kalmar län" },
  country: { code: "0000", name: "Riket" },
  peers: [
    { code: "0780", name: "Växjö" },
    { code: "1380", name: "Halmstad" },
  ],
};

describe("an indicator compared with the county, the country and similar municipalities", () => {
  const indicator: Indicator = { id: "i1", code: "N07403", name: "Anmälda våldsbrott", unit: "per 1 000 inv.", kind: "rate", source: "Kolada", higherIsBetter: false };
  const parsed = parseKolada(JSON.parse(readFileSync(new URL("../fixtures/kolada-N07403-places.json", import.meta.url), "utf8")));
  if (!parsed.ok) throw new Error("fixture");
  const points: IndicatorPoint[] = parsed.values.map((v) => ({ indicatorId: "i1", place: v.municipality, year: v.year, value: v.value, population: null }));

  it("orders the places by role, compares in the latest common year and reads the trend by direction", () => {
    const v = indicatorView(indicator, [...points, { indicatorId: "i1", place: "area:Norrliden", year: 2023, value: 4.2, population: null }], places);
    expect(v.series.map((s) => [s.role, s.name])).toEqual([
      ["municipality", "Kalmar"],
      ["area", "Norrliden"],
      ["county", "Kalmar län"],
      ["country", "Riket"],
      ["peer", "Halmstad"],
      ["peer", "Växjö"],
    ]);
    expect(v.years).toEqual([2021, 2022, 2023]);
    // Halmstad's 2023 value is missing in the response: compared in 2022.
    expect(v.comparisons.map((c) => [c.name, c.year, c.own, c.other])).toEqual([
      ["Norrliden", 2023, 2.1, 4.2],
      ["Kalmar län", 2023, 2.1, 2.4],
      ["Riket", 2023, 2.1, 2.9],
      ["Halmstad", 2022, 2.3, 3.1],
      ["Växjö", 2023, 2.1, 2.2],
    ]);
    expect(v.comparisons[2]!.difference).toBeCloseTo(-0.8, 10);
    expect(v.trend).toMatchObject({ fromYear: 2021, toYear: 2023, direction: "better" });
    expect(v.trend!.change).toBeCloseTo(-0.5, 10);
    expect(indicatorView({ ...indicator, higherIsBetter: true }, points, places).trend!.direction).toBe("worse");
    expect(v.per100k).toBe(false);
  });

  it("turns counts with a population into rates per 100,000", () => {
    const counts: IndicatorPoint[] = [
      { indicatorId: "c", place: "0880", year: 2023, value: 36, population: 72_304 },
      { indicatorId: "c", place: "0000", year: 2023, value: 5200, population: 10_551_707 },
    ];
    const v = indicatorView({ ...indicator, id: "c", kind: "count" }, counts, places);
    expect(v.per100k).toBe(true);
    expect(v.comparisons[0]!.own).toBeCloseTo((36 / 72_304) * 1e5, 10);
    expect(v.comparisons[0]!.other).toBeCloseTo((5200 / 10_551_707) * 1e5, 10);
    expect(v.series[0]!.points[0]!.raw).toBe(36);
  });
});

const scenario = (): Scenario => {
  const r = parseScenario({
    version: 1,
    name: "Test",
    startYear: 2026,
    horizonYears: 3,
    discountRate: 0.03,
    payers: [
      { id: "kommun.soc", name: "Socialtjänsten", group: "kommun" },
      { id: "kommun.skola", name: "Skolan", group: "kommun" },
    ],
    unitCosts: [{ id: "hvb", name: "HVB-dygn", payer: "kommun.soc", amount: 4000, unit: "dygn" }],
    outcomes: [{ id: "plac", name: "Placering", consequences: [{ unitCost: "hvb", quantityPerYear: 100, years: 2 }] }],
    interventions: [
      {
        id: "a",
        name: "Insats A",
        level: "individ",
        participants: [20, 20, 10],
        costs: [
          { payer: "kommun.soc", perParticipant: 10_000, years: 2 },
          { payer: "kommun.skola", perYear: 50_000 },
          { payer: "kommun.soc", oneOff: 30_000, year: 0 },
        ],
        effects: [{ outcome: "plac", baselineRisk: 0.1, relativeRiskReduction: 0.3, onset: { fromYear: 1, years: 2 } }],
      },
      { id: "b", name: "Insats B", level: "grupp", participants: [5], costs: [{ payer: "kommun.soc", perParticipant: 1000 }] },
    ],
    optimismBias: { effects: 0, costs: 0.1 },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
};

const measure = (over: Partial<Measure> = {}): Measure => ({
  id: "m1",
  title: "Föräldrastöd",
  description: "",
  level: "individ",
  findingIds: ["f1"],
  responsible: ["Socialförvaltningen"],
  startYear: 2026,
  endYear: 2027,
  planned: [
    { year: 2026, participants: 20, cost: 300_000 },
    { year: 2027, participants: 20, cost: 300_000 },
  ],
  scenario: { id: "s1", interventionId: "a" },
  indicators: [],
  ...over,
});
const plan = (measures: Measure[]): ActionPlan => ({ title: "Plan", lagesbildId: null, startYear: 2026, endYear: 2027, tolerance: 0.1, measures });

describe("plan against actual", () => {
  it("computes deviations per measure and year, and says where and why the plan is off track", () => {
    const actuals: Actual[] = [
      { measureId: "m1", year: 2026, participants: 17, cost: 310_000, note: "" },
      { measureId: "m1", year: 2027, participants: 21, cost: 360_000, note: "ny lokal" },
    ];
    const f = followUp(plan([measure()]), actuals);
    const [y26, y27] = f.measures[0]!.years;
    expect(y26!.deviation).toEqual({ participants: -3, participantsShare: -0.15, cost: 10_000, costShare: 10_000 / 300_000 });
    expect(y26!.status).toBe("off-track");
    expect(y26!.reasons).toEqual(["fewer-participants"]);
    expect(y27!.deviation).toEqual({ participants: 1, participantsShare: 0.05, cost: 60_000, costShare: 0.2 });
    expect(y27!.reasons).toEqual(["over-budget"]);
    expect(f.measures[0]!.totals).toEqual({ plannedParticipants: 40, actualParticipants: 38, plannedCost: 600_000, actualCost: 670_000 });
    expect(f.measures[0]!.status).toBe("off-track");
    // Within the tolerance: on track; nothing reported: not reported.
    const ok = followUp(plan([measure()]), [{ measureId: "m1", year: 2026, participants: 19, cost: 320_000, note: "" }]);
    expect(ok.measures[0]!.years.map((y) => y.status)).toEqual(["on-track", "not-reported"]);
    expect(ok.measures[0]!.status).toBe("on-track");
  });

  it("hides actual participants of 1–4, and what would give them away, in every figure of the view", () => {
    const two = plan([measure(), measure({ id: "m2", title: "Fältarbete" })]);
    const actuals: Actual[] = [
      { measureId: "m1", year: 2026, participants: 3, cost: 100_000, note: "" },
      { measureId: "m1", year: 2027, participants: 18, cost: 300_000, note: "" },
      { measureId: "m2", year: 2026, participants: 25, cost: 300_000, note: "" },
      { measureId: "m2", year: 2027, participants: 30, cost: 300_000, note: "" },
    ];
    const f = followUp(two, actuals);
    const text = JSON.stringify(f);
    const y26 = f.measures[0]!.years[0]!;
    expect(y26.actual!.participants).toBe("suppressed");
    expect(y26.deviation!.participants).toBe("suppressed");
    expect(y26.deviation!.participantsShare).toBeNull();
    // The cost deviation is not a count of people and stays.
    expect(y26.deviation!.cost).toBe(-200_000);
    // No line of the table (a row or column with its total) has exactly one hidden entry.
    const t = f.participants;
    const lines = [...t.cells.map((r, i) => [...r, t.rowTotals[i]]), ...[0, 1].map((c) => [...t.cells.map((r) => r[c]), t.columnTotals[c]]), [...t.columnTotals, t.total], [...t.rowTotals, t.total]];
    for (const line of lines) expect(line.filter((c) => c === "suppressed").length).not.toBe(1);
    // The views per measure draw from the same table.
    t.cells.forEach((row, i) => row.forEach((c, j) => expect(f.measures[i]!.years[j]!.actual!.participants).toBe(c)));
    t.rowTotals.forEach((c, i) => expect(f.measures[i]!.totals.actualParticipants).toBe(c));
    expect(text).not.toMatch(/"participants":3\b/);
    // Planned participants are not people and are shown.
    expect(f.measures[0]!.totals.plannedParticipants).toBe(40);
  });

  it("does not call a year with a hidden count on plan: its cost is, its participants cannot be told", () => {
    // 3 came where 20 were planned, within the budget: the count is hidden, and so is whether it fell short.
    const f = followUp(plan([measure()]), [{ measureId: "m1", year: 2026, participants: 3, cost: 200_000, note: "" }]);
    const y26 = f.measures[0]!.years[0]!;
    expect(y26.actual!.participants).toBe("suppressed");
    expect([y26.status, y26.reasons]).toEqual(["count-hidden", []]);
    expect(f.measures[0]!.status).toBe("count-hidden");
    // Over budget is still told, and a shown count on plan is on track.
    const over = followUp(plan([measure()]), [{ measureId: "m1", year: 2026, participants: 3, cost: 400_000, note: "" }]);
    expect([over.measures[0]!.years[0]!.status, over.measures[0]!.years[0]!.reasons]).toEqual(["off-track", ["over-budget"]]);
    const shown = followUp(plan([measure()]), [{ measureId: "m1", year: 2026, participants: 20, cost: 200_000, note: "" }]);
    expect(shown.measures[0]!.years[0]!.status).toBe("on-track");
  });

  it("follows the measure's indicators against their targets, by the indicator's direction", () => {
    const indicator: Indicator = { id: "i", code: "X", name: "Unga i brott", unit: "antal", kind: "rate", source: "Egen", higherIsBetter: false };
    const values = [
      { year: 2025, value: 40 },
      { year: 2026, value: 34 },
    ];
    const withTarget = (target: number, targetYear: number | null) =>
      followUp(plan([measure({ indicators: [{ indicatorId: "i", target, targetYear }] })]), [], {}, { i: { indicator, values } }).measures[0]!.indicators[0]!;
    expect(withTarget(35, 2027)).toMatchObject({ status: "met", values, name: "Unga i brott" });
    expect(withTarget(30, 2027).status).toBe("pending");
    expect(withTarget(30, 2026).status).toBe("missed");
    expect(withTarget(30, null).status).toBe("pending");
    const up = followUp(plan([measure({ indicators: [{ indicatorId: "i", target: 30, targetYear: 2026 }] })]), [], {}, { i: { indicator: { ...indicator, higherIsBetter: true }, values } });
    expect(up.measures[0]!.indicators[0]!.status).toBe("met");
    expect(followUp(plan([measure({ indicators: [{ indicatorId: "i", target: null, targetYear: null }] })]), []).measures[0]!.indicators[0]!.status).toBeNull();
  });

  it("forecasts the measure from its intervention alone", () => {
    const s = scenario();
    const fc26 = forecastOf(s, "a");
    // 2026: 20 × 10 000 + 50 000 + 30 000, times 1.1 for the optimism bias on costs.
    expect(fc26[0]!.participants).toBe(20);
    expect(fc26[0]!.cost).toBeCloseTo((20 * 10_000 + 50_000 + 30_000) * 1.1, 6);
    // 2027: this year's 20 and last year's 20 per-participant costs.
    expect(fc26[1]!.cost).toBeCloseTo((40 * 10_000 + 50_000) * 1.1, 6);
    expect(forecastOf(s, "nope")).toEqual([]);
  });
});

describe("the scenario re-run with actuals", () => {
  const npv = (s: Scenario) => evaluateScenario(s, { iterations: 0, sensitivity: false }).deterministic;

  it("equals the scenario when the actuals equal the forecast (any years reported)", () => {
    const s = scenario();
    const base = npv(s);
    const forecast = forecastOf(s, "a");
    fc.assert(
      fc.property(fc.subarray(forecast), (reported) => {
        const r = npv(withActuals(s, "a", reported.map((f) => ({ year: f.year, participants: f.participants, cost: f.cost }))));
        expect(r.npv).toBeCloseTo(base.npv, 4);
        expect(r.pvCosts).toBeCloseTo(base.pvCosts, 4);
        for (const [payer, v] of Object.entries(base.byPayer)) expect(r.byPayer[payer]!.pvCosts).toBeCloseTo(v.pvCosts, 4);
      }),
      { numRuns: 30 },
    );
  });

  it("takes the actual participants into the savings and the actual cost as the year's cost", () => {
    const s = scenario();
    const r = withActuals(s, "a", [{ year: 2026, participants: 10, cost: 500_000 }]);
    const out = npv(r);
    // Year 0 costs are the actual cost (other intervention b: 5 × 1 000 × 1.1).
    expect(out.years[0]!.costs).toBeCloseTo(500_000 + 5 * 1000 * 1.1, 6);
    // Year 1 per-participant costs follow the actual 10 starters of year 0 plus 20 new.
    expect(out.years[1]!.costs).toBeCloseTo(((10 + 20) * 10_000 + 50_000) * 1.1, 6);
    // Fewer participants avoid fewer placements.
    expect(out.pvSavings).toBeLessThan(npv(s).pvSavings);
    expect(() => withActuals(s, "x", [])).toThrow(/no intervention 'x'/);
  });
});

describe("the reach of a low-threshold service", () => {
  const service: Service = {
    name: "Fritidsgård Norrliden",
    description: "",
    provider: "Kultur- och fritidsförvaltningen",
    level: "grupp",
    decision: { body: "Socialnämnden", date: "2026-02-01", reference: "SN 2026/14", conditions: "", identitiesRecorded: false },
    ageGroups: ["13–15", "16–18"],
    expectedParticipantsPerYear: 3,
  };

  it("hides 1–4 and enough else in each period, adds visits over periods only, and never hides the modelled expectation", () => {
    const v = reachView(service, [
      { period: "2026-Q2", visits: 3, participants: { "13–15": { flickor: 12, pojkar: 15 }, "16–18": { flickor: 2, pojkar: 9 } } },
      { period: "2026-Q1", visits: 410, participants: { "13–15": { flickor: 20, pojkar: 30 }, "16–18": { flickor: 10, pojkar: 11, annat: 0 } } },
    ]);
    expect(v.periods.map((p) => p.period)).toEqual(["2026-Q1", "2026-Q2"]);
    expect(v.periods[0]!.cells).toEqual([
      [20, 30, 0],
      [10, 11, 0],
    ]);
    expect(v.periods[0]!.total).toBe(71);
    const q2 = v.periods[1]!;
    expect(q2.cells[1]![0]).toBeNull();
    for (const line of [...q2.cells.map((r, i) => [...r, q2.rowTotals[i]]), [...q2.columnTotals, q2.total]]) expect(line.filter((c) => c === null).length).not.toBe(1);
    // Visits 3 is hidden, and so is another figure of the line, so that the total cannot give it away.
    expect(v.periods[1]!.visits).toBeNull();
    expect([...v.periods.map((p) => p.visits), v.visitsTotal].filter((x) => x === null).length).toBeGreaterThan(1);
    expect(v.expectedParticipantsPerYear).toBe(3);
    expect(JSON.stringify(v.periods[1])).not.toMatch(/[^\d]2[,\]]/);
  });
});
