/**
 * Kolada (the open database of municipal statistics, run by RKA) as Sikt reads it: the JSON of
 * its data endpoints (`/v3/data/kpi/{kpis}/municipality/{ids}/year/{years}`, the same rows under
 * `/v2/…`, and `/oudata/…` for organisational units such as schools) and of its metadata
 * endpoints (`/kpi`, `/municipality`, `/municipality_groups`, `/ou`). Pure: the requests are made
 * by a door around these parsers (the server's `kolada-client.ts`).
 *
 * Version 3 pages through `next_url` / `previous_url`; version 2 through `next_page` /
 * `previous_page`. The rows are the same in both: a KPI, a place (municipality, county, the
 * country, a group, or an organisational unit), a period and up to three values by gender (T
 * total, K women, M men), each with a status and, in version 3, an `isdeleted` flag.
 * @module
 */

export type KoladaGender = "T" | "K" | "M";
export const KOLADA_GENDERS: readonly KoladaGender[] = ["T", "K", "M"];

export interface KoladaValue {
  kpi: string;
  /** The place's Kolada code: a municipality ("0880"), county ("0008"), the country ("0000"), a group ("G…") or an organisational unit ("V15…"). */
  municipality: string;
  /** Whether the place is a municipality-like place or an organisational unit (oudata). */
  placeKind: "municipality" | "ou";
  year: number;
  /** T total, K women, M men. */
  gender: KoladaGender;
  value: number;
  /** Kolada's status of the value ("" when none). */
  status: string;
}

export interface KoladaProblem {
  path: (string | number)[];
  message: string;
}

export type KoladaVersion = "v2" | "v3";

/** One page of a data response, read strictly. */
export interface KoladaPage {
  version: KoladaVersion | null;
  values: KoladaValue[];
  /** Where each value sits in the response, for problems (same order as `values`). */
  paths: (string | number)[][];
  /** Values Kolada lists without a number (null): missing, not zero. */
  missing: number;
  /** Values Kolada marks as deleted (`isdeleted`). */
  deleted: number;
  /** The address of the next page, when Kolada says there is one. */
  next: string | null;
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const text = (v: unknown) => (typeof v === "string" ? v : "");

/** A year as Kolada gives it: an integer, or four digits as a string (v2's documentation says string). */
function periodOf(v: unknown): number | null {
  if (typeof v === "number" && Number.isInteger(v) && v >= 1900 && v <= 2100) return v;
  if (typeof v === "string" && /^\d{4}$/.test(v)) {
    const n = Number(v);
    return n >= 1900 && n <= 2100 ? n : null;
  }
  return null;
}

/** The version a page's paging fields belong to (null when it has none). */
export function koladaVersionOf(data: unknown): KoladaVersion | null {
  if (!isObj(data)) return null;
  if ("next_url" in data || "previous_url" in data) return "v3";
  if ("next_page" in data || "previous_page" in data) return "v2";
  return null;
}

/** The next page's address of a response (v3 `next_url`, v2 `next_page`), null when it is the last. */
export function koladaNext(data: unknown): string | null {
  if (!isObj(data)) return null;
  const next = data.next_url ?? data.next_page;
  return typeof next === "string" && next.trim() !== "" ? next : null;
}

/**
 * Reads one page of a data response strictly: every row needs a KPI, a place and a year, every
 * value a gender of T, K or M and a number or null. A problem is named by its place in the
 * response (`values.3.period`), with `prefix` in front (a page number when there are several).
 * Missing values (null) are left out, not zero; values marked deleted are left out.
 */
export function parseKoladaPage(data: unknown, prefix: (string | number)[] = []): { ok: true; page: KoladaPage } | { ok: false; problems: KoladaProblem[]; partial?: KoladaPage } {
  if (!isObj(data) || !Array.isArray(data.values))
    return { ok: false, problems: [{ path: [...prefix, "values"], message: "not a Kolada data response (no values list)" }] };
  const page: KoladaPage = { version: koladaVersionOf(data), values: [], paths: [], missing: 0, deleted: 0, next: koladaNext(data) };
  const problems: KoladaProblem[] = [];
  data.values.forEach((row, i) => {
    const at = [...prefix, "values", i];
    if (!isObj(row)) {
      problems.push({ path: at, message: "must be an object with kpi, municipality (or ou), period and values" });
      return;
    }
    const place = typeof row.municipality === "string" ? row.municipality : typeof row.ou === "string" ? row.ou : null;
    const placeKind = typeof row.municipality === "string" ? "municipality" : "ou";
    const year = periodOf(row.period);
    const rowProblems: KoladaProblem[] = [];
    if (typeof row.kpi !== "string" || !/^[A-Za-z0-9]{1,20}$/.test(row.kpi)) rowProblems.push({ path: [...at, "kpi"], message: "must be a KPI id such as N07403" });
    if (place === null || !/^[A-Za-z0-9]{1,30}$/.test(place)) rowProblems.push({ path: [...at, "municipality" in row || !("ou" in row) ? "municipality" : "ou"], message: "must be a Kolada code such as 0880" });
    if (year === null) rowProblems.push({ path: [...at, "period"], message: `must be a year such as 2023 (is ${JSON.stringify(row.period) ?? "missing"})` });
    if (!Array.isArray(row.values)) rowProblems.push({ path: [...at, "values"], message: "must be a list of values by gender" });
    if (rowProblems.length > 0) {
      problems.push(...rowProblems);
      return;
    }
    (row.values as unknown[]).forEach((v, j) => {
      const vat = [...at, "values", j];
      if (!isObj(v)) {
        problems.push({ path: vat, message: "must be an object with gender and value" });
        return;
      }
      if (typeof v.gender !== "string" || !KOLADA_GENDERS.includes(v.gender as KoladaGender)) {
        problems.push({ path: [...vat, "gender"], message: `must be T, K or M (is ${JSON.stringify(v.gender) ?? "missing"})` });
        return;
      }
      if (v.isdeleted === true) {
        page.deleted++;
        return;
      }
      if (v.value === null || v.value === undefined) {
        page.missing++;
        return;
      }
      if (typeof v.value !== "number" || !Number.isFinite(v.value)) {
        problems.push({ path: [...vat, "value"], message: `must be a number or null (is ${JSON.stringify(v.value)})` });
        return;
      }
      page.values.push({ kpi: row.kpi as string, municipality: place as string, placeKind, year: year as number, gender: v.gender as KoladaGender, value: v.value, status: text(v.status) });
      page.paths.push(vat);
    });
  });
  return problems.length > 0 ? { ok: false, problems, partial: page } : { ok: true, page };
}

/** The same KPI, place, year and gender given twice (across all pages) is a conflict, reported by both places. */
export function koladaConflicts(values: readonly KoladaValue[], paths: readonly (string | number)[][]): KoladaProblem[] {
  const seen = new Map<string, number>();
  const problems: KoladaProblem[] = [];
  values.forEach((v, i) => {
    const key = `${v.kpi}|${v.placeKind}|${v.municipality}|${v.year}|${v.gender}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else
      problems.push({
        path: paths[i] ?? [],
        message: `conflict: ${v.kpi} for ${v.municipality} in ${v.year} (gender ${v.gender}) is also given at ${(paths[first] ?? []).join(".")}`,
      });
  });
  return problems;
}

export interface KoladaData {
  version: KoladaVersion | null;
  values: KoladaValue[];
  missing: number;
  deleted: number;
  pages: number;
}

/**
 * Reads a complete data response: one page without a following page, or a list of pages (each
 * one's values in order). A lone page that has a next page is refused: it holds only part of the
 * answer. Duplicates across the pages are conflicts. Nothing is returned unless all is good.
 */
export function parseKoladaData(data: unknown): { ok: true; data: KoladaData } | { ok: false; problems: KoladaProblem[] } {
  const pages = Array.isArray(data) ? data : [data];
  if (pages.length === 0) return { ok: false, problems: [{ path: [], message: "an empty list: no Kolada pages" }] };
  const values: KoladaValue[] = [];
  const paths: (string | number)[][] = [];
  const problems: KoladaProblem[] = [];
  let missing = 0;
  let deleted = 0;
  let version: KoladaVersion | null = null;
  pages.forEach((p, k) => {
    const r = parseKoladaPage(p, Array.isArray(data) ? [k] : []);
    if (!r.ok) {
      problems.push(...r.problems);
      // The good rows still count for conflicts, so that every problem is listed at once.
      if (r.partial) {
        values.push(...r.partial.values);
        paths.push(...r.partial.paths);
      }
      return;
    }
    version ??= r.page.version;
    values.push(...r.page.values);
    paths.push(...r.page.paths);
    missing += r.page.missing;
    deleted += r.page.deleted;
    if (k === pages.length - 1 && r.page.next !== null)
      problems.push({
        path: Array.isArray(data) ? [k, r.page.version === "v2" ? "next_page" : "next_url"] : [r.page.version === "v2" ? "next_page" : "next_url"],
        message: `this is only part of Kolada's answer: it has a following page (${r.page.next}). Save every page (as a list) or fetch from Kolada directly`,
      });
  });
  problems.push(...koladaConflicts(values, paths));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, data: { version, values, missing, deleted, pages: pages.length } };
}

/** The values of a single, complete data response (kept for callers that need only the values). */
export function parseKolada(data: unknown): { ok: true; values: KoladaValue[] } | { ok: false; problems: KoladaProblem[] } {
  const r = parseKoladaData(data);
  return r.ok ? { ok: true, values: r.data.values } : r;
}

// Metadata

/** What Kolada says about a KPI. */
export interface KoladaKpi {
  id: string;
  title: string;
  description: string;
  /** Kolada's unit where it gives one (v2 `unit`), else the last part of the title ("andel (%)", "kr/inv", "antal/100 000 inv"). */
  unit: string;
  /** Whether Kolada divides the KPI by gender (K and M beside the total); null when it does not say. */
  byGender: boolean | null;
  /** K (municipalities), L (counties/regions) or both, as Kolada gives it. */
  municipalityType: string;
  /** Whether Kolada has the KPI for organisational units (schools, preschools, …). */
  hasOuData: boolean;
  operatingArea: string;
  auspice: string;
}

/** A place as Kolada names it: a municipality, county or the country (type K or L), a group (G…), or an organisational unit with its municipality. */
export interface KoladaPlace {
  id: string;
  title: string;
  /** K municipality, L county/region, G group, OU organisational unit. */
  type: "K" | "L" | "G" | "OU" | "";
  /** For an organisational unit: its municipality's code. */
  municipality: string | null;
}

/** The unit a KPI's title ends with: Kolada's titles end with it after the last comma ("…, andel (%)"). */
export function unitFromTitle(title: string): string {
  const k = title.lastIndexOf(", ");
  return k > 0 ? title.slice(k + 2).trim() : "";
}

const flag = (v: unknown): boolean | null => (v === true || v === 1 || v === "1" ? true : v === false || v === 0 || v === "0" ? false : null);

function listOf(data: unknown, what: string): { ok: true; rows: Record<string, unknown>[]; next: string | null } | { ok: false; problems: KoladaProblem[] } {
  if (!isObj(data) || !Array.isArray(data.values)) return { ok: false, problems: [{ path: ["values"], message: `not a Kolada ${what} response (no values list)` }] };
  const problems: KoladaProblem[] = [];
  data.values.forEach((r, i) => {
    if (!isObj(r) || typeof r.id !== "string" || r.id === "") problems.push({ path: ["values", i, "id"], message: "must have an id" });
    else if (typeof r.title !== "string") problems.push({ path: ["values", i, "title"], message: "must have a title" });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows: data.values as Record<string, unknown>[], next: koladaNext(data) };
}

/** KPI metadata (`/v3/kpi/{ids}`; v2 the same with `unit`, and `is_divided_by_gender` as 0 or 1). */
export function parseKoladaKpis(data: unknown): { ok: true; kpis: KoladaKpi[]; next: string | null } | { ok: false; problems: KoladaProblem[] } {
  const r = listOf(data, "KPI");
  if (!r.ok) return r;
  return {
    ok: true,
    next: r.next,
    kpis: r.rows.map((k) => {
      const title = text(k.title).trim();
      return {
        id: text(k.id),
        title,
        description: text(k.description).trim(),
        unit: text(k.unit).trim() || unitFromTitle(title),
        byGender: flag(k.is_divided_by_gender),
        municipalityType: text(k.municipality_type),
        hasOuData: flag(k.has_ou_data) === true,
        operatingArea: text(k.operating_area),
        auspice: text(k.auspice ?? k.auspices),
      };
    }),
  };
}

/** Places: municipalities and counties (`/municipality`, type K or L), groups (`/municipality_groups`) or organisational units (`/ou`). */
export function parseKoladaPlaces(data: unknown, kind: "municipality" | "group" | "ou"): { ok: true; places: KoladaPlace[]; next: string | null } | { ok: false; problems: KoladaProblem[] } {
  const r = listOf(data, kind === "group" ? "group" : kind === "ou" ? "organisational unit" : "municipality");
  if (!r.ok) return r;
  return {
    ok: true,
    next: r.next,
    places: r.rows.map((p) => ({
      id: text(p.id),
      title: text(p.title).trim(),
      type: kind === "group" ? "G" : kind === "ou" ? "OU" : p.type === "K" || p.type === "L" ? p.type : "",
      municipality: kind === "ou" ? text(p.municipality) || null : null,
    })),
  };
}

// Addresses

/** The root and version of a configured base address: with or without `/v2` or `/v3` at the end (v3 when none). */
export function koladaBase(base: string): { root: string; version: KoladaVersion } {
  const trimmed = base.trim().replace(/\/+$/, "");
  const m = /^(.*)\/(v2|v3)$/.exec(trimmed);
  return m ? { root: m[1]!, version: m[2] as KoladaVersion } : { root: trimmed, version: "v3" };
}

const ids = (xs: readonly (string | number)[]) => xs.map((x) => encodeURIComponent(String(x))).join(",");

/** The address of a data request (KPIs for municipalities or groups, or for organisational units, and years). */
export function koladaDataUrl(base: string, kpis: readonly string[], places: readonly string[], years: readonly number[], placeKind: "municipality" | "ou" = "municipality"): string {
  const { root, version } = koladaBase(base);
  return placeKind === "ou"
    ? `${root}/${version}/oudata/kpi/${ids(kpis)}/ou/${ids(places)}/year/${ids(years)}`
    : `${root}/${version}/data/kpi/${ids(kpis)}/municipality/${ids(places)}/year/${ids(years)}`;
}

/** The address of a metadata request by ids. */
export function koladaMetaUrl(base: string, entity: "kpi" | "municipality" | "municipality_groups" | "ou", idList: readonly string[]): string {
  const { root, version } = koladaBase(base);
  return `${root}/${version}/${entity}/${ids(idList)}`;
}

/** The address of a data request for one KPI (kept for callers of the earlier single-KPI form). */
export function koladaUrl(base: string, kpi: string, municipalities: readonly string[], years: readonly number[]): string {
  return koladaDataUrl(base, [kpi], municipalities, years);
}

/** Splits a list into batches of at most `size` (Kolada's clients send at most 25 ids a request). */
export function batches<T>(xs: readonly T[], size = 25): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** Per 100,000 inhabitants. */
export const per100k = (count: number, population: number) => (population > 0 ? (count / population) * 100_000 : NaN);
