/**
 * Workbooks for economists, written with ExcelJS's streaming writer (rows are written out as they
 * are made, not held as a whole workbook): a bold, frozen header row with an auto-filter, number
 * formats per column (kronor with thousands separators, percent, years without separators),
 * formulas with their computed values, and notes under a table.
 *
 * Why ExcelJS: it is the most used XLSX writer on the npm registry, MIT-licensed, pure
 * JavaScript (nothing downloaded or compiled at install), and writes formulas, number formats,
 * frozen panes and auto-filters with a streaming writer; SheetJS's current releases are not
 * published to the npm registry.
 * @module
 */
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";

/** How a number is shown. */
export type NumberFormat = "kr" | "number" | "decimal" | "percent" | "year" | "ratio" | "factor";

const FORMATS: Record<NumberFormat, string> = {
  kr: '#,##0 "kr";-#,##0 "kr"',
  number: "#,##0",
  decimal: "#,##0.0",
  percent: "0.0%",
  year: "0",
  ratio: "0.00",
  factor: "0.000000",
};

/** A formula (without "="), with the value it gives as the engine computed it. */
export interface Formula {
  formula: string;
  result: number;
  format?: NumberFormat;
}
/** A number shown with a format of its own (not its column's). */
export interface Formatted {
  value: number;
  format: NumberFormat;
}
export type Cell = string | number | null | Formula | Formatted;

export interface Sheet {
  name: string;
  /** The header row first, then the data rows. */
  rows: Cell[][];
  /** Per column: how its numbers are shown (the header row is text). */
  formats?: (NumberFormat | undefined)[];
  /** Per column: its width in characters (otherwise from its longest text, within limits). */
  widths?: number[];
  /** Lines of text under the table, outside the filter (a note on suppressed counts, say). */
  notes?: string[];
  /** Without an auto-filter (a two-column sheet of key figures, say). */
  noFilter?: boolean;
}

/** Text as XML 1.0 can hold it: control characters and lone surrogates become U+FFFD. */
export function cleanText(s: string): string {
  // eslint-disable-next-line no-control-regex -- the control characters are what is replaced
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}

/** A sheet name as Excel allows it: no []:*?/\, at most 31 characters, unique in the workbook. */
function sheetNames(sheets: readonly Sheet[]): string[] {
  const seen = new Set<string>();
  return sheets.map((s, k) => {
    let name = cleanText(s.name).replace(/[[\]:*?/\\\ufffd]/g, " ").replace(/^'+|'+$/g, "").trim().slice(0, 31) || `Blad ${k + 1}`;
    for (let n = 2; seen.has(name.toLowerCase()); n++) name = `${name.slice(0, 27)} (${n})`;
    seen.add(name.toLowerCase());
    return name;
  });
}

/** The reference of a sheet in a formula: 'Flöden per aktör och år'. */
export const sheetRef = (name: string) => `'${name.replace(/'/g, "''")}'`;

/** The letter(s) of a column, 0-based: 0 → A, 26 → AA. */
export const columnLetter = (n: number): string => (n < 26 ? String.fromCharCode(65 + n) : columnLetter(Math.floor(n / 26) - 1) + String.fromCharCode(65 + (n % 26)));

const isFormula = (c: Cell): c is Formula => typeof c === "object" && c !== null && "formula" in c;
const isFormatted = (c: Cell): c is Formatted => typeof c === "object" && c !== null && "value" in c;

/** The workbook as the bytes of an .xlsx file. */
export async function xlsx(sheets: readonly Sheet[]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (b: Buffer) => chunks.push(b));
  const done = new Promise<void>((resolve, reject) => {
    out.on("end", resolve);
    out.on("error", reject);
  });
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  book.creator = "Sikt";
  const names = sheetNames(sheets);
  sheets.forEach((s, k) => {
    const width = Math.max(1, ...s.rows.map((r) => r.length));
    const dataRows = s.rows.length;
    const ws = book.addWorksheet(names[k]!, {
      views: [{ state: "frozen", ySplit: 1, xSplit: 0 }],
      ...(s.noFilter || dataRows < 2 ? {} : { autoFilter: { from: { row: 1, column: 1 }, to: { row: dataRows, column: width } } }),
    });
    ws.columns = Array.from({ length: width }, (_, c) => {
      const longest = Math.max(...s.rows.map((r) => (typeof r[c] === "string" ? (r[c] as string).length : 12)));
      const fmt = s.formats?.[c];
      return { width: s.widths?.[c] ?? Math.min(60, Math.max(10, longest + 2)), ...(fmt ? { style: { numFmt: FORMATS[fmt] } } : {}) };
    });
    s.rows.forEach((r, i) => {
      const row = ws.getRow(i + 1);
      r.forEach((c, j) => {
        if (c === null || c === undefined) return;
        const cell = row.getCell(j + 1);
        if (typeof c === "string") cell.value = cleanText(c);
        else if (typeof c === "number") {
          if (!Number.isFinite(c)) return;
          cell.value = c;
          const fmt = s.formats?.[j];
          if (fmt && i > 0) cell.numFmt = FORMATS[fmt];
        } else if (isFormula(c)) {
          cell.value = { formula: c.formula, result: Number.isFinite(c.result) ? c.result : 0 } as ExcelJS.CellFormulaValue;
          const fmt = c.format ?? s.formats?.[j];
          if (fmt) cell.numFmt = FORMATS[fmt];
        } else if (isFormatted(c)) {
          if (!Number.isFinite(c.value)) return;
          cell.value = c.value;
          cell.numFmt = FORMATS[c.format];
        }
        if (i === 0) cell.font = { bold: true };
      });
      if (i === 0) row.alignment = { wrapText: true, vertical: "top" };
      row.commit();
    });
    (s.notes ?? []).forEach((note, n) => {
      const row = ws.getRow(dataRows + 2 + n);
      row.getCell(1).value = cleanText(note);
      row.getCell(1).font = { italic: true };
      row.commit();
    });
    ws.commit();
  });
  await book.commit();
  await done;
  return Buffer.concat(chunks);
}
