/**
 * Model version 2 (spec §8), computed by hand: linked outcomes with lags, a diamond, a transfer
 * in a linked outcome, an effect that replaces a link, extent effects, and the perspectives.
 * Every expected number below is worked out in the comments from the scenario's figures.
 */
import { describe, expect, it } from "vitest";
import { evaluateScenario } from "./index.js";
import { evaluateDeterministic } from "./evaluate.js";
import { baseParams, compile } from "./model.js";
import { BLOCK_SIZE, createWorkspace, kernelFor, mcBuffers, runMonteCarlo, simulateBlocks, summarizeMonteCarlo } from "./montecarlo.js";
import type { ScenarioInput } from "./schema.js";
import { parseScenario } from "./validate.js";

function parse(input: ScenarioInput) {
  const r = parseScenario(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
}
const det = (input: ScenarioInput) => evaluateDeterministic(compile(parse(input)));
const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 8);

const payers: ScenarioInput["payers"] = [
  { id: "k", name: "Kommun", group: "kommun" },
  { id: "r", name: "Region", group: "region" },
  { id: "i", name: "Individen", group: "individ" },
];

/**
 * A → B → C. A costs 1,000 once, B 2,000, C 3,000 (in the occurrence's year). 100 participants in
 * year 0, baseline risk 0.2, RRR 0.5, onset in year 1: 10 avoided A in year 1. A → B: 0.5, three
 * years later: 5 B in year 4. B → C: 0.4, one or two years later, spread evenly: 1 C in year 5,
 * 1 in year 6.
 */
function chain(over: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    version: 2,
    name: "Kedja",
    startYear: 2026,
    horizonYears: 1,
    discountRate: 0.1,
    payers,
    unitCosts: [
      { id: "ua", name: "A", payer: "k", amount: 1000 },
      { id: "ub", name: "B", payer: "r", amount: 2000 },
      { id: "uc", name: "C", payer: "k", amount: 3000 },
    ],
    outcomes: [
      // File order C, A, B: the engine orders them by their links.
      { id: "C", name: "C", consequences: [{ unitCost: "uc", quantityPerYear: 1 }] },
      {
        id: "A",
        name: "A",
        consequences: [{ unitCost: "ua", quantityPerYear: 1 }],
        links: [{ outcome: "B", probability: 0.5, after: { fromYear: 3, years: 1 }, source: "antagande" }],
      },
      {
        id: "B",
        name: "B",
        consequences: [{ unitCost: "ub", quantityPerYear: 1 }],
        links: [{ outcome: "C", probability: { dist: "beta", mean: 0.4, sd: 0.1 }, after: { fromYear: 1, years: 2 } }],
      },
    ],
    interventions: [
      {
        id: "x",
        name: "X",
        level: "individ",
        participants: [100],
        costs: [{ payer: "k", perParticipant: 100 }],
        effects: [{ outcome: "A", baselineRisk: 0.2, relativeRiskReduction: 0.5, onset: { fromYear: 1, years: 1 } }],
      },
    ],
    ...over,
  };
}

describe("linked outcomes (spec §8.1)", () => {
  it("follows a chain of three outcomes with lags", () => {
    const d = det(chain());
    // reach(C) = 0; reach(B) = 1 + 2 − 1 + 0 = 2; reach(A) = 3 + 1 − 1 + 2 = 5; L = 1 + 5 = 6.
    expect(d.years).toHaveLength(7);
    expect(d.byOutcome.A).toMatchObject({ avoidedDirect: 10, avoidedLinked: 0, shortened: 0 });
    close(d.byOutcome.A?.avoided as number, 10);
    close(d.byOutcome.B?.avoidedLinked as number, 5);
    close(d.byOutcome.B?.avoidedDirect as number, 0);
    close(d.byOutcome.C?.avoidedLinked as number, 2);
    close(d.byOutcome.C?.avoided as number, 2);
    expect(d.byLink.map((l) => [l.from, l.to, l.probability])).toEqual([
      ["A", "B", 0.5],
      ["B", "C", 0.4],
    ]);
    close(d.byLink[0]?.avoided as number, 5);
    close(d.byLink[1]?.avoided as number, 2);
    // Savings by year: 10,000 (k) in 1; 10,000 (r) in 4; 3,000 (k) in 5 and in 6.
    expect(d.years.map((y) => Math.round(y.savings))).toEqual([0, 10000, 0, 0, 10000, 3000, 3000]);
    const pv = 10000 / 1.1 + 10000 / 1.1 ** 4 + 3000 / 1.1 ** 5 + 3000 / 1.1 ** 6;
    close(d.pvSavings, pv);
    close(d.byOutcome.B?.pvSavings as number, 10000 / 1.1 ** 4);
    close(d.byOutcome.C?.pvSavings as number, 3000 / 1.1 ** 5 + 3000 / 1.1 ** 6);
    close(d.byLink[1]?.pvSavings as number, 3000 / 1.1 ** 5 + 3000 / 1.1 ** 6);
    // The intervention's savings include those through links.
    close(d.byIntervention.x?.pvSavings as number, pv);
    close(d.byPayer.r?.pvSavings as number, 10000 / 1.1 ** 4);
  });

  it("adds both paths of a diamond A → B, A → C, B → C", () => {
    // 10 A in year 1; A → B 0.5 a year later: 5 B in 2; A → C 0.2 two years later: 2 C in 3;
    // B → C 0.4 a year later: 2 C in 3. C: 4 in year 3.
    const s = chain();
    const [c, a, b] = s.outcomes;
    const diamond = chain({
      outcomes: [
        c!,
        { ...a!, links: [{ outcome: "B", probability: 0.5, after: { fromYear: 1 } }, { outcome: "C", probability: 0.2, after: { fromYear: 2 } }] },
        { ...b!, links: [{ outcome: "C", probability: 0.4, after: { fromYear: 1 } }] },
      ],
    });
    const d = det(diamond);
    close(d.byOutcome.B?.avoided as number, 5);
    close(d.byOutcome.C?.avoided as number, 4);
    expect(d.byLink.map((l) => [l.from, l.to, Math.round(l.avoided * 1e9) / 1e9])).toEqual([
      ["A", "B", 5],
      ["A", "C", 2],
      ["B", "C", 2],
    ]);
    expect(d.years.map((y) => Math.round(y.savings))).toEqual([0, 10000, 10000, 12000]);
  });

  it("carries a transfer in a linked outcome to the recipient, cancelling for society", () => {
    // B is now a transfer of 2,000 from the region to the individual: 5 B in year 4.
    const s = chain();
    const d = det({
      ...s,
      unitCosts: s.unitCosts.map((u) => (u.id === "ub" ? { ...u, recipient: "i" } : u)),
    });
    close(d.byPayer.r?.pvSavings as number, 10000 / 1.1 ** 4);
    close(d.byPayer.i?.pvSavings as number, -10000 / 1.1 ** 4);
    close(d.byOutcome.B?.pvSavings as number, 0);
    close(d.byOutcome.B?.avoided as number, 5);
    close(d.pvSavings, 10000 / 1.1 + 3000 / 1.1 ** 5 + 3000 / 1.1 ** 6);
    expect(d.years[4]?.byPayer.i?.savings).toBeCloseTo(-10000, 6);
    // C still follows from B.
    close(d.byOutcome.C?.avoided as number, 2);
  });

  it("replaces the link into an outcome by the intervention's own effect on it", () => {
    // X also has an effect on B: 100 · 0.1 · 0.3 = 3 B in year 0; A → B is not used for X, so B
    // has 3 (direct), and C gets 0.4 · 3 = 1.2 (0.6 in year 1, 0.6 in year 2). Y, with an effect on
    // A only (50 · 0.2 · 0.5 = 5 A in year 1), gets 2.5 B through the link and 1 C.
    const s = chain();
    const x = s.interventions[0]!;
    const d = det({
      ...s,
      interventions: [
        { ...x, effects: [...(x.effects ?? []), { outcome: "B", baselineRisk: 0.1, relativeRiskReduction: 0.3 }] },
        { ...x, id: "y", name: "Y", participants: [50] },
      ],
    });
    close(d.byOutcome.B?.avoidedDirect as number, 3);
    close(d.byOutcome.B?.avoidedLinked as number, 2.5);
    close(d.byOutcome.C?.avoidedLinked as number, 1.2 + 1);
    close(d.byLink[0]?.avoided as number, 2.5);
    // X: 10 A (10,000 in 1), 3 B (6,000 in 0), 1.2 C (1,800 in 1 and in 2).
    close(d.byIntervention.x?.pvSavings as number, 6000 + 10000 / 1.1 + 1800 / 1.1 + 1800 / 1.1 ** 2);
    // Y: 5 A (5,000 in 1), 2.5 B (5,000 in 4), 1 C (1,500 in 5 and in 6).
    close(d.byIntervention.y?.pvSavings as number, 5000 / 1.1 + 5000 / 1.1 ** 4 + 1500 / 1.1 ** 5 + 1500 / 1.1 ** 6);
  });

  it("agrees with the Monte Carlo kernel, also with probabilities drawn", () => {
    const m = compile(parse(chain()));
    const d = evaluateDeterministic(m);
    const k = kernelFor(m, baseParams(m));
    close(k.npv[0] as number, d.npv);
    d.years.forEach((y, t) => expect(k.cdn[t] as number).toBeCloseTo(y.cumulativeDiscountedNet, 6));
    // One iteration with the B → C probability at 0.9: C = 0.9 · 5 = 4.5.
    const params = baseParams(m);
    const slot = m.slots.findIndex((x) => x.role === "link.probability" && x.uncertain);
    params[slot] = 0.9;
    const at = evaluateDeterministic(m, params);
    close(at.byOutcome.C?.avoided as number, 4.5);
    close(kernelFor(m, params).npv[0] as number, at.npv);
  });

  it("gives the same Monte Carlo result however the blocks are split between threads", () => {
    const s = parse(chain());
    const m = compile(s);
    const N = 3 * BLOCK_SIZE + 17;
    const whole = runMonteCarlo(m, N, 5);
    const out = mcBuffers(m, N);
    for (const [a, b] of [[2, 4], [0, 1], [1, 2]] as const) simulateBlocks(m, 5, a, b, out, createWorkspace(m));
    expect(summarizeMonteCarlo(m, 5, out)).toEqual(whole);
    // The link's probability varies: so does the NPV.
    expect(whole.npv.sd).toBeGreaterThan(0);
    expect(whole.byPerspective.offentligSektor.npv.mean).toBeCloseTo(whole.npv.mean, 6);
  });

  it("gives a sensitivity bar for an uncertain link probability", () => {
    const r = evaluateScenario(parse(chain()));
    const bar = r.sensitivity?.find((b) => b.role === "link.probability");
    expect(bar?.parameter).toBe("outcomes[2].links[0].probability");
    expect(bar?.owner).toBe("B");
    expect((bar?.high.npv as number) > (bar?.low.npv as number)).toBe(true);
  });
});

/**
 * One outcome lasting five years at 1,000 a year for the municipality; 100 participants in year 0,
 * baseline risk 0.2, onset in year 0; no discounting.
 */
function spell(effect: Record<string, unknown>, over: Partial<ScenarioInput> = {}): ScenarioInput {
  return {
    version: 2,
    name: "Omfattning",
    startYear: 2026,
    horizonYears: 1,
    discountRate: 0,
    payers,
    unitCosts: [{ id: "u", name: "År utanför arbete", payer: "k", amount: 1000 }],
    outcomes: [{ id: "o", name: "Utanförskap", consequences: [{ unitCost: "u", quantityPerYear: 1, years: 5 }] }],
    interventions: [
      {
        id: "x",
        name: "X",
        level: "individ",
        participants: [100],
        effects: [{ outcome: "o", baselineRisk: 0.2, ...effect } as never],
      },
    ],
    ...over,
  };
}

describe("effects on the extent (spec §8.3)", () => {
  it("shortens a spell without reducing the risk: two years instead of five", () => {
    // 20 occurrences still happen; years 2, 3, 4 of each are saved: 3 · 20 · 1,000.
    const d = det(spell({ extent: { reduction: 1, fromYear: 2 } }));
    expect(d.byOutcome.o).toMatchObject({ avoided: 0, avoidedDirect: 0, avoidedLinked: 0 });
    close(d.byOutcome.o?.shortened as number, 20);
    close(d.pvSavings, 60000);
    expect(d.years.map((y) => y.savings)).toEqual([0, 0, 20000, 20000, 20000]);
    close(d.byOutcome.o?.pvSavings as number, 60000);
    close(d.byIntervention.x?.pvSavings as number, 60000);
  });

  it("adds the extent to a risk reduction", () => {
    // RRR 0.5: 10 avoided (5 · 10 · 1,000 = 50,000); 10 still happen, 40 % milder from year 1:
    // 0.4 · 10 · 1,000 in years 1–4 = 16,000.
    const d = det(spell({ relativeRiskReduction: 0.5, extent: { reduction: 0.4, fromYear: 1 } }));
    close(d.byOutcome.o?.avoided as number, 10);
    close(d.byOutcome.o?.shortened as number, 10);
    close(d.pvSavings, 66000);
    expect(d.years.map((y) => Math.round(y.savings))).toEqual([10000, 14000, 14000, 14000, 14000]);
  });

  it("decays and is passed to the recipient of a transfer", () => {
    // Onset in years 0–1 (w = ½), decay 0.5, RRR 0.5, a two-year transfer of 1,000 (k → i) and a
    // cost of 100 (k). Avoided: 100·0.2·0.5·½ = 5 in year 0 and 5·0.5 = 2.5 in year 1 (7.5).
    // Still happening: 5 in year 0 and 5 in year 1 (shortened 10, without decay); E = 0.5 from
    // d = 1, times 0.5^k: 2.5 in year 0 → saves 2.5 · 1,100 in year 1; 1.25 in year 1 → 1.25 ·
    // 1,100 in year 2.
    const d = det(
      spell(
        { relativeRiskReduction: 0.5, onset: { years: 2 }, decayPerYear: 0.5, extent: { reduction: 0.5, fromYear: 1 } },
        {
          unitCosts: [
            { id: "t", name: "Bistånd", payer: "k", recipient: "i", amount: 1000 },
            { id: "u", name: "Handläggning", payer: "k", amount: 100 },
          ],
          outcomes: [
            {
              id: "o",
              name: "Bistånd",
              consequences: [
                { unitCost: "t", quantityPerYear: 1, years: 2 },
                { unitCost: "u", quantityPerYear: 1, years: 2 },
              ],
            },
          ],
        },
      ),
    );
    close(d.byOutcome.o?.avoided as number, 7.5);
    close(d.byOutcome.o?.shortened as number, 10);
    // Municipality: avoided 5 in 0 → 1,100 in 0 and 1; 2.5 in 1 → in 1 and 2; extent as above.
    const k = [5 * 1100, 5 * 1100 + 2.5 * 1100 + 2.5 * 1100, 2.5 * 1100 + 1.25 * 1100];
    d.years.forEach((y, t) => expect(y.byPayer.k?.savings).toBeCloseTo(k[t] ?? 0, 9));
    const i = [-5000, -5000 - 2500 - 2500, -2500 - 1250];
    d.years.forEach((y, t) => expect(y.byPayer.i?.savings).toBeCloseTo(i[t] ?? 0, 9));
    // For society only the 100s count.
    close(d.pvSavings, (5 * 2 + 2.5 * 2 + 2.5 + 1.25) * 100);
    close(d.byOutcome.o?.pvSavings as number, d.pvSavings);
  });

  it("scales the extent by efficacy and optimism bias, at most all of it", () => {
    // E = min(1, 0.8 · 1.5 · 0.9) = 1: years 2–4 saved in full.
    const full = det(spell({ extent: { reduction: 0.8, fromYear: 2 } }, { optimismBias: { effects: 0.1 } }));
    const s = spell({ extent: { reduction: 0.8, fromYear: 2 } }, { optimismBias: { effects: 0.1 } });
    const d = det({ ...s, interventions: s.interventions.map((x) => ({ ...x, efficacy: 1.5 })) });
    close(d.pvSavings, 60000);
    close(full.pvSavings, 60000 * 0.72);
  });

  it("blocks the links into its outcome for its intervention even without an effect size", () => {
    const s = chain();
    const x = s.interventions[0]!;
    const d = det({ ...s, interventions: [{ ...x, effects: [...(x.effects ?? []), { outcome: "B", baselineRisk: 0.1, extent: { reduction: 0.5 } }] }] });
    expect(d.byOutcome.B).toMatchObject({ avoided: 0, avoidedLinked: 0 });
    close(d.byOutcome.B?.shortened as number, 10);
    expect(d.byOutcome.C?.avoided).toBe(0);
  });

  it("agrees with the Monte Carlo kernel and gives a sensitivity bar for the reduction", () => {
    const s = parse(spell({ relativeRiskReduction: 0.5, decayPerYear: { dist: "uniform", min: 0, max: 0.2 }, onset: { years: 3 }, extent: { reduction: { dist: "beta", mean: 0.4, sd: 0.1 }, fromYear: 1 } }));
    const m = compile(s);
    const d = evaluateDeterministic(m);
    close(kernelFor(m, baseParams(m)).npv[0] as number, d.npv);
    const r = evaluateScenario(s);
    const bar = r.sensitivity?.find((b) => b.role === "effect.extent");
    expect(bar?.parameter).toBe("interventions[0].effects[0].extent.reduction");
    expect((bar?.high.npv as number) > (bar?.low.npv as number)).toBe(true);
  });
});

describe("perspectives and livskvalitet (spec §8.2)", () => {
  const all: ScenarioInput["payers"] = [
    { id: "k", name: "Kommun", group: "kommun" },
    { id: "r", name: "Region", group: "region" },
    { id: "s", name: "Staten", group: "stat" },
    { id: "i", name: "Individen", group: "individ" },
    { id: "o", name: "Produktion", group: "ovrigt" },
    { id: "q", name: "Livskvalitet", group: "livskvalitet" },
  ];
  // 10 avoided occurrences in year 0, each saving 1 (k), 2 (r), 4 (s), 8 (i), 16 (o), 32 (q);
  // costs 100 for the municipality and 50 for the region.
  const input: ScenarioInput = {
    version: 2,
    name: "Perspektiv",
    startYear: 2026,
    horizonYears: 1,
    discountRate: 0,
    monteCarlo: { iterations: 300, seed: 2 },
    payers: all,
    unitCosts: all.map((p, j) => ({ id: `u${p.id}`, name: p.id, payer: p.id, amount: 2 ** j })),
    outcomes: [{ id: "o", name: "O", consequences: all.map((p) => ({ unitCost: `u${p.id}`, quantityPerYear: 1 })) }],
    interventions: [
      {
        id: "x",
        name: "X",
        level: "grupp",
        participants: [100],
        costs: [
          { payer: "k", oneOff: 100 },
          { payer: "r", oneOff: { dist: "uniform", min: 0, max: 100 } },
        ],
        effects: [{ outcome: "o", baselineRisk: 0.5, relativeRiskReduction: 0.2 }],
      },
    ],
  };

  it("counts the livskvalitet group in medLivskvalitet only; the headline counts every payer", () => {
    const r = evaluateScenario(parse(input));
    const d = r.deterministic;
    expect(d.byPerspective.offentligSektor).toEqual({ pvCosts: 150, pvSavings: 70, npv: -80, bcr: 70 / 150 });
    expect(d.byPerspective.samhallsekonomiskt).toEqual({ pvCosts: 150, pvSavings: 310, npv: 160, bcr: 310 / 150 });
    expect(d.byPerspective.medLivskvalitet).toEqual({ pvCosts: 150, pvSavings: 630, npv: 480, bcr: 630 / 150 });
    expect(d.pvSavings).toBe(630);
    expect(d.byGroup.livskvalitet).toEqual({ pvCosts: 0, pvSavings: 320, npv: 320 });
    const mc = r.monteCarlo!;
    // The region's cost is uniform on [0, 100]: the public purse gains when it is below 20.
    expect(mc.byPerspective.offentligSektor.probabilityNpvPositive).toBe(0);
    expect(mc.byPerspective.samhallsekonomiskt.probabilityNpvPositive).toBe(1);
    expect(mc.byPerspective.medLivskvalitet.npv.p50).toBeCloseTo(mc.npv.p50, 9);
    expect(mc.byPerspective.samhallsekonomiskt.npv.mean).toBeCloseTo(mc.npv.mean - 320, 9);
  });

  it("lists every perspective even when its groups have no payer", () => {
    const d = det({ ...input, payers: [all[3]!], unitCosts: [{ id: "ui", name: "i", payer: "i", amount: 1 }], outcomes: [{ id: "o", name: "O", consequences: [{ unitCost: "ui", quantityPerYear: 1 }] }], interventions: [] });
    expect(d.byPerspective.offentligSektor).toEqual({ pvCosts: 0, pvSavings: 0, npv: 0, bcr: null });
    expect(d.byPerspective.medLivskvalitet.bcr).toBeNull();
  });
});
