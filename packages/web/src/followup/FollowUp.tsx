/**
 * The follow-up of a saved plan as the server computed it: per measure and year the planned,
 * forecast and actual participants and costs with the deviation, the years off track and why;
 * the actuals reported from here; and the scenario re-run with them. Counts of people are only
 * ever shown as the server suppressed them.
 * @module
 */
import type { ActionPlan, FollowUpYear, IndicatorFollowUp, MeasureFollowUp, OffTrackReason, PlanFollowUp, Reported, Status } from "@sikt/followup";
import { useEffect, useState } from "react";
import { errorText, followupApi as f, type Rerun } from "../api";
import { useI18n } from "../i18n";
import { useLeaveGuard } from "../route";
import { TableWrap } from "../TableWrap";
import { Count, Hidden, OptionalNumber, SuppressedNote } from "./common";
import { EffectEstimatePanel } from "./EffectEstimate";

export function StatusBadge({ status }: { status: Status }) {
  const { t } = useI18n();
  return <span className={`badge status-${status}`}>{t(`status_${status}`)}</span>;
}

const anySuppressed = (v: PlanFollowUp) => JSON.stringify(v).includes('"suppressed"');

export function FollowUpSection({ planId, plan, followUp, dirty, canWrite, onChange }: { planId: string; plan: ActionPlan; followUp: PlanFollowUp; dirty: boolean; canWrite: boolean; onChange: (v: PlanFollowUp) => void }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const years = followUp.years;
  return (
    <section aria-labelledby="followup-h" className="followup">
      <h2 id="followup-h">{sv ? "Uppföljning" : "Follow-up"}</h2>
      <p className="small">
        {sv
          ? `Utfall mot plan och mot kalkylens prognos per år. Ett år avviker när deltagarna understiger planen eller kostnaden överstiger budgeten med mer än ${i.pct(followUp.tolerance)}, eller när det finns deltagare eller kostnader ett år utan plan. Planerade och prognostiserade deltagare är modellerade; faktiska deltagare är personer och visas bara när de inte kan pekas ut.`
          : `Actual against plan and against the scenario's forecast per year. A year is off track when participants fall short of the plan or the cost exceeds the budget by more than ${i.pct(followUp.tolerance)}, or when there are participants or costs in a year without a plan. Planned and forecast participants are modelled; actual participants are people and are shown only where no one can be singled out.`}
      </p>
      {dirty && <p className="notice">{sv ? "Uppföljningen gäller den sparade planen. Spara planen för att se dina ändringar här." : "The follow-up is of the saved plan. Save the plan to see your changes here."}</p>}
      {followUp.measures.length === 0 ? (
        <p>{sv ? "Planen har inga åtgärder ännu." : "The plan has no measures yet."}</p>
      ) : (
        <>
          <TableWrap label={sv ? "Faktiska deltagare per åtgärd och år" : "Actual participants per measure and year"}>
            <table className="list" data-testid="participants-table">
              <caption>{sv ? "Faktiska deltagare per åtgärd och år" : "Actual participants per measure and year"}</caption>
              <thead>
                <tr>
                  <th scope="col">{sv ? "Åtgärd" : "Measure"}</th>
                  {years.map((y) => (
                    <th key={y} scope="col" className="num">
                      {y}
                    </th>
                  ))}
                  <th scope="col" className="num">{i.t("total")}</th>
                  <th scope="col">{sv ? "Status" : "Status"}</th>
                </tr>
              </thead>
              <tbody>
                {followUp.measures.map((m, k) => (
                  <tr key={m.measureId}>
                    <th scope="row">{m.title}</th>
                    {years.map((y, yi) => (
                      <td key={y} className="num">
                        <Count value={followUp.participants.cells[k]?.[yi]} />
                      </td>
                    ))}
                    <td className="num">
                      <Count value={followUp.participants.rowTotals[k]} />
                    </td>
                    <td>
                      <StatusBadge status={m.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{i.t("total")}</th>
                  {years.map((y, yi) => (
                    <td key={y} className="num">
                      <Count value={followUp.participants.columnTotals[yi]} />
                    </td>
                  ))}
                  <td className="num">
                    <Count value={followUp.participants.total} />
                  </td>
                  <td />
                </tr>
              </tfoot>
            </table>
          </TableWrap>
          {followUp.measures.map((m) => (
            <MeasureFollowUpView key={m.measureId} planId={planId} m={m} hasScenario={!!plan.measures.find((x) => x.id === m.measureId)?.scenario} startYear={plan.measures.find((x) => x.id === m.measureId)?.startYear ?? plan.startYear} canWrite={canWrite} onChange={onChange} />
          ))}
        </>
      )}
      {anySuppressed(followUp) && <SuppressedNote />}
    </section>
  );
}

/** "+2 (+10 %)", "−1,2 mnkr (−5 %)". */
function Deviation({ value, share, money }: { value: Reported; share: number | null; money?: boolean }) {
  const i = useI18n();
  if (value === "suppressed") return <Hidden />;
  if (value === null) return <>–</>;
  const sign = value > 0 ? "+" : "";
  return (
    <>
      {sign}
      {money ? i.sek(value) : i.num(value)}
      {share !== null && ` (${share > 0 ? "+" : ""}${i.pct(share)})`}
    </>
  );
}

function MeasureFollowUpView({ planId, m, hasScenario, startYear, canWrite, onChange }: { planId: string; m: MeasureFollowUp; hasScenario: boolean; startYear: number; canWrite: boolean; onChange: (v: PlanFollowUp) => void }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const [rerun, setRerun] = useState<Rerun | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const headId = `fu-${m.measureId}`;
  async function runAgain() {
    setBusy(true);
    setError(null);
    try {
      setRerun(await f.rerun(planId, m.measureId));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  const t = m.totals;
  return (
    <section aria-labelledby={headId} className="card measure-followup" data-testid={`followup-${m.measureId}`}>
      <div className="figure-head">
        <h3 id={headId}>
          {m.title} <StatusBadge status={m.status} />
        </h3>
      </div>
      <TableWrap labelledBy={headId}>
        <table className="list followup-table">
          <caption>{sv ? `Plan, prognos och utfall per år: ${m.title}` : `Plan, forecast and actual per year: ${m.title}`}</caption>
          <thead>
            <tr>
              <th scope="col">{i.t("year")}</th>
              <th scope="col" className="num">{sv ? "Planerade deltagare" : "Planned participants"}</th>
              <th scope="col" className="num">{sv ? "Prognos deltagare" : "Forecast participants"}</th>
              <th scope="col" className="num">{sv ? "Faktiska deltagare" : "Actual participants"}</th>
              <th scope="col" className="num">{sv ? "Avvikelse deltagare" : "Deviation participants"}</th>
              <th scope="col" className="num">{sv ? "Budget" : "Budget"}</th>
              <th scope="col" className="num">{sv ? "Prognos kostnad" : "Forecast cost"}</th>
              <th scope="col" className="num">{sv ? "Faktisk kostnad" : "Actual cost"}</th>
              <th scope="col" className="num">{sv ? "Avvikelse kostnad" : "Deviation cost"}</th>
              <th scope="col">{sv ? "Status" : "Status"}</th>
            </tr>
          </thead>
          <tbody>
            {m.years.map((y) => (
              <YearRow key={y.year} y={y} />
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{i.t("total")}</th>
              <td className="num">{i.num(t.plannedParticipants)}</td>
              <td />
              <td className="num">
                <Count value={t.actualParticipants} />
              </td>
              <td />
              <td className="num">{i.sek(t.plannedCost)}</td>
              <td />
              <td className="num">{t.actualCost === null ? "–" : i.sek(t.actualCost)}</td>
              <td />
              <td />
            </tr>
          </tfoot>
        </table>
      </TableWrap>
      {m.indicators && m.indicators.length > 0 && <IndicatorTargets title={m.title} indicators={m.indicators} />}
      {canWrite && <ActualsForm planId={planId} m={m} onSaved={onChange} />}
      {hasScenario && (
        <div className="rerun">
          <button type="button" onClick={runAgain} disabled={busy}>
            {busy ? i.t("recalculating") : sv ? "Räkna om med utfall" : "Recalculate with actuals"}
          </button>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          {rerun && <RerunTable r={rerun} title={m.title} />}
        </div>
      )}
      {m.indicators && m.indicators.length > 0 && (
        <EffectEstimatePanel planId={planId} measureId={m.measureId} startYear={startYear} indicators={m.indicators.map((x) => ({ indicatorId: x.indicatorId, name: x.name }))} canWrite={canWrite} />
      )}
    </section>
  );
}

/** Why a year is off track, in words. */
const REASONS: Record<OffTrackReason, { sv: string; en: string }> = {
  "fewer-participants": { sv: "färre deltagare än planerat", en: "fewer participants than planned" },
  "unplanned-participants": { sv: "deltagare ett år utan planerade deltagare", en: "participants in a year with none planned" },
  "over-budget": { sv: "högre kostnad än budgeterat", en: "higher cost than budgeted" },
  "unbudgeted-cost": { sv: "kostnad ett år utan budget", en: "cost in a year without a budget" },
};

function YearRow({ y }: { y: FollowUpYear }) {
  const i = useI18n();
  const off = y.status === "off-track";
  return (
    <tr className={off ? "off-track" : undefined} data-year={y.year}>
      <th scope="row">{y.year}</th>
      <td className="num">{y.planned ? i.num(y.planned.participants) : "–"}</td>
      <td className="num">{y.forecast ? i.num(y.forecast.participants) : "–"}</td>
      <td className="num">
        <Count value={y.actual?.participants ?? null} />
      </td>
      <td className="num">{y.deviation ? <Deviation value={y.deviation.participants} share={y.deviation.participantsShare} /> : "–"}</td>
      <td className="num">{y.planned ? i.sek(y.planned.cost) : "–"}</td>
      <td className="num">{y.forecast ? i.sek(y.forecast.cost) : "–"}</td>
      <td className="num">{y.actual?.cost === null || y.actual?.cost === undefined ? "–" : i.sek(y.actual.cost)}</td>
      <td className={off && y.reasons.some((r) => r === "over-budget" || r === "unbudgeted-cost") ? "num out" : "num"}>{y.deviation ? <Deviation value={y.deviation.cost} share={y.deviation.costShare} money /> : "–"}</td>
      <td>
        <StatusBadge status={y.status} />
        {y.reasons.length > 0 && (
          <span className="reasons">
            {" "}
            {y.reasons.map((r) => REASONS[r][i.lang]).join(", ")}.
          </span>
        )}
        {y.actual?.note && <span className="small"> {y.actual.note}</span>}
      </td>
    </tr>
  );
}

const TARGET_STATUS = {
  met: { sv: "Uppnått", en: "Met", cls: "status-on-track" },
  missed: { sv: "Inte uppnått", en: "Missed", cls: "status-off-track" },
  pending: { sv: "Inte ännu", en: "Not yet", cls: "status-not-reported" },
} as const;

/** The measure's indicators against their targets: the latest value up to the target year. */
function IndicatorTargets({ title, indicators }: { title: string; indicators: IndicatorFollowUp[] }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const value = (v: number) => i.num(v, Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 1 ? 1 : 2);
  return (
    <table className="list targets" data-testid="targets">
      <caption>{sv ? `Indikatorer mot mål: ${title}` : `Indicators against targets: ${title}`}</caption>
      <thead>
        <tr>
          <th scope="col">{sv ? "Indikator" : "Indicator"}</th>
          <th scope="col" className="num">{sv ? "Mål" : "Target"}</th>
          <th scope="col" className="num">{sv ? "Senaste värde" : "Latest value"}</th>
          <th scope="col">{sv ? "Status" : "Status"}</th>
        </tr>
      </thead>
      <tbody>
        {indicators.map((x) => {
          const until = x.values.filter((v) => x.targetYear === null || v.year <= x.targetYear);
          const latest = until.at(-1) ?? x.values.at(-1);
          const st = x.status ? TARGET_STATUS[x.status] : null;
          return (
            <tr key={x.indicatorId}>
              <th scope="row">{x.name || x.indicatorId}</th>
              <td className="num">
                {x.target === null ? "–" : value(x.target)}
                {x.targetYear !== null && ` ${sv ? "år" : "in"} ${x.targetYear}`}
              </td>
              <td className="num">{latest ? `${value(latest.value)} (${latest.year})` : "–"}</td>
              <td>{st ? <span className={`badge ${st.cls}`}>{st[i.lang]}</span> : sv ? "Inget mål" : "No target"}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function RerunTable({ r, title }: { r: Rerun; title: string }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const rows: { label: string; get: (k: Rerun["planned"]) => string }[] = [
    { label: i.t("npv"), get: (k) => i.sek(k.npv) },
    { label: i.t("bcr"), get: (k) => (k.bcr === null ? "–" : i.ratio(k.bcr)) },
    { label: i.t("pvCosts"), get: (k) => i.sek(k.pvCosts) },
    { label: i.t("pvSavings"), get: (k) => i.sek(k.pvSavings) },
    { label: i.t("payback"), get: (k) => (k.paybackYear === null ? i.t("never") : String(k.paybackYear)) },
  ];
  return (
    <table className="list rerun-table" data-testid="rerun">
      <caption>
        {sv
          ? `Hela kalkylscenariot${r.scenario ? ` ${r.scenario}` : ""}: som planerat och omräknat med utfallet för ${title}`
          : `The whole calculation scenario${r.scenario ? ` ${r.scenario}` : ""}: as planned and recalculated with the actuals of ${title}`}
        {r.yearsReported && r.yearsReported.length > 0 && (
          <span className="small">
            {" "}
            – {sv ? "utfall för" : "actuals for"} {r.yearsReported.join(", ")}. {sv ? "Omräkningen är en modellberäkning." : "The recalculation is a modelled figure."}
          </span>
        )}
      </caption>
      <thead>
        <tr>
          <th scope="col">{i.t("keyFigures")}</th>
          <th scope="col" className="num">{sv ? "Planerat" : "Planned"}</th>
          <th scope="col" className="num">{sv ? "Med utfall" : "With actuals"}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.label}>
            <th scope="row">{row.label}</th>
            <td className="num">{row.get(r.planned)}</td>
            <td className="num">{row.get(r.actual)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface Row {
  participants: number | null;
  cost: number | null;
  note: string;
  /** A count is stored but hidden: the field starts empty and must be typed again to change the row. */
  hidden: boolean;
  dirty: boolean;
}

/** The rows of the form; a hidden count the user entered is shown to that user here (and only here). */
const rowsOf = (m: MeasureFollowUp, own: ReadonlyMap<number, number> = new Map()): Record<number, Row> =>
  Object.fromEntries(
    m.years.map((y) => [
      y.year,
      {
        participants: typeof y.actual?.participants === "number" ? y.actual.participants : y.actual?.participants === "suppressed" ? (own.get(y.year) ?? null) : null,
        cost: y.actual?.cost ?? null,
        note: y.actual?.note ?? "",
        hidden: y.actual?.participants === "suppressed",
        dirty: false,
      },
    ]),
  );

/** Actual participants, cost and a note per year of one measure. */
function ActualsForm({ planId, m, onSaved }: { planId: string; m: MeasureFollowUp; onSaved: (v: PlanFollowUp) => void }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const [rows, setRows] = useState(() => rowsOf(m));
  // The hidden counts this user entered: shown in this form, to this user only.
  const [own, setOwn] = useState<Map<number, number>>(new Map());
  const loadOwn = async (v: MeasureFollowUp) => {
    const r = await f.ownCounts(planId).catch(() => ({ counts: [] }));
    const map = new Map(r.counts.filter((x) => x.measureId === m.measureId).map((x) => [x.year, x.participants]));
    setOwn(map);
    setRows(rowsOf(v, map));
  };
  useEffect(() => {
    void loadOwn(m);
  }, [planId, m.measureId]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (year: number, change: Partial<Row>) => setRows({ ...rows, [year]: { ...rows[year]!, ...change, dirty: true } });
  const dirty = Object.values(rows).some((r) => r.dirty);
  useLeaveGuard(dirty ? i.t("unsavedLeave") : null);
  const id = `report-${m.measureId}`;
  async function save() {
    setError(null);
    setNotice(null);
    const changed = Object.entries(rows).filter(([, r]) => r.dirty);
    setBusy(true);
    try {
      const v = await f.saveActuals(
        planId,
        changed.map(([y, r]) => {
          const row = { measureId: m.measureId, year: Number(y), cost: r.cost, note: r.note.trim() };
          // A hidden count left empty is kept as saved (the browser never sees it); a row emptied altogether is removed.
          if (r.hidden && r.participants === null && (r.cost !== null || row.note !== "")) return row;
          return { ...row, participants: r.participants === null ? null : Math.round(r.participants) };
        }),
      );
      const mine = v.measures.find((x) => x.measureId === m.measureId);
      if (mine) await loadOwn(mine);
      setNotice(sv ? "Utfallet är sparat." : "The actuals are saved.");
      onSaved(v);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <details className="report" open>
      <summary id={id}>{sv ? `Rapportera utfall: ${m.title}` : `Report actuals: ${m.title}`}</summary>
      <TableWrap labelledBy={id}>
        <table className="list compact">
          <caption className="small">
            {sv
              ? "Faktiska deltagare (personer), kostnad i kronor och en kommentar per år. Ett dolt antal (..) visas här bara för den som matade in det; för andra är fältet tomt, och lämnas det tomt behålls det sparade antalet."
              : "Actual participants (people), cost in SEK and a note per year. A hidden count (..) is shown here only to whoever entered it; for others the field is empty, and left empty, the saved count is kept."}
          </caption>
          <thead>
            <tr>
              <th scope="col">{i.t("year")}</th>
              <th scope="col">{sv ? "Faktiska deltagare" : "Actual participants"}</th>
              <th scope="col">{sv ? "Faktisk kostnad (kr)" : "Actual cost (SEK)"}</th>
              <th scope="col">{sv ? "Kommentar" : "Note"}</th>
            </tr>
          </thead>
          <tbody>
            {m.years.map((y) => {
              const r = rows[y.year]!;
              return (
                <tr key={y.year}>
                  <th scope="row">{y.year}</th>
                  <td>
                    <OptionalNumber
                      hideLabel
                      label={`${sv ? "Faktiska deltagare" : "Actual participants"} ${y.year}, ${m.title}`}
                      value={r.participants}
                      min={0}
                      placeholder={r.hidden ? ".." : undefined}
                      onChange={(v) => set(y.year, { participants: v })}
                    />
                    {r.hidden && own.has(y.year) && <span className="small own-count">{sv ? "dolt för andra; du matade in det" : "hidden from others; you entered it"}</span>}
                  </td>
                  <td>
                    <OptionalNumber hideLabel label={`${sv ? "Faktisk kostnad" : "Actual cost"} ${y.year}, ${m.title}`} value={r.cost} min={0} onChange={(v) => set(y.year, { cost: v })} />
                  </td>
                  <td>
                    <label>
                      <span className="visually-hidden">{`${sv ? "Kommentar" : "Note"} ${y.year}, ${m.title}`}</span>
                      <input value={r.note} onChange={(e) => set(y.year, { note: e.target.value })} />
                    </label>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
      <button type="button" onClick={save} disabled={!dirty || busy}>
        {sv ? "Spara utfall" : "Save actuals"} <span className="visually-hidden">{m.title}</span>
      </button>
      {notice && <p role="status">{notice}</p>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </details>
  );
}
