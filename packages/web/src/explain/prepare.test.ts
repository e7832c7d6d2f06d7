import { readFileSync } from "node:fs";
import { prepareScenario } from "@sikt/catalog/node";
import { evaluateScenario, payerGroups, type Scenario, type ScenarioResult } from "@sikt/engine";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { avoidedRows, countText, GROUP_NAME, groupRows, jCurve, overlaps, payerRows, ranking, roughCount, tornado } from "./prepare";

let scenario: Scenario;
let result: ScenarioResult;

beforeAll(() => {
  const prepared = prepareScenario(parse(readFileSync(new URL("../../../../examples/kalmar.yaml", import.meta.url), "utf8")));
  if (!prepared.ok) throw new Error("the Kalmar example is invalid");
  scenario = prepared.scenario;
  result = evaluateScenario(scenario, { iterations: 400, seed: 880 });
});

describe("what the charts show, from the Kalmar example", () => {
  it("J-curve: one row a year, ending at the NPV, with the Monte Carlo band around it", () => {
    const { rows, paybackYear } = jCurve(result);
    expect(rows).toHaveLength(result.deterministic.years.length); // the horizon and the tail of late effects
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(rows[0]?.year).toBe(2026);
    expect(rows.at(-1)?.cumulative).toBeCloseTo(result.deterministic.npv, 0);
    expect(paybackYear).toBe(result.deterministic.paybackYear);
    for (const r of rows) expect(r.p05! <= r.p95!).toBe(true);
    expect(jCurve({ deterministic: result.deterministic }).rows.every((r) => r.p05 === undefined)).toBe(true);
  });

  it("who pays and who saves: present values add up to the NPV; budget years to the yearly flows", () => {
    const rows = payerRows(result, scenario, { from: 2026, to: 2029 });
    expect(rows.reduce((s, r) => s + r.npv, 0)).toBeCloseTo(result.deterministic.npv, 0);
    const years = result.deterministic.years.filter((y) => y.year <= 2029);
    const costs = years.reduce((s, y) => s + y.costs, 0);
    expect(rows.reduce((s, r) => s + r.costs, 0)).toBeCloseTo(costs, 0);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.npv >= rows[i]!.npv).toBe(true);
    expect(rows.every((r) => r.probabilityGain !== undefined && r.probabilityGain >= 0 && r.probabilityGain <= 1)).toBe(true);
    const groups = groupRows(result);
    expect(groups.map((g) => g.group)).toContain("kommun");
    expect(groups.reduce((s, g) => s + g.npv, 0)).toBeCloseTo(result.deterministic.npv, 0);
    const kommun = rows.filter((r) => r.group === "kommun").reduce((s, r) => s + r.pvCosts, 0);
    expect(groups.find((g) => g.group === "kommun")?.pvCosts).toBeCloseTo(kommun, 0);
    const social = rows.find((r) => r.id === "kommun.socialtjanst");
    expect(social?.pvCosts).toBeGreaterThan(0);
  });

  it("avoided cases in words beside the money, the most avoided first", () => {
    const rows = avoidedRows(result, scenario, "sv");
    expect(rows.length).toBeGreaterThan(3);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.avoided >= rows[i]!.avoided).toBe(true);
    expect(rows.every((r) => /^(cirka \d[\d\s]*|under 1)$/.test(r.phrase.replace(/\u00a0/g, " ")))).toBe(true);
    expect(roughCount(0.4, "sv")).toBe("under 1");
    expect(roughCount(6.4, "sv")).toBe("cirka 6");
    expect(roughCount(43.6, "en")).toBe("about 45");
    expect(roughCount(201, "en")).toBe("about 200");
    expect(roughCount(1234, "sv").replace(/\u00a0/g, " ")).toBe("cirka 1 200");
  });

  it("says avoided cases with the catalogue's noun for one or several, never lower-casing a name", () => {
    const hvb = scenario.outcomes.find((o) => o.id === "placering-hvb")!;
    expect(countText(2.2, hvb, "sv")).toBe("cirka 2 placeringar på HVB under uppväxten");
    expect(countText(1.2, hvb, "sv")).toBe("cirka 1 placering på HVB under uppväxten");
    expect(countText(0.3, hvb, "sv")).toBe("under 1 placering på HVB under uppväxten");
    expect(countText(2.2, hvb, "en")).toBe("about 2 placements in residential care (HVB) during childhood");
    // An outcome of one's own, without nouns: its name as written.
    expect(countText(3, { name: "Placering på HVB i Kalmar" }, "sv")).toBe("cirka 3 fall: Placering på HVB i Kalmar");
    for (const r of avoidedRows(result, scenario, "sv")) expect(r.text).toMatch(/^(cirka \d|under 1)/);
  });

  it("ranks interventions by NPV and by benefit–cost ratio", () => {
    const byNpv = ranking(result, scenario, "npv");
    const byBcr = ranking(result, scenario, "bcr");
    expect(byNpv).toHaveLength(13);
    expect(byNpv[0]!.npv).toBe(Math.max(...byNpv.map((r) => r.npv)));
    expect(byBcr[0]!.bcr).toBe(Math.max(...byBcr.map((r) => r.bcr ?? -Infinity)));
    expect(byBcr[0]!.name).toMatch(/Komet/);
  });

  it("names each tornado bar by what the number is and whose it is", () => {
    const t = tornado(result, scenario, "sv", 8);
    expect(t.rows).toHaveLength(8);
    expect(t.base).toBe(result.deterministic.npv);
    for (let i = 1; i < t.rows.length; i++) expect(t.rows[i - 1]!.swing >= t.rows[i]!.swing).toBe(true);
    for (const r of t.rows) expect(r.label).toMatch(/^(Styckkostnad|Effekt|Risk utan insats|Effektens avtagande|Kortare eller mildare förlopp|Insatsens kostnad|Genomslag|Mängd per år|Sannolikhet för följdutfall|Diskonteringsränta)/);
    expect(t.rows.some((r) => r.label.includes("→"))).toBe(true);
  });

  it("names the bars of model version 2 (a link's probability, an effect on the extent) by names in both languages, never by ids", () => {
    const bars = result.sensitivity ?? [];
    const ids = [...scenario.payers, ...scenario.unitCosts, ...scenario.outcomes, ...scenario.interventions].map((x) => x.id).filter((id) => /[-_.]/.test(id));
    const en = (e: { name: string; meta?: Record<string, unknown> | undefined }) => (typeof e.meta?.nameEn === "string" ? e.meta.nameEn : e.name);
    const link = bars.find((b) => b.role === "link.probability")!;
    const [, oi, li] = /outcomes\[(\d+)\]\.links\[(\d+)\]/.exec(link.parameter)!;
    const from = scenario.outcomes[Number(oi)]!;
    const to = scenario.outcomes.find((o) => o.id === from.links![Number(li)]!.outcome)!;
    const extent = bars.find((b) => b.role === "effect.extent")!;
    const [, xi, ei] = /interventions\[(\d+)\]\.effects\[(\d+)\]/.exec(extent.parameter)!;
    const x = scenario.interventions[Number(xi)]!;
    const target = scenario.outcomes.find((o) => o.id === x.effects[Number(ei)]!.outcome)!;
    const sv = tornado(result, scenario, "sv", bars.length).rows.map((r) => r.label);
    const english = tornado(result, scenario, "en", bars.length).rows.map((r) => r.label);
    expect(sv).toContain(`Sannolikhet för följdutfall: ${from.name} → ${to.name}`);
    expect(sv).toContain(`Kortare eller mildare förlopp: ${x.name} → ${target.name}`);
    expect(english).toContain(`Probability of a linked outcome: ${en(from)} → ${en(to)}`);
    expect(english).toContain(`Shorter or milder course: ${en(x)} → ${en(target)}`);
    for (const label of [...sv, ...english]) {
      expect(label).not.toMatch(/link\.probability|effect\.|unitCost\.|\[\d+\]/);
      for (const id of ids) expect([id, label.includes(id)]).toEqual([id, false]);
    }
  });

  it("names every payer group, quality of life and crime victims included", () => {
    for (const g of payerGroups) for (const lang of ["sv", "en"] as const) expect(GROUP_NAME[g][lang].length, `${g} ${lang}`).toBeGreaterThan(3);
    expect(GROUP_NAME.livskvalitet.sv).toBe("Livskvalitet och brottsoffer");
    const rows = groupRows(result);
    expect(rows.map((g) => g.group)).toContain("livskvalitet"); // the Kalmar demo counts quality of life
  });

  it("finds the outcomes several interventions act on", () => {
    const found = overlaps(scenario);
    const crime = found.find((o) => /brott/i.test(o.outcome));
    expect(crime?.interventions.length).toBe(7);
  });
});
