/**
 * Two scenario documents (two versions, or two scenarios) evaluated in the browser and their
 * key figures side by side, with the difference.
 * @module
 */
import type { Catalog } from "@sikt/catalog";
import type { DeterministicResult } from "@sikt/engine";
import { useEffect, useState } from "react";
import { api } from "./api";
import { TableWrap } from "./TableWrap";
import { useI18n } from "./i18n";
import { useLiveResult } from "./useEngine";

/** The catalogues the documents name, loaded once they are known. */
export function useCatalogsFor(docs: (Record<string, unknown> | null)[]): Catalog[] | null {
  const [catalogs, setCatalogs] = useState<Catalog[] | null>(null);
  const ready = docs.every((d) => d !== null);
  const ids = [...new Set(docs.map((d) => d?.catalog).filter((c): c is string => typeof c === "string"))].sort().join(",");
  useEffect(() => {
    if (!ready) return;
    const list = ids ? ids.split(",") : [];
    Promise.all(list.map((id) => api.catalog(id))).then((cs) => setCatalogs(cs as unknown as Catalog[]), () => setCatalogs([]));
  }, [ready, ids]);
  return catalogs;
}

/** One side: its column's heading, a short name for the difference's heading (default: the heading), its document. */
type Side = { label: string; short?: string; document: Record<string, unknown> | null };

export function SideBySide({ a, b }: { a: Side; b: Side }) {
  const i = useI18n();
  const { t } = i;
  const catalogs = useCatalogsFor([a.document, b.document]);
  const ra = useLiveResult(a.document, catalogs, i.lang, 0);
  const rb = useLiveResult(b.document, catalogs, i.lang, 0);
  const da = ra.status === "ok" ? ra.result.deterministic : null;
  const db = rb.status === "ok" ? rb.result.deterministic : null;
  const rows: [string, (d: DeterministicResult) => number | null, (n: number) => string][] = [
    [t("npv"), (d) => d.npv, i.sek],
    [t("bcr"), (d) => d.bcr, i.ratio],
    [t("pvCosts"), (d) => d.pvCosts, i.sek],
    [t("pvSavings"), (d) => d.pvSavings, i.sek],
  ];
  const cell = (d: DeterministicResult | null, f: (d: DeterministicResult) => number | null, fmt: (n: number) => string) => {
    if (!d) return "…";
    const v = f(d);
    return v === null ? "–" : fmt(v);
  };
  return (
    <TableWrap label={t("side")}>
      <table className="list" data-testid="side-by-side">
        <caption>{t("side")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("keyFigures")}</th>
            <th scope="col" className="num">
              {a.label}
            </th>
            <th scope="col" className="num">
              {b.label}
            </th>
            <th scope="col" className="num">
              {i.lang === "sv" ? `Skillnad (${b.short ?? b.label} − ${a.short ?? a.label})` : `Difference (${b.short ?? b.label} − ${a.short ?? a.label})`}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, f, fmt]) => {
            const x = da ? f(da) : null;
            const y = db ? f(db) : null;
            return (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td className="num">{cell(da, f, fmt)}</td>
                <td className="num">{cell(db, f, fmt)}</td>
                <td className="num">{x !== null && y !== null ? fmt(y - x) : "–"}</td>
              </tr>
            );
          })}
          <tr>
            <th scope="row">{t("payback")}</th>
            <td className="num">{da ? (da.paybackYear ?? t("never")) : "…"}</td>
            <td className="num">{db ? (db.paybackYear ?? t("never")) : "…"}</td>
            <td />
          </tr>
        </tbody>
      </table>
    </TableWrap>
  );
}
