#!/usr/bin/env node
/**
 * Generates a large synthetic scenario for the benchmark: about 30 interventions, 12 outcomes,
 * 9 payers (all five groups), 40 years, every distribution, transfers, every kind of cost line
 * and effect size, uncertain decay. Deterministic for a seed. With `version2` (`--v2`), the same
 * scenario as model version 2 with links between outcomes (a chain and branches, uncertain
 * probabilities and lags), extent effects and a livskvalitet payer, drawn from a stream of their
 * own so that the version 1 part stays the same.
 *
 *   node bench/generate.mjs [--seed 7] [--v2] [--out FILE]
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";

/** mulberry32: a small seeded generator, so that the scenario is the same on every machine. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateScenario(seed = 7, { interventions = 30, outcomes = 12, horizon = 40, version2 = false } = {}) {
  const r = generator(seed);
  const int = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const round = (x, d = 2) => Number(x.toFixed(d));
  const payers = [
    { id: "kommun.socialtjanst", name: "Socialtjänsten", group: "kommun" },
    { id: "kommun.skola", name: "Skolan", group: "kommun" },
    { id: "kommun.elevhalsa", name: "Elevhälsan", group: "kommun" },
    { id: "region.psykiatri", name: "Psykiatrin", group: "region" },
    { id: "region.primarvard", name: "Primärvården", group: "region" },
    { id: "stat.polisen", name: "Polisen", group: "stat" },
    { id: "stat.forsakringskassan", name: "Försäkringskassan", group: "stat" },
    { id: "individ", name: "Individen", group: "individ" },
    { id: "ovrigt.produktion", name: "Produktionsbortfall", group: "ovrigt" },
  ];
  const spenders = payers.filter((p) => p.group !== "individ").map((p) => p.id);
  const amount = (m) => {
    switch (int(0, 4)) {
      case 0:
        return round(m);
      case 1:
        return { dist: "pert", min: round(m * 0.7), mode: round(m), max: round(m * 1.6) };
      case 2:
        return { dist: "triangular", min: round(m * 0.6), mode: round(m), max: round(m * 1.5) };
      case 3:
        return { dist: "gamma", mean: round(m), sd: round(m * 0.25) };
      default:
        return { dist: "lognormal", mean: round(m), sd: round(m * 0.3) };
    }
  };
  const unitCosts = Array.from({ length: 24 }, (_, i) => {
    const transfer = i % 6 === 0;
    return {
      id: `u${i}`,
      name: `Styckkostnad ${i}`,
      payer: transfer ? pick(["kommun.socialtjanst", "stat.forsakringskassan"]) : pick(spenders),
      ...(transfer ? { recipient: "individ" } : {}),
      amount: amount(int(1, 400) * 500),
      unit: pick(["dygn", "år", "besök", "ärende"]),
    };
  });
  const outs = Array.from({ length: outcomes }, (_, i) => ({
    id: `o${i}`,
    name: `Utfall ${i}`,
    consequences: Array.from({ length: int(1, 4) }, () => ({
      unitCost: `u${int(0, 23)}`,
      quantityPerYear: r() < 0.5 ? int(1, 200) : { dist: "gamma", mean: int(2, 100), sd: int(1, 10) / 10 + 0.5 },
      fromYear: int(0, 3),
      years: int(1, 20),
    })),
  }));
  const ivs = Array.from({ length: interventions }, (_, i) => {
    const start = int(0, 3);
    const n = int(10, 200);
    const participants = Array.from({ length: horizon }, (_, y) => (y < start ? 0 : n));
    const effects = Array.from({ length: int(1, 3) }, (_, j) => {
      const m = int(2, 30) / 100;
      const kind = (i + j) % 3;
      return {
        outcome: `o${int(0, outcomes - 1)}`,
        baselineRisk: { dist: "beta", mean: m, sd: round(m * 0.2, 4) },
        ...(kind === 0
          ? { relativeRiskReduction: { dist: "normal", mean: int(5, 35) / 100, sd: 0.05 } }
          : kind === 1
            ? { oddsRatio: { dist: "lognormal", mean: int(50, 95) / 100, sd: 0.08 } }
            : { standardizedMeanDifference: { dist: "normal", mean: -int(5, 50) / 100, sd: 0.06 } }),
        onset: { fromYear: int(0, 4), years: int(1, 6) },
        decayPerYear: j === 1 ? { dist: "uniform", min: 0, max: 0.2 } : int(0, 15) / 100,
      };
    });
    return {
      id: `i${i}`,
      name: `Insats ${i}`,
      level: pick(["individ", "grupp", "samhalle"]),
      participants,
      efficacy: i % 2 === 0 ? { dist: "lognormal", mean: 1, sd: 0.2 } : 1,
      costs: [
        { payer: pick(spenders), perParticipant: amount(int(10, 100) * 200), years: int(1, 3) },
        { payer: pick(spenders), perYear: { dist: "uniform", min: int(1, 5) * 100_000, max: int(6, 10) * 100_000 } },
        { payer: pick(spenders), oneOff: amount(int(1, 20) * 10_000), year: int(0, 2) },
      ],
      effects,
    };
  });
  if (version2) addVersion2(seed, payers, unitCosts, outs, ivs);
  return {
    version: version2 ? 2 : 1,
    name: `Syntetiskt scenario (frö ${seed})`,
    startYear: 2026,
    priceYear: 2025,
    horizonYears: horizon,
    discountRate: 0.035,
    optimismBias: { effects: 0.1, costs: 0.05 },
    monteCarlo: { iterations: 10000, seed },
    payers,
    unitCosts,
    outcomes: outs,
    interventions: ivs,
  };
}

/** Version 2 extras (in place): links from lower to higher outcomes, extents, quality of life. */
function addVersion2(seed, payers, unitCosts, outcomes, interventions) {
  const r = generator(seed + 1_000_003);
  const int = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
  payers.push({ id: "livskvalitet", name: "Livskvalitet", group: "livskvalitet" });
  unitCosts.push({ id: "qaly", name: "Förlorad livskvalitet per år", payer: "livskvalitet", amount: { dist: "pert", min: 250_000, mode: 500_000, max: 1_000_000 }, unit: "år" });
  outcomes.forEach((o, i) => {
    if (i % 3 === 0) o.consequences.push({ unitCost: "qaly", quantityPerYear: int(5, 30) / 100, fromYear: 0, years: int(1, 10) });
    const n = outcomes.length;
    const targets = i + 1 < n ? [i + 1, ...(r() < 0.4 && i + 2 < n ? [int(i + 2, n - 1)] : [])] : [];
    o.links = targets.map((t) => ({
      outcome: `o${t}`,
      probability: r() < 0.5 ? int(5, 40) / 100 : { dist: "beta", mean: int(5, 40) / 100, sd: 0.03 },
      after: { fromYear: int(0, 4), years: int(1, 5) },
      source: "syntetiskt",
    }));
  });
  interventions.forEach((iv, i) => {
    if (i % 4 !== 1) return;
    const e = iv.effects[0];
    e.extent = { reduction: { dist: "beta", mean: int(10, 50) / 100, sd: 0.05 }, fromYear: int(0, 2) };
    if (i % 8 === 1) {
      delete e.relativeRiskReduction;
      delete e.oddsRatio;
      delete e.standardizedMeanDifference;
    }
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { seed: { type: "string", default: "7" }, v2: { type: "boolean", default: false }, out: { type: "string" } } });
  const text = `${JSON.stringify(generateScenario(Number(values.seed), { version2: values.v2 }), null, 1)}\n`;
  if (values.out) writeFileSync(values.out, text);
  else process.stdout.write(text);
}
