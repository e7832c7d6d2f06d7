/** The shipped catalogues' data: valid, sourced, indexed, and every intervention computable. */
import { compile, evaluateDeterministic, parseScenario } from "@sikt/engine";
import { describe, expect, it } from "vitest";
import { indexFactor } from "./catalog.js";
import { EVIDENCE_DIMENSIONS, EVIDENCE_RULE, evidenceEfficacy } from "./evidence.js";
import { shippedCatalogs } from "./node.js";
import { linkOverlaps } from "./overlap.js";
import { resolveScenario } from "./resolve.js";

type Obj = Record<string, unknown>;
const catalogs = shippedCatalogs();
const find = (id: string) => {
  const c = catalogs.find((k) => k.id === id);
  if (!c) throw new Error(`catalogue ${id} is missing`);
  return c;
};
const metaOf = (e: Obj) => (e.meta ?? {}) as Obj;
const hasSource = (e: Obj) => typeof e.source === "string" && e.source.trim().length > 0;
/** A graded assumption: grade D with a reasoning of some length. */
const isAssumption = (e: Obj) => metaOf(e).grade === "D" && typeof metaOf(e).note === "string" && String(metaOf(e).note).length > 20;
/** Sourced with a year in the source text, or a graded assumption with its reasoning. */
const sourcedWithYear = (e: Obj) =>
  (hasSource(e) && /\b(19|20)\d\d\b/.test(String(e.source)) && ["A", "B", "C", "D"].includes(String(metaOf(e).grade))) ||
  isAssumption(e);

describe.each(["se-2025.1", "se-2026.1"])("the shipped catalogue %s", (id) => {
  const catalog = find(id);

  it("validates and has the breadth a municipality needs", () => {
    expect(catalog.payers.map((p) => p.group)).toEqual(expect.arrayContaining(["kommun", "region", "stat", "individ", "ovrigt"]));
    expect(catalog.unitCosts.length).toBeGreaterThanOrEqual(40);
    expect(catalog.outcomes.length).toBeGreaterThanOrEqual(12);
    expect(catalog.interventions.length).toBeGreaterThanOrEqual(15);
    for (const level of ["individ", "grupp", "samhalle"])
      expect(catalog.interventions.some((i) => i.level === level)).toBe(true);
  });

  it("cites publishers, DOIs and archives, not sites that re-host documents", () => {
    // Every string of the catalogue (sources, notes, descriptions), wherever it lies.
    const texts: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === "string") texts.push(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v !== null && typeof v === "object") Object.values(v).forEach(walk);
    };
    walk(catalog);
    expect(texts.length).toBeGreaterThan(500);
    const mirrors = /\b(pdfslide|vdocuments?|fdocuments|scribd|docplayer|5dok|1library|studylib|studylibsv|studyres|slidelegend|fliphtml5|abcdocz|spotidoc|pdffox|vlex)\.[a-z]+/i;
    expect(texts.filter((t) => mirrors.test(t))).toEqual([]);
  });

  it("names one and several occurrences of every outcome, and gives every intervention a reason for its efficacy, in Swedish and English", () => {
    for (const o of catalog.outcomes) {
      for (const key of ["countSv", "countEn"]) {
        const forms = metaOf(o as unknown as Obj)[key] as Obj | undefined;
        expect(typeof forms?.one, `${o.id} ${key}.one`).toBe("string");
        expect(typeof forms?.other, `${o.id} ${key}.other`).toBe("string");
        expect(String(forms?.one).trim().length, `${o.id} ${key}.one`).toBeGreaterThan(3);
        expect(String(forms?.other).trim().length, `${o.id} ${key}.other`).toBeGreaterThan(3);
      }
    }
    for (const iv of catalog.interventions) {
      const meta = metaOf(iv as unknown as Obj);
      expect(typeof meta.efficacyReason, `${iv.id} efficacyReason`).toBe("string");
      expect(typeof meta.efficacyReasonEn, `${iv.id} efficacyReasonEn`).toBe("string");
      expect(String(meta.efficacyReason).length, iv.id).toBeGreaterThan(40);
      expect(String(meta.efficacyReasonEn).length, iv.id).toBeGreaterThan(40);
      if (meta.evidence !== undefined) {
        // Under the evidence rule the reason states the efficacy the rule gives (Swedish decimal comma).
        const efficacy = Number((iv as unknown as Obj).efficacy);
        expect(String(meta.efficacyReason), iv.id).toContain(String(efficacy).replace(".", ","));
        expect(String(meta.efficacyReasonEn), iv.id).toContain(String(efficacy));
      }
    }
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
      for (const e of (iv.effects ?? []) as Obj[])
        expect(hasSource(e) || isAssumption(e), `interventions/${iv.id} → ${String(e.outcome)}`).toBe(true);
    }
  });

  it("expresses every unit cost in the catalogue's price year by the KPI ratio", () => {
    let checked = 0;
    for (const u of catalog.unitCosts) {
      const meta = metaOf(u);
      if (typeof meta.originalAmount !== "number") continue;
      const f = indexFactor(catalog.kpi, meta.originalYear as number, catalog.priceYear);
      expect(meta.indexedAmount as number, `unitCosts/${u.id}`).toBeCloseTo((meta.originalAmount as number) * f, 6);
      expect(f).toBe((catalog.kpi.series[catalog.priceYear] as number) / (catalog.kpi.series[meta.originalYear as number] as number));
      checked++;
    }
    expect(checked).toBe(catalog.unitCosts.length);
  });

  it("treats benefits paid to people as transfers to the individual", () => {
    const transfers = catalog.unitCosts.filter((u) => u.recipient !== undefined);
    expect(transfers.length).toBeGreaterThanOrEqual(2);
    for (const t of transfers) expect(catalog.payers.find((p) => p.id === t.recipient)?.group).toBe("individ");
  });

  it.each(catalog.interventions.map((i) => [i.id]))("evaluates %s in a scenario", (iv) => {
    const r = resolveScenario(
      { version: 2, name: iv, catalog: catalog.id, startYear: 2026, horizonYears: 10, discountRate: 0.035, interventions: [{ id: iv, participants: [20, 20, 20] }] },
      catalogs,
    );
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const parsed = parseScenario(r.scenario);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const d = evaluateDeterministic(compile(parsed.scenario));
    expect(d.pvCosts).toBeGreaterThan(0);
    expect(Number.isFinite(d.npv)).toBe(true);
    expect(d.pvSavings).toBeGreaterThan(0);
    // 60 participants can avoid at most 60 occurrences of each outcome they affect
    for (const o of Object.values(d.byOutcome)) expect(o.avoided).toBeLessThanOrEqual(60);
  });
});

describe("se-2026.1: links, life courses, victims, quality of life and the evidence rule", () => {
  const catalog = find("se-2026.1");
  const outcomes = catalog.outcomes as unknown as (Obj & { id: string; consequences: Obj[]; links?: Obj[] })[];
  const unitCost = (id: string) => catalog.unitCosts.find((u) => u.id === id) as Obj | undefined;
  const payerGroup = (id: unknown) => catalog.payers.find((p) => p.id === id)?.group;

  it("has the chains the issue names, each link with a probability in [0, 1]", () => {
    const links = outcomes.flatMap((o) => (o.links ?? []).map((l) => `${o.id} → ${String(l.outcome)}`));
    expect(links).toEqual(
      expect.arrayContaining([
        "tidiga-skolproblem → ej-fullfoljd-gymnasieutbildning",
        "ej-fullfoljd-gymnasieutbildning → unga-utanfor-arbete-studier",
        "unga-utanfor-arbete-studier → langvarigt-ekonomiskt-bistand",
        "ungdomsbrottslighet → vuxen-kriminell-karriar",
        "missbruk-unga → missbruk-vuxen",
        "barnavardsutredning → placering-familjehem",
      ]),
    );
  });

  it("gives every link probability a source with its year, or a graded assumption with its reasoning", () => {
    for (const o of outcomes)
      for (const l of o.links ?? []) expect(sourcedWithYear(l), `${o.id} → ${String(l.outcome)}`).toBe(true);
  });

  it("gives every unit cost in the group livskvalitet (QALY value, victims' suffering) a source with its year or a graded assumption", () => {
    const qol = catalog.unitCosts.filter((u) => payerGroup(u.payer) === "livskvalitet");
    expect(qol.map((u) => u.id).sort()).toEqual(["brottsoffer-lidande-vald", "qaly"]);
    for (const u of qol) expect(sourcedWithYear(u), `unitCosts/${u.id}`).toBe(true);
  });

  it("gives every QALY weight (a quantity of the QALY unit cost) a reasoning in its outcome", () => {
    const withQaly = outcomes.filter((o) => o.consequences.some((c) => c.unitCost === "qaly"));
    expect(withQaly.length).toBeGreaterThanOrEqual(3);
    for (const o of withQaly) {
      expect(sourcedWithYear(o), `outcomes/${o.id}`).toBe(true);
      expect(String(metaOf(o).note), `outcomes/${o.id}: the weight is explained`).toMatch(/QALY/);
      for (const c of o.consequences.filter((k) => k.unitCost === "qaly")) {
        const q = c.quantityPerYear as number;
        expect(q > 0 && q < 1, `outcomes/${o.id}: a QALY loss a year is a fraction of a year`).toBe(true);
      }
    }
  });

  it("gives every outcome profile and every effect a source with its year, or a graded assumption with its reasoning", () => {
    for (const o of outcomes) expect(sourcedWithYear(o), `outcomes/${o.id}`).toBe(true);
    for (const iv of catalog.interventions)
      for (const e of (iv.effects ?? []) as Obj[]) expect(sourcedWithYear(e), `interventions/${iv.id} → ${String(e.outcome)}`).toBe(true);
  });

  it("uses every outcome in an intervention's effect or as the target of a link", () => {
    const used = new Set<string>();
    for (const iv of catalog.interventions) for (const e of (iv.effects ?? []) as Obj[]) used.add(String(e.outcome));
    for (const o of outcomes) for (const l of o.links ?? []) used.add(String(l.outcome));
    expect(outcomes.map((o) => o.id).filter((id) => !used.has(id))).toEqual([]);
  });

  it("never counts in an outcome's profile a unit cost that a linked outcome counts in the same years (§8.4)", () => {
    expect(linkOverlaps(outcomes as never)).toEqual([]);
  });

  it("counts victims' tangible costs for the payers that carry them and their suffering in livskvalitet", () => {
    expect(payerGroup(unitCost("brottsoffer-vard-vald")?.payer)).toBe("region");
    expect(payerGroup(unitCost("brottsoffer-produktion-vald")?.payer)).toBe("ovrigt");
    expect(payerGroup(unitCost("brottsoffer-lidande-vald")?.payer)).toBe("livskvalitet");
    for (const id of ["ungdomsbrottslighet", "vuxen-kriminell-karriar"]) {
      const used = outcomes.find((o) => o.id === id)?.consequences.map((c) => c.unitCost);
      expect(used).toEqual(expect.arrayContaining(["brottsoffer-vard-vald", "brottsoffer-produktion-vald", "brottsoffer-lidande-vald"]));
    }
  });

  it("values quality of life only in livskvalitet, never also as lost production", () => {
    for (const u of catalog.unitCosts.filter((k) => payerGroup(k.payer) === "livskvalitet"))
      expect(u.recipient, `unitCosts/${u.id}`).toBeUndefined();
    expect(payerGroup(unitCost("qaly")?.payer)).toBe("livskvalitet");
    expect(payerGroup(unitCost("produktionsbortfall-ar")?.payer)).toBe("ovrigt");
  });

  it("follows life courses to 65 where the profile is calibrated to a life in exclusion", () => {
    const lastYear = (id: string) =>
      Math.max(...(outcomes.find((o) => o.id === id)?.consequences ?? []).map((c) => ((c.fromYear as number) ?? 0) + ((c.years as number) ?? 1) - 1));
    expect(lastYear("ej-fullfoljd-gymnasieutbildning")).toBeGreaterThanOrEqual(44); // from about 20 to 65
    expect(lastYear("langvarigt-ekonomiskt-bistand")).toBeGreaterThanOrEqual(39); // from about 25 to 65
  });

  it("sets every intervention's efficacy by the one evidence rule", () => {
    for (const iv of catalog.interventions) {
      const meta = metaOf(iv);
      const rule = evidenceEfficacy(meta.evidence);
      expect(rule.ok, `interventions/${iv.id}: meta.evidence`).toBe(true);
      if (rule.ok) expect(iv.efficacy, `interventions/${iv.id}`).toBeCloseTo(rule.efficacy, 12);
      expect(String(meta.evidenceReason ?? "").length, `interventions/${iv.id}: reason`).toBeGreaterThan(20);
    }
    // the rule is monotone: stronger evidence never gets a smaller factor
    for (const d of EVIDENCE_DIMENSIONS) {
      const factors = Object.values(EVIDENCE_RULE[d]) as number[];
      expect(factors).toEqual([...factors].sort((a, b) => b - a));
      expect(factors[0]).toBe(1);
    }
  });

  it("has one price year: the catalogue's, with the KPI series holding it", () => {
    expect(catalog.priceYear).toBe(2023);
    expect(catalog.kpi.series[catalog.priceYear]).toBeGreaterThan(0);
  });

  it("corrects the figures se-2025.1 had wrong", () => {
    const old = find("se-2025.1");
    const amount = (c: typeof catalog, id: string) => metaOf(c.unitCosts.find((u) => u.id === id) as Obj).indexedAmount as number;
    // one amount per care day for somatic and psychiatric care since 2018
    expect(amount(catalog, "psykiatri-vardag")).toBe(amount(catalog, "somatisk-vardag"));
    // a family-home day from published costs per day, not a placement divided by 365
    expect(amount(catalog, "familjehem-dygn")).toBeGreaterThan(1.5 * amount(old, "familjehem-dygn"));
  });
});
