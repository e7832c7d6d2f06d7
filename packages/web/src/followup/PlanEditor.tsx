/**
 * One action plan: its measures (the findings they answer, who is responsible, the time plan and
 * budget, the calculation scenario, the indicators with targets) and, on the same page, the
 * follow-up: plan against forecast against actual per measure and year, with the years off track
 * and why, the actuals reported here, and the scenario re-run with them.
 * @module
 */
import type { ActionPlan, Indicator, Lagesbild, Measure, PlanFollowUp } from "@sikt/followup";
import { useEffect, useState } from "react";
import { api, type Doc, errorText, followupApi as f, type ScenarioSummary, type Session } from "../api";
import { useI18n } from "../i18n";
import { NumberField } from "../NumberField";
import { go, href } from "../route";
import { TableWrap } from "../TableWrap";
import { DeleteDoc, ExportLinks, LEVELS, LevelSelect, ListField, newId, OptionalNumber, SaveBar, useDocEditor, yearsBetween } from "./common";
import { FollowUpSection } from "./FollowUp";

/** An intervention of a scenario as a choice: its id and the name the scenario or its catalogue gives. */
export interface InterventionChoice {
  id: string;
  name: string;
}

const catalogs = new Map<string, Promise<Record<string, unknown>>>();
const interventionCache = new Map<string, Promise<InterventionChoice[]>>();

/** The interventions of a scenario's latest version, named from the document or its catalogue. */
export function interventionsOf(scenarioId: string): Promise<InterventionChoice[]> {
  let p = interventionCache.get(scenarioId);
  if (!p) {
    p = (async () => {
      const s = await api.scenario(scenarioId);
      const v = await api.version(scenarioId, s.scenario.latestVersion);
      const list = Array.isArray(v.document.interventions) ? (v.document.interventions as Record<string, unknown>[]) : [];
      let names: Record<string, string> = {};
      const catalogId = v.document.catalog;
      if (typeof catalogId === "string" && list.some((x) => typeof x.name !== "string")) {
        let c = catalogs.get(catalogId);
        if (!c) catalogs.set(catalogId, (c = api.catalog(catalogId)));
        const entries = ((await c.catch(() => ({}))) as { interventions?: { id: string; name: string }[] }).interventions ?? [];
        names = Object.fromEntries(entries.map((e) => [e.id, e.name]));
      }
      return list.map((x) => ({ id: String(x.id), name: typeof x.name === "string" ? x.name : (names[String(x.id)] ?? String(x.id)) }));
    })();
    p.catch(() => interventionCache.delete(scenarioId));
    interventionCache.set(scenarioId, p);
  }
  return p;
}

export function PlanEditor({ id, session }: { id: string; session: Session }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const canWrite = session.user.role !== "viewer";
  const [lagesbilder, setLagesbilder] = useState<Doc<Lagesbild>[]>([]);
  const [indicators, setIndicators] = useState<Indicator[]>([]);
  const [scenarios, setScenarios] = useState<ScenarioSummary[]>([]);
  const [followUp, setFollowUp] = useState<PlanFollowUp | null>(null);
  const editor = useDocEditor<ActionPlan>(id, f.plans.get, f.plans.save, {
    // Every year of a measure is saved with its plan: a year left untouched is planned as zero, as the form shows it.
    prepare: (body) => ({
      ...body,
      measures: body.measures.map((m) => ({ ...m, planned: yearsBetween(m.startYear, m.endYear).map((year) => m.planned.find((x) => x.year === year) ?? { year, participants: 0, cost: 0 }) })),
    }),
    after: async () => setFollowUp(await f.followUp(id)),
  });
  const { doc, body, setBody, dirty, load, error } = editor;
  useEffect(() => {
    void load();
    f.lagesbilder.list().then(setLagesbilder, () => setLagesbilder([]));
    f.indicators().then(setIndicators, () => setIndicators([]));
    api.scenarios().then(setScenarios, () => setScenarios([]));
  }, [id]);

  if (!doc || !body) return error ? <p role="alert" className="error">{error}</p> : <p role="status">{i.t("loading")}</p>;
  const lagesbild = lagesbilder.find((l) => l.id === body.lagesbildId)?.body ?? null;
  const setMeasure = (k: number, m: Measure) => setBody({ ...body, measures: body.measures.map((x, j) => (j === k ? m : x)) });

  return (
    <div className="plan">
      <p>
        <a href={href({ page: "plans" })}>← {i.t("navPlans")}</a>
      </p>
      <h1>{body.title || (sv ? "Åtgärdsplan" : "Action plan")}</h1>
      <p className="meta">
        {i.t("version")} {doc.version}
        {dirty ? " *" : ""} · {sv ? "ändrad" : "changed"} {i.dateTime(doc.updatedAt)}
        {body.lagesbildId && (
          <>
            {" "}
            · {sv ? "bygger på" : "builds on"} <a href={href({ page: "lagesbild", id: body.lagesbildId })}>{lagesbild?.title ?? (sv ? "lägesbilden" : "the report")}</a>
          </>
        )}
      </p>
      <ExportLinks base={`/api/plans/${id}/export`} formats={["html", "pdf", "xlsx"]} label={sv ? "Planen med uppföljning" : "The plan with its follow-up"} />

      <fieldset disabled={!canWrite}>
        <legend>{sv ? "Planen" : "The plan"}</legend>
        <div className="row">
          <label className="grow">
            {sv ? "Planens rubrik" : "Title of the plan"}
            <input value={body.title} onChange={(e) => setBody({ ...body, title: e.target.value })} />
          </label>
          <label>
            {sv ? "Bygger på lägesbild" : "Builds on the report"}
            <select
              value={body.lagesbildId ?? ""}
              onChange={(e) => {
                const next = lagesbilder.find((l) => l.id === e.target.value)?.body.findings.map((x) => x.id) ?? [];
                // Findings belong to a lägesbild: the measures keep only those of the one chosen.
                setBody({ ...body, lagesbildId: e.target.value || null, measures: body.measures.map((m) => ({ ...m, findingIds: m.findingIds.filter((id) => next.includes(id)) })) });
              }}
            >
              <option value="">{sv ? "(ingen)" : "(none)"}</option>
              {lagesbilder.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.body.title} ({l.body.year})
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="row">
          <NumberField label={sv ? "Från år" : "From year"} value={body.startYear} min={1900} max={2100} onChange={(v) => setBody({ ...body, startYear: Math.round(v) })} />
          <NumberField label={sv ? "Till år" : "To year"} value={body.endYear} min={1900} max={2100} onChange={(v) => setBody({ ...body, endYear: Math.round(v) })} />
          <NumberField label={sv ? "Tolerans för avvikelse (%)" : "Tolerance for deviation (%)"} value={+(body.tolerance * 100).toFixed(4)} min={0} max={100} onChange={(v) => setBody({ ...body, tolerance: v / 100 })} />
        </div>
      </fieldset>

      <section aria-labelledby="measures-h">
        <h2 id="measures-h">{sv ? "Åtgärder" : "Measures"}</h2>
        {body.measures.length === 0 && <p>{sv ? "Inga åtgärder ännu." : "No measures yet."}</p>}
        <ol className="interventions">
          {body.measures.map((m, k) => (
            <li key={m.id} className="card">
              <MeasureEditor
                index={k}
                measure={m}
                plan={body}
                lagesbild={lagesbild}
                indicators={indicators}
                scenarios={scenarios}
                disabled={!canWrite}
                onChange={(x) => setMeasure(k, x)}
                onRemove={() => setBody({ ...body, measures: body.measures.filter((_, j) => j !== k) })}
              />
            </li>
          ))}
        </ol>
        {canWrite && (
          <button
            type="button"
            onClick={() =>
              setBody({
                ...body,
                measures: [
                  ...body.measures,
                  { id: newId("m"), title: "", description: "", level: "individ", findingIds: [], responsible: [], startYear: body.startYear, endYear: body.endYear, planned: [], scenario: null, indicators: [] },
                ],
              })
            }
          >
            {sv ? "Lägg till åtgärd" : "Add a measure"}
          </button>
        )}
      </section>

      {canWrite && (
        <SaveBar
          editor={editor}
          label={sv ? "Spara planen" : "Save the plan"}
          blocked={!body.title.trim() || body.measures.some((m) => !m.title.trim())}
          hint={body.measures.some((m) => !m.title.trim()) && (sv ? "Varje åtgärd behöver en rubrik." : "Every measure needs a title.")}
        />
      )}

      {followUp && <FollowUpSection planId={id} plan={doc.body} followUp={followUp} dirty={dirty} canWrite={canWrite} onChange={setFollowUp} />}
      {canWrite && (
        <DeleteDoc
          label={sv ? "Ta bort planen med dess utfall" : "Delete the plan with its actuals"}
          question={sv ? `Ta bort åtgärdsplanen "${doc.body.title}" med allt rapporterat utfall?` : `Delete the action plan "${doc.body.title}" with all actuals reported?`}
          remove={() => f.plans.remove(id)}
          after={() => go({ page: "plans" }, { discard: true })}
        />
      )}
    </div>
  );
}

function MeasureEditor(p: {
  index: number;
  measure: Measure;
  plan: ActionPlan;
  lagesbild: Lagesbild | null;
  indicators: Indicator[];
  scenarios: ScenarioSummary[];
  disabled: boolean;
  onChange: (m: Measure) => void;
  onRemove: () => void;
}) {
  const { measure: m, onChange } = p;
  const i = useI18n();
  const sv = i.lang === "sv";
  const set = (change: Partial<Measure>) => onChange({ ...m, ...change });
  const years = yearsBetween(m.startYear, m.endYear);
  const plannedOf = (year: number) => m.planned.find((x) => x.year === year) ?? { year, participants: 0, cost: 0 };
  /** The time plan for every year of the measure (a year left out is planned as zero). */
  const setPlanned = (year: number, change: { participants?: number; cost?: number }) =>
    set({ planned: years.map((y) => (y === year ? { ...plannedOf(y), ...change } : plannedOf(y))) });
  const setYears = (startYear: number, endYear: number) => set({ startYear, endYear, planned: m.planned.filter((x) => x.year >= startYear && x.year <= endYear) });
  const findings = p.lagesbild?.findings ?? [];
  const label = `${sv ? "Åtgärd" : "Measure"} ${p.index + 1}${m.title ? `: ${m.title}` : ""}`;
  const indicator = (id: string) => m.indicators.find((x) => x.indicatorId === id);
  const setIndicator = (id: string, change: Partial<Measure["indicators"][number]> | null) =>
    set({
      indicators:
        change === null
          ? m.indicators.filter((x) => x.indicatorId !== id)
          : indicator(id)
            ? m.indicators.map((x) => (x.indicatorId === id ? { ...x, ...change } : x))
            : [...m.indicators, { indicatorId: id, target: null, targetYear: null, ...change }],
    });

  return (
    <fieldset disabled={p.disabled} data-testid={`measure-${p.index + 1}`}>
      <legend>{label}</legend>
      <div className="row">
        <label className="grow">
          {sv ? "Åtgärdens rubrik" : "Title of the measure"}
          <input value={m.title} onChange={(e) => set({ title: e.target.value })} />
        </label>
        <LevelSelect value={m.level} onChange={(level) => set({ level })} />
      </div>
      <label>
        {i.t("description")}
        <textarea rows={2} value={m.description} onChange={(e) => set({ description: e.target.value })} />
      </label>
      <ListField label={sv ? "Ansvariga aktörer (åtskilda med komma)" : "Responsible actors (separated by commas)"} value={m.responsible} onChange={(responsible) => set({ responsible })} />

      <fieldset>
        <legend>{sv ? "Svarar mot fynd i lägesbilden" : "Answers findings of the report"}</legend>
        {!p.lagesbild ? (
          <p className="small">{sv ? "Planen bygger inte på någon lägesbild ännu." : "The plan does not build on a report yet."}</p>
        ) : findings.length === 0 ? (
          <p className="small">{sv ? "Lägesbilden har inga fynd ännu." : "The report has no findings yet."}</p>
        ) : (
          LEVELS.filter((l) => findings.some((x) => x.level === l)).map((l) => (
            <fieldset key={l} className="finding-group">
              <legend>{i.t(`level_${l}`)}</legend>
              {findings
                .filter((x) => x.level === l)
                .map((x) => (
                  <label key={x.id} className="inline-check">
                    <input type="checkbox" checked={m.findingIds.includes(x.id)} onChange={(e) => set({ findingIds: e.target.checked ? [...m.findingIds, x.id] : m.findingIds.filter((y) => y !== x.id) })} />
                    {x.title} <span className="tag">{i.t(`kind_${x.kind}`)}</span>
                  </label>
                ))}
            </fieldset>
          ))
        )}
      </fieldset>

      <fieldset>
        <legend>{sv ? "Tidsplan och budget" : "Time plan and budget"}</legend>
        <div className="row">
          <NumberField label={sv ? "Startår" : "Start year"} value={m.startYear} min={1900} max={2100} onChange={(v) => setYears(Math.round(v), m.endYear)} />
          <NumberField label={sv ? "Slutår" : "End year"} value={m.endYear} min={1900} max={2100} onChange={(v) => setYears(m.startYear, Math.round(v))} />
        </div>
        {years.length > 0 && (
          <TableWrap label={`${sv ? "Tidsplan och budget" : "Time plan and budget"}: ${m.title || label}`}>
            <table className="list compact">
              <caption className="small">
                {sv ? "Planerat per år: deltagare (modellerat, inte personer) och budget i kronor" : "Planned per year: participants (modelled, not people) and budget in SEK"}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{i.t("year")}</th>
                  <th scope="col">{sv ? "Planerade deltagare" : "Planned participants"}</th>
                  <th scope="col">{sv ? "Budget (kr)" : "Budget (SEK)"}</th>
                </tr>
              </thead>
              <tbody>
                {years.map((y) => (
                  <tr key={y}>
                    <th scope="row">{y}</th>
                    <td>
                      <OptionalNumber hideLabel label={`${sv ? "Planerade deltagare" : "Planned participants"} ${y}`} value={plannedOf(y).participants} min={0} onChange={(v) => setPlanned(y, { participants: Math.round(v ?? 0) })} />
                    </td>
                    <td>
                      <OptionalNumber hideLabel label={`${sv ? "Budget" : "Budget"} ${y}`} value={plannedOf(y).cost} min={0} onChange={(v) => setPlanned(y, { cost: v ?? 0 })} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </fieldset>

      <ScenarioChoice scenarios={p.scenarios} value={m.scenario} onChange={(scenario) => set({ scenario })} />

      <fieldset>
        <legend>{sv ? "Indikatorer som visar om åtgärden verkar" : "Indicators that show whether the measure works"}</legend>
        {p.indicators.length === 0 && <p className="small">{sv ? "Inga indikatorer ännu." : "No indicators yet."}</p>}
        {p.indicators.map((x) => {
          const chosen = indicator(x.id);
          return (
            <div key={x.id} className="row">
              <label className="inline-check">
                <input type="checkbox" checked={!!chosen} onChange={(e) => setIndicator(x.id, e.target.checked ? {} : null)} />
                {x.name}
              </label>
              {chosen && (
                <>
                  <OptionalNumber
                    label={
                      x.kind === "count"
                        ? sv
                          ? "Målvärde (per 100 000 inv. där befolkningen är känd, annars antal; valfritt)"
                          : "Target (per 100,000 inhabitants where the population is known, else a count; optional)"
                        : `${sv ? "Målvärde" : "Target"} (${x.unit ? `${x.unit}; ` : ""}${sv ? "valfritt" : "optional"})`
                    } value={chosen.target} onChange={(v) => setIndicator(x.id, { target: v })} />
                  <OptionalNumber label={sv ? "Målår (valfritt)" : "Target year (optional)"} value={chosen.targetYear} min={1900} max={2100} onChange={(v) => setIndicator(x.id, { targetYear: v === null ? null : Math.round(v) })} />
                </>
              )}
            </div>
          );
        })}
      </fieldset>
      <button type="button" className="link" onClick={p.onRemove}>
        {i.t("remove")} <span className="visually-hidden">{label}</span>
      </button>
    </fieldset>
  );
}

/** The calculation scenario and its intervention that model a measure. */
function ScenarioChoice({ scenarios, value, onChange }: { scenarios: ScenarioSummary[]; value: Measure["scenario"]; onChange: (v: Measure["scenario"]) => void }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const [choices, setChoices] = useState<InterventionChoice[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const scenarioId = value?.id ?? "";
  useEffect(() => {
    setChoices(null);
    setError(null);
    if (!scenarioId) return;
    let live = true;
    interventionsOf(scenarioId).then(
      (c) => live && setChoices(c),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [scenarioId]);
  return (
    <fieldset>
      <legend>{sv ? "Kalkylscenario" : "Calculation scenario"}</legend>
      <div className="row">
        <label>
          {sv ? "Scenario" : "Scenario"}
          <select
            value={scenarioId}
            onChange={async (e) => {
              const id = e.target.value;
              if (!id) return onChange(null);
              const list = await interventionsOf(id).catch(() => []);
              onChange({ id, interventionId: list[0]?.id ?? "" });
            }}
          >
            <option value="">{sv ? "(inget)" : "(none)"}</option>
            {scenarios.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        {value && (
          <label>
            {sv ? "Insats i scenariot" : "Intervention in the scenario"}
            <select value={value.interventionId} onChange={(e) => onChange({ id: value.id, interventionId: e.target.value })} disabled={!choices}>
              {!choices && <option value={value.interventionId}>{i.t("loading")}</option>}
              {choices?.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {error && <p className="error">{error}</p>}
    </fieldset>
  );
}
