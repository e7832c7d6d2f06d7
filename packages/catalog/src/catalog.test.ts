import { parseScenario } from "@sikt/engine";
import { describe, expect, it } from "vitest";
import { buildCatalog, CatalogError, gradeRange, indexFactor, type RawCatalog } from "./catalog.js";
import { evidenceEfficacy } from "./evidence.js";
import { linkOverlaps } from "./overlap.js";
import { resolveScenario } from "./resolve.js";
import { searchCatalog } from "./search.js";

/** A small catalogue with made-up figures (for the rules, not for use). */
const raw: RawCatalog = {
  catalog: { id: "test-1", name: "Test", priceYear: 2025 },
  payers: [
    { id: "k", name: "Kommun", group: "kommun" },
    { id: "r", name: "Region", group: "region" },
    { id: "i", name: "Individ", group: "individ" },
    { id: "unused", name: "Unused", group: "stat" },
  ],
  unitCosts: [
    { id: "dygn", name: "Dygn", payer: "k", amount: 1000, meta: { year: 2020, grade: "B" } },
    { id: "fbs", name: "Bistånd", payer: "k", recipient: "i", amount: 50000, meta: { year: 2025, grade: "A" } },
    { id: "besok", name: "Besök", payer: "r", amount: 2000, meta: { year: 2023, grade: "D" } },
  ],
  outcomes: [
    { id: "plac", name: "Placering", consequences: [{ unitCost: "dygn", quantityPerYear: 100, years: 2 }] },
    { id: "fbs", name: "Bistånd", consequences: [{ unitCost: "fbs", quantityPerYear: 1 }, { unitCost: "besok", quantityPerYear: 2 }] },
  ],
  interventions: [
    {
      id: "prog",
      name: "Program",
      level: "grupp",
      costs: [{ payer: "k", perParticipant: 5000 }],
      effects: [
        { outcome: "plac", baselineRisk: 0.05, relativeRiskReduction: 0.2, onset: { fromYear: 1, years: 3 } },
        { outcome: "fbs", baselineRisk: 0.1, oddsRatio: 0.8 },
      ],
      meta: { costYear: 2023 },
    },
  ],
  priceIndex: { kpi: { name: "KPI", source: "test", series: { 2020: 300, 2023: 390, 2025: 400, 2026: 410 } } },
};
const catalog = buildCatalog(raw);

describe("building a catalogue", () => {
  it("indexes amounts to the price year with the KPI ratio and keeps the original", () => {
    expect(indexFactor(raw.priceIndex.kpi, 2020, 2025)).toBe(400 / 300);
    const meta = catalog.unitCosts.find((u) => u.id === "dygn")?.meta as Record<string, unknown>;
    expect(meta.indexedAmount).toBeCloseTo((1000 * 400) / 300, 9);
    expect(meta.originalAmount).toBe(1000);
    expect(meta.originalYear).toBe(2020);
    // intervention costs from meta.costYear
    const prog = catalog.interventions[0] as unknown as { costs: { perParticipant: number }[] };
    expect(prog.costs[0]?.perParticipant).toBeCloseTo((5000 * 400) / 390, 9);
  });

  it("gives each figure the uncertainty range of its grade, with the figure as its mean", () => {
    const near = (min: number, mode: number, max: number) => ({
      dist: "pert",
      min: expect.closeTo(min, 9),
      mode: expect.closeTo(mode, 9),
      max: expect.closeTo(max, 9),
    });
    expect(gradeRange(100, "A")).toEqual(near(90, 100, 110));
    expect(gradeRange(100, "B")).toEqual(near(75, 100, 125));
    expect(gradeRange(100, "C")).toEqual(near(50, 100, 150));
    const d = gradeRange(100, "D") as { min: number; mode: number; max: number };
    expect([d.min, d.max]).toEqual([50, 200]);
    expect((d.min + 4 * d.mode + d.max) / 6).toBeCloseTo(100, 12);
    const besok = catalog.unitCosts.find((u) => u.id === "besok")?.amount as { min: number; max: number };
    expect(besok.min).toBeCloseTo(((2000 * 400) / 390) / 2, 9);
  });

  it("refuses a catalogue that breaks the scenario rules or lacks a grade or a KPI year", () => {
    const bad: RawCatalog = {
      ...raw,
      unitCosts: [
        { ...(raw.unitCosts[0] as object), meta: { year: 1999, grade: "B" } } as never,
        { ...(raw.unitCosts[1] as object), meta: { year: 2025 } } as never,
        { ...(raw.unitCosts[2] as object), payer: "nobody" } as never,
      ],
    };
    try {
      buildCatalog(bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CatalogError);
      const paths = (e as CatalogError).issues.map((i) => i.path.join("."));
      expect(paths).toEqual(expect.arrayContaining(["unitCosts.0.meta.year", "unitCosts.1.meta.grade", "unitCosts.2.payer"]));
    }
  });
});

const base = { version: 1, name: "S", startYear: 2026, horizonYears: 5, discountRate: 0.03, catalog: "test-1" };

describe("resolving a scenario that names a catalogue", () => {
  it("takes entries by id, pulls in what they refer to, and validates", () => {
    const r = resolveScenario({ ...base, interventions: [{ id: "prog", participants: [10, 10] }] }, [catalog]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = r.scenario as Record<string, { id: string }[]>;
    expect(s.outcomes?.map((o) => o.id).sort()).toEqual(["fbs", "plac"]);
    expect(s.unitCosts?.map((u) => u.id).sort()).toEqual(["besok", "dygn", "fbs"]);
    expect(s.payers?.map((p) => p.id).sort()).toEqual(["i", "k", "r"]); // not the unused one
    expect(r.scenario.priceYear).toBe(2025);
    expect(parseScenario(r.scenario).ok).toBe(true);
    // participants differ from the catalogue (which has none): reported
    expect(r.overrides.map((o) => o.path)).toEqual(["interventions[0].participants"]);
  });

  it("merges local fields over the catalogue's and reports each difference", () => {
    const r = resolveScenario(
      {
        ...base,
        unitCosts: [{ id: "dygn", amount: 1200 }],
        interventions: [
          {
            id: "prog",
            participants: [10],
            effects: [{ outcome: "plac", baselineRisk: 0.08 }],
          },
        ],
      },
      [catalog],
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const iv = (r.scenario.interventions as Record<string, unknown>[])[0] as {
      effects: Record<string, unknown>[];
      costs: unknown[];
    };
    // the effect merged by outcome: local baseline risk, the catalogue's effect size and onset
    expect(iv.effects[0]).toMatchObject({ outcome: "plac", baselineRisk: 0.08, relativeRiskReduction: 0.2, onset: { fromYear: 1, years: 3 } });
    expect(iv.effects).toHaveLength(2);
    expect(iv.costs).toHaveLength(1);
    const paths = r.overrides.map((o) => o.path);
    expect(paths).toEqual(
      expect.arrayContaining(["unitCosts[0].amount", "interventions[0].participants", "interventions[0].effects[0].baselineRisk"]),
    );
    const amount = r.overrides.find((o) => o.path === "unitCosts[0].amount");
    expect(amount?.localValue).toBe(1200);
    expect(amount?.entry).toBe("unitCosts/dygn");
  });

  it("accepts local entries next to catalogue entries", () => {
    const r = resolveScenario(
      {
        ...base,
        payers: [{ id: "egen", name: "Egen nämnd", group: "kommun" }],
        interventions: ["prog", { id: "lokal", name: "Lokal insats", level: "samhalle", costs: [{ payer: "egen", perYear: 1 }] }],
      },
      [catalog],
    );
    expect(r.ok && parseScenario(r.scenario).ok).toBe(true);
  });

  it("re-indexes the catalogue's amounts to another price year", () => {
    const r = resolveScenario({ ...base, priceYear: 2026, interventions: ["prog"] }, [catalog]);
    if (!r.ok) throw new Error("expected ok");
    const dygn = (r.scenario.unitCosts as { id: string; amount: { mode: number } }[]).find((u) => u.id === "dygn");
    expect(dygn?.amount.mode).toBeCloseTo((((1000 * 400) / 300) * 410) / 400, 9);
  });

  it("refuses an unknown catalogue, an unknown id and a price year the index lacks", () => {
    const unknown = resolveScenario({ ...base, catalog: "nope" }, [catalog]);
    expect(unknown.ok ? [] : unknown.issues.map((i) => i.code)).toEqual(["unknown_catalog"]);
    const id = resolveScenario({ ...base, interventions: ["nope"] }, [catalog]);
    expect(id.ok ? [] : id.issues.map((i) => [i.path.join("."), i.code])).toEqual([["interventions.0", "unknown_ref"]]);
    const year = resolveScenario({ ...base, priceYear: 2030, interventions: ["prog"] }, [catalog]);
    expect(year.ok ? [] : year.issues.map((i) => i.path.join("."))).toEqual(["priceYear"]);
  });

  it("leaves a scenario without a catalogue as it is", () => {
    const s = { version: 1, name: "x" };
    const r = resolveScenario(s, [catalog]);
    expect(r.ok && r.scenario).toBe(s);
  });
});

describe("searching", () => {
  it("finds entries by words in id and name, case-insensitively", () => {
    expect(searchCatalog(catalog, "placer").map((f) => f.entry.id)).toEqual(["plac"]);
    expect(searchCatalog(catalog, "BISTÅND").map((f) => `${f.kind}/${f.entry.id}`)).toEqual(["unitCosts/fbs", "outcomes/fbs"]);
  });
});

describe("the double-counting rule for linked outcomes (§8.4)", () => {
  const a = (links: { outcome: string; after?: { fromYear?: number; years?: number } }[]) => ({
    id: "a",
    consequences: [
      { unitCost: "utredning", fromYear: 0, years: 1 },
      { unitCost: "produktion", fromYear: 0, years: 3 },
    ],
    links,
  });
  const b = { id: "b", consequences: [{ unitCost: "produktion", fromYear: 0, years: 10 }], links: [{ outcome: "c", after: { fromYear: 0 } }] };
  const c = { id: "c", consequences: [{ unitCost: "utredning", fromYear: 0, years: 1 }] };

  it("finds a unit cost the profile counts in a year a linked outcome may count it, also down a chain", () => {
    expect(linkOverlaps([a([{ outcome: "b", after: { fromYear: 2, years: 3 } }]), b, c])).toEqual([
      { outcome: "a", path: ["a", "b"], unitCost: "produktion", lastYear: 2, linkedFirstYear: 2 },
    ]);
    expect(linkOverlaps([a([{ outcome: "b" }]), b, c]).map((o) => `${o.path.join(">")}:${o.unitCost}`)).toEqual([
      "a>b:produktion",
      "a>b>c:utredning",
    ]);
  });

  it("accepts a linked outcome that starts after the profile's own costs of the same kind end", () => {
    expect(linkOverlaps([a([{ outcome: "b", after: { fromYear: 3, years: 5 } }]), b, c])).toEqual([]);
  });
});

describe("the evidence rule", () => {
  it("multiplies the factors of the levels and names a missing or unknown level", () => {
    expect(evidenceEfficacy({ transfer: "utland", outcome: "symtomskala", comparison: "vantelista" })).toEqual({ ok: true, efficacy: 0.75 * 0.5 * 0.75 });
    expect(evidenceEfficacy({ transfer: "sverige", outcome: "registrerat", comparison: "sedvanlig" })).toEqual({ ok: true, efficacy: 1 });
    const bad = evidenceEfficacy({ transfer: "sverige", outcome: "nej", comparison: "sedvanlig" });
    expect(bad.ok ? "" : bad.message).toMatch(/^meta\.evidence\.outcome must be one of registrerat, beteende, symtomskala$/);
    expect(evidenceEfficacy(undefined).ok).toBe(false);
  });

  it("is enforced by a catalogue that declares it", () => {
    const withRule = (efficacy: number, evidence: unknown): RawCatalog => ({
      ...raw,
      catalog: { ...raw.catalog, evidenceRule: true },
      interventions: [{ ...(raw.interventions[0] as object), efficacy, meta: { costYear: 2023, evidence } } as never],
    });
    const ok = { transfer: "utland", outcome: "registrerat", comparison: "sedvanlig" };
    expect(buildCatalog(withRule(0.75, ok)).interventions[0]?.efficacy).toBe(0.75);
    const paths = (r: RawCatalog) => {
      try {
        buildCatalog(r);
        return [];
      } catch (e) {
        return (e as CatalogError).issues.map((i) => i.path.join("."));
      }
    };
    expect(paths(withRule(0.5, ok))).toEqual(["interventions.0.efficacy"]);
    expect(paths(withRule(0.5, { transfer: "utland" }))).toEqual(["interventions.0.meta.evidence"]);
  });
});
