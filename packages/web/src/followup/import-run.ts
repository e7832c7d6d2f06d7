/**
 * What the lägesbild's imports (a Swedish CSV file, a saved Kolada answer, Kolada online) share:
 * the state of one import and its result in words. Each form shows the outcome its own way.
 * @module
 */
import { useState } from "react";
import { ApiError, type ImportProblem, type ImportResult } from "../api";

/** An import's result in words: indicators, values, and what Kolada lacked or how many pages it read. */
export function importedText(r: ImportResult, sv: boolean): string {
  const n = r.points;
  const names = r.indicators.map((x) => x.name).join(", ");
  const missing = r.missing ? (sv ? ` ${r.missing} värden saknas hos Kolada och lämnades utanför.` : ` ${r.missing} values are missing at Kolada and were left out.`) : "";
  const pages = r.pages ? (sv ? ` Läste ${r.pages} ${r.pages === 1 ? "sida" : "sidor"}.` : ` Read ${r.pages} ${r.pages === 1 ? "page" : "pages"}.`) : "";
  return sv
    ? `Importerat: ${r.indicators.length} ${r.indicators.length === 1 ? "indikator" : "indikatorer"} (${names}) med ${n} värden.${missing}${pages}`
    : `Imported: ${r.indicators.length} ${r.indicators.length === 1 ? "indicator" : "indicators"} (${names}) with ${n} values.${missing}${pages}`;
}

/**
 * One import at a time: busy while it runs, then its result or why nothing was imported (the
 * server's problems by place, and `message(error)`).
 */
export function useImportRun(message: (e: unknown) => string) {
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ImportResult | null>(null);
  const [failed, setFailed] = useState<{ problems: ImportProblem[]; message: string } | null>(null);
  async function run(fn: () => Promise<ImportResult>, onImported: () => void) {
    setBusy(true);
    setDone(null);
    setFailed(null);
    try {
      setDone(await fn());
      onImported();
    } catch (e) {
      const problems = e instanceof ApiError ? (e.problems.length > 0 ? e.problems : e.issues.map((x) => ({ path: x.path, message: x.message }))) : [];
      setFailed({ problems, message: message(e) });
    } finally {
      setBusy(false);
    }
  }
  return { busy, done, failed, run };
}
