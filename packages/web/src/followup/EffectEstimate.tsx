/**
 * "What did the measure do?": the measure's indicator in its place against comparison places,
 * before and after its start (difference in differences and a synthetic control), drawn with the
 * estimate in words and a table view, always with the warning that it is an observational
 * estimate; and, where the measure has a calculation, the effect updated with what was observed,
 * the scenario re-run with it, and the choice to adopt it as a new scenario version.
 * @module
 */
import type { DidResult, IndicatorView, SyntheticResult } from "@sikt/followup";
import { useEffect, useId, useState } from "react";
import { errorText, type EffectEstimate, type EffectUpdate, followupApi as f } from "../api";
import { Figure, labelEvery, scale, ticks, useChartWidth } from "../explain/Charts";
import { useI18n } from "../i18n";
import { TableWrap } from "../TableWrap";

type I18n = ReturnType<typeof useI18n>;

const H = 240;
const PAD = { l: 56, r: 16, t: 12, b: 28 };

/** Words for why no estimate could be made. */
function insufficientText(r: { reason: string; before: number; after: number; comparisons: number }, sv: boolean, method: "did" | "synth"): string {
  const need = method === "did" ? (sv ? "minst två år före starten, ett år efter och en jämförelseort" : "at least two years before the start, one after and one comparison place") : sv ? "minst tre år före starten, ett år efter och två jämförelseorter" : "at least three years before the start, one after and two comparison places";
  const have = sv ? `Det finns ${r.before} år före, ${r.after} år efter och ${r.comparisons} jämförelseorter med värden alla år.` : `There are ${r.before} years before, ${r.after} after and ${r.comparisons} comparison places with values in every year.`;
  return `${sv ? "För lite data för att säga något: metoden behöver" : "Too little data to say anything: the method needs"} ${need}. ${have}`;
}

/** The place against the comparison (mean of the comparison places, and the synthetic mix), before and after the start. */
function EffectChart({ did, synthetic, startYear, unit, placeName }: { did: Extract<DidResult, { status: "ok" }>; synthetic: SyntheticResult; startYear: number; unit: string; placeName: string }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const years = did.rows.map((r) => r.year);
  const W = useChartWidth();
  const every = labelEvery(years.length, W - PAD.l - PAD.r - 16);
  const synth = synthetic.status === "ok" ? synthetic.rows : null;
  const all = [...did.rows.flatMap((r) => [r.treated, r.comparison]), ...(synth?.map((r) => r.synthetic) ?? [])];
  const lo = Math.min(0, ...all);
  const hi = Math.max(...all) * 1.05 || 1;
  const x = scale(years[0]!, years.at(-1)!, PAD.l + 8, W - PAD.r - 8);
  const y = scale(lo, hi, H - PAD.b, PAD.t);
  const line = (pts: { year: number; v: number }[]) => pts.map((p, k) => `${k ? "L" : "M"}${x(p.year).toFixed(1)},${y(p.v).toFixed(1)}`).join(" ");
  const startX = (x(startYear - 1) + x(startYear)) / 2;
  const est = did.estimate;
  const caption = sv
    ? `${placeName} låg i snitt ${i.num(Math.abs(est), 1)} ${unit} ${est < 0 ? "lägre" : "högre"} efter starten ${startYear} än jämförelsen skulle ge, räknat mot skillnaden före starten (95 % konfidensintervall ${i.num(did.ci95[0], 1)} till ${i.num(did.ci95[1], 1)}).`
    : `After the start in ${startYear}, ${placeName} was on average ${i.num(Math.abs(est), 1)} ${unit} ${est < 0 ? "lower" : "higher"} than the comparison would give, relative to the gap before the start (95 % confidence interval ${i.num(did.ci95[0], 1)} to ${i.num(did.ci95[1], 1)}).`;
  const chart = (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={caption} className="chart">
      {ticks(lo, hi).map((t) => (
        <g key={t}>
          <line x1={PAD.l} x2={W - PAD.r} y1={y(t)} y2={y(t)} stroke="#e3e6ea" />
          <text x={PAD.l - 6} y={y(t) + 4} textAnchor="end" fontSize="11">
            {i.num(t)}
          </text>
        </g>
      ))}
      {years.map((yr, k) =>
        k % every === 0 ? (
          <text key={yr} x={x(yr)} y={H - 8} textAnchor="middle" fontSize="11">
            {yr}
          </text>
        ) : null,
      )}
      <line x1={startX} x2={startX} y1={PAD.t} y2={H - PAD.b} stroke="#1b1f24" strokeDasharray="4 3" />
      <text x={startX + 4} y={PAD.t + 12} fontSize="11">
        {sv ? `start ${startYear}` : `start ${startYear}`}
      </text>
      <path d={line(did.rows.map((r) => ({ year: r.year, v: r.comparison })))} fill="none" stroke="#4a5561" strokeWidth="1.8" strokeDasharray="7 4" />
      {synth && <path d={line(synth.map((r) => ({ year: r.year, v: r.synthetic })))} fill="none" stroke="#8a4f00" strokeWidth="1.8" strokeDasharray="2 3" />}
      <path d={line(did.rows.map((r) => ({ year: r.year, v: r.treated })))} fill="none" stroke="#0b5cad" strokeWidth="3.2" />
    </svg>
  );
  const key = (stroke: string, width: number, dash?: string) => (
    <svg width="34" height="10" aria-hidden="true">
      <line x1="1" x2="33" y1="5" y2="5" stroke={stroke} strokeWidth={width} strokeDasharray={dash} />
    </svg>
  );
  const legend = (
    <ul className="legend" aria-label={sv ? "Teckenförklaring" : "Legend"}>
      <li>
        {key("#0b5cad", 3.2)} <strong>{placeName}</strong>
      </li>
      <li>
        {key("#4a5561", 1.8, "7 4")} {sv ? "Jämförelseorternas medelvärde" : "Mean of the comparison places"}
      </li>
      {synth && (
        <li>
          {key("#8a4f00", 1.8, "2 3")} {sv ? "Syntetisk kontroll (viktad mix av jämförelseorterna)" : "Synthetic control (weighted mix of the comparison places)"}
        </li>
      )}
    </ul>
  );
  const table = (
    <table className="list">
      <caption>{sv ? `${placeName} mot jämförelsen per år (${unit})` : `${placeName} against the comparison per year (${unit})`}</caption>
      <thead>
        <tr>
          <th scope="col">{i.t("year")}</th>
          <th scope="col" className="num">{placeName}</th>
          <th scope="col" className="num">{sv ? "Jämförelseorternas medel" : "Comparison mean"}</th>
          {synth && <th scope="col" className="num">{sv ? "Syntetisk kontroll" : "Synthetic control"}</th>}
          <th scope="col">{sv ? "Period" : "Period"}</th>
        </tr>
      </thead>
      <tbody>
        {did.rows.map((r, k) => (
          <tr key={r.year}>
            <th scope="row">{r.year}</th>
            <td className="num">{i.num(r.treated, 1)}</td>
            <td className="num">{i.num(r.comparison, 1)}</td>
            {synth && <td className="num">{i.num(synth[k]!.synthetic, 1)}</td>}
            <td>{r.year >= startYear ? (sv ? "efter start" : "after start") : sv ? "före start" : "before start"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <Figure
      title={sv ? `${placeName} mot jämförelsen` : `${placeName} against the comparison`}
      caption={caption}
      chart={
        <>
          {chart}
          {legend}
        </>
      }
      table={table}
    />
  );
}

function sizeText(kind: string, size: unknown, i: I18n): string {
  const sv = i.lang === "sv";
  const s = size as number | { dist: string; mean?: number; sd?: number; min?: number; mode?: number; max?: number };
  const v = typeof s === "number" ? i.num(s, 2) : s.mean !== undefined ? `${i.num(s.mean, 2)}${s.sd !== undefined ? ` ± ${i.num(s.sd, 2)}` : ""}` : `${i.num(s.min ?? 0, 2)}–${i.num(s.max ?? 0, 2)}`;
  const name = kind === "relativeRiskReduction" ? (sv ? "relativ riskminskning" : "relative risk reduction") : kind === "oddsRatio" ? (sv ? "oddskvot" : "odds ratio") : sv ? "standardiserad medelvärdesskillnad" : "standardised mean difference";
  return `${name} ${v}`;
}

function UpdateView({ u, canWrite, onAdopt, adopted }: { u: EffectUpdate; canWrite: boolean; onAdopt: () => void; adopted: { version: number } | null }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  if (u.status === "no-scenario") return <p>{sv ? "Åtgärdens kalkyl kan inte räknas eller saknar insatsen." : "The measure's scenario cannot be evaluated or lacks the intervention."}</p>;
  if (u.status === "choose-outcome") return <p>{sv ? "Välj vilket utfall indikatorn mäter för att uppdatera kalkylens effekt." : "Choose which outcome the indicator measures to update the scenario's effect."}</p>;
  if (u.status === "not-expressible") {
    const why: Record<string, [string, string]> = {
      direction: ["indikatorn mäter något där högre är bättre och är inte en andel: den kan inte läsas som hur ofta utfallet inträffar", "the indicator measures something where higher is better and is not a share: it cannot be read as how often the outcome occurs"],
      "beyond-coverage": ["förändringen är större än åtgärden kan ge med den angivna täckningen", "the change is larger than the measure can cause at the coverage given"],
      "no-level": ["indikatorns nivå utan åtgärden blir noll eller negativ", "the indicator's level without the measure comes out at zero or below"],
      coverage: ["täckningen måste vara mellan 0 och 100 %", "the coverage must be between 0 and 100 %"],
      "no-size": ["effekten har ingen effektstorlek att uppdatera", "the effect has no effect size to update"],
    };
    return <p>{`${sv ? "Skattningen kan inte uttryckas som effekt i kalkylen:" : "The estimate cannot be expressed as the scenario's effect:"} ${(why[u.reason] ?? [u.reason, u.reason])[sv ? 0 : 1]}.`}</p>;
  }
  const rrBefore = 1 - u.effectiveBefore;
  const moved = sv
    ? `${u.interventionName}: effekt på ${u.outcomeName.toLocaleLowerCase("sv")} ändrad från ${sizeText(u.kind, u.sizeBefore, i)} till ${sizeText(u.kind, u.sizeAfter, i)}`
    : `${u.interventionName}: effect on ${u.outcomeName} changed from ${sizeText(u.kind, u.sizeBefore, i)} to ${sizeText(u.kind, u.sizeAfter, i)}`;
  const pct = (p: number | null) => (p === null ? "–" : i.pct(p));
  return (
    <div className="effect-update" data-testid="effect-update">
      <h4>{sv ? "Kalkylen uppdaterad med det observerade" : "The scenario updated with what was observed"}</h4>
      <p>
        {sv
          ? `Kalkylen antog att deltagarnas risk minskar med ${i.pct(u.effectiveBefore)} (efter genomförandegrad). Skattningen motsvarar ${i.pct(1 - Math.exp(u.observed.mean))} bland deltagarna. Sammanvägt (Bayesiansk uppdatering, där skattningen väger ${i.pct(u.weightOfObservation)}) blir det ${i.pct(u.effectiveAfter)}.`
          : `The scenario assumed participants' risk falls by ${i.pct(u.effectiveBefore)} (after implementation). The estimate corresponds to ${i.pct(1 - Math.exp(u.observed.mean))} among participants. Combined (a Bayesian update in which the estimate weighs ${i.pct(u.weightOfObservation)}) it is ${i.pct(u.effectiveAfter)}.`}
        {u.priorSdAssumed && (sv ? " Kalkylens effekt var angiven utan osäkerhet; en vid osäkerhet har antagits för sammanvägningen." : " The scenario's effect had no uncertainty; a wide one was assumed for the combination.")}
        {rrBefore <= 0 && ""}
      </p>
      <p>
        <strong>{sv ? "Antagandet som flyttade mest: " : "The assumption that moved most: "}</strong>
        {moved}.
      </p>
      <TableWrap label={sv ? "Före och efter uppdateringen" : "Before and after the update"}>
      <table className="list" data-testid="effect-rerun">
        <caption>{sv ? `${u.scenarioName}: före och efter uppdateringen` : `${u.scenarioName}: before and after the update`}</caption>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col" className="num">{sv ? "Nettonuvärde" : "Net present value"}</th>
            <th scope="col" className="num">{sv ? "Nytta per krona" : "Benefit–cost ratio"}</th>
            <th scope="col" className="num">{sv ? "Sannolikhet att gå med vinst" : "Probability of gaining"}</th>
          </tr>
        </thead>
        <tbody>
          {(
            [
              [sv ? "Enligt kalkylen" : "As assumed", u.before],
              [sv ? "Uppdaterad" : "Updated", u.after],
            ] as const
          ).map(([label, k]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td className="num">{i.sek(k.npv)}</td>
              <td className="num">{k.bcr === null ? "–" : i.num(k.bcr, 2)}</td>
              <td className="num">{pct(k.probabilityNpvPositive)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableWrap>
      <p className="small">{sv ? `Sannolikheten bygger på ${i.num(u.before.iterations)} dragningar.` : `The probability rests on ${i.num(u.before.iterations)} draws.`}</p>
      {adopted ? (
        <p role="status">{sv ? `Antagen i kalkylen som version ${adopted.version}.` : `Adopted into the scenario as version ${adopted.version}.`}</p>
      ) : (
        canWrite && (
          <button type="button" onClick={onAdopt}>
            {sv ? "Anta i en ny version av kalkylen" : "Adopt into a new version of the scenario"}
          </button>
        )
      )}
    </div>
  );
}

/** The estimates of one measure: a form to make one, and the latest with its picture and update. */
export function EffectEstimatePanel({ planId, measureId, startYear, indicators, canWrite }: { planId: string; measureId: string; startYear: number; indicators: { indicatorId: string; name: string }[]; canWrite: boolean }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const id = useId();
  const [indicatorId, setIndicatorId] = useState(indicators[0]?.indicatorId ?? "");
  const [view, setView] = useState<IndicatorView | null>(null);
  const [place, setPlace] = useState("");
  const [comparison, setComparison] = useState<"peers" | "areas">("peers");
  const [start, setStart] = useState(startYear);
  const [coverage, setCoverage] = useState(100);
  const [outcomeId, setOutcomeId] = useState("");
  const [outcomes, setOutcomes] = useState<{ id: string; name: string }[]>([]);
  const [estimate, setEstimate] = useState<EffectEstimate | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    f.effects(planId)
      .then((list) => live && setEstimate(list.find((e) => e.measureId === measureId) ?? null))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [planId, measureId]);
  useEffect(() => {
    if (!indicatorId) return;
    let live = true;
    f.indicator(indicatorId)
      .then((v) => live && setView(v))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [indicatorId]);

  const placeOptions = view?.series.filter((s) => s.role === "municipality" || s.role === "area") ?? [];
  async function run() {
    setBusy(true);
    setError(null);
    try {
      const e = await f.estimateEffect(planId, measureId, {
        indicatorId,
        ...(place ? { place } : {}),
        comparison,
        startYear: start,
        coverage: coverage / 100,
        ...(outcomeId ? { outcomeId } : {}),
      });
      setEstimate(e);
      const u = e.result.update;
      if (u && u.status === "choose-outcome") setOutcomes(u.outcomes);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  async function adopt() {
    if (!estimate) return;
    setError(null);
    try {
      const r = await f.adoptEffect(planId, estimate.id);
      setEstimate({ ...estimate, adopted: r });
    } catch (err) {
      setError(errorText(err));
    }
  }

  if (indicators.length === 0) return null;
  const r = estimate?.result;
  const did = r?.did;
  const synthetic = r?.synthetic;
  return (
    <section className="effect-estimate" aria-labelledby={`${id}-h`} data-testid={`effect-${measureId}`}>
      <h4 id={`${id}-h`}>{sv ? "Vad gjorde åtgärden? Observerad effekt" : "What did the measure do? Observed effect"}</h4>
      <p className="notice">
        {sv
          ? "Detta är en observationsstudie, inte ett experiment: den bygger på att jämförelseorterna visar hur utvecklingen annars hade blivit. Annat som hände samtidigt på orten kan ligga bakom skillnaden."
          : "This is an observational estimate, not an experiment: it rests on the comparison places showing how things would otherwise have gone. Other things that happened in the place at the same time may lie behind the difference."}
      </p>
      {canWrite && (
        <div className="effect-form">
          <label>
            {sv ? "Indikator" : "Indicator"}
            <select value={indicatorId} onChange={(e) => setIndicatorId(e.target.value)}>
              {indicators.map((x) => (
                <option key={x.indicatorId} value={x.indicatorId}>
                  {x.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {sv ? "Där åtgärden pågår" : "Where the measure runs"}
            <select value={place} onChange={(e) => setPlace(e.target.value)}>
              <option value="">{sv ? "Kommunen" : "The municipality"}</option>
              {placeOptions
                .filter((s) => s.role === "area")
                .map((s) => (
                  <option key={s.place} value={s.place}>
                    {s.name}
                  </option>
                ))}
            </select>
          </label>
          <label>
            {sv ? "Jämför med" : "Compare with"}
            <select value={comparison} onChange={(e) => setComparison(e.target.value as "peers" | "areas")}>
              <option value="peers">{sv ? "Liknande kommuner (valda i lägesbilden)" : "Similar municipalities (chosen in the lägesbild)"}</option>
              <option value="areas">{sv ? "Kommunens övriga områden" : "The municipality's other areas"}</option>
            </select>
          </label>
          <label>
            {sv ? "Första året med åtgärden" : "First year of the measure"}
            <input type="number" value={start} min={1900} max={2100} onChange={(e) => setStart(Number(e.target.value))} />
          </label>
          <label>
            {sv ? "Andel av befolkningen som åtgärden når (%)" : "Share of the population the measure reaches (%)"}
            <input type="number" value={coverage} min={1} max={100} onChange={(e) => setCoverage(Number(e.target.value))} />
          </label>
          {outcomes.length > 0 && (
            <label>
              {sv ? "Utfallet som indikatorn mäter" : "The outcome the indicator measures"}
              <select value={outcomeId} onChange={(e) => setOutcomeId(e.target.value)}>
                <option value="">{sv ? "Välj…" : "Choose…"}</option>
                {outcomes.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button type="button" onClick={run} disabled={busy || !indicatorId}>
            {busy ? i.t("recalculating") : sv ? "Skatta effekten" : "Estimate the effect"}
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {r && did && (
        <div className="effect-result" data-testid="effect-result">
          <p className="small">
            {sv ? `Skattad ${estimate!.createdAt.slice(0, 10)} med data till och med ${estimate!.year}: ${r.indicator.name}, ${r.treated.name}.` : `Estimated on ${estimate!.createdAt.slice(0, 10)} with data up to ${estimate!.year}: ${r.indicator.name}, ${r.treated.name}.`}
          </p>
          {did.status === "ok" ? (
            <>
              <EffectChart did={did} synthetic={synthetic!} startYear={r.input.startYear} unit={r.indicator.unit} placeName={r.treated.name} />
              <ul>
                <li>
                  {sv ? "Skillnad i skillnader: " : "Difference in differences: "}
                  <strong>{i.num(did.estimate, 1)}</strong> {r.indicator.unit} ({sv ? "medelfel" : "standard error"} {i.num(did.se, 1)}; 95 %: {i.num(did.ci95[0], 1)} {sv ? "till" : "to"} {i.num(did.ci95[1], 1)}; {did.pValue < 0.001 ? "p < 0,001".replace(",", sv ? "," : ".") : `p = ${i.num(did.pValue, 3)}`}).{" "}
                  {did.ci95[0] <= 0 && did.ci95[1] >= 0 ? (sv ? "Intervallet rymmer noll: ingen säker effekt." : "The interval includes zero: no clear effect.") : ""}
                  {did.preTrend && Math.abs(did.preTrend.slope) > 2 * did.preTrend.se
                    ? sv
                      ? " Varning: skillnaden mot jämförelsen förändrades redan före starten, så jämförelsen är osäker."
                      : " Warning: the gap to the comparison was already changing before the start, so the comparison is uncertain."
                    : ""}
                </li>
                <li>
                  {sv ? "Syntetisk kontroll: " : "Synthetic control: "}
                  {synthetic!.status === "ok" ? (
                    <>
                      <strong>{i.num(synthetic!.estimate, 1)}</strong> {r.indicator.unit} ({synthetic!.weights.filter((w) => w.weight >= 0.01).map((w) => `${w.name} ${i.pct(w.weight)}`).join(", ")}).{" "}
                      {synthetic!.placebo
                        ? sv
                          ? `Placebotest: ${i.pct(synthetic!.placebo.pValue)} av orterna visar en lika stor förändring (minsta möjliga ${i.pct(synthetic!.placebo.smallestPossible)}).`
                          : `Placebo test: ${i.pct(synthetic!.placebo.pValue)} of the places show as large a change (smallest possible ${i.pct(synthetic!.placebo.smallestPossible)}).`
                        : sv
                          ? "För få jämförelseorter för ett placebotest (minst fyra)."
                          : "Too few comparison places for a placebo test (at least four)."}
                    </>
                  ) : synthetic!.status === "no-fit" ? (
                    sv ? `Ingen mix av jämförelseorterna följer ${r.treated.name} före starten (typisk avvikelse ${i.pct(synthetic!.relativeGap)} av nivån), så metoden säger inget här.` : `No mix of the comparison places follows ${r.treated.name} before the start (typical gap ${i.pct(synthetic!.relativeGap)} of its level), so the method says nothing here.`
                  ) : (
                    insufficientText(synthetic!, sv, "synth")
                  )}
                </li>
              </ul>
            </>
          ) : (
            <p data-testid="effect-insufficient">{insufficientText(did, sv, "did")}</p>
          )}
          {r.update && <UpdateView u={r.update} canWrite={canWrite} onAdopt={adopt} adopted={estimate!.adopted} />}
        </div>
      )}
    </section>
  );
}
