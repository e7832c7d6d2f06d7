/**
 * One lägesbild in the law's three parts (2023:196 §4): 1. the mapping (the indicators chosen
 * and why, the sources, what limits the knowledge), 2. other relevant information, 3. the
 * analysis with its findings (problems, risk and protective factors, each shown by indicators).
 * Saved as a new version on top of the one it was loaded as.
 * @module
 */
import type { Finding, FindingKind, Indicator, Lagesbild } from "@sikt/followup";
import { useEffect, useState } from "react";
import { followupApi as f, type Session } from "../api";
import { useI18n } from "../i18n";
import { go, href } from "../route";
import { DeleteDoc, ExportLinks, FINDING_KINDS, LevelSelect, newId, SaveBar, useDocEditor } from "./common";

export function LagesbildEditor({ id, session }: { id: string; session: Session }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const canWrite = session.user.role !== "viewer";
  const editor = useDocEditor<Lagesbild>(id, f.lagesbilder.get, f.lagesbilder.save);
  const { doc, body, setBody, dirty, load, error } = editor;
  const [indicators, setIndicators] = useState<Indicator[]>([]);
  useEffect(() => {
    void load();
    f.indicators().then(setIndicators, () => setIndicators([]));
  }, [id]);

  if (!doc || !body) return error ? <p role="alert" className="error">{error}</p> : <p role="status">{i.t("loading")}</p>;
  const nameOf = (indicatorId: string) => indicators.find((x) => x.id === indicatorId)?.name ?? indicatorId;
  const chosen = body.mapping.indicators;
  const setMapping = (m: Partial<Lagesbild["mapping"]>) => setBody({ ...body, mapping: { ...body.mapping, ...m } });
  const setFinding = (k: number, change: Partial<Finding>) => setBody({ ...body, findings: body.findings.map((x, j) => (j === k ? { ...x, ...change } : x)) });

  return (
    <div className="lagesbild">
      <p>
        <a href={href({ page: "lagesbild" })}>← {i.t("navLagesbild")}</a>
      </p>
      <h1>{body.title || (sv ? "Lägesbild" : "Local situation report")}</h1>
      <p className="meta">
        {i.t("version")} {doc.version}
        {dirty ? " *" : ""} · {sv ? "ändrad" : "changed"} {i.dateTime(doc.updatedAt)}
      </p>
      <ExportLinks base={`/api/lagesbilder/${id}/export`} formats={["html", "pdf"]} label={sv ? "Lägesbilden i lagens struktur" : "The report in the law's structure"} />
      <fieldset disabled={!canWrite}>
        <legend>{sv ? "Lägesbilden" : "The report"}</legend>
        <div className="row">
          <label className="grow">
            {i.t("title")}
            <input value={body.title} onChange={(e) => setBody({ ...body, title: e.target.value })} />
          </label>
          <label>
            {sv ? "År som beskrivs" : "Year described"}
            <input type="number" min={1900} max={2100} value={body.year} onChange={(e) => setBody({ ...body, year: Number(e.target.value) })} />
          </label>
        </div>
      </fieldset>

      <section aria-labelledby="lb-1">
        <h2 id="lb-1">{sv ? "1. Kartläggning" : "1. Mapping"}</h2>
        <p className="small">
          {sv
            ? "Vilka brott och vilken brottslighet som finns i kommunen, omfattning och konsekvenser: välj indikatorerna och skriv varför de är med."
            : "The crime in the municipality, its extent and consequences: choose the indicators and say why they are included."}
        </p>
        <fieldset disabled={!canWrite}>
          <legend>{sv ? "Indikatorer i kartläggningen" : "Indicators in the mapping"}</legend>
          {indicators.length === 0 && (
            <p>
              {sv ? "Inga indikatorer ännu: " : "No indicators yet: "}
              <a href={href({ page: "lagesbild" })}>{sv ? "importera dem först" : "import them first"}</a>.
            </p>
          )}
          <ul className="plain">
            {indicators.map((x) => {
              const at = chosen.findIndex((c) => c.indicatorId === x.id);
              return (
                <li key={x.id} className="mapping-item">
                  <label className="inline-check">
                    <input
                      type="checkbox"
                      checked={at >= 0}
                      onChange={(e) =>
                        e.target.checked
                          ? setMapping({ indicators: [...chosen, { indicatorId: x.id, why: "" }] })
                          : // An indicator left out of the mapping no longer shows a finding either.
                            setBody({
                              ...body,
                              mapping: { ...body.mapping, indicators: chosen.filter((c) => c.indicatorId !== x.id) },
                              findings: body.findings.map((fd) => ({ ...fd, indicatorIds: fd.indicatorIds.filter((y) => y !== x.id) })),
                            })
                      }
                    />
                    {x.name} <span className="small">({x.source})</span>
                  </label>
                  {at >= 0 && (
                    <label>
                      {sv ? `Varför ${x.name}?` : `Why ${x.name}?`}
                      <textarea rows={2} value={chosen[at]!.why} onChange={(e) => setMapping({ indicators: chosen.map((c, j) => (j === at ? { ...c, why: e.target.value } : c)) })} />
                    </label>
                  )}
                </li>
              );
            })}
            {chosen
              .filter((c) => !indicators.some((x) => x.id === c.indicatorId))
              .map((c) => (
                <li key={c.indicatorId} className="small">
                  {sv ? "Borttagen indikator" : "Removed indicator"} ({c.indicatorId}) –{" "}
                  <button type="button" className="link" onClick={() => setMapping({ indicators: chosen.filter((d) => d.indicatorId !== c.indicatorId) })}>
                    {i.t("remove")}
                  </button>
                </li>
              ))}
          </ul>
          <label>
            {sv ? "Källor" : "Sources"}
            <textarea rows={3} value={body.mapping.sources} onChange={(e) => setMapping({ sources: e.target.value })} />
          </label>
          <label>
            {sv ? "Begränsningar i kunskapen" : "Limitations of the knowledge"}
            <textarea rows={3} value={body.mapping.limitations} onChange={(e) => setMapping({ limitations: e.target.value })} />
          </label>
        </fieldset>
      </section>

      <section aria-labelledby="lb-2">
        <h2 id="lb-2">{sv ? "2. Annan relevant information" : "2. Other relevant information"}</h2>
        <label>
          {sv ? "Annan relevant information (t.ex. från polisen, skolan, civilsamhället)" : "Other relevant information (e.g. from the police, schools, civil society)"}
          <textarea rows={5} value={body.otherInformation} onChange={(e) => setBody({ ...body, otherInformation: e.target.value })} disabled={!canWrite} />
        </label>
      </section>

      <section aria-labelledby="lb-3">
        <h2 id="lb-3">{sv ? "3. Analys" : "3. Analysis"}</h2>
        <label>
          {sv ? "Analys: orsaker och samband" : "Analysis: causes and links"}
          <textarea rows={6} value={body.analysis} onChange={(e) => setBody({ ...body, analysis: e.target.value })} disabled={!canWrite} />
        </label>
        <h3>{sv ? "Problem, riskfaktorer och skyddsfaktorer" : "Problems, risk factors and protective factors"}</h3>
        {body.findings.length === 0 && <p>{sv ? "Inga fynd ännu." : "No findings yet."}</p>}
        <ol className="interventions">
          {body.findings.map((x, k) => (
            <li key={x.id} className="card">
              <fieldset disabled={!canWrite}>
                <legend>
                  {sv ? "Fynd" : "Finding"} {k + 1}
                  {x.title ? `: ${x.title}` : ""}
                </legend>
                <div className="row">
                  <label>
                    {sv ? "Slag" : "Kind"}
                    <select value={x.kind} onChange={(e) => setFinding(k, { kind: e.target.value as FindingKind })}>
                      {FINDING_KINDS.map((kind) => (
                        <option key={kind} value={kind}>
                          {i.t(`kind_${kind}`)}
                        </option>
                      ))}
                    </select>
                  </label>
                  <LevelSelect value={x.level} onChange={(level) => setFinding(k, { level })} />
                  <label className="grow">
                    {i.t("title")}
                    <input value={x.title} onChange={(e) => setFinding(k, { title: e.target.value })} />
                  </label>
                </div>
                <label>
                  {i.t("description")}
                  <textarea rows={3} value={x.description} onChange={(e) => setFinding(k, { description: e.target.value })} />
                </label>
                <fieldset>
                  <legend>{sv ? "Visas av indikatorerna" : "Shown by the indicators"}</legend>
                  {chosen.length === 0 ? (
                    <p className="small">{sv ? "Välj indikatorer i kartläggningen först." : "Choose indicators in the mapping first."}</p>
                  ) : (
                    <div className="row">
                      {chosen.map((c) => (
                        <label key={c.indicatorId} className="inline-check">
                          <input
                            type="checkbox"
                            checked={x.indicatorIds.includes(c.indicatorId)}
                            onChange={(e) => setFinding(k, { indicatorIds: e.target.checked ? [...x.indicatorIds, c.indicatorId] : x.indicatorIds.filter((y) => y !== c.indicatorId) })}
                          />
                          {nameOf(c.indicatorId)}
                        </label>
                      ))}
                    </div>
                  )}
                </fieldset>
                <button type="button" className="link" onClick={() => setBody({ ...body, findings: body.findings.filter((_, j) => j !== k) })}>
                  {i.t("remove")} <span className="visually-hidden">{`${sv ? "fynd" : "finding"} ${k + 1}`}</span>
                </button>
              </fieldset>
            </li>
          ))}
        </ol>
        {canWrite && (
          <button type="button" onClick={() => setBody({ ...body, findings: [...body.findings, { id: newId("f"), kind: "problem", level: "individ", title: "", description: "", indicatorIds: [] }] })}>
            {sv ? "Lägg till fynd" : "Add a finding"}
          </button>
        )}
      </section>

      {canWrite && (
        <SaveBar
          editor={editor}
          label={sv ? "Spara lägesbilden" : "Save the report"}
          blocked={!body.title.trim() || body.findings.some((x) => !x.title.trim())}
          hint={body.findings.some((x) => !x.title.trim()) && (sv ? "Varje fynd behöver en rubrik." : "Every finding needs a title.")}
        />
      )}
      {canWrite && (
        <DeleteDoc
          label={sv ? "Ta bort lägesbilden" : "Delete the report"}
          question={sv ? `Ta bort lägesbilden "${doc.body.title}"?` : `Delete the report "${doc.body.title}"?`}
          remove={() => f.lagesbilder.remove(id)}
          after={() => go({ page: "lagesbild" }, { discard: true })}
        />
      )}
    </div>
  );
}
