/**
 * The municipality's own indicator data from a CSV file as Swedish Excel writes it: semicolons,
 * decimal commas, optional quotes, a byte-order mark, CRLF. Either every row is good and all are
 * returned, or the problems are listed by line and nothing is imported.
 * @module
 */

export interface IndicatorRow {
  indicator: string;
  /** An area the user defines (a district); null for the whole municipality. */
  area: string | null;
  year: number;
  value: number;
  /** Inhabitants the value relates to (optional column befolkning), for counts per 100,000. */
  population: number | null;
}

export interface CsvProblem {
  /** 1-based line number in the file. */
  line: number;
  column?: string;
  message: string;
}

/** Splits one line on semicolons, honouring quotes ("" is a quote inside a quoted field). */
export function splitLine(line: string, separator = ";"): string[] {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === separator) {
      out.push(field);
      field = "";
    } else field += ch;
  }
  out.push(field);
  return out.map((f) => f.trim());
}

/** "1 234,5", "1234.5", "−3,2" as numbers; null when it is not one. */
export function swedishNumber(text: string): number | null {
  const t = text.replace(/[\s\u00a0\u202f]/g, "").replace(/\u2212/g, "-");
  if (!/^-?\d+([.,]\d+)?$/.test(t)) return null;
  return Number(t.replace(",", "."));
}

const COLUMNS: Record<string, keyof IndicatorRow> = {
  indikator: "indicator",
  indicator: "indicator",
  område: "area",
  omrade: "area",
  area: "area",
  år: "year",
  ar: "year",
  year: "year",
  värde: "value",
  varde: "value",
  value: "value",
  befolkning: "population",
  population: "population",
};

/** Parses the file; the header names the columns (indikator, område, år, värde, befolkning; in any order, område and befolkning optional). */
export function parseIndicatorCsv(text: string): { ok: true; rows: IndicatorRow[] } | { ok: false; problems: CsvProblem[] } {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = splitLine(lines[0] ?? "").map((h) => COLUMNS[h.toLocaleLowerCase("sv")]);
  const problems: CsvProblem[] = [];
  for (const need of ["indicator", "year", "value"] as const)
    if (!header.includes(need)) problems.push({ line: 1, column: need, message: `the header lacks the column ${need === "indicator" ? "indikator" : need === "year" ? "år" : "värde"}` });
  if (problems.length > 0) return { ok: false, problems };
  const rows: IndicatorRow[] = [];
  const seen = new Map<string, number>();
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (raw.trim() === "") continue;
    const fields = splitLine(raw);
    const get = (k: keyof IndicatorRow) => fields[header.indexOf(k)] ?? "";
    const line = i + 1;
    const indicator = get("indicator");
    const year = Number(get("year"));
    const value = swedishNumber(get("value"));
    if (fields.length !== header.length) problems.push({ line, message: `${fields.length} fields, the header has ${header.length}` });
    if (!indicator) problems.push({ line, column: "indikator", message: "is empty" });
    if (!/^\d{4}$/.test(get("year")) || year < 1900 || year > 2100) problems.push({ line, column: "år", message: `'${get("year")}' is not a year` });
    if (value === null) problems.push({ line, column: "värde", message: `'${get("value")}' is not a number (write decimals with a comma: 12,5)` });
    const popText = header.includes("population") ? get("population") : "";
    const population = popText === "" ? null : swedishNumber(popText);
    if (popText !== "" && (population === null || population <= 0)) problems.push({ line, column: "befolkning", message: `'${popText}' is not a positive number` });
    const key = JSON.stringify([indicator, header.includes("area") ? get("area") : "", get("year")]);
    const first = seen.get(key);
    if (first !== undefined) problems.push({ line, message: `the same indicator, area and year as line ${first}` });
    else seen.set(key, line);
    if (problems.length === 0) rows.push({ indicator, area: header.includes("area") && get("area") ? get("area") : null, year, value: value as number, population });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}
