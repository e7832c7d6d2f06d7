/**
 * The workbench: the scenario's assumptions on the left, its result on the right, recalculated
 * as the user types. Saving creates a new version; a save based on an old version is refused by
 * the server and said so.
 * @module
 */
import type { Catalog, Override } from "@sikt/catalog";
import type { Scenario } from "@sikt/engine";
import { useEffect, useState } from "react";
import { api, ApiError, type ScenarioSummary, type Session } from "./api";
import { CatalogPicker } from "./CatalogPicker";
import { addIntervention, type Doc, type DocIntervention, insertIntervention, interventionsOf, removeIntervention, resetEffectField, setEffectField, setField, setHorizon, updateIntervention } from "./document";
import { useI18n } from "./i18n";
import { NumberField } from "./NumberField";
import { showNumber } from "./number-input";
import { Results } from "./Results";
import { UnitCosts } from "./UnitCosts";
import { DecidedText } from "./Decided";
import { KeySummary } from "./KeySummary";
import { href, useLeaveGuard } from "./route";
import { central, isUncertain, withCentral } from "./uncertain";
import { useLiveResult, useMonteCarlo } from "./useEngine";
import { ExtentEditor } from "./v2/Extent";
import { Links } from "./v2/Links";
import { OwnEntries } from "./v2/OwnEntries";
import { SourceText } from "./SourceText";

type Loaded = { scenario: ScenarioSummary; base: number; document: Doc; catalogs: Catalog[] };

export function Workbench({ id, session }: { id: string; session: Session }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [doc, setDoc] = useState<Doc | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [conflict, setConflict] = useState<number | null>(null);
  const [message, setMessage] = useState("");
  const [saving, setSaving] = useState(false);
  const [picking, setPicking] = useState(false);
  // The intervention removed last, so that its removal can be undone.
  const [removed, setRemoved] = useState<{ x: DocIntervention; index: number; name: string } | null>(null);

  async function load() {
    try {
      const { scenario } = await api.scenario(id);
      const v = await api.version(id, scenario.latestVersion);
      const ids = typeof v.document.catalog === "string" ? [v.document.catalog] : [];
      const catalogs = (await Promise.all(ids.map((c) => api.catalog(c)))) as unknown as Catalog[];
      setLoaded({ scenario, base: scenario.latestVersion, document: v.document, catalogs });
      setDoc(v.document);
      setConflict(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }
  useEffect(() => {
    void load();
  }, [id]);

  const live = useLiveResult(doc, loaded?.catalogs ?? null, i18n.lang);
  const mc = useMonteCarlo(loaded?.catalogs ?? null, i18n.lang);
  useEffect(() => mc.reset(), [doc]);
  const unsaved = !!loaded && !!doc && doc !== loaded.document && session.user.role !== "viewer" && loaded.scenario.access !== "read";
  useLeaveGuard(unsaved ? t("unsavedLeave") : null);

  if (error) return <p role="alert" className="error">{t("error", { m: error })}</p>;
  if (!loaded || !doc) return <p role="status">{t("loading")}</p>;

  const canEdit = session.user.role !== "viewer" && loaded.scenario.access !== "read";
  const dirty = doc !== loaded.document;
  const catalog = loaded.catalogs[0];
  const scenario = live.status === "ok" ? live.scenario : null;
  const overrides = live.status === "ok" ? live.overrides : [];

  async function save() {
    if (!doc || !loaded) return;
    setSaving(true);
    setNotice(null);
    try {
      const r = await api.save(id, loaded.base, doc, message || undefined);
      setLoaded({ ...loaded, scenario: r.scenario, base: r.version.version, document: doc });
      setMessage("");
      setRemoved(null);
      setNotice(t("saved", { v: r.version.version }));
    } catch (e) {
      if (e instanceof ApiError && e.code === "version_conflict" && e.latestVersion) setConflict(e.latestVersion);
      else setNotice(e instanceof ApiError && e.issues.length ? `${e.message} ${e.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; ")}` : String(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="workbench">
      <div className="title-row">
        <h1>{String(doc.name ?? loaded.scenario.name)}</h1>
        {live.status === "ok" && <KeySummary d={live.result.deterministic} onMore={() => jumpTo("results-h")} />}
        <p className="meta">
          {t("version")} {loaded.base}
          {dirty ? " *" : ""} · {loaded.scenario.organisationName} ·{" "}
          <a href={href({ page: "versions", id, to: loaded.scenario.latestVersion })}>{t("history")}</a> ·{" "}
          <a href={href({ page: "budget", id })}>{i18n.lang === "sv" ? "Budget och kostnadsdelning" : "Budget and cost sharing"}</a> ·{" "}
          {i18n.lang === "sv" ? "Beslutsunderlag" : "Decision report"} ({t("version").toLowerCase()} {loaded.base}):{" "}
          {(["pdf", "html", "xlsx"] as const).map((f, k) => (
            <span key={f}>
              {k > 0 && " · "}
              <a href={`/api/scenarios/${id}/versions/${loaded.base}/report?format=${f}`} {...(f === "html" ? { target: "_blank", rel: "noopener" } : { download: "" })}>
                {f.toUpperCase()}
              </a>
            </span>
          ))}
        </p>
        <p className="meta" data-testid="decision">
          {t("decision")}:{" "}
          {loaded.scenario.decided ? (
            <>
              <DecidedText decided={loaded.scenario.decided} />
              {loaded.scenario.decided.version !== loaded.base && ` – ${t("notDecidedVersion", { v: loaded.base })}`}
            </>
          ) : (
            t("noDecision")
          )}
        </p>
      </div>
      {!canEdit && <p className="notice">{t("readOnly")}</p>}
      <SectionNav names={interventionsOf(doc).map((x) => scenario?.interventions.find((r) => r.id === x.id)?.name ?? String(x.name ?? x.id))} canEdit={canEdit} />
      <div className="columns">
        <section aria-labelledby="results-h" className="results" aria-busy={live.status !== "pending" && live.busy}>
          <h2 id="results-h" tabIndex={-1}>
            {t("results")}
          </h2>
          {live.status === "pending" && <p role="status">{t("loading")}</p>}
          {live.status === "invalid" && (
            <div role="alert" className="error">
              <p>{t("problems")}</p>
              <ul>
                {live.issues.map((p, k) => (
                  <li key={k}>
                    <code>{p.path.join(".")}</code> {p.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {live.status === "ok" && <Results live={live} mc={mc} document={doc} />}
        </section>

        <section aria-labelledby="edit-h" className="editor">
          <h2 id="edit-h" className="visually-hidden" tabIndex={-1}>
            {t("settings")}
          </h2>
          <fieldset disabled={!canEdit}>
            <legend>{t("settings")}</legend>
            <label>
              {t("name")}
              <input value={String(doc.name ?? "")} onChange={(e) => setDoc(setField(doc, "name", e.target.value))} />
            </label>
            <div className="row">
              <NumberField label={t("startYear")} value={doc.startYear as number} onChange={(v) => setDoc(setField(doc, "startYear", Math.round(v)))} />
              <NumberField label={t("horizonYears")} value={doc.horizonYears as number} min={1} max={100} onChange={(v) => setDoc(setHorizon(doc, Math.max(1, Math.min(100, Math.round(v)))))} />
              <NumberField label={`${t("discountRate")} (%)`} value={(doc.discountRate as number) * 100} onChange={(v) => setDoc(setField(doc, "discountRate", Math.round(v * 1000) / 100000))} />
            </div>
          </fieldset>

          {scenario && <UnitCosts doc={doc} scenario={scenario} catalog={catalog} overrides={overrides} disabled={!canEdit} onChange={setDoc} />}
          {scenario && <Links doc={doc} scenario={scenario} result={live.status === "ok" ? live.result : undefined} disabled={!canEdit} onChange={setDoc} />}
          {scenario && <OwnEntries doc={doc} scenario={scenario} disabled={!canEdit} onChange={setDoc} />}

          <h2 id="iv-h" tabIndex={-1}>
            {t("interventions")}
          </h2>
          {removed && (
            <p role="status" className="notice undo">
              {t("removedIntervention", { name: removed.name })}{" "}
              <button
                type="button"
                onClick={() => {
                  setDoc(insertIntervention(doc, removed.index, removed.x));
                  setRemoved(null);
                }}
              >
                {t("undo")}
              </button>
            </p>
          )}
          {canEdit && catalog && (
            <button type="button" onClick={() => setPicking(true)}>
              {t("addIntervention")}
            </button>
          )}
          {picking && catalog && (
            <CatalogPicker
              catalog={catalog}
              population={(doc.meta as Record<string, number> | undefined)?.population}
              exclude={interventionsOf(doc).map((x) => x.id)}
              onPick={(entryId, perYear) => {
                setDoc(addIntervention(doc, entryId, perYear));
                setPicking(false);
              }}
              onClose={() => setPicking(false)}
            />
          )}
          <ol className="interventions">
            {interventionsOf(doc).map((x, index) => (
              <InterventionEditor
                key={x.id}
                x={x}
                index={index}
                resolved={scenario?.interventions.find((r) => r.id === x.id)}
                scenario={scenario}
                catalog={catalog}
                overrides={overrides}
                disabled={!canEdit}
                onChange={(change) => setDoc(updateIntervention(doc, index, change))}
                onRemove={(name) => {
                  setDoc(removeIntervention(doc, index));
                  setRemoved({ x, index, name });
                }}
              />
            ))}
          </ol>

        </section>
      </div>
      {canEdit && (
            <div className="save card savebar" id="save" tabIndex={-1} role="region" aria-label={t("saveBar")}>
              <p className="save-state" aria-live="polite">
                {unsaved ? t("unsavedChanges") : t("allSaved", { v: loaded.base })}
              </p>
              {unsaved && (
                <label>
                  {t("message")}
                  <input value={message} onChange={(e) => setMessage(e.target.value)} />
                </label>
              )}
              <button type="button" onClick={save} disabled={!dirty || saving || live.status === "invalid"}>
                {saving ? t("saving") : t("save")}
              </button>
              {notice && <p role="status">{notice}</p>}
              {conflict !== null && (
                <div role="alert" className="error">
                  <p>{t("conflict", { v: conflict })}</p>
                  <button type="button" onClick={() => void load()}>
                    {t("loadLatest")}
                  </button>
                </div>
              )}
            </div>
      )}
    </div>
  );
}

/** Moves to a part of the page without changing the address (a route lives in the hash). */
export function jumpTo(id: string) {
  const el = document.getElementById(id);
  if (!el) return;
  el.scrollIntoView({ block: "start" });
  el.focus({ preventScroll: true });
}

/** Shortcuts to the workbench's parts: the result, the uncertainty analysis, the settings, each intervention, saving. */
function SectionNav({ names, canEdit }: { names: string[]; canEdit: boolean }) {
  const { t } = useI18n();
  const link = (id: string, text: string) => (
    <li>
      <a
        href={`#${id}`}
        onClick={(e) => {
          e.preventDefault();
          jumpTo(id);
        }}
      >
        {text}
      </a>
    </li>
  );
  return (
    <nav aria-label={t("sections")} className="sections">
      <ul>
        {link("results-h", t("keyFigures"))}
        {link("mc", t("uncertainty"))}
        {link("edit-h", t("settings"))}
        {link("iv-h", t("interventions"))}
        {canEdit && link("save", t("save"))}
      </ul>
      {names.length > 0 && (
        <label className="jump">
          {t("goToIntervention")}
          <select
            value=""
            onChange={(e) => {
              if (e.target.value !== "") jumpTo(`iv-${e.target.value}`);
            }}
          >
            <option value="">–</option>
            {names.map((n, k) => (
              <option key={k} value={k}>
                {n}
              </option>
            ))}
          </select>
        </label>
      )}
    </nav>
  );
}

const EFFECT_FIELDS = ["relativeRiskReduction", "oddsRatio", "standardizedMeanDifference"] as const;
const COST_LABEL = {
  perParticipant: { sv: "Kostnad per deltagare", en: "Cost per participant" },
  perYear: { sv: "Kostnad per år", en: "Cost per year" },
  oneOff: { sv: "Engångskostnad", en: "One-off cost" },
} as const;
const FIELD_LABEL: Record<string, { sv: string; en: string }> = {
  baselineRisk: { sv: "Risk utan insats", en: "Risk without the intervention" },
  relativeRiskReduction: { sv: "Relativ riskminskning", en: "Relative risk reduction" },
  oddsRatio: { sv: "Oddskvot", en: "Odds ratio" },
  standardizedMeanDifference: { sv: "Effektstorlek (d)", en: "Effect size (d)" },
  efficacy: { sv: "Genomslag i svensk praktik", en: "Efficacy in Swedish practice" },
};

function InterventionEditor(p: {
  x: DocIntervention;
  index: number;
  resolved: Scenario["interventions"][number] | undefined;
  scenario: Scenario | null;
  catalog: Catalog | undefined;
  overrides: Override[];
  disabled: boolean;
  onChange: (f: (x: DocIntervention) => DocIntervention) => void;
  onRemove: (name: string) => void;
}) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const { x, resolved, index } = p;
  const participants = x.participants ?? resolved?.participants ?? [];
  const same = participants.every((n) => n === participants[0]);
  const [perYear, setPerYear] = useState(!same);
  const entry = p.catalog?.interventions.find((e) => e.id === x.id) as (Record<string, unknown> & { effects?: Record<string, unknown>[] }) | undefined;
  // A distribution's override is reported field by field (`….baselineRisk.mean`).
  const changed = (path: string) => p.overrides.some((o) => o.path === path || o.path.startsWith(`${path}.`));
  const entryMeta = entry?.meta as Record<string, unknown> | undefined;
  const outcomeName = (id: string) => p.scenario?.outcomes.find((o) => o.id === id)?.name ?? id;
  const name = resolved?.name ?? String(x.name ?? x.id);
  const headingId = `iv-${index}`;
  const years = participants.map((_, k) => (typeof p.scenario?.startYear === "number" ? p.scenario.startYear + k : k + 1));

  return (
    <li className="card intervention" aria-labelledby={headingId}>
      <div className="iv-head">
        <h3 id={headingId} tabIndex={-1}>
          {name}
        </h3>
        {resolved && <span className="tag">{t(`level_${resolved.level}` as "level_individ")}</span>}
        {!p.disabled && (
          <button type="button" className="link" onClick={() => p.onRemove(name)} aria-label={`${t("remove")}: ${name}`}>
            {t("remove")}
          </button>
        )}
      </div>
      <fieldset disabled={p.disabled}>
        <legend>{t("participantsPerYear")}</legend>
        <div className="toggle" role="group" aria-label={t("participantsPerYear")}>
          <button type="button" aria-pressed={!perYear} onClick={() => setPerYear(false)}>
            {t("sameEveryYear")}
          </button>
          <button type="button" aria-pressed={perYear} onClick={() => setPerYear(true)}>
            {t("perYear")}
          </button>
        </div>
        {!perYear ? (
          <NumberField
            label={`${t("participantsPerYear")} – ${name}`}
            value={participants[0] ?? 0}
           
            min={0}
           
            onChange={(v) => p.onChange((cur) => ({ ...cur, participants: Array(participants.length || 1).fill(Math.max(0, Math.round(v))) }))}
          />
        ) : (
          <div className="years">
            {participants.map((n, k) => (
              <NumberField
                key={k}
                label={String(years[k])}
                value={n}
               
                min={0}
               
                onChange={(v) => p.onChange((cur) => ({ ...cur, participants: participants.map((m, j) => (j === k ? Math.max(0, Math.round(v)) : m)) }))}
              />
            ))}
          </div>
        )}
      </fieldset>
      {resolved && (
        <details>
          <summary>{lang === "sv" ? "Kostnader och genomslag" : "Costs and efficacy"}</summary>
          <fieldset disabled={p.disabled}>
            <legend className="visually-hidden">{lang === "sv" ? "Kostnader och genomslag" : "Costs and efficacy"}</legend>
            {resolved.costs.map((c, k) =>
              (["perParticipant", "perYear", "oneOff"] as const)
                .filter((f) => c[f] !== undefined)
                .map((f) => {
                  const diff = p.overrides.find((o) => o.entry === `interventions/${x.id}` && o.path.includes(`.costs`));
                  const payer = p.scenario?.payers.find((y) => y.id === c.payer)?.name ?? c.payer;
                  return (
                    <div key={`${k}-${f}`} className={diff ? "field changed" : "field"}>
                      <NumberField
                        label={`${COST_LABEL[f][lang]} – ${payer} (${lang === "sv" ? "kr" : "SEK"})`}
                        value={central(c[f]) ?? 0}
                        min={0}
                        onChange={(v) =>
                          p.onChange((cur) => ({ ...cur, costs: resolved.costs.map((line, j) => (j === k ? { ...line, [f]: withCentral(line[f], v) } : line)) }))
                        }
                      />
                    </div>
                  );
                }),
            )}
            {p.overrides.some((o) => o.entry === `interventions/${x.id}` && o.path.includes(".costs")) && (
              <p className="changed-mark">
                <strong>{t("changedFromCatalog")}</strong>{" "}
                {!p.disabled && (
                  <button
                    type="button"
                    className="link"
                    onClick={() =>
                      p.onChange((cur) => {
                        const { costs: _drop, ...rest } = cur;
                        return rest as DocIntervention;
                      })
                    }
                  >
                    {t("reset")}
                  </button>
                )}
              </p>
            )}
            <div className={p.overrides.some((o) => o.entry === `interventions/${x.id}` && o.path.endsWith(".efficacy")) ? "field changed" : "field"}>
              <NumberField
                label={FIELD_LABEL.efficacy![lang]}
                value={central(resolved.efficacy) ?? 1}
                min={0}
                max={1}
                onChange={(v) => p.onChange((cur) => ({ ...cur, efficacy: withCentral(resolved.efficacy, v) }))}
              />
              {entryMeta && (reasonOf(entryMeta, lang) !== null || typeof entryMeta.evidenceGrade === "string") && (
                // The catalogue's reason in Swedish, and in English beside it for the English interface.
                <p className="source">
                  {typeof entryMeta.evidenceGrade === "string" && (
                    <span className="grade">
                      {t("grade")} {entryMeta.evidenceGrade}
                    </span>
                  )}{" "}
                  {reasonOf(entryMeta, lang)}
                </p>
              )}
            </div>
          </fieldset>
        </details>
      )}
      {resolved && resolved.effects.length > 0 && (
        <details>
          <summary>
            {t("effects")} ({resolved.effects.length})
          </summary>
          {resolved.effects.map((e, j) => {
            const source = entry?.effects?.find((c) => c.outcome === e.outcome);
            const grade = (source?.meta as Record<string, unknown> | undefined)?.grade;
            const fields = ["baselineRisk", ...EFFECT_FIELDS.filter((f) => e[f] !== undefined)];
            return (
              <div key={e.outcome} className="effect">
                <h4>
                  {t("outcome")}: {outcomeName(e.outcome)}
                </h4>
                {fields.map((f) => {
                  const value = (e as Record<string, unknown>)[f];
                  const path = `interventions[${index}].effects[${j}].${f}`;
                  const diff = changed(path);
                  const c = central(value);
                  return (
                    <div key={f} className={diff ? "field changed" : "field"}>
                      <NumberField
                        label={`${FIELD_LABEL[f]?.[lang] ?? f}${isUncertain(value) ? (lang === "sv" ? " (medel)" : " (mean)") : ""}`}
                        value={c ?? 0}
                       
                       
                        onChange={(v) => p.onChange((cur) => setEffectField(cur, e.outcome, f, withCentral(value, v)))}
                      />
                      {diff && (
                        <p className="changed-mark">
                          <strong>{t("changedFromCatalog")}</strong> – {t("catalogValue")}: {central(source?.[f]) === null ? "–" : showNumber(central(source?.[f])!, lang)}{" "}
                          {!p.disabled && (
                            <button type="button" className="link" onClick={() => p.onChange((cur) => resetEffectField(cur, e.outcome, f))}>
                              {t("reset")}
                            </button>
                          )}
                        </p>
                      )}
                    </div>
                  );
                })}
                <ExtentEditor outcome={e.outcome} outcomeName={outcomeName(e.outcome)} extent={e.extent} disabled={p.disabled} onChange={p.onChange} />
                {(e.source || typeof grade === "string") && (
                  <p className="source">
                    {typeof grade === "string" && (
                      <span className="grade" title={t("grade")}>
                        {t("grade")} {grade}
                      </span>
                    )}{" "}
                    {e.source && (
                      <>
                        {t("source")}: <SourceText text={e.source} />
                      </>
                    )}
                  </p>
                )}
              </div>
            );
          })}
        </details>
      )}
    </li>
  );
}

/**
 * Why the catalogue set the efficacy, in the reader's language: efficacyReason (Swedish) and
 * efficacyReasonEn in both catalogues; se-2026.1's evidenceReason (English) is the last resort in
 * English. The Swedish interface never shows English where a Swedish text exists.
 */
function reasonOf(meta: Record<string, unknown>, lang: "sv" | "en") {
  const text = (k: string) => (typeof meta[k] === "string" ? (meta[k] as string) : null);
  const sv = text("efficacyReason");
  const en = text("efficacyReasonEn") ?? text("evidenceReason");
  if (lang === "en" && en) return <span lang="en">{en}</span>;
  if (sv) return <span lang="sv">{sv}</span>;
  return null;
}
