/** The unit costs the scenario uses, each with its source, price year and grade, editable. */
import type { Catalog, Override } from "@sikt/catalog";
import type { Scenario } from "@sikt/engine";
import { type Doc, resetUnitCostAmount, setUnitCostAmount } from "./document";
import { useI18n } from "./i18n";
import { NumberField } from "./NumberField";
import { SourceText } from "./SourceText";
import { central, withCentral } from "./uncertain";

export function UnitCosts(p: { doc: Doc; scenario: Scenario; catalog: Catalog | undefined; overrides: Override[]; disabled: boolean; onChange: (d: Doc) => void }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const used = new Set(p.scenario.outcomes.flatMap((o) => o.consequences.map((c) => c.unitCost)));
  const catalogue = typeof p.doc.catalog === "string";
  const list = p.scenario.unitCosts.filter((u) => used.has(u.id));
  return (
    <details className="card">
      <summary>
        <h2 className="inline">{lang === "sv" ? "Styckkostnader" : "Unit costs"}</h2> ({list.length})
      </summary>
      <fieldset disabled={p.disabled}>
        <legend className="visually-hidden">{lang === "sv" ? "Styckkostnader" : "Unit costs"}</legend>
        {list.map((u) => {
          const meta = (u.meta ?? {}) as Record<string, unknown>;
          // A distribution's override is reported field by field (amount.mode, …).
          const diff = p.overrides.some((o) => o.entry === `unitCosts/${u.id}` && /\.amount(\.|$)/.test(o.path));
          const original = p.catalog?.unitCosts.find((c) => c.id === u.id)?.amount;
          return (
            <div key={u.id} className={diff ? "field changed" : "field"}>
              <NumberField
                label={`${u.name} (${lang === "sv" ? "kr" : "SEK"}${u.unit ? ` ${lang === "sv" ? "per" : "per"} ${u.unit}` : ""})`}
                value={central(u.amount) ?? 0}
                min={0}
                onChange={(v) => p.onChange(setUnitCostAmount(p.doc, u.id, withCentral(u.amount, v)))}
              />
              {diff && (
                <p className="changed-mark">
                  <strong>{t("changedFromCatalog")}</strong> – {t("catalogValue")}: {i18n.num(central(original) ?? 0)}{" "}
                  {catalogue && !p.disabled && (
                    <button type="button" className="link" onClick={() => p.onChange(resetUnitCostAmount(p.doc, u.id))}>
                      {t("reset")}
                    </button>
                  )}
                </p>
              )}
              <p className="source">
                {typeof meta.grade === "string" && (
                  <span className="grade">
                    {t("grade")} {meta.grade}
                  </span>
                )}{" "}
                {typeof meta.year === "number" && (
                  <>
                    {lang === "sv" ? "År" : "Year"} {meta.year}.{" "}
                  </>
                )}
                {u.source ? (
                  <>
                    {t("source")}: <SourceText text={u.source} />
                  </>
                ) : lang === "sv" ? (
                  "Eget antagande."
                ) : (
                  "Own assumption."
                )}
              </p>
            </div>
          );
        })}
      </fieldset>
    </details>
  );
}
