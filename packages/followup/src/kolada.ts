/**
 * Kolada (the open database of municipal statistics) as Sikt reads it: the JSON of its data
 * endpoint (`/v2/data/kpi/{kpi}/municipality/{id}/year/{years}`), whether saved to a file or
 * fetched from a configurable base address by a door around this pure parser.
 * @module
 */

export interface KoladaValue {
  kpi: string;
  municipality: string;
  year: number;
  /** T total, K women, M men. */
  gender: "T" | "K" | "M";
  value: number;
}

export interface KoladaProblem {
  path: (string | number)[];
  message: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** The values in a Kolada data response; missing values (null) are left out, not zero. */
export function parseKolada(data: unknown): { ok: true; values: KoladaValue[] } | { ok: false; problems: KoladaProblem[] } {
  if (!isObj(data) || !Array.isArray(data.values)) return { ok: false, problems: [{ path: ["values"], message: "not a Kolada data response (no values list)" }] };
  const out: KoladaValue[] = [];
  const problems: KoladaProblem[] = [];
  data.values.forEach((row, i) => {
    if (!isObj(row) || typeof row.kpi !== "string" || typeof row.municipality !== "string" || !Number.isInteger(Number(row.period)) || !Array.isArray(row.values)) {
      problems.push({ path: ["values", i], message: "needs kpi, municipality, period and values" });
      return;
    }
    row.values.forEach((v, j) => {
      if (!isObj(v) || !["T", "K", "M"].includes(String(v.gender))) {
        problems.push({ path: ["values", i, "values", j, "gender"], message: "must be T, K or M" });
        return;
      }
      if (v.value === null || v.value === undefined) return;
      if (typeof v.value !== "number" || !Number.isFinite(v.value)) {
        problems.push({ path: ["values", i, "values", j, "value"], message: "must be a number or null" });
        return;
      }
      out.push({ kpi: row.kpi as string, municipality: row.municipality as string, year: Number(row.period), gender: v.gender as KoladaValue["gender"], value: v.value });
    });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, values: out };
}

/** The address of a Kolada data request (the base address is configurable, e.g. a mirror). */
export function koladaUrl(base: string, kpi: string, municipalities: readonly string[], years: readonly number[]): string {
  return `${base.replace(/\/$/, "")}/v2/data/kpi/${encodeURIComponent(kpi)}/municipality/${municipalities.map(encodeURIComponent).join(",")}/year/${years.join(",")}`;
}

/** Per 100,000 inhabitants. */
export const per100k = (count: number, population: number) => (population > 0 ? (count / population) * 100_000 : NaN);
