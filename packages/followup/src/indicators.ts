/**
 * Indicator series as the lägesbild reads them: a value per place and year, counts turned into
 * rates per 100,000 inhabitants where the population is known, the places in their roles (the
 * municipality, its areas, the county, the country, similar municipalities), and the trend.
 * @module
 */
import { per100k } from "./kolada.js";
import type { Indicator, IndicatorPoint, PlaceRole, Places, PointGender } from "./model.js";

export const AREA_PREFIX = "area:";

/** The role a place plays for an organisation. */
export function placeRole(place: string, places: Places): PlaceRole {
  if (place.startsWith(AREA_PREFIX)) return "area";
  if (place === places.municipality.code) return "municipality";
  if (places.county && place === places.county.code) return "county";
  if (places.country && place === places.country.code) return "country";
  if (places.peers.some((p) => p.code === place)) return "peer";
  return "other";
}

/**
 * A place's name: an area's own name; the name the organisation gave the place; else the name
 * Kolada gives it (`names`, fetched with the data: municipalities, groups, organisational units);
 * else the bare code.
 */
export function placeName(place: string, places: Places, names: Readonly<Record<string, string>> = {}): string {
  if (place.startsWith(AREA_PREFIX)) return place.slice(AREA_PREFIX.length);
  const all = [places.municipality, places.county, places.country, ...places.peers];
  const own = all.find((p) => p?.code === place)?.name?.trim();
  return own && own !== place ? own : (names[place] ?? own ?? place);
}

/** The gender of a point (T when not given). */
export const genderOf = (p: IndicatorPoint): PointGender => p.gender ?? "T";

/** The value to compare: per 100,000 inhabitants for a count with a known population, else the value as published. */
export function comparable(indicator: Indicator, point: IndicatorPoint): number {
  return indicator.kind === "count" && point.population !== null && point.population > 0 ? per100k(point.value, point.population) : point.value;
}

/** Whether the comparable figures of this indicator are per 100,000 inhabitants. */
export const isPer100k = (indicator: Indicator, points: readonly IndicatorPoint[]) =>
  indicator.kind === "count" && points.length > 0 && points.every((p) => p.population !== null && p.population > 0);

export interface Series {
  place: string;
  name: string;
  role: PlaceRole;
  points: { year: number; value: number; raw: number; population: number | null }[];
}

export interface Trend {
  fromYear: number;
  toYear: number;
  /** Change in the comparable figure, and as a share of the first value (null when it is 0). */
  change: number;
  relative: number | null;
  /** "better", "worse" or "unchanged" (within 2 %), by the indicator's direction. */
  direction: "better" | "worse" | "unchanged";
}

export interface IndicatorView {
  indicator: Indicator;
  /** The gender the series show: T (total) by default, K or M when asked for, or the first there is when the indicator has no total. */
  gender: PointGender;
  /** The genders the indicator has values for (T, K, M in that order). */
  genders: PointGender[];
  per100k: boolean;
  years: number[];
  /** The municipality first, then its areas, then the county, the country and the similar municipalities. */
  series: Series[];
  /** The municipality's trend over its first and last year, null with fewer than two years. */
  trend: Trend | null;
  /** The municipality against each comparison place in the latest year both have. */
  comparisons: { place: string; name: string; role: PlaceRole; year: number; own: number; other: number; difference: number }[];
}

const ROLE_ORDER: PlaceRole[] = ["municipality", "area", "county", "country", "peer", "other"];

export function trendOf(indicator: Indicator, points: readonly { year: number; value: number }[]): Trend | null {
  if (points.length < 2) return null;
  const sorted = [...points].sort((a, b) => a.year - b.year);
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  const change = last.value - first.value;
  const relative = first.value === 0 ? null : change / Math.abs(first.value);
  const small = relative === null ? change === 0 : Math.abs(relative) < 0.02;
  const direction = small ? "unchanged" : change > 0 === indicator.higherIsBetter ? "better" : "worse";
  return { fromYear: first.year, toYear: last.year, change, relative, direction };
}

export interface ViewOptions {
  /** The gender to show (default T, the total; the first there is when the indicator has no total). */
  gender?: PointGender;
  /** Kolada's names of places by code (municipalities, groups, organisational units). */
  names?: Readonly<Record<string, string>>;
}

/** The indicator's series per place, its trend and its comparisons, for the charts and the exports (one gender: the total unless asked). */
export function indicatorView(indicator: Indicator, points: readonly IndicatorPoint[], places: Places, options: ViewOptions = {}): IndicatorView {
  const all = points.filter((p) => p.indicatorId === indicator.id);
  const genders = (["T", "K", "M"] as const).filter((g) => all.some((p) => genderOf(p) === g));
  const gender: PointGender = options.gender && (genders.includes(options.gender) || genders.length === 0) ? options.gender : (genders[0] ?? "T");
  const own = all.filter((p) => genderOf(p) === gender);
  const byPlace = new Map<string, IndicatorPoint[]>();
  for (const p of own) byPlace.set(p.place, [...(byPlace.get(p.place) ?? []), p]);
  const series: Series[] = [...byPlace.entries()]
    .map(([place, ps]) => ({
      place,
      name: placeName(place, places, options.names),
      role: placeRole(place, places),
      points: ps.sort((a, b) => a.year - b.year).map((p) => ({ year: p.year, value: comparable(indicator, p), raw: p.value, population: p.population })),
    }))
    .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || a.name.localeCompare(b.name, "sv"));
  const home = series.find((s) => s.role === "municipality");
  const comparisons: IndicatorView["comparisons"] = [];
  if (home)
    for (const s of series) {
      if (s === home || s.role === "other") continue;
      const common = s.points.filter((p) => home.points.some((h) => h.year === p.year)).map((p) => p.year);
      if (common.length === 0) continue;
      const year = Math.max(...common);
      const ownValue = home.points.find((p) => p.year === year)!.value;
      const other = s.points.find((p) => p.year === year)!.value;
      comparisons.push({ place: s.place, name: s.name, role: s.role, year, own: ownValue, other, difference: ownValue - other });
    }
  return {
    indicator,
    gender,
    genders,
    per100k: isPer100k(indicator, own),
    years: [...new Set(own.map((p) => p.year))].sort((a, b) => a - b),
    series,
    trend: home ? trendOf(indicator, home.points) : null,
    comparisons,
  };
}
