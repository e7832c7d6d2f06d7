/**
 * The small-count rule against an adversary who keeps every figure ever shown.
 *
 * The adversary sees, after each edit of a sequence, everything the follow-up and the services
 * register show (every count, total, deviation, share, status and reason, and the counts a re-run
 * may use) and combines all of these screens. A hidden count counts as *protected* when the whole
 * sequence of screens is exactly the same whichever value in 1–4 the edit that set it had given
 * it: then every value in 1–4 is consistent with everything shown, and no reasoning, however
 * clever, can bound it to an interval narrower than 1–4 (width 3). The property below checks this
 * for every edit that sets a count of 1–4, over random plans, services and edit sequences.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { followUp, shownActuals } from "./followup.js";
import { GENDERS, type ActionPlan, type Actual, type Reach, type Service } from "./model.js";
import { reachView } from "./services.js";

const YEARS = [2026, 2027, 2028];

/** An edit of the actuals: one measure's year gets participants (null: not reported) and a cost. */
type ActualEdit = { measure: number; year: number; participants: number | null; cost: number | null };

function plan(measures: number, planned: number[][], tolerance: number): ActionPlan {
  return {
    title: "Plan",
    lagesbildId: null,
    startYear: YEARS[0]!,
    endYear: YEARS[YEARS.length - 1]!,
    tolerance,
    measures: Array.from({ length: measures }, (_, m) => ({
      id: `m${m}`,
      title: `Åtgärd ${m}`,
      description: "",
      level: "grupp" as const,
      findingIds: [],
      responsible: [],
      startYear: YEARS[0]!,
      endYear: YEARS[YEARS.length - 1]!,
      planned: YEARS.map((year, y) => ({ year, participants: planned[m]?.[y] ?? 0, cost: 10_000 * (planned[m]?.[y] ?? 0) })),
      scenario: null,
      indicators: [],
    })),
  };
}

/** Every screen of the follow-up after each edit: what the API, the web app and the exports show. */
function planScreens(p: ActionPlan, edits: readonly ActualEdit[]): unknown[] {
  const saved = new Map<string, Actual>();
  return edits.map((e) => {
    const measureId = `m${e.measure}`;
    const year = YEARS[e.year]!;
    saved.set(`${measureId}/${year}`, { measureId, year, participants: e.participants, cost: e.cost, note: "" });
    const actuals = [...saved.values()];
    return { view: followUp(p, actuals), rerun: shownActuals(p, actuals).map((a) => a.participants) };
  });
}

/** The edits that set a count of 1–4, and the sequences with that count replaced by each other value in 1–4. */
function alternatives<E>(edits: readonly E[], counts: (e: E) => number[], replace: (e: E, k: number, v: number) => E): { index: number; sequence: E[] }[] {
  const out: { index: number; sequence: E[] }[] = [];
  edits.forEach((e, i) =>
    counts(e).forEach((n, k) => {
      if (n < 1 || n > 4) return;
      for (let v = 1; v <= 4; v++) if (v !== n) out.push({ index: i, sequence: edits.map((x, j) => (j === i ? replace(x, k, v) : x)) });
    }),
  );
  return out;
}

const count = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 14 }));

describe("small counts against an adversary who combines every screen over a sequence of edits", () => {
  it("the follow-up shows the same, whichever of 1–4 a hidden count is (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 3, maxLength: 3 }), { minLength: 3, maxLength: 3 }),
        fc.constantFrom(0, 0.1, 0.5),
        fc.array(
          fc.record({
            measure: fc.integer({ min: 0, max: 2 }),
            year: fc.integer({ min: 0, max: 2 }),
            participants: fc.option(count, { nil: null }),
            cost: fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: null }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        (measures, planned, tolerance, raw) => {
          const p = plan(measures, planned, tolerance);
          const edits = raw.map((e) => ({ ...e, measure: e.measure % measures }));
          const seen = planScreens(p, edits);
          for (const alt of alternatives(edits, (e) => (e.participants === null ? [] : [e.participants]), (e, _k, v) => ({ ...e, participants: v })))
            expect(planScreens(p, alt.sequence)).toEqual(seen);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("the services register shows the same, whichever of 1–4 a hidden count of visits or participants is (property)", () => {
    const service: Service = {
      name: "Fritidsgård",
      description: "",
      provider: "Kommunen",
      level: "grupp",
      decision: { body: "Socialnämnden", date: "2026-01-15", reference: "SN 2026/1", conditions: "", identitiesRecorded: false },
      ageGroups: ["13–15", "16–18"],
      expectedParticipantsPerYear: 100,
    };
    // An edit reports a period (replacing it) or removes it, as the register's API does.
    type ReachEdit = { period: string; remove: boolean; visits: number; cells: number[] };
    const screens = (edits: readonly ReachEdit[]) => {
      const saved = new Map<string, Reach>();
      return edits.map((e) => {
        if (e.remove) saved.delete(e.period);
        else
          saved.set(e.period, {
            period: e.period,
            visits: e.visits,
            participants: Object.fromEntries(service.ageGroups.map((g, a) => [g, Object.fromEntries(GENDERS.map((s, k) => [s, e.cells[a * GENDERS.length + k]!]))])),
          });
        return reachView(service, [...saved.values()]);
      });
    };
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            period: fc.constantFrom("2026-Q1", "2026-Q2", "2026-Q3"),
            remove: fc.boolean(),
            visits: count,
            cells: fc.array(count, { minLength: 6, maxLength: 6 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        (edits) => {
          const seen = screens(edits);
          const all = (e: ReachEdit) => (e.remove ? [] : [e.visits, ...e.cells]);
          const replace = (e: ReachEdit, k: number, v: number): ReachEdit => (k === 0 ? { ...e, visits: v } : { ...e, cells: e.cells.map((c, j) => (j === k - 1 ? v : c)) });
          for (const alt of alternatives(edits, all, replace)) expect(screens(alt.sequence)).toEqual(seen);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a second period does not let the total shown before give away the first period's hidden visits", () => {
    // The stumble this rule answers: 10 visits in the first quarter (shown, with their total),
    // then 3 in the second. The total of 13 would tell 3 by the difference; it is hidden.
    const service = { name: "S", description: "", provider: "", level: "grupp", decision: { body: "", date: "2026-01-01", reference: "", conditions: "", identitiesRecorded: false }, ageGroups: [], expectedParticipantsPerYear: null } satisfies Service;
    const first = reachView(service, [{ period: "2026-Q1", visits: 10, participants: {} }]);
    const second = reachView(service, [
      { period: "2026-Q1", visits: 10, participants: {} },
      { period: "2026-Q2", visits: 3, participants: {} },
    ]);
    expect([first.visitsTotal, second.periods.map((p) => p.visits), second.visitsTotal]).toEqual([10, [10, null], null]);
  });

  it("a year with a hidden count is not called on plan or behind plan by its participants", () => {
    // 40 planned, 3 reported: the status must not say whether 3 is short of the plan.
    const p = plan(1, [[40, 40, 40]], 0.1);
    const v = followUp(p, [{ measureId: "m0", year: 2026, participants: 3, cost: 400_000, note: "" }]);
    const year = v.measures[0]!.years[0]!;
    expect(year.actual!.participants).toBe("suppressed");
    expect(year.reasons).toEqual([]);
    expect(year.deviation).toMatchObject({ participants: "suppressed", participantsShare: null });
    expect(v.measures[0]!.totals.actualParticipants).toBe("suppressed");
  });

  it("catches a view that leaks (the adversary can fail)", () => {
    // A view that shows the total beside a hidden count: the adversary tells 2 from 3.
    const leaky = (edits: readonly number[]) => [edits.map((n) => (n > 0 && n < 5 ? null : n)), edits.reduce((a, b) => a + b, 0)];
    const edits = [10, 2];
    const alts = alternatives(edits, (n) => [n], (_n, _k, v) => v);
    expect(alts.some((a) => JSON.stringify(leaky(a.sequence)) !== JSON.stringify(leaky(edits)))).toBe(true);
  });
});
