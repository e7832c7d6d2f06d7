/** The shipped catalogue's data: valid, sourced, indexed, and every intervention computable. */
import { compile, evaluateDeterministic, parseScenario } from "@sikt/engine";
import { describe, expect, it } from "vitest";
import { indexFactor } from "./catalog.js";
import { shippedCatalogs } from "./node.js";
import { resolveScenario } from "./resolve.js";

const catalogs = shippedCatalogs();
const catalog = catalogs.find((c) => c.id === "se-2025.1");
if (!catalog) throw new Error("catalogue se-2025.1 is missing");
const metaOf = (e: Record<string, unknown>) => (e.meta ?? {}) as Record<string, unknown>;
const hasSource = (e: Record<string, unknown>) => typeof e.source === "string" && e.source.trim().length > 0;
const isAssumption = (e: Record<string, unknown>) =>
  metaOf(e).grade === "D" && typeof metaOf(e).note === "string" && String(metaOf(e).note).length > 20;

describe("the shipped catalogue se-2025.1", () => {
  it("validates and has the breadth a municipality needs", () => {
    expect(catalog.payers.map((p) => p.group)).toEqual(expect.arrayContaining(["kommun", "region", "stat", "individ", "ovrigt"]));
    expect(catalog.unitCosts.length).toBeGreaterThanOrEqual(40);
    expect(catalog.outcomes.length).toBeGreaterThanOrEqual(12);
    expect(catalog.interventions.length).toBeGreaterThanOrEqual(15);
    for (const level of ["individ", "grupp", "samhalle"])
      expect(catalog.interventions.some((i) => i.level === level)).toBe(true);
  });

  it("gives every unit cost a source with its year, or marks it as a reasoned assumption", () => {
    for (const u of catalog.unitCosts) {
      const meta = metaOf(u);
      expect(hasSource(u) || isAssumption(u), `unitCosts/${u.id}`).toBe(true);
      expect(typeof meta.originalYear, `unitCosts/${u.id}: year of the figure`).toBe("number");
      expect(["A", "B", "C", "D"], `unitCosts/${u.id}: grade`).toContain(meta.grade);
    }
  });

  it("gives every outcome and every effect a source, or marks it as a reasoned assumption", () => {
    for (const o of catalog.outcomes) expect(hasSource(o) || isAssumption(o), `outcomes/${o.id}`).toBe(true);
    for (const iv of catalog.interventions) {
      expect(hasSource(iv), `interventions/${iv.id}`).toBe(true);
      for (const e of (iv.effects ?? []) as Record<string, unknown>[])
        expect(hasSource(e) || isAssumption(e), `interventions/${iv.id} → ${String(e.outcome)}`).toBe(true);
    }
  });

  it("expresses every unit cost in the catalogue's price year by the KPI ratio", () => {
    for (const u of catalog.unitCosts) {
      const meta = metaOf(u);
      if (typeof meta.originalAmount !== "number") continue;
      const f = indexFactor(catalog.kpi, meta.originalYear as number, catalog.priceYear);
      expect(meta.indexedAmount as number, `unitCosts/${u.id}`).toBeCloseTo((meta.originalAmount as number) * f, 6);
      expect(f).toBe((catalog.kpi.series[catalog.priceYear] as number) / (catalog.kpi.series[meta.originalYear as number] as number));
    }
  });

  it("treats benefits paid to people as transfers to the individual", () => {
    const transfers = catalog.unitCosts.filter((u) => u.recipient !== undefined);
    expect(transfers.length).toBeGreaterThanOrEqual(2);
    for (const t of transfers) expect(catalog.payers.find((p) => p.id === t.recipient)?.group).toBe("individ");
  });

  it.each(catalog.interventions.map((i) => [i.id]))("evaluates %s in a scenario", (id) => {
    const r = resolveScenario(
      { version: 1, name: id, catalog: catalog.id, startYear: 2026, horizonYears: 10, discountRate: 0.035, interventions: [{ id, participants: [20, 20, 20] }] },
      catalogs,
    );
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const parsed = parseScenario(r.scenario);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const d = evaluateDeterministic(compile(parsed.scenario));
    expect(d.pvCosts).toBeGreaterThan(0);
    expect(Number.isFinite(d.npv)).toBe(true);
    const avoided = Object.values(d.byOutcome).reduce((s, o) => s + o.avoided, 0);
    expect(avoided).toBeGreaterThan(0);
    // 60 participants can avoid at most 60 occurrences of each outcome they affect
    for (const o of Object.values(d.byOutcome)) expect(o.avoided).toBeLessThanOrEqual(60);
  });
});
