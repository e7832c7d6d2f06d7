/**
 * The action plans: the list, and a new plan built on a lägesbild for a span of years with the
 * tolerance beyond which a measure counts as off track.
 * @module
 */
import type { ActionPlan, Lagesbild } from "@sikt/followup";
import { type FormEvent, useEffect, useState } from "react";
import { type Doc, errorText, followupApi as f, type Session } from "../api";
import { useI18n } from "../i18n";
import { go, href } from "../route";
import { NumberField } from "../NumberField";
import { TableWrap } from "../TableWrap";

export function Plans({ session }: { session: Session }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const canWrite = session.user.role !== "viewer";
  const [plans, setPlans] = useState<Doc<ActionPlan>[] | null>(null);
  const [lagesbilder, setLagesbilder] = useState<Doc<Lagesbild>[]>([]);
  const [error, setError] = useState<string | null>(null);
  const year = new Date().getFullYear();
  const [title, setTitle] = useState("");
  const [lagesbildId, setLagesbildId] = useState("");
  const [startYear, setStartYear] = useState(year);
  const [endYear, setEndYear] = useState(year + 3);
  const [tolerance, setTolerance] = useState(10);

  useEffect(() => {
    f.plans.list().then(setPlans, (e: unknown) => setError(errorText(e)));
    f.lagesbilder.list().then(
      (l) => {
        setLagesbilder(l);
        if (l[0]) setLagesbildId((cur) => cur || l[0]!.id);
      },
      () => setLagesbilder([]),
    );
  }, []);

  async function create(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const body: ActionPlan = { title: title.trim(), lagesbildId: lagesbildId || null, startYear, endYear, tolerance: tolerance / 100, measures: [] };
      const d = await f.plans.create(body);
      go({ page: "plan", id: d.id });
    } catch (err) {
      setError(errorText(err));
    }
  }
  const lagesbildName = (id: string | null) => (id ? (lagesbilder.find((l) => l.id === id)?.body.title ?? "–") : "–");

  return (
    <div>
      <h1>{i.t("navPlans")}</h1>
      <p className="meta">
        {sv
          ? "En åtgärdsplan bygger på lägesbilden: varje åtgärd svarar mot problem, riskfaktorer eller skyddsfaktorer, har en tidsplan och budget, och kan kopplas till ett kalkylscenario. Utfallet följs upp år för år."
          : "An action plan builds on the local situation report: each measure answers problems, risk or protective factors, has a time plan and budget, and may be linked to a calculation scenario. The outcome is followed up year by year."}
      </p>
      {error && (
        <p role="alert" className="error">
          {i.t("error", { m: error })}
        </p>
      )}
      {plans === null ? (
        <p role="status">{i.t("loading")}</p>
      ) : plans.length === 0 ? (
        <p>{sv ? "Ingen åtgärdsplan ännu." : "No action plan yet."}</p>
      ) : (
        <TableWrap label={i.t("navPlans")}>
          <table className="list" data-testid="plans">
            <caption className="visually-hidden">{i.t("navPlans")}</caption>
            <thead>
              <tr>
                <th scope="col">{i.t("title")}</th>
                <th scope="col">{sv ? "Bygger på lägesbild" : "Builds on"}</th>
                <th scope="col">{sv ? "År" : "Years"}</th>
                <th scope="col" className="num">{sv ? "Åtgärder" : "Measures"}</th>
                <th scope="col" className="num">{i.t("version")}</th>
                <th scope="col">{sv ? "Ändrad" : "Changed"}</th>
              </tr>
            </thead>
            <tbody>
              {plans.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <a href={href({ page: "plan", id: p.id })}>{p.body.title}</a>
                  </th>
                  <td>{lagesbildName(p.body.lagesbildId)}</td>
                  <td>
                    {p.body.startYear}–{p.body.endYear}
                  </td>
                  <td className="num">{p.body.measures.length}</td>
                  <td className="num">{p.version}</td>
                  <td>{i.date(p.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {canWrite && (
        <form onSubmit={create}>
          <fieldset>
            <legend>{sv ? "Ny åtgärdsplan" : "New action plan"}</legend>
            <div className="row">
              <label className="grow">
                {sv ? "Planens rubrik" : "Title of the plan"}
                <input value={title} onChange={(e) => setTitle(e.target.value)} required />
              </label>
              <label>
                {sv ? "Bygger på lägesbild" : "Builds on the report"}
                <select value={lagesbildId} onChange={(e) => setLagesbildId(e.target.value)}>
                  <option value="">{sv ? "(ingen ännu)" : "(none yet)"}</option>
                  {lagesbilder.map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.body.title} ({l.body.year})
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <div className="row">
              <NumberField label={sv ? "Från år" : "From year"} value={startYear} min={1900} max={2100} onChange={(v) => setStartYear(Math.round(v))} />
              <NumberField label={sv ? "Till år" : "To year"} value={endYear} min={1900} max={2100} onChange={(v) => setEndYear(Math.round(v))} />
              <NumberField label={sv ? "Tolerans för avvikelse (%)" : "Tolerance for deviation (%)"} value={tolerance} min={0} max={100} onChange={setTolerance} />
            </div>
            <button type="submit" disabled={!title.trim() || endYear < startYear}>
              {sv ? "Skapa åtgärdsplan" : "Create action plan"}
            </button>
          </fieldset>
        </form>
      )}
    </div>
  );
}
