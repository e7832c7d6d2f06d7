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
  /** The optional column bättre: true for "högre", false for "lägre", null when not given. */
  higherIsBetter: boolean | null;
}

/** What is wrong with a line, as a code with its values, so that it can be said in either language. */
export type CsvProblemCode =
  | { code: "missing-column"; column: string }
  | { code: "field-count"; fields: number; header: number }
  | { code: "empty" }
  | { code: "not-year"; value: string }
  | { code: "not-number"; value: string }
  | { code: "not-positive"; value: string }
  | { code: "not-direction"; value: string }
  | { code: "mixed-direction"; indicator: string }
  | { code: "duplicate"; line: number };

export type CsvProblem = {
  /** 1-based line number in the file. */
  line: number;
  /** The column as the file names it (indikator, år, värde, befolkning, bättre). */
  column?: string;
  /** The problem in English (the API's message); `csvProblemText` says it in Swedish. */
  message: string;
  problem: CsvProblemCode;
};

/** A problem of a CSV line in words, in Swedish or English. */
export function csvProblemText(p: CsvProblemCode, lang: "sv" | "en"): string {
  const sv = lang === "sv";
  switch (p.code) {
    case "missing-column":
      return sv ? `rubrikraden saknar kolumnen ${p.column}` : `the header lacks the column ${p.column}`;
    case "field-count":
      return sv ? `${p.fields} fält, men rubrikraden har ${p.header}` : `${p.fields} fields, the header has ${p.header}`;
    case "empty":
      return sv ? "är tom" : "is empty";
    case "not-year":
      return sv ? `”${p.value}” är inte ett årtal` : `'${p.value}' is not a year`;
    case "not-number":
      return sv ? `”${p.value}” är inte ett tal (skriv decimaler med komma: 12,5)` : `'${p.value}' is not a number (write decimals with a comma: 12,5)`;
    case "not-positive":
      return sv ? `”${p.value}” är inte ett positivt tal` : `'${p.value}' is not a positive number`;
    case "not-direction":
      return sv ? `”${p.value}” ska vara högre eller lägre` : `'${p.value}' must be högre (higher) or lägre (lower)`;
    case "mixed-direction":
      return sv ? `indikatorn ${p.indicator} har redan angetts med det andra hållet som bättre` : `the indicator ${p.indicator} was given the other direction as better on an earlier line`;
    case "duplicate":
      return sv ? `samma indikator, område och år som rad ${p.line}` : `the same indicator, area and year as line ${p.line}`;
  }
}

/**
 * The text of a CSV file's bytes: UTF-8 (with or without a byte-order mark) when the bytes are
 * valid UTF-8, otherwise Windows-1252, as Swedish Excel saves "CSV (semikolonavgränsad)". A
 * Windows-1252 file with å, ä or ö is never valid UTF-8, so the two are told apart by trying.
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: "utf-8" | "windows-1252" } {
  // The package is pure and has no DOM or Node types; TextDecoder is in both, with windows-1252.
  const { TextDecoder } = globalThis as unknown as { TextDecoder: new (label: string, options?: { fatal?: boolean }) => { decode(b: Uint8Array): string } };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("windows-1252").decode(bytes), encoding: "windows-1252" };
  }
}

/** A file to start from, with every column and an example of each kind of row. */
export const CSV_TEMPLATE = [
  "indikator;område;år;värde;befolkning;bättre",
  "Trygghet i centrum (andel trygga, %);;2023;71,5;;högre",
  "Trygghet i centrum (andel trygga, %);;2024;68,2;;högre",
  "Anmälda misshandelsbrott;Norrliden;2024;36;8 200;lägre",
  "",
].join("\r\n");

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
  bättre: "higherIsBetter",
  battre: "higherIsBetter",
  better: "higherIsBetter",
};

const DIRECTION: Record<string, boolean> = { högre: true, hogre: true, higher: true, lägre: false, lagre: false, lower: false };

/**
 * Parses the file; the header names the columns (indikator, område, år, värde, befolkning,
 * bättre; in any order; område, befolkning and bättre optional).
 */
export function parseIndicatorCsv(text: string): { ok: true; rows: IndicatorRow[] } | { ok: false; problems: CsvProblem[] } {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = splitLine(lines[0] ?? "").map((h) => COLUMNS[h.toLocaleLowerCase("sv")]);
  const problems: CsvProblem[] = [];
  const problem = (line: number, column: string | undefined, p: CsvProblemCode) => problems.push({ line, ...(column ? { column } : {}), message: csvProblemText(p, "en"), problem: p });
  for (const [need, column] of [["indicator", "indikator"], ["year", "år"], ["value", "värde"]] as const) if (!header.includes(need)) problem(1, undefined, { code: "missing-column", column });
  if (problems.length > 0) return { ok: false, problems };
  const rows: IndicatorRow[] = [];
  const seen = new Map<string, number>();
  const direction = new Map<string, boolean>();
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (raw.trim() === "") continue;
    const fields = splitLine(raw);
    const get = (k: keyof IndicatorRow) => fields[header.indexOf(k)] ?? "";
    const line = i + 1;
    const indicator = get("indicator");
    const year = Number(get("year"));
    const value = swedishNumber(get("value"));
    if (fields.length !== header.length) problem(line, undefined, { code: "field-count", fields: fields.length, header: header.length });
    if (!indicator) problem(line, "indikator", { code: "empty" });
    if (!/^\d{4}$/.test(get("year")) || year < 1900 || year > 2100) problem(line, "år", { code: "not-year", value: get("year") });
    if (value === null) problem(line, "värde", { code: "not-number", value: get("value") });
    const popText = header.includes("population") ? get("population") : "";
    const population = popText === "" ? null : swedishNumber(popText);
    if (popText !== "" && (population === null || population <= 0)) problem(line, "befolkning", { code: "not-positive", value: popText });
    const dirText = header.includes("higherIsBetter") ? get("higherIsBetter").toLocaleLowerCase("sv") : "";
    const higherIsBetter = dirText === "" ? null : (DIRECTION[dirText] ?? null);
    if (dirText !== "" && higherIsBetter === null) problem(line, "bättre", { code: "not-direction", value: get("higherIsBetter") });
    if (higherIsBetter !== null && indicator) {
      if (direction.has(indicator) && direction.get(indicator) !== higherIsBetter) problem(line, "bättre", { code: "mixed-direction", indicator });
      else direction.set(indicator, higherIsBetter);
    }
    const key = JSON.stringify([indicator, header.includes("area") ? get("area") : "", get("year")]);
    const first = seen.get(key);
    if (first !== undefined) problem(line, undefined, { code: "duplicate", line: first });
    else seen.set(key, line);
    if (problems.length === 0) rows.push({ indicator, area: header.includes("area") && get("area") ? get("area") : null, year, value: value as number, population, higherIsBetter });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}
