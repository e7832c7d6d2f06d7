/** Hand-computed tests of the budget view, cost sharing and continuity (docs/budget.md). */
import { describe, expect, it } from "vitest";
import { budgetView, currentPriceFactor } from "./budget.js";
import { stopAfter } from "./continuity.js";
import { evaluateDeterministic } from "./evaluate.js";
import { compile } from "./model.js";
import type { DeterministicResult } from "./result.js";
import type { Scenario } from "./schema.js";
import { agreementProblems, applyAgreement, applyScopedAgreements, FINSAM_STATE_PAYER, finsamAgreement, proposeSharing, scopedAgreementProblems } from "./sharing.js";
import { oneIntervention, scenario } from "./testing/scenarios.js";

/** A scenario with the payers the sharing tests name, and a result with hand-set present values. */
function sharingCase(savings: Record<string, number>, costs: Record<string, number> = { k: 100 }) {
  const s = scenario({
    payers: [
      { id: "k", name: "Socialnämnden", group: "kommun" },
      { id: "r", name: "Regionen", group: "region" },
      { id: "s", name: "Polisen", group: "stat" },
      { id: "s2", name: "Försäkringskassan", group: "stat" },
      { id: "i", name: "Individen", group: "individ" },
    ],
  });
  const byPayer: DeterministicResult["byPayer"] = {};
  for (const p of s.payers) {
    const c = costs[p.id] ?? 0;
    const v = savings[p.id] ?? 0;
    if (c !== 0 || v !== 0) byPayer[p.id] = { group: p.group, pvCosts: c, pvSavings: v, npv: v - c, paybackYear: null };
  }
  return { s, result: { byPayer } as DeterministicResult };
}
const byId = <T extends { id: string }>(r: { actors: T[] }): Record<string, T> => Object.fromEntries(r.actors.map((a) => [a.id, a]));

describe("cost sharing", () => {
  it("splits the public costs in proportion to the savings, so that nobody public loses", () => {
    const { s, result } = sharingCase({ k: 20, r: 60, s: 40, i: -10 });
    const sharing = proposeSharing(result, s);
    expect(sharing).toMatchObject({ publicCosts: 100, publicSavings: 120, feasible: true });
    const a = byId(sharing);
    expect(Object.keys(a).sort()).toEqual(["k", "r", "s"]); // the individual cannot pay
    // C = 100, ΣS⁺ = 120: contribution = 100 · S / 120
    expect(a.k?.contribution).toBeCloseTo(100 / 6, 12);
    expect(a.r?.contribution).toBeCloseTo(50, 12);
    expect(a.s?.contribution).toBeCloseTo(100 / 3, 12);
    expect(a.k?.npvBefore).toBe(-80);
    expect(a.k?.npvAfter).toBeCloseTo(20 - 100 / 6, 12);
    expect(a.r?.npvAfter).toBeCloseTo(10, 12);
    expect(a.s?.npvAfter).toBeCloseTo(20 / 3, 12);
    expect(sharing.actors.reduce((t, x) => t + x.contribution, 0)).toBeCloseTo(100, 12);
  });

  it("compensates a public payer that loses, out of the others' gains", () => {
    const { s, result } = sharingCase({ k: 20, r: 60, s: 40, s2: -20 });
    const a = byId(proposeSharing(result, s));
    // C = 100, L = 20, ΣS⁺ = 120: everyone ends exactly at 0
    expect(a.s2?.contribution).toBe(-20);
    for (const id of ["k", "r", "s", "s2"]) expect(a[id]?.npvAfter).toBeCloseTo(0, 12);
  });

  it("says plainly when no split can leave every public actor whole", () => {
    const { s, result } = sharingCase({ k: 20, r: 30, s: 40 });
    const sharing = proposeSharing(result, s);
    expect(sharing.feasible).toBe(false);
    expect(sharing.publicSavings).toBe(90);
    // The same proportional split spreads the shortfall of 10: each loses 10 · S / 90
    expect(byId(sharing).r?.npvAfter).toBeCloseTo(30 - (100 * 30) / 90, 12);
  });

  it("offers the Finsam split: the state's half through Försäkringskassan, the region and the municipality a quarter each", () => {
    const { s, result } = sharingCase({ k: 20, r: 60, s: 40, s2: 10 });
    const finsam = finsamAgreement(result, s);
    // Polisen (s) and the other state payers are not members: they pay nothing, and keep their savings.
    expect(finsam).toEqual({ [FINSAM_STATE_PAYER.id]: 0.5, r: 0.25, k: 0.25 });
    expect(agreementProblems(finsam, s)).toEqual([]);
    const a = byId(applyAgreement(result, s, finsam));
    expect(a[FINSAM_STATE_PAYER.id]).toMatchObject({ name: expect.stringMatching(/^Försäkringskassan/), group: "stat", pvCosts: 0, pvSavings: 0 });
    expect(a[FINSAM_STATE_PAYER.id]?.contribution).toBeCloseTo(50, 12);
    expect(a[FINSAM_STATE_PAYER.id]?.npvAfter).toBeCloseTo(-50, 12);
    expect(a.k?.contribution).toBeCloseTo(25, 12);
    expect(a.k?.npvAfter).toBeCloseTo(-5, 12);
    expect(a.r?.npvAfter).toBeCloseTo(35, 12);
    expect(a.s?.contribution).toBe(0);
    expect(a.s?.npvAfter).toBeCloseTo(40, 12);
    // Every krona of the public costs is carried by someone.
    expect(Object.values(a).reduce((t, x) => t + x.contribution, 0)).toBeCloseTo(100, 9);
  });

  it("uses the scenario's own Försäkringskassan when it has one, within a group by savings", () => {
    const base = sharingCase({ k: 20, r: 60 });
    const s = { ...base.s, payers: [...base.s.payers, { id: "r2", name: "Primärvården", group: "region" as const }, { id: FINSAM_STATE_PAYER.id, name: "Försäkringskassan", group: "stat" as const }] };
    const result = { byPayer: { ...base.result.byPayer, r2: { group: "region", pvCosts: 0, pvSavings: 20, npv: 20, paybackYear: null }, [FINSAM_STATE_PAYER.id]: { group: "stat", pvCosts: 0, pvSavings: 8, npv: 8, paybackYear: null } } } as unknown as DeterministicResult;
    const finsam = finsamAgreement(result, s);
    expect(finsam.r).toBeCloseTo(0.1875, 12); // the region's quarter by savings: 60 and 20
    expect(finsam.r2).toBeCloseTo(0.0625, 12);
    expect(byId(applyAgreement(result, s, finsam))[FINSAM_STATE_PAYER.id]).toMatchObject({ name: "Försäkringskassan", pvSavings: 8 });
  });

  it("names what is wrong with a hand-made agreement", () => {
    const { s } = sharingCase({});
    expect(agreementProblems({ k: 0.5, r: 0.3 }, s)).toEqual(["the shares add up to 0.8, not 1"]);
    expect(agreementProblems({ k: 0.5, i: 0.5 }, s)).toEqual(["i: the group individ cannot carry a share"]);
    expect(agreementProblems({ x: 1.2, k: -0.2 }, s)).toEqual(["x: no such payer", "x: a share must be between 0 and 1", "k: a share must be between 0 and 1"]);
  });
});

const small = (over: Partial<Parameters<typeof scenario>[0]> = {}): Scenario => oneIntervention(0.5, over);

describe("agreements for some interventions and years", () => {
  // x: the municipality pays 10 × 1,000 a year in 2026–2029; y: the region pays 2,000 a year.
  const two = () =>
    small({
      interventions: [
        small().interventions[0]!,
        { id: "y", name: "Andra", level: "grupp", participants: [5, 5, 5, 5], costs: [{ payer: "r", perYear: 2000 }], effects: [] },
      ],
    });

  it("pools only the covered costs and leaves the rest with their payers", () => {
    const s = two();
    const r = applyScopedAgreements(s, [{ shares: { k: 0.5, r: 0.5 }, interventions: ["x"], fromYear: 2026, toYear: 2027 }]);
    const a = byId(r);
    // Pooled: x's 2026–2027 costs = 20,000, half each. k: 40,000 − 20,000 + 10,000; r: 8,000 + 10,000.
    expect(a.k?.contribution).toBeCloseTo(30_000, 9);
    expect(a.r?.contribution).toBeCloseTo(18_000, 9);
    expect(a.r?.npvAfter).toBeCloseTo(20_000 - 18_000, 9); // the region saves 4 cases × 5,000
    expect(r.actors.reduce((t, x) => t + x.contribution, 0)).toBeCloseTo(r.publicCosts, 9);
  });

  it("lets the first of overlapping agreements take a cost, and without scope equals the plain agreement", () => {
    const s = two();
    const whole = applyScopedAgreements(s, [{ shares: { k: 0.25, r: 0.75 } }]);
    const plain = applyAgreement(evaluateDeterministic(compile(s)), s, { k: 0.25, r: 0.75 });
    expect(byId(whole).k?.contribution).toBeCloseTo(byId(plain).k!.contribution, 9);
    const first = applyScopedAgreements(s, [{ shares: { k: 0, r: 1 }, interventions: ["x"] }, { shares: { k: 1, r: 0 } }]);
    expect(byId(first).r?.contribution).toBeCloseTo(40_000, 9); // all of x to the region
    expect(byId(first).k?.contribution).toBeCloseTo(8_000, 9); // all of y to the municipality
    expect(scopedAgreementProblems([{ shares: { k: 1 }, interventions: ["z"], fromYear: 2030, toYear: 2027 }], s)).toEqual(["[0] z: no such intervention", "[0] fromYear 2030 is after toYear 2027"]);
  });
});

describe("the budget view", () => {
  it("shows each payer's yearly costs and savings, cumulatively, with its years out of pocket", () => {
    const s = small();
    const view = budgetView(evaluateDeterministic(compile(s)), s);
    const k = view.find((p) => p.id === "k");
    const r = view.find((p) => p.id === "r");
    expect(k?.years.map((y) => [y.year, y.costs, y.savings])).toEqual([
      [2026, 10_000, 0],
      [2027, 10_000, 0],
      [2028, 10_000, 0],
      [2029, 10_000, 0],
      [2030, 0, 0],
    ]);
    // 10 participants × 0.5 × 0.2 = 1 case a year later × 5,000
    expect(r?.years.map((y) => y.savings)).toEqual([0, 5000, 5000, 5000, 5000]);
    expect(k?.outOfPocketYears).toEqual([2026, 2027, 2028, 2029]);
    expect(k?.breakEvenYear).toBeNull();
    expect(r?.outOfPocketYears).toEqual([]);
    expect(r?.breakEvenYear).toBe(2026);
    expect(r?.years.at(-1)?.cumulativeNet).toBe(20_000);
    expect(view.map((p) => p.id)).toEqual(["k", "r"]); // the individual has nothing
  });

  it("turns fixed prices into current prices with the assumed price and wage growth", () => {
    const o = { currentPrices: { priceGrowth: 0.02, wageGrowth: 0.03, wageShare: 0.5 } };
    expect(currentPriceFactor(o, 2)).toBeCloseTo(1.025 ** 2, 12);
    expect(currentPriceFactor({}, 7)).toBe(1);
    const s = small();
    const k = budgetView(evaluateDeterministic(compile(s)), s, o).find((p) => p.id === "k");
    expect(k?.years[2]?.costs).toBeCloseTo(10_000 * 1.025 ** 2, 6); // 2028 is two years after the price year 2026
  });
});

describe("continuity", () => {
  it("stops intake after the project period; started participants and their effects run their course", () => {
    const s = small({ interventions: [{ ...small().interventions[0]!, costs: [{ payer: "k", perParticipant: 1000 }, { payer: "k", perYear: 2000 }] }] });
    const project = stopAfter(s, 2);
    expect(project.interventions[0]?.participants).toEqual([10, 10, 0, 0]);
    const permanent = evaluateDeterministic(compile(s));
    const short = evaluateDeterministic(compile(project));
    // Permanent: 4 × (10,000 + 2,000) costs; 4 cases × 5,000 savings. Project: 2 × 12,000; 2 cases.
    expect(permanent.pvCosts).toBe(48_000);
    expect(short.pvCosts).toBe(24_000);
    expect(permanent.pvSavings).toBe(20_000);
    expect(short.pvSavings).toBe(10_000);
    expect(short.years.map((y) => y.byPayer.r?.savings ?? 0)).toEqual([0, 5000, 5000, 0]); // the horizon; no later intake extends it
    expect(stopAfter(s, 2, ["other"]).interventions[0]?.participants).toEqual([10, 10, 10, 10]);
  });
});
