/**
 * Indicators from Kolada: a saved answer (one complete page, or every page of one answer), KPIs
 * fetched by id for the municipality, its county, the country, the similar municipalities and
 * organisational units where asked, and the starter set for the lägesbild fetched in one step
 * with its progress. Titles, units, descriptions and place names come from Kolada.
 * @module
 */
import type { IndicatorKind, StarterKpi } from "@sikt/followup";
import { useEffect, useState } from "react";
import { ApiError, errorText, followupApi as f, type ImportResult, type KoladaOptions } from "../api";
import { useI18n } from "../i18n";
import { importedText, useImportRun } from "./import-run";
import { parseYears } from "./text";

const STATUS_SV: Record<string, string> = {
  "400": "Kolada godtog inte nyckeltalen, platserna eller åren",
  "404": "nyckeltalet, platsen eller adressen finns inte hos Kolada (kontrollera id:t)",
  "410": "den här versionen av Koladas API är nedlagd; servern behöver peka på version 3",
  "429": "för många frågor just nu; vänta en minut och försök igen",
};

/** Kolada's failure in the reader's language: what Kolada answered, or that it could not be reached. */
export function koladaErrorText(e: unknown, sv: boolean): string {
  if (!(e instanceof ApiError)) return errorText(e);
  if (e.code === "kolada_unreachable") return sv ? `Kolada kunde inte nås. (${e.message})` : e.message;
  if (e.code === "kolada_error") {
    const status = /Kolada answered (\d{3})/.exec(e.message)?.[1] ?? "";
    if (!sv) return e.message;
    const why = STATUS_SV[status] ?? (status.startsWith("5") ? "ett fel hos Kolada; försök igen senare" : "");
    return `Kolada svarade ${status}${why ? `: ${why}` : ""}. (${e.message})`;
  }
  return errorText(e);
}

function useKoladaImport() {
  const i = useI18n();
  const sv = i.lang === "sv";
  const { busy, done, failed, run } = useImportRun((e) => koladaErrorText(e, sv));
  const feedback = (
    <>
      {done && (
        <div role="status">
          <p data-testid="import-done">{importedText(done, sv)}</p>
          {(done.warnings ?? []).length > 0 && (
            <ul className="small">
              {done.warnings!.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {failed && (
        <div role="alert" className="error" data-testid="import-problems">
          <p>{sv ? "Inget importerades." : "Nothing was imported."} {failed.message}</p>
          {failed.problems.length > 0 && (
            <ul>
              {failed.problems.map((p, k) => (
                <li key={k}>
                  {p.path ? `${p.path.join(".")}: ` : ""}
                  {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </>
  );
  return { busy, run, feedback };
}

/** Name, unit, kind and direction, when the user wants other than Kolada gives. */
function KoladaFields({ value, onChange, idPrefix }: { value: KoladaOptions; onChange: (v: KoladaOptions) => void; idPrefix: string }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  return (
    <div className="row" role="group" aria-label={sv ? "Beskrivning av indikatorn (valfritt)" : "Describing the indicator (optional)"}>
      <label>
        {sv ? "Namn (valfritt)" : "Name (optional)"}
        <input value={value.name ?? ""} onChange={(e) => onChange({ ...value, name: e.target.value || undefined })} placeholder={sv ? "Koladas titel" : "Kolada's title"} />
      </label>
      <label>
        {sv ? "Enhet (valfritt)" : "Unit (optional)"}
        <input value={value.unit ?? ""} onChange={(e) => onChange({ ...value, unit: e.target.value || undefined })} placeholder={sv ? "ur Koladas titel" : "from Kolada's title"} />
      </label>
      <label>
        {sv ? "Slag" : "Kind"}
        <select value={value.kind ?? ""} onChange={(e) => onChange({ ...value, kind: (e.target.value || undefined) as IndicatorKind | undefined })}>
          <option value="">{sv ? "(som Kolada anger)" : "(as Kolada gives)"}</option>
          <option value="rate">{sv ? "Andel eller takt" : "Rate or share"}</option>
          <option value="count">{sv ? "Antal" : "Count"}</option>
        </select>
      </label>
      <label className="inline-check" htmlFor={`${idPrefix}-hib`}>
        <input id={`${idPrefix}-hib`} type="checkbox" checked={value.higherIsBetter ?? false} onChange={(e) => onChange({ ...value, higherIsBetter: e.target.checked })} />
        {sv ? "Högre värden är bättre" : "Higher values are better"}
      </label>
    </div>
  );
}

const defaultYears = () => `${new Date().getFullYear() - 5}–${new Date().getFullYear() - 1}`;
const splitIds = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((x) => x.trim().toUpperCase())
    .filter((x) => x !== "");

/** A saved Kolada answer: one complete page, or every page of one answer chosen together. */
function KoladaFile({ onImported }: { onImported: () => void }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const imp = useKoladaImport();
  const [pages, setPages] = useState<unknown[] | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [options, setOptions] = useState<KoladaOptions>({});
  const [metadata, setMetadata] = useState(false);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (pages) void imp.run(() => f.importKolada(pages.length === 1 ? pages[0] : pages, { ...options, metadata }), onImported);
      }}
    >
      <fieldset>
        <legend>{sv ? "En sparad Kolada-fil (JSON)" : "A saved Kolada file (JSON)"}</legend>
        <p className="small">
          {sv
            ? "Koladas svar i version 3 eller 2. Är svaret uppdelat på flera sidor (next_url) väljer du alla sidorna tillsammans; en ensam sida som har en nästa sida tas inte emot, eftersom den bara är en del av svaret."
            : "Kolada's answer in version 3 or 2. When the answer is split over pages (next_url), choose every page together; a lone page that has a next page is refused, as it is only part of the answer."}
        </p>
        <label>
          {sv ? "Kolada-fil" : "Kolada file"}
          <input
            type="file"
            multiple
            accept=".json,application/json"
            onChange={async (e) => {
              const files = [...(e.target.files ?? [])];
              setFileError(null);
              setPages(null);
              if (files.length === 0) return;
              try {
                setPages(await Promise.all(files.sort((a, b) => a.name.localeCompare(b.name, "sv", { numeric: true })).map(async (file) => JSON.parse(await file.text()) as unknown)));
              } catch {
                setFileError(sv ? "En av filerna är inte en JSON-fil." : "One of the files is not a JSON file.");
              }
            }}
          />
        </label>
        {fileError && (
          <p role="alert" className="error">
            {fileError}
          </p>
        )}
        <KoladaFields value={options} onChange={setOptions} idPrefix="kf" />
        <label className="inline-check">
          <input type="checkbox" checked={metadata} onChange={(e) => setMetadata(e.target.checked)} />
          {sv ? "Hämta titel, enhet, beskrivning och platsernas namn från Kolada" : "Fetch the title, unit, description and the places' names from Kolada"}
        </label>
        <button type="submit" disabled={imp.busy || !pages}>
          {sv ? "Importera Kolada-filen" : "Import the Kolada file"}
        </button>
        {imp.feedback}
      </fieldset>
    </form>
  );
}

/** KPIs by id, fetched for the places and, where asked, organisational units. */
function KoladaOnline({ onImported }: { onImported: () => void }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const imp = useKoladaImport();
  const [kpis, setKpis] = useState("");
  const [ous, setOus] = useState("");
  const [yearsText, setYearsText] = useState(defaultYears);
  const [options, setOptions] = useState<KoladaOptions>({});
  const years = parseYears(yearsText);
  const ids = splitIds(kpis);
  const idsOk = ids.length > 0 && ids.every((x) => /^[A-Z]\d{5}$/.test(x));
  const ouIds = splitIds(ous);
  const ousOk = ouIds.every((x) => /^V[0-9A-Z]{2,20}$/.test(x));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (years && idsOk && ousOk) void imp.run(() => f.importKoladaOnline(ids, years, { ...options, ous: ouIds }), onImported);
      }}
    >
      <fieldset>
        <legend>{sv ? "Hämta från Kolada" : "Fetch from Kolada"}</legend>
        <p className="small">
          {sv
            ? "Hämtar nyckeltalen för kommunen och de platser ni jämför er med (se Platser att jämföra med), alla sidor och alla kön, med Koladas titel, enhet och beskrivning. Antingen kommer allt in eller inget."
            : "Fetches the KPIs for the municipality and the places you compare with (see Places to compare with), every page and every gender, with Kolada's title, unit and description. Either all of it comes in or nothing."}
        </p>
        <div className="row">
          <label>
            {sv ? "Nyckeltal (KPI-id, t.ex. N07403; flera med kommatecken)" : "KPI ids (e.g. N07403; several with commas)"}
            <input value={kpis} onChange={(e) => setKpis(e.target.value.toUpperCase())} required aria-invalid={kpis.trim() !== "" && !idsOk} />
          </label>
          <label>
            {sv ? "År (t.ex. 2019–2023)" : "Years (e.g. 2019–2023)"}
            <input value={yearsText} onChange={(e) => setYearsText(e.target.value)} aria-invalid={years === null} required />
          </label>
        </div>
        <label>
          {sv ? "Organisatoriska enheter, t.ex. skolor (valfritt; Kolada-id som V15E…)" : "Organisational units, e.g. schools (optional; Kolada ids such as V15E…)"}
          <input value={ous} onChange={(e) => setOus(e.target.value.toUpperCase())} aria-invalid={!ousOk} />
        </label>
        <KoladaFields value={options} onChange={setOptions} idPrefix="ko" />
        <button type="submit" disabled={imp.busy || !idsOk || !ousOk || !years}>
          {imp.busy ? i.t("loading") : sv ? "Hämta från Kolada" : "Fetch from Kolada"}
        </button>
        {imp.feedback}
      </fieldset>
    </form>
  );
}

interface StarterOutcome {
  kpi: StarterKpi;
  result: ImportResult | null;
  error: string | null;
}

/** The starter set, fetched KPI by KPI (each all or nothing) with a progress bar. */
function KoladaStarter({ onImported }: { onImported: () => void }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const [starter, setStarter] = useState<StarterKpi[] | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [yearsText, setYearsText] = useState(defaultYears);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [running, setRunning] = useState<{ at: number; of: number; title: string } | null>(null);
  const [outcomes, setOutcomes] = useState<StarterOutcome[]>([]);
  const years = parseYears(yearsText);
  useEffect(() => {
    f.koladaStarter().then(
      (s) => {
        setStarter(s);
        setChosen(new Set(s.map((k) => k.id)));
      },
      (e: unknown) => setLoadError(errorText(e)),
    );
  }, []);
  async function fetchAll() {
    if (!starter || !years) return;
    const list = starter.filter((k) => chosen.has(k.id));
    const out: StarterOutcome[] = [];
    setOutcomes([]);
    for (const [n, kpi] of list.entries()) {
      setRunning({ at: n, of: list.length, title: kpi.title });
      try {
        out.push({ kpi, result: await f.importKoladaOnline([kpi.id], years, { higherIsBetter: kpi.higherIsBetter }), error: null });
      } catch (e) {
        out.push({ kpi, result: null, error: koladaErrorText(e, sv) });
      }
      setOutcomes([...out]);
    }
    setRunning(null);
    if (out.some((o) => o.result)) onImported();
  }
  const failed = outcomes.filter((o) => o.error);
  const done = outcomes.filter((o) => o.result);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void fetchAll();
      }}
      aria-labelledby="starter-h"
    >
      <fieldset>
        <legend id="starter-h">{sv ? "Startpaket för lägesbilden" : "Starter set for the local situation report"}</legend>
        <p className="small">
          {sv
            ? "Nyckeltal ur Kolada om brott, ekonomiskt bistånd, placerade och stödda barn och unga och skolresultat, hämtade för kommunen, länet, riket och de liknande kommunerna i ett steg. Varje nyckeltal kommer in helt eller inte alls."
            : "Kolada KPIs on crime, economic assistance, children and young people in care and support, and school results, fetched for the municipality, the county, the country and the similar municipalities in one step. Each KPI comes in whole or not at all."}
        </p>
        {loadError && (
          <p role="alert" className="error">
            {loadError}
          </p>
        )}
        {starter && (
          <ul className="plain" data-testid="starter-list">
            {starter.map((k) => (
              <li key={k.id}>
                <label className="inline-check">
                  <input
                    type="checkbox"
                    checked={chosen.has(k.id)}
                    onChange={(e) => {
                      const next = new Set(chosen);
                      if (e.target.checked) next.add(k.id);
                      else next.delete(k.id);
                      setChosen(next);
                    }}
                  />
                  {k.title} <span className="small">({k.id})</span>
                </label>
              </li>
            ))}
          </ul>
        )}
        <label>
          {sv ? "År (t.ex. 2019–2023)" : "Years (e.g. 2019–2023)"}
          <input value={yearsText} onChange={(e) => setYearsText(e.target.value)} aria-invalid={years === null} required />
        </label>
        <button type="submit" disabled={running !== null || !starter || chosen.size === 0 || !years}>
          {sv ? "Hämta startpaketet" : "Fetch the starter set"}
        </button>
        {running && (
          <div role="status" data-testid="starter-progress">
            <progress max={running.of} value={running.at} aria-label={sv ? "Hämtar startpaketet" : "Fetching the starter set"} />{" "}
            {sv ? `Hämtar ${running.at + 1} av ${running.of}: ${running.title}` : `Fetching ${running.at + 1} of ${running.of}: ${running.title}`}
          </div>
        )}
        {!running && outcomes.length > 0 && (
          <div role="status" data-testid="starter-done">
            <p>
              {sv
                ? `Hämtade ${done.length} av ${outcomes.length} nyckeltal med ${done.reduce((n, o) => n + (typeof o.result!.points === "number" ? o.result!.points : 0), 0)} värden.`
                : `Fetched ${done.length} of ${outcomes.length} KPIs with ${done.reduce((n, o) => n + (typeof o.result!.points === "number" ? o.result!.points : 0), 0)} values.`}
            </p>
            {failed.length > 0 && (
              <ul className="error">
                {failed.map((o) => (
                  <li key={o.kpi.id}>
                    {o.kpi.title} ({o.kpi.id}): {o.error}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </fieldset>
    </form>
  );
}

export function KoladaImports({ onImported }: { onImported: () => void }) {
  return (
    <>
      <KoladaFile onImported={onImported} />
      <KoladaOnline onImported={onImported} />
      <KoladaStarter onImported={onImported} />
    </>
  );
}
