/** A dialog to find a catalogue intervention (searchable, grouped by level) and add it. */
import type { Catalog } from "@sikt/catalog";
import { useEffect, useRef, useState } from "react";
import { suggestedParticipants } from "./document";
import { useI18n } from "./i18n";

const LEVELS = ["individ", "grupp", "samhalle"] as const;

export function CatalogPicker(p: { catalog: Catalog; population: number | undefined; exclude: string[]; onPick: (id: string, perYear: number) => void; onClose: () => void }) {
  const { t } = useI18n();
  const [query, setQuery] = useState("");
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const words = query.toLocaleLowerCase("sv").split(/\s+/).filter(Boolean);
  const matches = p.catalog.interventions.filter((e) => {
    if (p.exclude.includes(e.id)) return false;
    const text = [e.id, e.name, e.description, (e.meta as Record<string, unknown> | undefined)?.nameEn].filter((v) => typeof v === "string").join(" ").toLocaleLowerCase("sv");
    return words.every((w) => text.includes(w));
  });
  return (
    <dialog ref={dialog} className="picker" aria-labelledby="picker-h" onClose={p.onClose}>
      <h2 id="picker-h">{t("addIntervention")}</h2>
      <label>
        {t("search")}
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoFocus />
      </label>
      {LEVELS.map((level) => {
        const list = matches.filter((e) => e.level === level);
        if (list.length === 0) return null;
        return (
          <section key={level} aria-labelledby={`lvl-${level}`}>
            <h3 id={`lvl-${level}`}>{t(`level_${level}`)}</h3>
            <ul className="plain">
              {list.map((e) => {
                const perYear = suggestedParticipants(e, p.population);
                return (
                  <li key={e.id} className="pick">
                    <div>
                      <strong>{e.name}</strong>
                      {typeof e.description === "string" && <p className="small">{e.description}</p>}
                    </div>
                    <button type="button" onClick={() => p.onPick(e.id, perYear)} aria-label={`${t("add")}: ${e.name}`}>
                      {t("add")}
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
      <button type="button" onClick={() => dialog.current?.close()}>
        {t("close")}
      </button>
    </dialog>
  );
}
