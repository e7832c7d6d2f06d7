/**
 * The charts of the result. Each is a figure with a caption that says its message in words
 * (the text alternative), and a button that shows the same numbers as a table. Hand-written SVG:
 * costs and savings differ in pattern as well as colour.
 * @module
 */
import type { Scenario, ScenarioResult } from "@sikt/engine";
import { type ReactNode, useId, useState } from "react";
import { wrap } from "../format";
import { useI18n } from "../i18n";
import { TableWrap } from "../TableWrap";
import { useMedia } from "../useMedia";
import { avoidedRows, GROUP_NAME, groupRows, jCurve, overlaps, payerRows, ranking, tornado } from "./prepare";

const COST = "#a4262c";
const SAVING = "#1a6b3a";
const INK = "#1b1f24";
const MUTED = "#4a5561";

export function Figure({ title, caption, chart, table }: { title: string; caption: ReactNode; chart: ReactNode; table: ReactNode }) {
  const [asTable, setAsTable] = useState(false);
  const { lang } = useI18n();
  const id = useId();
  return (
    <figure aria-labelledby={`${id}-h`}>
      <div className="figure-head">
        <h3 id={`${id}-h`}>{title}</h3>
        <button type="button" aria-pressed={asTable} onClick={() => setAsTable(!asTable)}>
          {lang === "sv" ? "Visa som tabell" : "Show as table"}
        </button>
      </div>
      <figcaption>{caption}</figcaption>
      {asTable ? <TableWrap labelledBy={`${id}-h`}>{table}</TableWrap> : chart}
    </figure>
  );
}

/**
 * The width a chart draws in (its viewBox): 640 units, or 360 on a phone (below 600 px), so that
 * a chart's text keeps about the page's size instead of shrinking with the drawing (a 640-unit
 * drawing on a phone's 360 pixels writes 11 units as 6 pixels).
 */
export function useChartWidth(): number {
  return useMedia("(max-width: 599px)") ? 360 : 640;
}

/**
 * Every how many of `count` labels spread over `span` units to write, so that each has about 32
 * units (a year at 11 px), rounded up to a multiple of `multiple`.
 */
export function labelEvery(count: number, span: number, multiple = 1): number {
  const every = Math.max(1, Math.ceil((32 * count) / Math.max(1, span)));
  return Math.ceil(every / multiple) * multiple;
}

/** x and width of a bar between two positions, in either order. */
const span = (a: number, b: number) => ({ x: Math.min(a, b), width: Math.abs(b - a) });

export const scale = (d0: number, d1: number, r0: number, r1: number) => (v: number) => (d1 === d0 ? (r0 + r1) / 2 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0));

/** A few round tick values between lo and hi. */
export function ticks(lo: number, hi: number, n = 5): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const step0 = span / n;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Math.abs(v) < 1e-9 ? 0 : v);
  return out;
}

function Patterns() {
  return (
    <defs>
      <pattern id="hatch-cost" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" fill="#f6d5d6" />
        <line x1="0" y1="0" x2="0" y2="6" stroke={COST} strokeWidth="3" />
      </pattern>
      <pattern id="dots-transfer" width="6" height="6" patternUnits="userSpaceOnUse">
        <rect width="6" height="6" fill="#eef1f4" />
        <circle cx="3" cy="3" r="1.4" fill={MUTED} />
      </pattern>
    </defs>
  );
}

export function ResultCharts({ result, scenario, mc }: { result: ScenarioResult; scenario: Scenario; mc: ScenarioResult["monteCarlo"] | undefined }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const m = (n: number) => i.num(n / 1e6, 1);
  const msek = sv ? "mnkr" : "SEK m";
  const W = useChartWidth();
  const narrow = W < 500;
  const first = result.deterministic.years[0]?.year ?? scenario.startYear;
  const [budget, setBudget] = useState({ from: first, to: first + 3 });
  const overlap = overlaps(scenario);

  // J-curve
  const j = jCurve(result, mc);
  const jlo = Math.min(0, ...j.rows.map((r) => Math.min(r.cumulative, r.p05 ?? r.cumulative)));
  const jhi = Math.max(0, ...j.rows.map((r) => Math.max(r.cumulative, r.p95 ?? r.cumulative)));
  const H = 260;
  const pad = { l: 64, r: 12, t: 10, b: 28 };
  const x = scale(j.rows[0]?.year ?? 0, j.rows.at(-1)?.year ?? 1, pad.l, W - pad.r);
  const y = scale(jlo, jhi, H - pad.b, pad.t);
  const line = j.rows.map((r) => `${x(r.year)},${y(r.cumulative)}`).join(" ");
  const band = j.rows[0]?.p05 !== undefined ? [...j.rows.map((r) => `${x(r.year)},${y(r.p95!)}`), ...[...j.rows].reverse().map((r) => `${x(r.year)},${y(r.p05!)}`)].join(" ") : null;
  const last = j.rows.at(-1);
  // The planning horizon's last year; later years carry on the effects of participants already started.
  const horizonEnd = scenario.startYear + scenario.horizonYears - 1;
  const tail = (last?.year ?? horizonEnd) > horizonEnd;
  const atHorizon = j.rows.find((r) => r.year === horizonEnd);
  const yearEvery = labelEvery(j.rows.length, W - pad.l - pad.r, 5);
  // The horizon's two labels stand on either side of its line, or both to its right (one under
  // the other) where the left has no room for "Horisonten slutar 2045".
  const horizonLeft = x(horizonEnd) - pad.l >= 140;
  const jCaption = sv
    ? `Kumulativt diskonterat netto år för år${band ? " med 5–95 %-intervall" : ""}. ${j.paybackYear ? `Det når noll ${j.paybackYear}` : "Det når inte noll inom horisonten"}; vid horisontens slut ${horizonEnd} ${i.sek(atHorizon?.cumulative ?? last?.cumulative ?? 0)}${tail ? `, och ${i.sek(last?.cumulative ?? 0)} ${last?.year} när effekterna för dem som redan deltagit har löpt ut (åren efter den streckade linjen)` : ""}.`
    : `Cumulative discounted net year by year${band ? " with the 5–95% band" : ""}. ${j.paybackYear ? `It reaches zero in ${j.paybackYear}` : "It does not reach zero within the horizon"}; at the end of the horizon, ${horizonEnd}, ${i.sek(atHorizon?.cumulative ?? last?.cumulative ?? 0)}${tail ? `, and ${i.sek(last?.cumulative ?? 0)} in ${last?.year} once the effects for those who already took part have run out (the years after the dashed line)` : ""}.`;

  // Payers
  const payers = payerRows(result, scenario, budget, mc);
  const pmax = Math.max(1, ...payers.map((p) => Math.max(p.pvCosts + Math.max(0, -p.pvSavings), p.pvSavings)));
  const rowH = 40;
  const lost = payers.filter((p) => p.pvSavings < 0);
  // The legend under the bars: costs (and transfers) to the left, savings to the right; on a phone
  // one under the other.
  const leftLegend = [sv ? "kostnader (randigt)" : "costs (striped)", ...(lost.length > 0 ? [sv ? "uteblivna transfereringar (prickigt)" : "transfers no longer received (dotted)"] : [])];
  const rightLegend = `${sv ? "besparingar (fyllt)" : "savings (filled)"} ▶`;
  const legendLines = [...leftLegend.map((text, k) => ({ text: `◀ ${text}`, fill: k === 0 ? COST : MUTED })), { text: rightLegend, fill: SAVING }];
  const PH = payers.length * rowH + (narrow ? 14 + 15 * legendLines.length : 34);
  // Room on both sides for the values written at the bars' ends.
  const px = scale(-pmax, pmax, 60, W - 60);
  const payerCaption = (() => {
    const payer = [...payers].sort((a, b) => b.pvCosts - a.pvCosts)[0];
    const gainer = [...payers].sort((a, b) => b.pvSavings - a.pvSavings)[0];
    if (!payer || !gainer) return "";
    const transfers = lost.map((p) => `${p.name} (${i.sek(-p.pvSavings)})`).join(", ");
    return sv
      ? `${payer.name} bär mest av kostnaderna (${i.sek(payer.pvCosts)}); ${gainer.name} får mest av besparingarna (${i.sek(gainer.pvSavings)}).${transfers ? ` Transfereringar som uteblir, till exempel bidrag som inte längre betalas ut, är en förlust för mottagaren: ${transfers}; för samhället tar de ut varandra.` : ""} Nuvärden över hela horisonten, i mnkr.`
      : `${payer.name} carries most of the costs (${i.sek(payer.pvCosts)}); ${gainer.name} receives most of the savings (${i.sek(gainer.pvSavings)}).${transfers ? ` Transfers no longer paid, such as benefits, are a loss to their recipient: ${transfers}; for society they cancel out.` : ""} Present values over the whole horizon, in SEK m.`;
  })();
  const years = result.deterministic.years.map((yy) => yy.year);

  // Avoided cases, ranking, tornado, distribution
  const avoided = avoidedRows(result, scenario, i.lang);
  const [by, setBy] = useState<"npv" | "bcr">("npv");
  const ranked = ranking(result, scenario, by);
  const t = tornado(result, scenario, i.lang, 10);
  const tlo = Math.min(t.base, ...t.rows.map((r) => Math.min(r.low, r.high)));
  const thi = Math.max(t.base, ...t.rows.map((r) => Math.max(r.low, r.high)));
  const tx = scale(tlo, thi, 10, W - 10);
  // A label's characters a line (11.5 px text, about 6.2 units a character).
  const labelChars = Math.floor((W - 8) / 6.2);
  const TR = 36 + 13 * Math.max(0, ...t.rows.map((r) => wrap(r.label, labelChars).length - 1));
  const hist = mc?.npvHistogram ?? [];
  const hmax = Math.max(1, ...hist.map((b) => b.count));
  const hx = scale(hist[0]?.from ?? 0, hist.at(-1)?.to ?? 1, pad.l, W - pad.r);
  const hy = scale(0, hmax, 200 - pad.b, pad.t);

  return (
    <div className="charts">
      <Figure
        title={sv ? "J-kurvan: kumulativt netto" : "The J-curve: cumulative net"}
        caption={jCaption}
        chart={
          <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={jCaption} className="chart">
            {ticks(jlo, jhi).map((v) => (
              <g key={v}>
                <line x1={pad.l} x2={W - pad.r} y1={y(v)} y2={y(v)} stroke="#d8dee4" />
                <text x={pad.l - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill={MUTED}>
                  {m(v)}
                </text>
              </g>
            ))}
            <text x={4} y={12} fontSize="11" fill={MUTED}>
              {msek}
            </text>
            {band && <polygon points={band} fill="#0b5cad" opacity="0.18" data-testid="band" />}
            <line x1={pad.l} x2={W - pad.r} y1={y(0)} y2={y(0)} stroke={INK} />
            <polyline points={line} fill="none" stroke="#0b5cad" strokeWidth="2.5" />
            {tail && (
              <g data-testid="horizon">
                <rect x={x(horizonEnd)} y={pad.t} width={W - pad.r - x(horizonEnd)} height={H - pad.b - pad.t} fill="#f6f8fa" opacity="0.6" />
                <line x1={x(horizonEnd)} x2={x(horizonEnd)} y1={pad.t} y2={H - pad.b} stroke={INK} strokeDasharray="5 3" />
                <text x={x(horizonEnd) + (horizonLeft ? -4 : 4)} y={pad.t + 12} textAnchor={horizonLeft ? "end" : "start"} fontSize="11" fill={INK}>
                  {sv ? `Horisonten slutar ${horizonEnd}` : `The horizon ends ${horizonEnd}`}
                </text>
                <text x={x(horizonEnd) + 4} y={pad.t + (horizonLeft ? 12 : 26)} fontSize="11" fill={MUTED}>
                  {sv ? "effekter som löper vidare" : "effects running on"}
                </text>
              </g>
            )}
            {j.rows
              .filter((_, k) => k % yearEvery === 0)
              .map((r) => (
                <text key={r.year} x={x(r.year)} y={H - 8} textAnchor="middle" fontSize="11" fill={MUTED}>
                  {r.year}
                </text>
              ))}
          </svg>
        }
        table={
          <table className="list">
            <caption>{jCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{sv ? "År" : "Year"}</th>
                <th scope="col" className="num">
                  {sv ? "Kumulativt netto" : "Cumulative net"} ({msek})
                </th>
                {band && (
                  <>
                    <th scope="col" className="num">
                      5 %
                    </th>
                    <th scope="col" className="num">
                      95 %
                    </th>
                  </>
                )}
              </tr>
            </thead>
            <tbody>
              {j.rows.map((r) => (
                <tr key={r.year}>
                  <th scope="row">{r.year}</th>
                  <td className="num">{m(r.cumulative)}</td>
                  {band && (
                    <>
                      <td className="num">{m(r.p05!)}</td>
                      <td className="num">{m(r.p95!)}</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        }
      />

      <Figure
        title={sv ? "Vem betalar och vem sparar" : "Who pays and who saves"}
        caption={payerCaption}
        chart={
          <svg viewBox={`0 0 ${W} ${PH}`} role="img" aria-label={payerCaption} className="chart">
            <Patterns />
            <line x1={px(0)} x2={px(0)} y1={0} y2={payers.length * rowH + 10} stroke={INK} />
            {payers.map((p, k) => {
              // A negative saving is a transfer the payer no longer receives: drawn as a transfer, beside its costs, never as a saving.
              const transfer = Math.max(0, -p.pvSavings);
              const saving = Math.max(0, p.pvSavings);
              const left = px(-(p.pvCosts + transfer));
              return (
                <g key={p.id} transform={`translate(0 ${k * rowH + 2})`} data-testid={`payer-bar-${p.id}`}>
                  <text x={4} y={11} fontSize="12" fill={INK}>
                    {p.name}
                  </text>
                  {p.pvCosts > 0 && <rect {...span(px(-p.pvCosts), px(0))} y={15} height={16} fill="url(#hatch-cost)" stroke={COST} />}
                  {transfer > 0 && <rect {...span(px(-(p.pvCosts + transfer)), px(-p.pvCosts))} y={15} height={16} fill="url(#dots-transfer)" stroke={MUTED} strokeDasharray="3 2" />}
                  {saving > 0 && <rect {...span(px(0), px(saving))} y={15} height={16} fill={SAVING} />}
                  {(p.pvCosts > 0 || transfer > 0) && (
                    <text x={left - 4} y={27} fontSize="11" fill={transfer > 0 ? MUTED : COST} textAnchor="end">
                      −{m(p.pvCosts + transfer)}
                    </text>
                  )}
                  {saving > 0 && (
                    <text x={px(saving) + 4} y={27} fontSize="11" fill={SAVING}>
                      +{m(saving)}
                    </text>
                  )}
                </g>
              );
            })}
            {narrow ? (
              legendLines.map((l, k) => (
                <text key={k} x={4} y={payers.length * rowH + 14 + 15 * k} fontSize="11" fill={l.fill}>
                  {l.text}
                </text>
              ))
            ) : (
              <>
                <text x={px(-pmax / 2)} y={PH - 8} textAnchor="middle" fontSize="11" fill={COST}>
                  ◀ {leftLegend.join(", ")}
                </text>
                <text x={px(pmax / 2)} y={PH - 8} textAnchor="middle" fontSize="11" fill={SAVING}>
                  {rightLegend}
                </text>
              </>
            )}
          </svg>
        }
        table={
          <>
            <div className="row">
              <label>
                {sv ? "Budgetår från" : "Budget years from"}
                <select value={budget.from} onChange={(e) => setBudget({ from: Number(e.target.value), to: Math.max(Number(e.target.value), budget.to) })}>
                  {years.map((yy) => (
                    <option key={yy}>{yy}</option>
                  ))}
                </select>
              </label>
              <label>
                {sv ? "till" : "to"}
                <select value={budget.to} onChange={(e) => setBudget({ from: Math.min(budget.from, Number(e.target.value)), to: Number(e.target.value) })}>
                  {years.map((yy) => (
                    <option key={yy}>{yy}</option>
                  ))}
                </select>
              </label>
            </div>
            <table className="list" data-testid="payers">
              <caption>
                {sv ? `Per betalare: budgetåren ${budget.from}–${budget.to} (${msek}, odiskonterat) och nuvärden över horisonten` : `Per payer: budget years ${budget.from}–${budget.to} (${msek}, undiscounted) and present values over the horizon`}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{sv ? "Betalare" : "Payer"}</th>
                  <th scope="col" className="num">{sv ? "Kostnader" : "Costs"}</th>
                  <th scope="col" className="num">{sv ? "Besparingar" : "Savings"}</th>
                  <th scope="col" className="num">{sv ? "Netto" : "Net"}</th>
                  <th scope="col" className="num">{sv ? "Nuvärde netto" : "Net present value"}</th>
                  <th scope="col">{sv ? "Egen återbetalning" : "Own payback"}</th>
                  <th scope="col" className="num">{sv ? "Sannolikhet att vinna" : "Probability of gaining"}</th>
                </tr>
              </thead>
              <tbody>
                {payers.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{p.name}</th>
                    <td className="num">{m(p.costs)}</td>
                    <td className="num">{m(p.savings)}</td>
                    <td className="num">{m(p.net)}</td>
                    <td className="num">{m(p.npv)}</td>
                    <td>{p.paybackYear ?? "–"}</td>
                    <td className="num">{p.probabilityGain === undefined ? "–" : i.pct(p.probabilityGain)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="list" data-testid="groups">
              <caption>{sv ? `Per betalargrupp: nuvärden över horisonten (${msek})` : `Per payer group: present values over the horizon (${msek})`}</caption>
              <thead>
                <tr>
                  <th scope="col">{sv ? "Grupp" : "Group"}</th>
                  <th scope="col" className="num">{sv ? "Kostnader" : "Costs"}</th>
                  <th scope="col" className="num">{sv ? "Besparingar" : "Savings"}</th>
                  <th scope="col" className="num">{sv ? "Netto" : "Net"}</th>
                </tr>
              </thead>
              <tbody>
                {groupRows(result).map((g) => (
                  <tr key={g.group}>
                    <th scope="row">{GROUP_NAME[g.group][i.lang]}</th>
                    <td className="num">{m(g.pvCosts)}</td>
                    <td className="num">{m(g.pvSavings)}</td>
                    <td className="num">{m(g.npv)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        }
      />

      <Figure
        title={sv ? "Undvikna fall" : "Avoided cases"}
        caption={
          avoided[0]
            ? sv
              ? `Flest undvikna fall: ${avoided[0].text}. Antal över horisonten, uppskattade.`
              : `Most avoided: ${avoided[0].text}. Counts over the horizon, estimated.`
            : sv
              ? "Inga undvikna fall."
              : "No avoided cases."
        }
        chart={
          <ul className="plain avoided">
            {avoided.map((a) => (
              <li key={a.id}>
                {a.text} <span className="small">({i.sek(a.pvSavings)})</span>
              </li>
            ))}
          </ul>
        }
        table={
          <table className="list">
            <caption>{sv ? "Undvikna fall per utfall" : "Avoided cases per outcome"}</caption>
            <thead>
              <tr>
                <th scope="col">{sv ? "Utfall" : "Outcome"}</th>
                <th scope="col" className="num">{sv ? "Undvikna" : "Avoided"}</th>
                <th scope="col" className="num">{sv ? "Besparing (nuvärde)" : "Savings (present value)"}</th>
              </tr>
            </thead>
            <tbody>
              {avoided.map((a) => (
                <tr key={a.id}>
                  <th scope="row">{a.name}</th>
                  <td className="num">{i.num(a.avoided, 1)}</td>
                  <td className="num">{i.sek(a.pvSavings)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
      {overlap.length > 0 && (
        <div className="notice" data-testid="overlap">
          <p>{i.t("assumptionsNotice")}</p>
          <ul>
            {overlap.map((o) => (
              <li key={o.outcome}>
                {o.outcome}: {o.interventions.join(", ")}
              </li>
            ))}
          </ul>
        </div>
      )}

      <Figure
        title={sv ? "Insatserna rangordnade" : "Interventions ranked"}
        caption={
          ranked[0]
            ? sv
              ? `Högst ${by === "npv" ? "nettonuvärde" : "nytta per krona"}: ${ranked[0].name}.`
              : `Highest ${by === "npv" ? "net present value" : "benefit–cost ratio"}: ${ranked[0].name}.`
            : ""
        }
        chart={
          <>
            <div className="toggle" role="group" aria-label={sv ? "Rangordna efter" : "Rank by"}>
              <button type="button" aria-pressed={by === "npv"} onClick={() => setBy("npv")}>
                {i.t("npv")}
              </button>
              <button type="button" aria-pressed={by === "bcr"} onClick={() => setBy("bcr")}>
                {i.t("bcr")}
              </button>
            </div>
            <ol className="ranking">
              {ranked.map((r) => (
                <li key={r.id}>
                  {r.name}: {by === "npv" ? i.sek(r.npv) : r.bcr === null ? "–" : i.ratio(r.bcr)}
                </li>
              ))}
            </ol>
          </>
        }
        table={
          <table className="list">
            <caption>{sv ? "Insatser: nuvärden och nytta per krona" : "Interventions: present values and benefit–cost ratio"}</caption>
            <thead>
              <tr>
                <th scope="col">{sv ? "Insats" : "Intervention"}</th>
                <th scope="col" className="num">{i.t("pvCosts")}</th>
                <th scope="col" className="num">{i.t("pvSavings")}</th>
                <th scope="col" className="num">{i.t("npv")}</th>
                <th scope="col" className="num">{i.t("bcr")}</th>
              </tr>
            </thead>
            <tbody>
              {ranked.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.name}</th>
                  <td className="num">{i.sek(r.pvCosts)}</td>
                  <td className="num">{i.sek(r.pvSavings)}</td>
                  <td className="num">{i.sek(r.npv)}</td>
                  <td className="num">{r.bcr === null ? "–" : i.ratio(r.bcr)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />

      <Figure
        title={sv ? "Vilka antaganden betyder mest (tornado)" : "Which assumptions matter most (tornado)"}
        caption={
          t.rows[0]
            ? sv
              ? `Nettonuvärdet rör sig mest med: ${t.rows[0].label} (från ${i.sek(Math.min(t.rows[0].low, t.rows[0].high))} till ${i.sek(Math.max(t.rows[0].low, t.rows[0].high))} mellan dess 10:e och 90:e percentil).`
              : `The NPV moves most with: ${t.rows[0].label} (from ${i.sek(Math.min(t.rows[0].low, t.rows[0].high))} to ${i.sek(Math.max(t.rows[0].low, t.rows[0].high))} between its 10th and 90th percentile).`
            : ""
        }
        chart={
          <svg viewBox={`0 0 ${W} ${t.rows.length * TR + 24}`} role="img" aria-label={sv ? "Tornadodiagram" : "Tornado chart"} className="chart">
            <line x1={tx(t.base)} x2={tx(t.base)} y1={0} y2={t.rows.length * TR + 4} stroke={INK} />
            {t.rows.map((r, k) => (
              <g key={k} transform={`translate(0 ${k * TR + 4})`}>
                {/* The whole label, on its own line above the bar. */}
                {wrap(r.label, labelChars).map((line, n) => (
                  <text key={n} x={4} y={12 + n * 13} fontSize="11.5" fill={INK} stroke="#fff" strokeWidth="3" paintOrder="stroke">
                    {line}
                  </text>
                ))}
                <rect x={tx(Math.min(r.low, r.high))} y={TR - 20} width={Math.max(1, Math.abs(tx(r.high) - tx(r.low)))} height={13} fill="#0b5cad" opacity="0.75" />
              </g>
            ))}
            <text x={tx(t.base)} y={t.rows.length * TR + 18} textAnchor="middle" fontSize="11" fill={MUTED}>
              {i.sek(t.base)}
            </text>
          </svg>
        }
        table={
          <table className="list">
            <caption>{sv ? "Nettonuvärdet när ett antagande ligger på sin 10:e och 90:e percentil" : "The NPV with one assumption at its 10th and 90th percentile"}</caption>
            <thead>
              <tr>
                <th scope="col">{sv ? "Antagande" : "Assumption"}</th>
                <th scope="col" className="num">P10</th>
                <th scope="col" className="num">P90</th>
              </tr>
            </thead>
            <tbody>
              {t.rows.map((r, k) => (
                <tr key={k}>
                  <th scope="row">{r.label}</th>
                  <td className="num">{i.sek(r.low)}</td>
                  <td className="num">{i.sek(r.high)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />

      {mc && hist.length > 0 && (
        <Figure
          title={sv ? "Nettonuvärdets fördelning" : "The distribution of the NPV"}
          caption={
            sv
              ? `I ${i.pct(mc.probabilityNpvPositive)} av ${i.num(mc.iterations)} dragningar är nettonuvärdet positivt; 90 % ligger mellan ${i.sek(mc.npv.p05)} och ${i.sek(mc.npv.p95)}.`
              : `In ${i.pct(mc.probabilityNpvPositive)} of ${i.num(mc.iterations)} draws the NPV is positive; 90% lie between ${i.sek(mc.npv.p05)} and ${i.sek(mc.npv.p95)}.`
          }
          chart={
            <svg viewBox={`0 0 ${W} 200`} role="img" aria-label={sv ? "Histogram över nettonuvärdet" : "Histogram of the NPV"} className="chart">
              {hist.map((b, k) => (
                <rect key={k} x={hx(b.from)} y={hy(b.count)} width={Math.max(1, hx(b.to) - hx(b.from) - 1)} height={hy(0) - hy(b.count)} fill={b.to <= 0 ? "url(#hatch-cost)" : SAVING} stroke={b.to <= 0 ? COST : "none"} />
              ))}
              <Patterns />
              {hist[0]!.from < 0 && hist.at(-1)!.to > 0 && <line x1={hx(0)} x2={hx(0)} y1={pad.t} y2={200 - pad.b} stroke={INK} strokeDasharray="4 3" />}
              <text x={pad.l} y={196} fontSize="11" fill={MUTED}>
                {i.sek(hist[0]!.from)}
              </text>
              <text x={W - pad.r} y={196} textAnchor="end" fontSize="11" fill={MUTED}>
                {i.sek(hist.at(-1)!.to)}
              </text>
            </svg>
          }
          table={
            <table className="list">
              <caption>{sv ? "Antal dragningar per intervall av nettonuvärdet" : "Draws per interval of the NPV"}</caption>
              <thead>
                <tr>
                  <th scope="col">{sv ? "Från" : "From"}</th>
                  <th scope="col">{sv ? "Till" : "To"}</th>
                  <th scope="col" className="num">{sv ? "Dragningar" : "Draws"}</th>
                </tr>
              </thead>
              <tbody>
                {hist.map((b, k) => (
                  <tr key={k}>
                    <td>{i.sek(b.from)}</td>
                    <td>{i.sek(b.to)}</td>
                    <td className="num">{b.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      )}
    </div>
  );
}
