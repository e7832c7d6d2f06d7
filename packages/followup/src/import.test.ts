import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CSV_TEMPLATE, csvProblemText, decodeCsv, parseIndicatorCsv, splitLine, swedishNumber } from "./csv.js";
import { koladaUrl, parseKolada, per100k } from "./kolada.js";

describe("indicators from a Swedish CSV file", () => {
  it("reads semicolons, decimal commas, quotes and a byte-order mark as Excel writes them", () => {
    const text = '\uFEFFIndikator;Område;År;Värde\r\nUnga i brott;"Norr; centrum";2023;12,5\r\nUnga i brott;;2024;"1 204,0"\r\n';
    const r = parseIndicatorCsv(text);
    expect(r).toEqual({
      ok: true,
      rows: [
        { indicator: "Unga i brott", area: "Norr; centrum", year: 2023, value: 12.5, population: null, higherIsBetter: null },
        { indicator: "Unga i brott", area: null, year: 2024, value: 1204, population: null, higherIsBetter: null },
      ],
    });
    expect(splitLine('a;"b ""c""";d')).toEqual(["a", 'b "c"', "d"]);
    expect(swedishNumber("−3,2")).toBe(-3.2);
    expect(swedishNumber("..")).toBeNull();
  });

  it("reports every bad row by line and column and imports nothing", () => {
    const r = parseIndicatorCsv("indikator;år;värde\nA;2023;1,5\nB;20x3;2\nC;2024;hög\n;2024;3");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.line, p.column])).toEqual([
      [3, "år"],
      [4, "värde"],
      [5, "indikator"],
    ]);
    expect(parseIndicatorCsv("indikator;värde\nA;1").ok).toBe(false);
    const twice = parseIndicatorCsv("indikator;område;år;värde\nA;Norr;2023;1\nA;Syd;2023;2\nA;Norr;2023;3");
    expect(twice.ok ? [] : twice.problems).toEqual([{ line: 4, message: "the same indicator, area and year as line 2", problem: { code: "duplicate", line: 2 } }]);
    const pop = parseIndicatorCsv("indikator;år;värde;befolkning\nA;2023;36;72 304\nA;2024;30;0");
    expect(pop.ok ? [] : pop.problems).toMatchObject([{ line: 3, column: "befolkning", message: "'0' is not a positive number" }]);
  });

  it("says every problem in Swedish, naming the column as the file does", () => {
    const r = parseIndicatorCsv("indikator;värde\nA;1");
    expect(r.ok ? [] : r.problems.map((p) => [p.line, p.column, csvProblemText(p.problem, "sv")])).toEqual([[1, undefined, "rubrikraden saknar kolumnen år"]]);
    const bad = parseIndicatorCsv("indikator;år;värde;bättre\nA;20x3;hög;bra");
    expect(bad.ok ? [] : bad.problems.map((p) => `${p.column}: ${csvProblemText(p.problem, "sv")}`)).toEqual([
      "år: ”20x3” är inte ett årtal",
      "värde: ”hög” är inte ett tal (skriv decimaler med komma: 12,5)",
      "bättre: ”bra” ska vara högre eller lägre",
    ]);
  });

  it("reads which direction is better from the column bättre, one direction per indicator", () => {
    const r = parseIndicatorCsv("indikator;år;värde;bättre\nTrygghet;2023;71,5;Högre\nTrygghet;2024;68,2;\nBrott;2024;3;lägre");
    expect(r.ok && r.rows.map((x) => x.higherIsBetter)).toEqual([true, null, false]);
    const mixed = parseIndicatorCsv("indikator;år;värde;bättre\nT;2023;1;högre\nT;2024;2;lägre");
    expect(mixed.ok ? [] : mixed.problems.map((p) => p.problem.code)).toEqual(["mixed-direction"]);
  });

  it("reads a file saved by Swedish Excel in Windows-1252 as well as UTF-8", () => {
    const text = "indikator;område;år;värde\r\nTrygghet;Söder;2024;68,2\r\n";
    // Windows-1252: å, ä, ö are one byte each (0xE5, 0xE4, 0xF6), not valid UTF-8.
    const cp1252 = Uint8Array.from([...text].map((ch) => ch.charCodeAt(0)));
    expect(cp1252).toContain(0xe5);
    const fromExcel = decodeCsv(cp1252);
    expect(fromExcel).toEqual({ text, encoding: "windows-1252" });
    const utf8 = decodeCsv(new TextEncoder().encode(`\uFEFF${text}`));
    expect(utf8.encoding).toBe("utf-8");
    expect(parseIndicatorCsv(utf8.text)).toEqual(parseIndicatorCsv(fromExcel.text));
    expect(parseIndicatorCsv(fromExcel.text)).toMatchObject({ ok: true, rows: [{ area: "Söder", value: 68.2 }] });
  });

  it("offers a template that imports as it stands", () => {
    const r = parseIndicatorCsv(CSV_TEMPLATE);
    expect(r.ok && r.rows.map((x) => [x.indicator, x.higherIsBetter])).toEqual([
      ["Trygghet i centrum (andel trygga, %)", true],
      ["Trygghet i centrum (andel trygga, %)", true],
      ["Anmälda misshandelsbrott", false],
    ]);
  });
});

describe("indicators from Kolada", () => {
  it("reads a saved data response, leaving missing values out", () => {
    const data = JSON.parse(readFileSync(new URL("../fixtures/kolada-N07403-0880.json", import.meta.url), "utf8"));
    const r = parseKolada(data);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.values.filter((v) => v.gender === "T").map((v) => [v.year, v.value])).toEqual([
      [2022, 2.3],
      [2023, 2.1],
    ]);
    expect(r.values).toHaveLength(4);
    expect(parseKolada({ values: [{ kpi: "N1", municipality: "0880", period: 2023, values: [{ gender: "X", value: 1 }] }] })).toEqual({
      ok: false,
      problems: [{ path: ["values", 0, "values", 0, "gender"], message: 'must be T, K or M (is "X")' }],
    });
    expect(parseKolada("<html>").ok).toBe(false);
  });

  it("builds the request address from a configurable base, and rates per 100,000", () => {
    expect(koladaUrl("https://api.kolada.se/", "N07403", ["0880", "0884"], [2022, 2023])).toBe("https://api.kolada.se/v3/data/kpi/N07403/municipality/0880,0884/year/2022,2023");
    expect(per100k(36, 72_304)).toBeCloseTo(49.79, 2);
  });
});
