import { type Indicator, type IndicatorPoint, indicatorView, type Places } from "@sikt/followup";
import { describe, expect, it } from "vitest";
import { formatNumber, formatPercent, type Lang } from "../format";
import { captionOf, parseYears, placesSummary, unitOf } from "./text";

const words = (lang: Lang) => ({ lang, num: (n: number, d = 0) => formatNumber(n, lang, d), pct: (n: number, d = 0) => formatPercent(n, lang, d) });

const places: Places = {
  municipality: { code: "0880", name: "Kalmar" },
  county: { code: "0008", name: "Kalmar län" },
  country: { code: "0000", name: "Riket" },
  peers: [{ code: "0780", name: "Växjö" }],
};
const rate: Indicator = { id: "i1", code: "N07403", name: "Anmälda våldsbrott", unit: "per 1 000 inv.", kind: "rate", source: "Kolada", higherIsBetter: false };
const point = (place: string, year: number, value: number, population: number | null = null): IndicatorPoint => ({ indicatorId: "i1", place, year, value, population });

describe("the words of the lägesbild page", () => {
  it("says the latest value, how it compares and the trend, as in the brief's example", () => {
    const view = indicatorView(rate, [point("0880", 2021, 2.6), point("0880", 2023, 2.1), point("0000", 2023, 2.9), point("0008", 2023, 2.1), point("0780", 2022, 1.8)], places);
    expect(captionOf(view, words("sv"))).toBe(
      "Kalmar: 2,1 per 1 000 inv. 2023, samma som Kalmar län (2,1) och lägre än riket (2,9). Från 2021 till 2023: bättre (−19 %; lägre är bättre).",
    );
    expect(captionOf(view, words("en"))).toBe("Kalmar: 2.1 per 1 000 inv. 2023, the same as Kalmar län (2.1) and lower than the country (2.9). From 2021 to 2023: better (−19%; lower is better).");
  });

  it("speaks of counts per 100 000 inhabitants where the population is known", () => {
    const count = { ...rate, kind: "count" as const, unit: "antal" };
    const view = indicatorView(count, [point("0880", 2022, 498, 71_200), point("0880", 2023, 455, 72_304)], places);
    expect(unitOf(view, "sv", true)).toBe("per 100 000 invånare");
    expect(captionOf(view, words("sv"))).toMatch(/^Kalmar: 629 per 100 000 inv\. 2023\. Från 2022 till 2023: bättre \(−10 %; lägre är bättre\)\.$/);
    const noPopulation = indicatorView(count, [point("0880", 2023, 455)], places);
    expect(unitOf(noPopulation, "sv")).toBe("antal");
    expect(captionOf(noPopulation, words("sv"))).toBe("Kalmar: 455 antal 2023.");
  });

  it("says so when the municipality itself has no values", () => {
    expect(captionOf(indicatorView(rate, [], places), words("sv"))).toBe("Inga värden ännu.");
    expect(captionOf(indicatorView(rate, [point("area:Norrliden", 2023, 3)], places), words("sv"))).toBe("Inga värden för kommunen som helhet; värden finns för Norrliden.");
  });

  it("reads years as a range or a list, and refuses anything else", () => {
    expect(parseYears("2019–2021")).toEqual([2019, 2020, 2021]);
    expect(parseYears("2019-2020, 2023")).toEqual([2019, 2020, 2023]);
    expect(parseYears("2021 2022")).toEqual([2021, 2022]);
    expect(parseYears("")).toBeNull();
    expect(parseYears("2023–2019")).toBeNull();
    expect(parseYears("förra året")).toBeNull();
  });

  it("lists the places compared", () => {
    expect(placesSummary(places, true)).toBe("Kalmar (0880) jämförs med Kalmar län (0008), Riket (0000) och Växjö (0780).");
    expect(placesSummary({ ...places, county: null, country: null, peers: [] }, false)).toBe("Kalmar (0880) is not compared with any other place yet.");
  });
});
