/**
 * A social investment fund: capital, investments in saved scenarios with outlays and a
 * repayment rule, and the fund's balance over time with its 5–95 % band, whether the capital
 * comes back, and what it does to the municipality's yearly result (docs/budget.md §4).
 * @module
 */
import { useEffect, useState } from "react";
import { api, ApiError, type FundDefinition, type FundEvaluation, type FundRecord, type ScenarioSummary } from "./api";
import { useI18n } from "./i18n";
import { NumberField } from "./NumberField";
import { href } from "./route";
import { Figure, labelEvery, scale, ticks, useChartWidth } from "./explain/Charts";
import type { I18n } from "./i18n";

interface Investment {
  scenarioId: string;
  firstYear: number;
  years: number;
  perYear: number;
  share: number;
  groups: string[];
  plan: string;
}

/** A saved definition as the form's investments (outlays read as equal yearly amounts). */
function fromDefinition(d: FundRecord["definition"]): Investment[] {
  return d.investments.map((x) => ({
    scenarioId: x.scenarioId,
    firstYear: Math.min(...x.outlays.map((o) => o.year)),
    years: x.outlays.length,
    perYear: (x.outlays[0]?.amount ?? 0) / 1e6,
    share: (x.repayment.kind === "savings" ? x.repayment.share : 0) * 100,
    groups: (x.repayment.kind === "savings" ? x.repayment.payers : []).filter((p) => p.startsWith("group:")).map((p) => p.slice(6)),
    plan: x.evaluationPlan ?? "",
  }));
}

export function Fund() {
  const i = useI18n();
  const sv = i.lang === "sv";
  const [list, setList] = useState<ScenarioSummary[] | null>(null);
  const [capital, setCapital] = useState(40);
  const [start, setStart] = useState(2026);
  const [end, setEnd] = useState(2045);
  const [investments, setInvestments] = useState<Investment[]>([]);
  const [result, setResult] = useState<FundEvaluation | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState(sv ? "Social investeringsfond" : "Social investment fund");
  const [saved, setSaved] = useState<FundRecord[]>([]);
  const [fundId, setFundId] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    api.scenarios().then((l) => {
      setList(l);
      setInvestments(
        l.slice(0, 2).map((s, k) => ({ scenarioId: s.id, firstYear: 2026 + k, years: 3, perYear: 5, share: 50, groups: ["kommun"], plan: "" })),
      );
    }, (e: Error) => setError(e.message));
    api.funds().then(setSaved, () => setSaved([]));
  }, []);
  if (!list) return <p role="status">{i.t("loading")}</p>;

  const definition = (): FundDefinition => ({
    name,
    capital: capital * 1e6,
    startYear: start,
    endYear: end,
    iterations: 300,
    investments: investments.map((x) => ({
      scenarioId: x.scenarioId,
      outlays: Array.from({ length: x.years }, (_, k) => ({ year: x.firstYear + k, amount: x.perYear * 1e6 })),
      repayment: { kind: "savings", share: x.share / 100, payers: x.groups.map((g) => `group:${g}`) },
      ...(x.plan.trim() ? { evaluationPlan: x.plan.trim() } : {}),
    })),
  });
  async function save() {
    try {
      const r = await api.saveFund(definition(), fundId);
      setFundId(r.id);
      setSaved(await api.funds());
      setNotice(sv ? `Fonden "${r.name}" är sparad.` : `The fund "${r.name}" is saved.`);
    } catch (e) {
      setError(e instanceof ApiError && e.issues.length ? e.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; ") : String(e));
    }
  }
  function open(id: string) {
    const f = saved.find((x) => x.id === id);
    if (!f) return;
    setFundId(f.id);
    setName(f.definition.name);
    setCapital(f.definition.capital / 1e6);
    setStart(f.definition.startYear);
    setEnd(f.definition.endYear);
    setInvestments(fromDefinition(f.definition));
    setResult(null);
  }
  async function evaluate() {
    setBusy(true);
    setError(null);
    try {
      setResult(await api.fund(definition()));
    } catch (e) {
      setError(e instanceof ApiError && e.issues.length ? e.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; ") : String(e));
    } finally {
      setBusy(false);
    }
  }
  const set = (k: number, change: Partial<Investment>) => setInvestments(investments.map((x, j) => (j === k ? { ...x, ...change } : x)));
  const m = (n: number) => i.num(n / 1e6, 1);
  const f = result?.fund;

  return (
    <div>
      <p>
        <a href={href({ page: "list" })}>← {i.t("scenarios")}</a>
      </p>
      <h1>{sv ? "Social investeringsfond" : "Social investment fund"}</h1>
      {saved.length > 0 && (
        <label>
          {sv ? "Öppna en sparad fond" : "Open a saved fund"}
          <select value={fundId ?? ""} onChange={(e) => open(e.target.value)}>
            <option value="">{sv ? "(ny fond)" : "(new fund)"}</option>
            {saved.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {sv ? "Fondens namn" : "Name of the fund"}
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <div className="row">
        <NumberField label={sv ? "Fondkapital (mnkr)" : "Capital (SEK m)"} value={capital} min={0} onChange={setCapital} />
        <NumberField label={sv ? "Från år" : "From year"} value={start} onChange={(v) => setStart(Math.round(v))} />
        <NumberField label={sv ? "Till år" : "To year"} value={end} onChange={(v) => setEnd(Math.round(v))} />
      </div>
      <h2>{sv ? "Investeringar" : "Investments"}</h2>
      <ol className="interventions">
        {investments.map((x, k) => (
          <li key={k} className="card">
            <fieldset>
              <legend>
                {sv ? "Investering" : "Investment"} {k + 1}
              </legend>
              <label>
                {sv ? "Scenario" : "Scenario"}
                <select value={x.scenarioId} onChange={(e) => set(k, { scenarioId: e.target.value })}>
                  {list.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </label>
              <div className="row">
                <NumberField label={sv ? "Första året" : "First year"} value={x.firstYear} onChange={(v) => set(k, { firstYear: Math.round(v) })} />
                <NumberField label={sv ? "Antal år" : "Years"} value={x.years} min={1} max={50} onChange={(v) => set(k, { years: Math.round(v) })} />
                <NumberField label={sv ? "Utbetalning per år (mnkr)" : "Outlay a year (SEK m)"} value={x.perYear} min={0} onChange={(v) => set(k, { perYear: v })} />
                <NumberField label={sv ? "Återbetalning: andel av besparingarna (%)" : "Repayment: share of the savings (%)"} value={x.share} min={0} max={100} onChange={(v) => set(k, { share: v })} />
              </div>
              <div className="row" role="group" aria-label={sv ? "Vilkas besparingar betalar tillbaka" : "Whose savings repay"}>
                {(["kommun", "region", "stat"] as const).map((g) => (
                  <label key={g} className="inline-check">
                    <input type="checkbox" checked={x.groups.includes(g)} onChange={(e) => set(k, { groups: e.target.checked ? [...x.groups, g] : x.groups.filter((y) => y !== g) })} />
                    {{ kommun: sv ? "Kommunen" : "Municipality", region: sv ? "Regionen" : "Region", stat: sv ? "Staten" : "State" }[g]}
                  </label>
                ))}
              </div>
              <label>
                {sv ? "Utvärderingsplan" : "Evaluation plan"}
                <textarea rows={2} value={x.plan} onChange={(e) => set(k, { plan: e.target.value })} />
              </label>
              <button type="button" className="link" onClick={() => setInvestments(investments.filter((_, j) => j !== k))}>
                {i.t("remove")}
              </button>
            </fieldset>
          </li>
        ))}
      </ol>
      <div className="actions">
        <button type="button" onClick={() => setInvestments([...investments, { scenarioId: list[0]?.id ?? "", firstYear: start, years: 3, perYear: 5, share: 50, groups: ["kommun"], plan: "" }])} disabled={list.length === 0}>
          {sv ? "Lägg till investering" : "Add an investment"}
        </button>
        <button type="button" onClick={evaluate} disabled={busy || investments.length === 0}>
          {busy ? i.t("recalculating") : sv ? "Beräkna fonden" : "Calculate the fund"}
        </button>
        <button type="button" onClick={save} disabled={investments.length === 0 || !name.trim()}>
          {sv ? "Spara fonden" : "Save the fund"}
        </button>
      </div>
      {notice && <p role="status">{notice}</p>}
      {error && <p role="alert" className="error">{error}</p>}
      {f && (
        <section aria-labelledby="fund-result">
          <h2 id="fund-result">{sv ? "Fondens saldo" : "The fund's balance"}</h2>
          <p data-testid="fund-summary">
            {f.solvent ? "" : sv ? "Fonden räcker inte till alla utbetalningar. " : "The fund cannot pay every outlay. "}
            {f.capitalBackYear
              ? sv
                ? `Kapitalet är tillbaka ${f.capitalBackYear}.`
                : `The capital is back in ${f.capitalBackYear}.`
              : sv
                ? `Kapitalet kommer inte tillbaka före ${end}: fonden slutar på ${i.sek(f.years.at(-1)?.balance ?? 0)} av ${i.sek(capital * 1e6)}.`
                : `The capital does not come back by ${end}: the fund ends at ${i.sek(f.years.at(-1)?.balance ?? 0)} of ${i.sek(capital * 1e6)}.`}{" "}
            {result.band &&
              (sv
                ? `I ${i.pct(result.band.probabilityRevolves)} av ${result.band.iterations} dragningar revolverar fonden.`
                : `In ${i.pct(result.band.probabilityRevolves)} of ${result.band.iterations} draws the fund revolves.`)}
          </p>
          <Figure
            title={sv ? "Saldot år för år" : "The balance year by year"}
            caption={balanceCaption(f, result.band, capital * 1e6, i)}
            chart={<BalanceChart years={f.years} band={result.band?.years} capital={capital * 1e6} />}
            table={
<table className="list" data-testid="fund-years">
              <caption>{sv ? "Per år, miljoner kronor: fondens flöden och saldo med 5–95 %-intervall, och kommunens resultat" : "Per year, SEK m: the fund's flows and balance with the 5–95% band, and the municipality's result"}</caption>
              <thead>
                <tr>
                  <th scope="col">{sv ? "År" : "Year"}</th>
                  <th scope="col" className="num">{sv ? "Utbetalt" : "Paid out"}</th>
                  <th scope="col" className="num">{sv ? "Återbetalt" : "Repaid"}</th>
                  <th scope="col" className="num">{sv ? "Saldo" : "Balance"}</th>
                  <th scope="col" className="num">5 %</th>
                  <th scope="col" className="num">95 %</th>
                  <th scope="col" className="num">{sv ? "Kommunens resultat" : "Municipal result"}</th>
                  <th scope="col" className="num">{sv ? "… med fondens användning undantagen" : "… with the fund's use set aside"}</th>
                </tr>
              </thead>
              <tbody>
                {f.years.map((y, k) => (
                  <tr key={y.year}>
                    <th scope="row">{y.year}</th>
                    <td className="num">{m(y.outlays)}</td>
                    <td className="num">{m(y.repayments)}</td>
                    <td className="num">{m(y.balance)}</td>
                    <td className="num">{result.band ? m(result.band.years[k]?.p05 ?? 0) : "–"}</td>
                    <td className="num">{result.band ? m(result.band.years[k]?.p95 ?? 0) : "–"}</td>
                    <td className="num">{m(result.municipalResult[k]?.result ?? 0)}</td>
                    <td className="num">{m(result.municipalResult[k]?.resultWithFundUseSetAside ?? 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            }
          />
        </section>
      )}
    </div>
  );
}

type FundYears = { year: number; outlays: number; repayments: number; balance: number }[];

/** The balance in words: where it starts, its lowest point, where it ends, and the band's width at the end. */
function balanceCaption(f: { years: FundYears }, band: { years: { p05: number; p95: number }[] } | undefined, capital: number, i: I18n): string {
  const sv = i.lang === "sv";
  const low = f.years.reduce((a, y) => (y.balance < a.balance ? y : a), f.years[0] ?? { year: 0, balance: 0, outlays: 0, repayments: 0 });
  const last = f.years.at(-1);
  const b = band?.years.at(-1);
  if (!last) return "";
  return sv
    ? `Fonden börjar med ${i.sek(capital)}, är som lägst ${i.sek(low.balance)} ${low.year} och slutar på ${i.sek(last.balance)} ${last.year}${b ? ` (5–95 %: ${i.sek(b.p05)} till ${i.sek(b.p95)})` : ""}. Den streckade linjen är kapitalet.`
    : `The fund starts with ${i.sek(capital)}, is lowest at ${i.sek(low.balance)} in ${low.year} and ends at ${i.sek(last.balance)} in ${last.year}${b ? ` (5–95%: ${i.sek(b.p05)} to ${i.sek(b.p95)})` : ""}. The dashed line is the capital.`;
}

/** The fund's balance as a line, with the 5–95 % band and the capital as a dashed line. */
function BalanceChart({ years, band, capital }: { years: FundYears; band: { p05: number; p95: number }[] | undefined; capital: number }) {
  const i = useI18n();
  const W = useChartWidth();
  const H = 240;
  const pad = { l: 56, r: 12, t: 24, b: 26 };
  const values = [0, capital, ...years.map((y) => y.balance), ...(band ?? []).flatMap((b) => [b.p05, b.p95])];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const x = scale(years[0]?.year ?? 0, years.at(-1)?.year ?? 1, pad.l, W - pad.r);
  const y = scale(lo, hi, H - pad.b, pad.t);
  const line = years.map((r) => `${x(r.year)},${y(r.balance)}`).join(" ");
  const area = band && band.length === years.length ? [...years.map((r, k) => `${x(r.year)},${y(band[k]!.p95)}`), ...[...years].reverse().map((r, k) => `${x(r.year)},${y(band[years.length - 1 - k]!.p05)}`)].join(" ") : null;
  const label = balanceCaptionShort(years, i);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} className="chart fund-chart" data-testid="fund-chart">
      {ticks(lo, hi).map((v) => (
        <g key={v}>
          <line x1={pad.l} x2={W - pad.r} y1={y(v)} y2={y(v)} stroke="#d8dee4" />
          <text x={pad.l - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#4a5561">
            {i.num(v / 1e6, 1)}
          </text>
        </g>
      ))}
      <text x={4} y={12} fontSize="11" fill="#4a5561">
        {i.lang === "sv" ? "mnkr" : "SEK m"}
      </text>
      {area && <polygon points={area} fill="#0b5cad" opacity="0.18" />}
      <line x1={pad.l} x2={W - pad.r} y1={y(capital)} y2={y(capital)} stroke="#1b1f24" strokeDasharray="5 3" />
      <line x1={pad.l} x2={W - pad.r} y1={y(0)} y2={y(0)} stroke="#1b1f24" />
      <polyline points={line} fill="none" stroke="#0b5cad" strokeWidth="2.5" />
      {years
        .filter((_, k) => k % Math.max(Math.ceil(years.length / 8), labelEvery(years.length, W - pad.l - pad.r)) === 0)
        .map((r) => (
          <text key={r.year} x={x(r.year)} y={H - 8} textAnchor="middle" fontSize="11" fill="#4a5561">
            {r.year}
          </text>
        ))}
    </svg>
  );
}

const balanceCaptionShort = (years: FundYears, i: I18n) =>
  i.lang === "sv" ? `Fondens saldo ${years[0]?.year ?? ""}–${years.at(-1)?.year ?? ""}, i miljoner kronor` : `The fund's balance ${years[0]?.year ?? ""}–${years.at(-1)?.year ?? ""}, SEK m`;
