/**
 * The register of low-threshold services (offered without an individual needs assessment under
 * SoL 2025:400): each service with its committee decision, and its reach per period. Reach is
 * counts of real people: the browser sends what is reported and shows only what the server
 * answers, suppressed (".." where a count could point someone out).
 * @module
 */
import type { Gender, PeriodView, ReachView, Service } from "@sikt/followup";
import { type FormEvent, useEffect, useState } from "react";
import { type Doc, errorText, followupApi as f, type Session } from "../api";
import { useI18n } from "../i18n";
import { go, href, useLeaveGuard } from "../route";
import { TableWrap } from "../TableWrap";
import { reachReceipt, type SavedReach } from "./reach-receipt";
import { DeleteDoc, ExportLinks, GENDERS, LevelSelect, ListField, OptionalNumber, SaveBar, SuppressedNote, useDocEditor } from "./common";

const today = () => new Date().toISOString().slice(0, 10);

function emptyService(): Service {
  return {
    name: "",
    description: "",
    provider: "",
    level: "grupp",
    decision: { body: "Socialnämnden", date: today(), reference: "", conditions: "", identitiesRecorded: false },
    ageGroups: [],
    expectedParticipantsPerYear: null,
  };
}

const complete = (s: Service) => !!(s.name.trim() && s.provider.trim() && s.decision.body.trim() && s.decision.date && s.decision.reference.trim() && s.ageGroups.length > 0);

export function Services({ session }: { session: Session }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const canWrite = session.user.role !== "viewer";
  const [list, setList] = useState<Doc<Service>[] | null>(null);
  const [creating, setCreating] = useState<Service | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A new service typed but not yet added is unsaved too.
  useLeaveGuard(creating && (creating.name.trim() || creating.provider.trim() || creating.description.trim() || creating.decision.reference.trim()) ? i.t("unsavedLeave") : null);
  useEffect(() => {
    f.services.list().then(setList, (e: unknown) => setError(errorText(e)));
  }, []);
  async function create(e: FormEvent) {
    e.preventDefault();
    if (!creating) return;
    setError(null);
    try {
      const d = await f.services.create(creating);
      go({ page: "service", id: d.id }, { discard: true });
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <div>
      <h1>{i.t("navServices")}</h1>
      <p className="meta">
        {sv
          ? "Insatser som ges utan individuell behovsprövning efter beslut av nämnden (socialtjänstlagen 2025:400): beslutet, villkoren och verksamhetens räckvidd. Antal personer visas bara när ingen kan pekas ut."
          : "Services given without an individual needs assessment by decision of the committee (Social Services Act 2025:400): the decision, its conditions and the reach. Counts of people are shown only where no one can be singled out."}
      </p>
      <ExportLinks base="/api/services/export" formats={["html", "xlsx"]} label={sv ? "Registret med beslut och räckvidd" : "The register with decisions and reach"} />
      {error && (
        <p role="alert" className="error">
          {i.t("error", { m: error })}
        </p>
      )}
      {list === null ? (
        <p role="status">{i.t("loading")}</p>
      ) : list.length === 0 ? (
        <p>{sv ? "Inga verksamheter i registret ännu." : "No services in the register yet."}</p>
      ) : (
        <TableWrap label={i.t("navServices")}>
          <table className="list" data-testid="services">
            <caption className="visually-hidden">{sv ? "Registret över lågtröskelverksamheter" : "The register of low-threshold services"}</caption>
            <thead>
              <tr>
                <th scope="col">{i.t("name")}</th>
                <th scope="col">{sv ? "Utförare" : "Provider"}</th>
                <th scope="col">{sv ? "Beslutat av" : "Decided by"}</th>
                <th scope="col">{sv ? "Beslutsdatum" : "Decision date"}</th>
                <th scope="col">{sv ? "Diarienummer" : "Reference"}</th>
                <th scope="col">{sv ? "Identiteter registreras" : "Identities recorded"}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    <a href={href({ page: "service", id: d.id })}>{d.body.name}</a>
                  </th>
                  <td>{d.body.provider}</td>
                  <td>{d.body.decision.body}</td>
                  <td>{i.date(d.body.decision.date)}</td>
                  <td>{d.body.decision.reference}</td>
                  <td>{d.body.decision.identitiesRecorded ? i.t("yes") : i.t("no")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {canWrite &&
        (creating ? (
          <form onSubmit={create} aria-labelledby="new-service-h">
            <h2 id="new-service-h">{sv ? "Ny verksamhet" : "New service"}</h2>
            <ServiceFields value={creating} onChange={setCreating} />
            <div className="actions">
              <button type="submit" disabled={!complete(creating)}>
                {sv ? "Lägg till i registret" : "Add to the register"}
              </button>
              <button type="button" onClick={() => setCreating(null)}>
                {i.t("cancel")}
              </button>
            </div>
          </form>
        ) : (
          <button type="button" onClick={() => setCreating(emptyService())}>
            {sv ? "Ny verksamhet" : "New service"}
          </button>
        ))}
    </div>
  );
}

/** The fields of a service and its decision. */
function ServiceFields({ value: s, onChange, disabled }: { value: Service; onChange: (s: Service) => void; disabled?: boolean }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const d = s.decision;
  const setDecision = (change: Partial<Service["decision"]>) => onChange({ ...s, decision: { ...d, ...change } });
  return (
    <>
      <fieldset disabled={disabled}>
        <legend>{sv ? "Verksamheten" : "The service"}</legend>
        <div className="row">
          <label className="grow">
            {sv ? "Verksamhetens namn" : "Name of the service"}
            <input value={s.name} onChange={(e) => onChange({ ...s, name: e.target.value })} required />
          </label>
          <label>
            {sv ? "Utförare" : "Provider"}
            <input value={s.provider} onChange={(e) => onChange({ ...s, provider: e.target.value })} required />
          </label>
          <LevelSelect value={s.level} onChange={(level) => onChange({ ...s, level })} />
        </div>
        <label>
          {i.t("description")}
          <textarea rows={2} value={s.description} onChange={(e) => onChange({ ...s, description: e.target.value })} />
        </label>
        <div className="row">
          <ListField label={sv ? "Åldersgrupper (åtskilda med komma, t.ex. 13–15, 16–18)" : "Age groups (separated by commas, e.g. 13–15, 16–18)"} value={s.ageGroups} onChange={(ageGroups) => onChange({ ...s, ageGroups })} />
          <OptionalNumber
            label={sv ? "Förväntat antal deltagare per år (modellerat)" : "Expected participants per year (modelled)"}
            hint={sv ? "En uppskattning, inte personer: visas som den är." : "An estimate, not people: shown as it is."}
            value={s.expectedParticipantsPerYear}
            min={0}
            onChange={(v) => onChange({ ...s, expectedParticipantsPerYear: v })}
          />
        </div>
      </fieldset>
      <fieldset disabled={disabled}>
        <legend>{sv ? "Nämndens beslut" : "The committee's decision"}</legend>
        <div className="row">
          <label>
            {i.t("decisionBody")}
            <input value={d.body} onChange={(e) => setDecision({ body: e.target.value })} required />
          </label>
          <label>
            {sv ? "Beslutsdatum" : "Decision date"}
            <input type="date" value={d.date} onChange={(e) => setDecision({ date: e.target.value })} required />
          </label>
          <label>
            {i.t("decisionReference")}
            <input value={d.reference} onChange={(e) => setDecision({ reference: e.target.value })} required />
          </label>
        </div>
        <label>
          {sv ? "Villkor i beslutet" : "Conditions of the decision"}
          <textarea rows={2} value={d.conditions} onChange={(e) => setDecision({ conditions: e.target.value })} />
        </label>
        <label className="inline-check">
          <input type="checkbox" checked={d.identitiesRecorded} onChange={(e) => setDecision({ identitiesRecorded: e.target.checked })} />
          {sv ? "Identiteten hos den som använder verksamheten registreras" : "The identities of those who use the service are recorded"}
        </label>
      </fieldset>
    </>
  );
}

export function ServiceEditor({ id, session }: { id: string; session: Session }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const canWrite = session.user.role !== "viewer";
  const [reach, setReach] = useState<ReachView | null>(null);
  // The reach comes with the service; saving the service's own fields does not change it.
  const get = async (serviceId: string) => {
    const { reach: r, ...d } = await f.services.get(serviceId);
    setReach(r);
    return d;
  };
  const editor = useDocEditor<Service>(id, get, f.services.save);
  const { doc, body, setBody, dirty, load, error } = editor;
  useEffect(() => {
    void load();
  }, [id]);
  if (!doc || !body || !reach) return error ? <p role="alert" className="error">{error}</p> : <p role="status">{i.t("loading")}</p>;
  return (
    <div className="service">
      <p>
        <a href={href({ page: "services" })}>← {i.t("navServices")}</a>
      </p>
      <h1>{body.name || (sv ? "Verksamhet" : "Service")}</h1>
      <p className="meta">
        {i.t("version")} {doc.version}
        {dirty ? " *" : ""} · {sv ? "ändrad" : "changed"} {i.dateTime(doc.updatedAt)}
      </p>
      <ServiceFields value={body} onChange={setBody} disabled={!canWrite} />
      {canWrite && <SaveBar editor={editor} label={sv ? "Spara verksamheten" : "Save the service"} blocked={!complete(body)} />}
      <section aria-labelledby="reach-h">
        <h2 id="reach-h">{sv ? "Räckvidd" : "Reach"}</h2>
        <ReachTables serviceId={id} reach={reach} canWrite={canWrite} onChange={setReach} />
        {canWrite && <ReachForm serviceId={id} ageGroups={body.ageGroups} periods={reach.periods.map((p) => p.period)} onSaved={setReach} />}
      </section>
      {canWrite && (
        <DeleteDoc
          label={sv ? "Ta bort verksamheten ur registret" : "Remove the service from the register"}
          question={sv ? `Ta bort "${doc.body.name}" med all rapporterad räckvidd?` : `Remove "${doc.body.name}" with all reach reported?`}
          remove={() => f.services.remove(id)}
          after={() => go({ page: "services" }, { discard: true })}
        />
      )}
    </div>
  );
}

/** A count as the server showed it: null is hidden. */
function Shown({ value }: { value: number | null }) {
  const i = useI18n();
  if (value === null)
    return (
      <span className="suppressed" title={i.t("suppressedNote")}>
        <span aria-hidden="true">..</span>
        <span className="visually-hidden">{i.t("hidden")}</span>
      </span>
    );
  return <>{i.num(value)}</>;
}

function ReachTables({ serviceId, reach, canWrite, onChange }: { serviceId: string; reach: ReachView; canWrite: boolean; onChange: (r: ReachView) => void }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const [error, setError] = useState<string | null>(null);
  const hiddenAny = reach.visitsTotal === null || reach.periods.some((p) => p.visits === null || p.total === null || p.cells.some((r) => r.includes(null)) || p.rowTotals.includes(null) || p.columnTotals.includes(null));
  async function remove(p: PeriodView) {
    if (!confirm(sv ? `Ta bort räckvidden för ${p.period}?` : `Remove the reach for ${p.period}?`)) return;
    try {
      onChange(await f.deleteReach(serviceId, p.period));
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <div data-testid="reach">
      <dl className="figures">
        <div>
          <dt>{sv ? "Förväntat antal deltagare per år (modellerat)" : "Expected participants per year (modelled)"}</dt>
          <dd>{reach.expectedParticipantsPerYear === null ? "–" : i.num(reach.expectedParticipantsPerYear)}</dd>
        </div>
        <div>
          <dt>{sv ? "Besök, alla perioder" : "Visits, all periods"}</dt>
          <dd>
            <Shown value={reach.visitsTotal} />
          </dd>
        </div>
      </dl>
      {reach.periods.length === 0 && <p>{sv ? "Ingen räckvidd rapporterad ännu." : "No reach reported yet."}</p>}
      {reach.periods.map((p) => (
        <div key={p.period} className="period">
          <TableWrap label={`${sv ? "Räckvidd" : "Reach"} ${p.period}`}>
            <table className="list" data-testid={`reach-${p.period}`}>
              <caption>
                {sv ? `${p.period}: deltagare per åldersgrupp och kön` : `${p.period}: participants by age group and gender`}
                {" · "}
                {sv ? "Besök" : "Visits"}: <Shown value={p.visits} />
              </caption>
              <thead>
                <tr>
                  <th scope="col">{sv ? "Åldersgrupp" : "Age group"}</th>
                  {p.genders.map((g) => (
                    <th key={g} scope="col" className="num">
                      {i.t(`gender_${g}`)}
                    </th>
                  ))}
                  <th scope="col" className="num">{i.t("total")}</th>
                </tr>
              </thead>
              <tbody>
                {p.ageGroups.map((a, r) => (
                  <tr key={a}>
                    <th scope="row">{a}</th>
                    {p.genders.map((g, c) => (
                      <td key={g} className="num">
                        <Shown value={p.cells[r]?.[c] ?? null} />
                      </td>
                    ))}
                    <td className="num">
                      <Shown value={p.rowTotals[r] ?? null} />
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{i.t("total")}</th>
                  {p.genders.map((g, c) => (
                    <td key={g} className="num">
                      <Shown value={p.columnTotals[c] ?? null} />
                    </td>
                  ))}
                  <td className="num">
                    <Shown value={p.total} />
                  </td>
                </tr>
              </tfoot>
            </table>
          </TableWrap>
          {canWrite && (
            <button type="button" className="link" onClick={() => remove(p)}>
              {sv ? "Ta bort perioden" : "Remove the period"} <span className="visually-hidden">{p.period}</span>
            </button>
          )}
        </div>
      ))}
      {hiddenAny && <SuppressedNote />}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}

type Grid = Record<string, Partial<Record<Gender, number>>>;

/**
 * Reports one period: visits and distinct participants per age group and gender. Cleared once
 * sent; what was saved is then shown back below it, to the one who sent it, with every count of
 * 1–4 as "färre än 5" and no totals.
 */
function ReachForm({ serviceId, ageGroups, periods, onSaved }: { serviceId: string; ageGroups: string[]; periods: readonly string[]; onSaved: (r: ReachView) => void }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const [period, setPeriod] = useState("");
  const [visits, setVisits] = useState<number | null>(null);
  const [grid, setGrid] = useState<Grid>({});
  const [round, setRound] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saved, setSaved] = useState<SavedReach | null>(null);
  const valid = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/.test(period.trim()) && visits !== null;
  const typed = period.trim() !== "" || visits !== null || Object.values(grid).some((row) => Object.keys(row).length > 0);
  useLeaveGuard(typed ? i.t("unsavedLeave") : null);
  async function send(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setNotice(null);
    try {
      const participants: Grid = {};
      for (const a of ageGroups) {
        const row = Object.fromEntries(GENDERS.filter((g) => grid[a]?.[g] !== undefined).map((g) => [g, Math.round(grid[a]![g]!)]));
        if (Object.keys(row).length > 0) participants[a] = row;
      }
      const sent = { period: period.trim(), visits: Math.round(visits ?? 0), participants };
      const r = await f.saveReach(serviceId, sent);
      onSaved(r);
      setSaved(sent);
      setNotice(sv ? `Räckvidden för ${period.trim()} är sparad.` : `The reach for ${period.trim()} is saved.`);
      // What was typed is not kept on screen: the table above shows it as the server suppressed it.
      setPeriod("");
      setVisits(null);
      setGrid({});
      setRound((x) => x + 1);
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <form onSubmit={send} key={round}>
      <fieldset>
        <legend>{sv ? "Rapportera räckvidd för en period" : "Report the reach of a period"}</legend>
        <p className="small">
          {sv
            ? "Sammanräknat för perioden: antal besök och antal olika personer per åldersgrupp och kön. En period som redan finns ersätts."
            : "Totals for the period: visits and distinct people by age group and gender. A period already reported is replaced."}
        </p>
        <div className="row">
          <label>
            {sv ? "Period (t.ex. 2026, 2026-Q1 eller 2026-03)" : "Period (e.g. 2026, 2026-Q1 or 2026-03)"}
            <input value={period} onChange={(e) => setPeriod(e.target.value)} required pattern="\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?" />
          </label>
          <OptionalNumber label={sv ? "Antal besök" : "Visits"} value={visits} min={0} onChange={setVisits} />
        </div>
        {ageGroups.length === 0 ? (
          <p className="small">{sv ? "Ange åldersgrupper för verksamheten först." : "Set the service's age groups first."}</p>
        ) : (
          <table className="list compact">
            <caption className="small">{sv ? "Deltagare (olika personer) per åldersgrupp och kön" : "Participants (distinct people) by age group and gender"}</caption>
            <thead>
              <tr>
                <th scope="col">{sv ? "Åldersgrupp" : "Age group"}</th>
                {GENDERS.map((g) => (
                  <th key={g} scope="col">
                    {i.t(`gender_${g}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {ageGroups.map((a) => (
                <tr key={a}>
                  <th scope="row">{a}</th>
                  {GENDERS.map((g) => (
                    <td key={g}>
                      <OptionalNumber
                        hideLabel
                        label={`${sv ? "Deltagare" : "Participants"} ${a}, ${i.t(`gender_${g}`).toLowerCase()}`}
                        value={grid[a]?.[g] ?? null}
                        min={0}
                        onChange={(v) => {
                          const row = { ...grid[a] };
                          if (v === null) delete row[g];
                          else row[g] = v;
                          setGrid({ ...grid, [a]: row });
                        }}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <button type="submit" disabled={!valid}>
          {sv ? "Spara perioden" : "Save the period"}
        </button>
        {notice && <p role="status">{notice}</p>}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </fieldset>
      {saved && periods.includes(saved.period) && <SavedReachTable saved={saved} ageGroups={ageGroups} />}
    </form>
  );
}

/** The period just saved, as the one who sent it may see it: counts of 1–4 as "färre än 5", no totals. */
function SavedReachTable({ saved, ageGroups }: { saved: SavedReach; ageGroups: string[] }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const r = reachReceipt(saved, ageGroups, GENDERS, i);
  return (
    <div className="saved-reach" data-testid="saved-reach">
      <TableWrap label={sv ? `Sparat för ${r.period}` : `Saved for ${r.period}`}>
        <table className="list compact">
          <caption>
            {sv ? `Det du sparade för ${r.period}` : `What you saved for ${r.period}`} · {sv ? "Besök" : "Visits"}: {r.visits}
          </caption>
          <thead>
            <tr>
              <th scope="col">{sv ? "Åldersgrupp" : "Age group"}</th>
              {GENDERS.map((g) => (
                <th key={g} scope="col" className="num">
                  {i.t(`gender_${g}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {r.rows.map((row) => (
              <tr key={row.ageGroup}>
                <th scope="row">{row.ageGroup}</th>
                {row.cells.map((c, k) => (
                  <td key={GENDERS[k]} className="num">
                    {c ?? "–"}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p className="small">
        {sv
          ? "Visas bara här, för dig som matade in det. Antal 1–4 visas som ”färre än 5”, och inga summor visas, så att ingen kan pekas ut."
          : "Shown only here, to you who entered it. Counts of 1–4 are shown as “fewer than 5”, and no totals are shown, so that no one can be singled out."}
      </p>
    </div>
  );
}
