/**
 * Indicators and the lägesbild (law 2023:196 §4): the places the municipality compares itself
 * with, the indicators with their imports (the municipality's own CSV, a saved Kolada file,
 * Kolada online), a trend chart per indicator, and the list of lägesbild documents.
 * @module
 */
import { CSV_TEMPLATE, csvProblemText, decodeCsv, type Indicator, type IndicatorKind, type IndicatorView, type Lagesbild, type Places, type PointGender } from "@sikt/followup";
import { type FormEvent, Fragment, useEffect, useState } from "react";
import { type Doc, errorText, followupApi as f, type ImportProblem, type Session } from "../api";
import { useI18n } from "../i18n";
import { go, href } from "../route";
import { SourceText } from "../SourceText";
import { TableWrap } from "../TableWrap";
import { IndicatorChart } from "./IndicatorChart";
import { importedText, useImportRun } from "./import-run";
import { KoladaImports } from "./KoladaImport";
import { placesSummary } from "./text";

export function LagesbildPage({ session }: { session: Session }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const canWrite = session.user.role !== "viewer";
  const [indicators, setIndicators] = useState<Indicator[] | null>(null);
  const [docs, setDocs] = useState<Doc<Lagesbild>[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const [editing, setEditing] = useState<string | null>(null);

  useEffect(() => {
    f.indicators().then(setIndicators, (e: unknown) => setError(errorText(e)));
  }, [round]);
  useEffect(() => {
    f.lagesbilder.list().then(setDocs, (e: unknown) => setError(errorText(e)));
  }, []);

  async function remove(x: Indicator) {
    if (!confirm(sv ? `Ta bort indikatorn "${x.name}" med alla dess värden?` : `Remove the indicator "${x.name}" with all its values?`)) return;
    try {
      await f.deleteIndicator(x.id);
      setRound((r) => r + 1);
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <div>
      <h1>{i.t("navLagesbild")}</h1>
      <p className="meta">
        {sv
          ? "Lägesbilden enligt lagen om kommuners ansvar för brottsförebyggande arbete (2023:196): kartläggning, annan relevant information och analys – byggd på indikatorer som jämförs med riket, länet och liknande kommuner."
          : "The local situation report under the law on municipal crime prevention (2023:196): mapping, other relevant information and analysis – built on indicators compared with the country, the county and similar municipalities."}
      </p>
      {error && (
        <p role="alert" className="error">
          {i.t("error", { m: error })}
        </p>
      )}

      <PlacesForm canWrite={canWrite} session={session} onSaved={() => setRound((r) => r + 1)} />

      <section aria-labelledby="ind-h">
        <h2 id="ind-h">{sv ? "Indikatorer" : "Indicators"}</h2>
        {indicators === null ? (
          <p role="status">{i.t("loading")}</p>
        ) : indicators.length === 0 ? (
          <p>{sv ? "Inga indikatorer ännu. Importera från en CSV-fil eller från Kolada nedan." : "No indicators yet. Import from a CSV file or from Kolada below."}</p>
        ) : (
          <TableWrap label={sv ? "Indikatorer" : "Indicators"}>
            <table className="list" data-testid="indicators">
              <caption className="visually-hidden">{sv ? "Indikatorer" : "Indicators"}</caption>
              <thead>
                <tr>
                  <th scope="col">{i.t("name")}</th>
                  <th scope="col">{sv ? "Kod" : "Code"}</th>
                  <th scope="col">{sv ? "Enhet" : "Unit"}</th>
                  <th scope="col">{sv ? "Slag" : "Kind"}</th>
                  <th scope="col">{sv ? "Bättre när" : "Better when"}</th>
                  <th scope="col">{i.t("source")}</th>
                  {canWrite && <th scope="col"><span className="visually-hidden">{i.t("remove")}</span></th>}
                </tr>
              </thead>
              <tbody>
                {indicators.map((x) => (
                  <Fragment key={x.id}>
                  <tr>
                    <th scope="row">
                      <a href={`#ind-${x.id}`}>{x.name}</a>
                    </th>
                    <td>{x.code}</td>
                    <td>{x.unit}</td>
                    <td>{x.kind === "count" ? (sv ? "Antal" : "Count") : sv ? "Andel eller takt" : "Rate or share"}</td>
                    <td>{x.higherIsBetter ? (sv ? "högre" : "higher") : sv ? "lägre" : "lower"}</td>
                    <td>
                      <SourceText text={x.source} />
                    </td>
                    {canWrite && (
                      <td>
                        <button type="button" className="link" aria-expanded={editing === x.id} onClick={() => setEditing(editing === x.id ? null : x.id)}>
                          {sv ? "Ändra" : "Edit"} <span className="visually-hidden">{x.name}</span>
                        </button>{" "}
                        <button type="button" className="link" onClick={() => remove(x)}>
                          {i.t("remove")} <span className="visually-hidden">{x.name}</span>
                        </button>
                      </td>
                    )}
                  </tr>
                  {editing === x.id && (
                    <tr>
                      <td colSpan={7}>
                        <IndicatorForm
                          indicator={x}
                          onDone={(changed) => {
                            setEditing(null);
                            if (changed) setRound((r) => r + 1);
                          }}
                        />
                      </td>
                    </tr>
                  )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        {canWrite && <Imports onImported={() => setRound((r) => r + 1)} />}
      </section>

      {indicators && indicators.length > 0 && (
        <section aria-labelledby="trend-h">
          <h2 id="trend-h">{sv ? "Utveckling och jämförelse" : "Trend and comparison"}</h2>
          {indicators.map((x) => (
            <IndicatorPanel key={`${x.id}-${round}`} indicator={x} />
          ))}
        </section>
      )}

      <Documents docs={docs} canWrite={canWrite} />
    </div>
  );
}

/** Name, unit, kind, direction and source of one indicator. */
function IndicatorForm({ indicator, onDone }: { indicator: Indicator; onDone: (changed: boolean) => void }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const { id, ...rest } = indicator;
  const [body, setBody] = useState<Omit<Indicator, "id">>(rest);
  const [error, setError] = useState<string | null>(null);
  async function save(e: FormEvent) {
    e.preventDefault();
    try {
      await f.saveIndicator(id, body);
      onDone(true);
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <form onSubmit={save} aria-label={sv ? `Ändra ${indicator.name}` : `Edit ${indicator.name}`}>
      <div className="row">
        <label className="grow">
          {i.t("name")}
          <input value={body.name} onChange={(e) => setBody({ ...body, name: e.target.value })} required />
        </label>
        <label>
          {sv ? "Kod" : "Code"}
          <input value={body.code} onChange={(e) => setBody({ ...body, code: e.target.value })} required size={10} />
        </label>
        <label>
          {sv ? "Enhet" : "Unit"}
          <input value={body.unit} onChange={(e) => setBody({ ...body, unit: e.target.value })} size={12} />
        </label>
        <label>
          {sv ? "Slag" : "Kind"}
          <select value={body.kind} onChange={(e) => setBody({ ...body, kind: e.target.value as IndicatorKind })}>
            <option value="count">{sv ? "Antal (per 100 000 inv. när befolkningen är känd)" : "Count (per 100,000 inhabitants where the population is known)"}</option>
            <option value="rate">{sv ? "Andel eller takt" : "Rate or share"}</option>
          </select>
        </label>
      </div>
      <div className="row">
        <label className="grow">
          {i.t("source")}
          <input value={body.source} onChange={(e) => setBody({ ...body, source: e.target.value })} required />
        </label>
        <label className="inline-check">
          <input type="checkbox" checked={body.higherIsBetter} onChange={(e) => setBody({ ...body, higherIsBetter: e.target.checked })} />
          {sv ? "Högre värden är bättre" : "Higher values are better"}
        </label>
        <button type="submit">{sv ? "Spara indikatorn" : "Save the indicator"}</button>
        <button type="button" onClick={() => onDone(false)}>
          {i.t("cancel")}
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}

const GENDER_WORDS: Record<PointGender, [string, string]> = { T: ["Totalt", "Total"], K: ["Kvinnor", "Women"], M: ["Män", "Men"] };

function IndicatorPanel({ indicator }: { indicator: Indicator }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const [view, setView] = useState<IndicatorView | null>(null);
  const [gender, setGender] = useState<PointGender | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    // Only the answer for the gender last chosen is shown, whichever answer comes last.
    let current = true;
    f.indicator(indicator.id, gender).then(
      (v) => current && setView(v),
      (e: unknown) => current && setError(errorText(e)),
    );
    return () => {
      current = false;
    };
  }, [indicator.id, gender]);
  return (
    <div id={`ind-${indicator.id}`} className="indicator card" data-testid={`indicator-${indicator.code}`}>
      {view && view.genders.length > 1 && (
        <div className="row" role="radiogroup" aria-label={sv ? `Kön: ${indicator.name}` : `Gender: ${indicator.name}`}>
          {view.genders.map((g) => (
            <label key={g} className="inline-check">
              <input type="radio" name={`gender-${indicator.id}`} checked={(gender ?? view.gender) === g} onChange={() => setGender(g)} />
              {GENDER_WORDS[g][sv ? 0 : 1]}
            </label>
          ))}
        </div>
      )}
      {view ? <IndicatorChart view={view} /> : error ? <p className="error">{i.t("error", { m: error })}</p> : <p role="status">{i.t("loading")}</p>}
      {view?.indicator.description && <p className="small">{view.indicator.description}</p>}
    </div>
  );
}

function Documents({ docs, canWrite }: { docs: Doc<Lagesbild>[] | null; canWrite: boolean }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const [title, setTitle] = useState("");
  const [year, setYear] = useState(new Date().getFullYear());
  const [error, setError] = useState<string | null>(null);
  async function create(e: FormEvent) {
    e.preventDefault();
    try {
      const body: Lagesbild = { title: title.trim(), year, mapping: { indicators: [], sources: "", limitations: "" }, otherInformation: "", analysis: "", findings: [] };
      const d = await f.lagesbilder.create(body);
      go({ page: "lagesbild", id: d.id });
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <section aria-labelledby="docs-h">
      <h2 id="docs-h">{sv ? "Lägesbilder" : "Local situation reports"}</h2>
      {docs === null ? (
        <p role="status">{i.t("loading")}</p>
      ) : docs.length === 0 ? (
        <p>{sv ? "Ingen lägesbild ännu." : "No local situation report yet."}</p>
      ) : (
        <table className="list" data-testid="lagesbilder">
          <caption className="visually-hidden">{sv ? "Lägesbilder" : "Local situation reports"}</caption>
          <thead>
            <tr>
              <th scope="col">{i.t("title")}</th>
              <th scope="col" className="num">{i.t("year")}</th>
              <th scope="col" className="num">{sv ? "Fynd" : "Findings"}</th>
              <th scope="col" className="num">{i.t("version")}</th>
              <th scope="col">{sv ? "Ändrad" : "Changed"}</th>
            </tr>
          </thead>
          <tbody>
            {docs.map((d) => (
              <tr key={d.id}>
                <th scope="row">
                  <a href={href({ page: "lagesbild", id: d.id })}>{d.body.title}</a>
                </th>
                <td className="num">{d.body.year}</td>
                <td className="num">{d.body.findings.length}</td>
                <td className="num">{d.version}</td>
                <td>{i.date(d.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canWrite && (
        <form className="row" onSubmit={create} aria-labelledby="new-lb-h">
          <h3 id="new-lb-h" className="visually-hidden">
            {sv ? "Ny lägesbild" : "New local situation report"}
          </h3>
          <label>
            {sv ? "Rubrik på ny lägesbild" : "Title of a new report"}
            <input value={title} onChange={(e) => setTitle(e.target.value)} required />
          </label>
          <label>
            {sv ? "År som lägesbilden beskriver" : "Year the report describes"}
            <input type="number" value={year} min={1900} max={2100} onChange={(e) => setYear(Number(e.target.value))} required />
          </label>
          <button type="submit" disabled={!title.trim()}>
            {sv ? "Skapa lägesbild" : "Create report"}
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}

/** The problems of a refused import as lines the reader can find in the file. */
function ProblemList({ problems, error }: { problems: ImportProblem[]; error: string }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  return (
    <div role="alert" className="error" data-testid="import-problems">
      <p>{sv ? "Inget importerades. Rätta felen och försök igen." : "Nothing was imported. Correct the problems and try again."}</p>
      {problems.length > 0 ? (
        <ul>
          {problems.map((p, k) => (
            <li key={k}>
              {p.line !== undefined ? `${sv ? "Rad" : "Line"} ${p.line}${p.column ? `, ${p.column}` : ""}: ` : p.path ? `${p.path.join(".")}: ` : ""}
              {p.problem ? csvProblemText(p.problem, i.lang) : p.message}
            </li>
          ))}
        </ul>
      ) : (
        <p>{error}</p>
      )}
    </div>
  );
}

function useImport() {
  const i = useI18n();
  const { busy, done, failed, run } = useImportRun(errorText);
  const feedback = (
    <>
      {done && (
        <p role="status" data-testid="import-done">
          {importedText(done, i.lang === "sv")}
        </p>
      )}
      {failed && <ProblemList problems={failed.problems} error={failed.message} />}
    </>
  );
  return { busy, run, feedback };
}

function Imports({ onImported }: { onImported: () => void }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const csvImport = useImport();
  const [csv, setCsv] = useState("");
  const [encoding, setEncoding] = useState<string | null>(null);
  const [higherIsBetter, setHigherIsBetter] = useState<boolean | null>(null);
  const [source, setSource] = useState("");

  return (
    <section aria-labelledby="import-h">
      <h3 id="import-h">{sv ? "Importera indikatorer" : "Import indicators"}</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (higherIsBetter !== null) void csvImport.run(() => f.importCsv(csv, source.trim(), higherIsBetter), onImported);
        }}
      >
        <fieldset>
          <legend>{sv ? "Egna uppgifter från en CSV-fil" : "Your own data from a CSV file"}</legend>
          <p className="small">
            {sv
              ? "Semikolonseparerad som Excel sparar den (”CSV (semikolonavgränsad)” eller ”CSV UTF-8”), med decimalkomma. Kolumner: indikator; område; år; värde; befolkning; bättre (område, befolkning och bättre är valfria; bättre är ”högre” eller ”lägre”). Alla rader kontrolleras först: finns ett fel importeras ingenting."
              : "Semicolon-separated as Excel saves it (“CSV (semicolon delimited)” or “CSV UTF-8”), with decimal commas. Columns: indikator; område; år; värde; befolkning; bättre (område, befolkning and bättre are optional; bättre is “högre”, higher, or “lägre”, lower). Every row is checked first: with any problem nothing is imported."}{" "}
            <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(`\uFEFF${CSV_TEMPLATE}`)}`} download={sv ? "indikatorer-mall.csv" : "indicators-template.csv"}>
              {sv ? "Ladda ner en mall (CSV)" : "Download a template (CSV)"}
            </a>
          </p>
          <label>
            {sv ? "Klistra in CSV" : "Paste CSV"}
            <textarea rows={6} value={csv} onChange={(e) => setCsv(e.target.value)} spellCheck={false} className="mono" />
          </label>
          <label>
            {sv ? "… eller välj en CSV-fil" : "… or choose a CSV file"}
            <input
              type="file"
              accept=".csv,text/csv,text/plain"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                if (!file) return;
                const read = decodeCsv(new Uint8Array(await file.arrayBuffer()));
                setCsv(read.text);
                setEncoding(read.encoding);
              }}
            />
          </label>
          {encoding && (
            <p className="small" data-testid="csv-encoding">
              {encoding === "windows-1252"
                ? sv
                  ? "Filen lästes som Windows-1252 (som svenska Excel sparar ”CSV (semikolonavgränsad)”)."
                  : "The file was read as Windows-1252 (as Swedish Excel saves “CSV (semicolon delimited)”)."
                : sv
                  ? "Filen lästes som UTF-8."
                  : "The file was read as UTF-8."}
            </p>
          )}
          <fieldset className="inline-radios">
            <legend>{sv ? "Vilket håll är bättre? (för nya indikatorer utan kolumnen bättre)" : "Which way is better? (for new indicators without the column bättre)"}</legend>
            <label className="inline-check">
              <input type="radio" name="csv-direction" required checked={higherIsBetter === true} onChange={() => setHigherIsBetter(true)} />
              {sv ? "Högre värden är bättre (t.ex. andel trygga)" : "Higher values are better (e.g. share who feel safe)"}
            </label>
            <label className="inline-check">
              <input type="radio" name="csv-direction" required checked={higherIsBetter === false} onChange={() => setHigherIsBetter(false)} />
              {sv ? "Lägre värden är bättre (t.ex. anmälda brott)" : "Lower values are better (e.g. reported crimes)"}
            </label>
          </fieldset>
          <label>
            {sv ? "Källa (vem som tagit fram uppgifterna)" : "Source (who produced the data)"}
            <input value={source} onChange={(e) => setSource(e.target.value)} required placeholder={sv ? "Egen uppföljning, fritidsförvaltningen" : "Own follow-up, leisure department"} />
          </label>
          <button type="submit" disabled={csvImport.busy || !csv.trim() || !source.trim() || higherIsBetter === null}>
            {sv ? "Importera CSV" : "Import CSV"}
          </button>
          {csvImport.feedback}
        </fieldset>
      </form>

      <KoladaImports onImported={onImported} />
    </section>
  );
}

/** The places the municipality compares itself with, by Kolada code. */
function PlacesForm({ canWrite, session, onSaved }: { canWrite: boolean; session: Session; onSaved: () => void }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const [places, setPlaces] = useState<Places | null>(null);
  const [saved, setSaved] = useState<Places | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const use = (p: Places) => {
      setPlaces(p);
      setSaved(p);
    };
    f.places().then(use, () => use({ municipality: { code: session.organisation.municipalityCode ?? "", name: session.organisation.name }, county: null, country: { code: "0000", name: "Riket" }, peers: [] }));
  }, [session]);
  if (!places) return null;
  const orNull = (p: { code: string; name: string }) => (p.code.trim() ? { code: p.code.trim(), name: p.name.trim() || p.code.trim() } : null);
  async function save(e: FormEvent) {
    e.preventDefault();
    if (!places) return;
    setNotice(null);
    setError(null);
    try {
      const body: Places = {
        municipality: { code: places.municipality.code.trim(), name: places.municipality.name.trim() },
        county: places.county ? orNull(places.county) : null,
        country: places.country ? orNull(places.country) : null,
        peers: places.peers.map(orNull).filter((p): p is { code: string; name: string } => p !== null),
      };
      const answer = await f.savePlaces(body);
      setPlaces(answer);
      setSaved(answer);
      setNotice(sv ? "Platserna är sparade." : "The places are saved.");
      onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  }
  const placeFields = ({ label, value, onChange }: { label: string; value: { code: string; name: string } | null; onChange: (v: { code: string; name: string }) => void }) => (
    <div className="row" role="group" aria-label={label}>
      <label>
        {label}: {sv ? "Kolada-kod" : "Kolada code"}
        <input value={value?.code ?? ""} onChange={(e) => onChange({ code: e.target.value, name: value?.name ?? "" })} disabled={!canWrite} size={8} />
      </label>
      <label>
        {label}: {i.t("name").toLowerCase()}
        <input value={value?.name ?? ""} onChange={(e) => onChange({ code: value?.code ?? "", name: e.target.value })} disabled={!canWrite} />
      </label>
    </div>
  );
  return (
    <section aria-labelledby="places-h">
      <h2 id="places-h">{sv ? "Platser att jämföra med" : "Places to compare with"}</h2>
      <p data-testid="places-summary">{placesSummary(saved ?? places, sv)}</p>
      <details className="places">
      <summary>{canWrite ? (sv ? "Ändra platserna" : "Change the places") : sv ? "Visa koderna" : "Show the codes"}</summary>
      <form onSubmit={save}>
        <p className="small">
          {sv
            ? "Kolada-koder: kommunen (t.ex. 0880), länet (t.ex. 0008), riket (0000) och liknande kommuner ni väljer, t.ex. ur SKR:s kommungruppsindelning. Lämna koden tom för att inte jämföra."
            : "Kolada codes: the municipality (e.g. 0880), the county (e.g. 0008), the country (0000) and similar municipalities you choose, e.g. from SKR's grouping. Leave a code empty not to compare."}
        </p>
        {placeFields({ label: sv ? "Kommunen" : "Municipality", value: places.municipality, onChange: (v) => setPlaces({ ...places, municipality: v }) })}
        {placeFields({ label: sv ? "Länet" : "County", value: places.county, onChange: (v) => setPlaces({ ...places, county: v }) })}
        {placeFields({ label: sv ? "Riket" : "Country", value: places.country, onChange: (v) => setPlaces({ ...places, country: v }) })}
        <fieldset>
          <legend>{sv ? "Liknande kommuner" : "Similar municipalities"}</legend>
          {places.peers.map((p, k) => (
            <div key={k} className="row">
              {placeFields({ label: `${sv ? "Jämförelsekommun" : "Peer"} ${k + 1}`, value: p, onChange: (v) => setPlaces({ ...places, peers: places.peers.map((q, j) => (j === k ? v : q)) }) })}
              {canWrite && (
                <button type="button" className="link" onClick={() => setPlaces({ ...places, peers: places.peers.filter((_, j) => j !== k) })}>
                  {i.t("remove")} <span className="visually-hidden">{`${sv ? "jämförelsekommun" : "peer"} ${k + 1}`}</span>
                </button>
              )}
            </div>
          ))}
          {canWrite && (
            <button type="button" onClick={() => setPlaces({ ...places, peers: [...places.peers, { code: "", name: "" }] })}>
              {sv ? "Lägg till kommun" : "Add a municipality"}
            </button>
          )}
        </fieldset>
        {canWrite && <button type="submit" disabled={!places.municipality.code.trim()}>{sv ? "Spara platserna" : "Save the places"}</button>}
        {notice && <p role="status">{notice}</p>}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
      </details>
    </section>
  );
}
