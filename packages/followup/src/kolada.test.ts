import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { indicatorView } from "./indicators.js";
import { batches, koladaBase, koladaDataUrl, koladaMetaUrl, parseKoladaData, parseKoladaKpis, parseKoladaPage, parseKoladaPlaces, unitFromTitle } from "./kolada.js";
import { KOLADA_STARTER } from "./kolada-starter.js";
import type { Indicator, IndicatorPoint, Places } from "./model.js";

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8"));
const page = (rows: unknown[], extra: object = {}) => ({ count: rows.length, next_url: null, previous_url: null, values: rows, ...extra });
const row = (period: unknown, values: unknown[] = [{ gender: "T", value: 1 }], more: object = {}) => ({ kpi: "N07403", municipality: "0880", period, values, ...more });

describe("Kolada's data responses, v3 and v2", () => {
  it("reads every page of a v3 answer: all genders, missing values left out, the next address", () => {
    const pages = [1, 2, 3].map((n) => fixture(`kolada-v3-data-page${n}.json`));
    const first = parseKoladaPage(pages[0]);
    expect(first.ok && first.page.version).toBe("v3");
    expect(first.ok && first.page.next).toBe("https://api.kolada.se/v3/data/kpi/N07403/municipality/0880,0008,0000/year/2021,2022,2023?page=2&per_page=3");
    const all = parseKoladaData(pages);
    if (!all.ok) throw new Error(JSON.stringify(all.problems));
    expect(all.data.pages).toBe(3);
    expect(all.data.values).toHaveLength(26); // 9 rows × 3 genders, one missing
    expect(all.data.missing).toBe(1);
    expect(all.data.values.filter((v) => v.gender === "T").map((v) => [v.municipality, v.year, v.value])).toEqual([
      ["0880", 2021, 2.6],
      ["0880", 2022, 2.3],
      ["0880", 2023, 2.1],
      ["0008", 2021, 2.4],
      ["0008", 2022, 2.5],
      ["0008", 2023, 2.6],
      ["0000", 2021, 2.8],
      ["0000", 2022, 2.9],
      ["0000", 2023, 2.9],
    ]);
  });

  it("reads v2's shape (next_page, periods as strings) to the same values", () => {
    const v2 = parseKoladaData([fixture("kolada-v2-data-page1.json"), fixture("kolada-v2-data-page2.json")]);
    const v3 = parseKoladaData([1, 2, 3].map((n) => fixture(`kolada-v3-data-page${n}.json`)));
    if (!v2.ok || !v3.ok) throw new Error("fixtures");
    expect(v2.data.version).toBe("v2");
    expect(v2.data.values).toEqual(v3.data.values);
  });

  it("refuses a saved page that has a following page: it is only part of the answer", () => {
    for (const [file, field] of [
      ["kolada-v3-data-page1.json", "next_url"],
      ["kolada-v2-data-page1.json", "next_page"],
    ] as const) {
      const r = parseKoladaData(fixture(file));
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0]!.path).toEqual([field]);
      expect(r.problems[0]!.message).toMatch(/only part of Kolada's answer/);
    }
    // Pages 1 and 2 of three: the last one given still has a next page.
    const r = parseKoladaData([fixture("kolada-v3-data-page1.json"), fixture("kolada-v3-data-page2.json")]);
    expect(!r.ok && r.problems.map((p) => p.path)).toEqual([[1, "next_url"]]);
  });

  it("keeps women and men where Kolada has no total, and leaves out values marked deleted", () => {
    const r = parseKoladaData(fixture("kolada-v3-gender-only.json"));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.data.deleted).toBe(1);
    expect(r.data.values.map((v) => [v.year, v.gender, v.value])).toEqual([
      [2022, "K", 88.1],
      [2022, "M", 82.4],
      [2023, "K", 89],
      [2023, "M", 83.2],
    ]);
  });

  it("names a bad period, value or gender by its place in the response", () => {
    const r = parseKoladaData(
      page([
        row(null),
        row(""),
        row(true),
        row(2023, [{ gender: "X", value: 1 }]),
        row(2022, [{ gender: "T", value: "1,5" }]),
        row(2021, [{ gender: "T", value: true }]),
        row("20x3"),
        row(2024, [{ gender: "T", value: 3.5, status: "Preliminär" }]),
      ]),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.path.join("."))).toEqual([
      "values.0.period",
      "values.1.period",
      "values.2.period",
      "values.3.values.0.gender",
      "values.4.values.0.value",
      "values.5.values.0.value",
      "values.6.period",
    ]);
    expect(r.problems[2]!.message).toBe("must be a year such as 2023 (is true)");
  });

  it("reports the same KPI, place, year and gender twice as a conflict, across pages too", () => {
    const one = parseKoladaData(page([row(2023, [{ gender: "T", value: 1 }]), row(2023, [{ gender: "T", value: 2 }]), row(2023, [{ gender: "K", value: 2 }])]));
    expect(!one.ok && one.problems.map((p) => [p.path.join("."), p.message])).toEqual([["values.1.values.0", "conflict: N07403 for 0880 in 2023 (gender T) is also given at values.0.values.0"]]);
    const across = parseKoladaData([page([row(2023)], { next_url: "https://api.kolada.se/v3/x?page=2" }), page([row(2023)])]);
    expect(!across.ok && across.problems.map((p) => p.path.join("."))).toEqual(["1.values.0.values.0"]);
  });

  it("reads an organisational unit's values (oudata) as a place of its own", () => {
    const r = parseKoladaData(fixture("kolada-v3-oudata.json"));
    if (!r.ok) throw new Error("fixture");
    expect(r.data.values.map((v) => [v.municipality, v.placeKind, v.year, v.value])).toEqual([
      ["V15E088000101", "ou", 2022, 81.5],
      ["V15E088000101", "ou", 2023, 84],
    ]);
  });

  it("refuses what is not a data response", () => {
    expect(parseKoladaData("<html>").ok).toBe(false);
    expect(parseKoladaData([]).ok).toBe(false);
    const r = parseKoladaData({ values: [{ kpi: "N1" }] });
    expect(!r.ok && r.problems.map((p) => p.path.join("."))).toEqual(["values.0.municipality", "values.0.period", "values.0.values"]);
  });
});

describe("Kolada's metadata", () => {
  it("reads a KPI's title, description, unit and division by gender (v3 booleans, v2 0/1 and unit)", () => {
    const r = parseKoladaKpis(fixture("kolada-v3-kpi.json"));
    if (!r.ok) throw new Error("fixture");
    expect(r.kpis[0]).toMatchObject({ id: "N07403", title: "Anmälda våldsbrott, antal/100 000 inv", unit: "antal/100 000 inv", byGender: true, hasOuData: false, auspice: "X" });
    expect(r.kpis[1]).toMatchObject({ id: "N31807", unit: "andel (%) av bef.", byGender: false });
    const v2 = parseKoladaKpis({ values: [{ id: "N1", title: "Något", unit: "kr", is_divided_by_gender: 1, auspices: "E" }] });
    expect(v2.ok && v2.kpis[0]).toMatchObject({ unit: "kr", byGender: true, auspice: "E" });
    expect(unitFromTitle("Invånare totalt, antal")).toBe("antal");
    expect(unitFromTitle("Utan komma")).toBe("");
  });

  it("reads names of municipalities, groups and organisational units", () => {
    const m = parseKoladaPlaces(fixture("kolada-v3-municipality.json"), "municipality");
    expect(m.ok && m.places.map((p) => [p.id, p.title, p.type])).toEqual([
      ["0880", "Kalmar", "K"],
      ["0008", "Region Kalmar län", "L"],
      ["0000", "Riket", "L"],
    ]);
    const g = parseKoladaPlaces(fixture("kolada-v3-municipality-groups.json"), "group");
    expect(g.ok && g.places[0]).toMatchObject({ id: "G900001", type: "G" });
    const ou = parseKoladaPlaces(fixture("kolada-v3-ou.json"), "ou");
    expect(ou.ok && ou.places[0]).toMatchObject({ id: "V15E088000101", type: "OU", municipality: "0880" });
    expect(parseKoladaPlaces({ values: [{ title: "x" }] }, "municipality").ok).toBe(false);
  });
});

describe("Kolada's addresses", () => {
  it("takes the base address with or without /v3 or /v2 (v3 when none)", () => {
    for (const base of ["https://api.kolada.se", "https://api.kolada.se/", "https://api.kolada.se/v3", "https://api.kolada.se/v3/"])
      expect(koladaDataUrl(base, ["N07403"], ["0880", "0000"], [2022, 2023])).toBe("https://api.kolada.se/v3/data/kpi/N07403/municipality/0880,0000/year/2022,2023");
    expect(koladaBase("http://mirror.example/kolada/v2")).toEqual({ root: "http://mirror.example/kolada", version: "v2" });
    expect(koladaDataUrl("http://mirror.example/kolada/v2/", ["N1"], ["V15E1"], [2023], "ou")).toBe("http://mirror.example/kolada/v2/oudata/kpi/N1/ou/V15E1/year/2023");
    expect(koladaMetaUrl("https://api.kolada.se/v3", "municipality_groups", ["G1", "G2"])).toBe("https://api.kolada.se/v3/municipality_groups/G1,G2");
  });

  it("splits ids into batches of at most 25", () => {
    const ids = Array.from({ length: 60 }, (_, i) => String(i));
    expect(batches(ids).map((b) => b.length)).toEqual([25, 25, 10]);
    expect(batches(ids).flat()).toEqual(ids);
  });
});

describe("values by gender in the views", () => {
  const places: Places = { municipality: { code: "0880", name: "" }, county: { code: "0008", name: "0008" }, country: null, peers: [] };
  const indicator: Indicator = { id: "i1", code: "N15428", name: "Behöriga", unit: "%", kind: "rate", source: "Kolada", higherIsBetter: true };
  const p = (place: string, year: number, value: number, gender?: "T" | "K" | "M"): IndicatorPoint => ({ indicatorId: "i1", place, year, value, population: null, ...(gender ? { gender } : {}) });

  it("shows the total by default and one gender when asked; a KPI without a total shows the first gender there is", () => {
    const points = [p("0880", 2022, 85), p("0880", 2022, 88, "K"), p("0880", 2022, 82, "M"), p("0008", 2022, 80, "T")];
    const total = indicatorView(indicator, points, places);
    expect([total.gender, total.genders, total.series.map((s) => s.points[0]!.value)]).toEqual(["T", ["T", "K", "M"], [85, 80]]);
    const women = indicatorView(indicator, points, places, { gender: "K" });
    expect(women.series.map((s) => [s.place, s.points[0]!.value])).toEqual([["0880", 88]]);
    const noTotal = indicatorView(indicator, [p("0880", 2022, 88, "K"), p("0880", 2022, 82, "M")], places);
    expect([noTotal.gender, noTotal.genders, noTotal.series[0]!.points[0]!.value]).toEqual(["K", ["K", "M"], 88]);
  });

  it("names places by Kolada's names where the organisation gave none", () => {
    const v = indicatorView(indicator, [p("0880", 2022, 85), p("0008", 2022, 80), p("G900001", 2022, 81)], places, { names: { "0880": "Kalmar", "0008": "Region Kalmar län", G900001: "Liknande kommuner (testgrupp)" } });
    expect(v.series.map((s) => s.name)).toEqual(["Kalmar", "Region Kalmar län", "Liknande kommuner (testgrupp)"]);
  });
});

describe("the starter set", () => {
  it("lists each KPI once, with a Kolada id, a title and where the id was seen", () => {
    expect(new Set(KOLADA_STARTER.map((k) => k.id)).size).toBe(KOLADA_STARTER.length);
    for (const k of KOLADA_STARTER) {
      expect(k.id).toMatch(/^[NU]\d{5}$/);
      expect(k.title.length).toBeGreaterThan(5);
      expect(k.source.length).toBeGreaterThan(5);
    }
  });
});
