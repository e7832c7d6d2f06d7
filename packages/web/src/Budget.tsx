/**
 * The budget view of a saved version: each payer's yearly costs and savings as a budget shows
 * them (fixed or current prices) with the years out of pocket; cost sharing between the public
 * actors (the proposal, the Finsam split, an agreement set by hand); and the scenario stopped
 * after a project period beside the permanent programme. Computed by the server (docs/budget.md).
 * @module
 */
import { useEffect, useState } from "react";
import { type Analysis, api, ApiError, type SharingResult } from "./api";
import { useI18n } from "./i18n";
import { NumberField } from "./NumberField";
import { TableWrap } from "./TableWrap";
import { href } from "./route";

export function Budget({ id }: { id: string }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const [version, setVersion] = useState<{ v: number; name: string } | null>(null);
  const [current, setCurrent] = useState(false);
  const [growth, setGrowth] = useState({ priceGrowth: 0.02, wageGrowth: 0.03, wageShare: 0.7 });
  const [projectYears, setProjectYears] = useState(3);
  const [agreement, setAgreement] = useState<Record<string, number> | null>(null);
  const [scoped, setScoped] = useState<Scope | null>(null);
  const [data, setData] = useState<Analysis | null>(null);
  const [error, setError] = useState<string | null>(null);

  const [saved, setSaved] = useState<{ document: Record<string, unknown>; canEdit: boolean } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    (async () => {
      const r = await api.scenario(id);
      const v = await api.version(id, r.scenario.latestVersion);
      // The agreement saved with the scenario (meta.sharingAgreement), if any.
      const kept = readAgreement(v.document);
      if (kept) {
        const { shares, ...scope } = kept;
        if (Object.keys(scope).length > 0) setScoped(kept);
        else setAgreement(shares);
      }
      setSaved({ document: v.document, canEdit: r.scenario.access !== "read" });
      setVersion({ v: r.scenario.latestVersion, name: r.scenario.name });
    })().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [id]);

  /** Keeps the agreement with the scenario: a new version whose meta holds it. */
  async function keep() {
    if (!saved || !version) return;
    const value = scoped ?? (agreement ? { shares: agreement } : null);
    const meta = { ...((saved.document.meta as Record<string, unknown> | undefined) ?? {}) };
    if (value) meta.sharingAgreement = value;
    else delete meta.sharingAgreement;
    try {
      const document = { ...saved.document, meta };
      const r = await api.save(id, version.v, document, sv ? "Överenskommelse om kostnadsdelning" : "Cost-sharing agreement");
      setSaved({ ...saved, document });
      setVersion({ v: r.version.version, name: r.scenario.name });
      setNotice(sv ? `Överenskommelsen är sparad med scenariot (version ${r.version.version}).` : `The agreement is saved with the scenario (version ${r.version.version}).`);
    } catch (e) {
      setNotice(null);
      setError(e instanceof ApiError && e.code === "version_conflict" ? (sv ? "Någon annan har sparat scenariot under tiden. Ladda om sidan." : "Someone else saved the scenario meanwhile. Reload the page.") : e instanceof Error ? e.message : String(e));
    }
  }
  useEffect(() => {
    if (!version) return;
    const body = { projectYears, ...(current ? { currentPrices: growth } : {}), ...(agreement ? { agreement } : {}), ...(scoped ? { agreements: [scoped] } : {}) };
    api.analysis(id, version.v, body).then(
      (d) => {
        setData(d);
        setError(null);
      },
      (e: unknown) => setError(e instanceof ApiError && e.issues.length ? e.issues.map((x) => x.message).join("; ") : String(e)),
    );
  }, [id, version, current, growth, projectYears, agreement, scoped]);

  if (!version || !data) return error ? <p role="alert" className="error">{error}</p> : <p role="status">{i.t("loading")}</p>;
  const m = (n: number) => i.num(n / 1e6, 1);
  const years = data.budget[0]?.years.map((y) => y.year) ?? [];
  const c = data.continuity;
  return (
    <div>
      <p>
        <a href={href({ page: "scenario", id })}>← {version.name}</a>
      </p>
      <h1>{sv ? "Budget och kostnadsdelning" : "Budget and cost sharing"}</h1>
      <p className="meta">
        {i.t("version")} {version.v}. {sv ? "Belopp i miljoner kronor, odiskonterade, som i en budget." : "Amounts in millions of SEK, undiscounted, as in a budget."}
      </p>
      <fieldset>
        <legend>{sv ? "Prisnivå" : "Price level"}</legend>
        <label className="inline-check">
          <input type="checkbox" checked={current} onChange={(e) => setCurrent(e.target.checked)} />
          {sv ? `Löpande priser (annars fasta priser ${data.scenario.priceYear})` : `Current prices (otherwise fixed ${data.scenario.priceYear} prices)`}
        </label>
        {current && (
          <div className="row">
            <NumberField label={sv ? "Prisökning per år (%) – antagande" : "Price growth a year (%) – assumption"} value={growth.priceGrowth * 100} onChange={(v) => setGrowth({ ...growth, priceGrowth: v / 100 })} />
            <NumberField label={sv ? "Löneökning per år (%) – antagande" : "Wage growth a year (%) – assumption"} value={growth.wageGrowth * 100} onChange={(v) => setGrowth({ ...growth, wageGrowth: v / 100 })} />
            <NumberField label={sv ? "Löneandel av kostnaderna (%) – antagande" : "Wage share of costs (%) – assumption"} value={growth.wageShare * 100} min={0} max={100} onChange={(v) => setGrowth({ ...growth, wageShare: v / 100 })} />
          </div>
        )}
      </fieldset>

      <h2>{sv ? "Per betalare och år" : "Per payer and year"}</h2>
      <TableWrap label={sv ? "Per betalare och år" : "Per payer and year"}>
        <table className="list budget" data-testid="budget">
          <caption>{sv ? "Netto per betalare och år (besparingar − kostnader); markerade år: betalaren ligger ute med pengar" : "Net per payer and year (savings − costs); marked years: the payer is out of pocket"}</caption>
          <thead>
            <tr>
              <th scope="col" className="sticky-1">{sv ? "Betalare" : "Payer"}</th>
              <th scope="col" className="num sticky-2">{sv ? "Nuvärde netto (investeringssyn)" : "Net present value (investment view)"}</th>
              <th scope="col">{sv ? "Går jämnt ut" : "Breaks even"}</th>
              <th scope="col">{sv ? "Återbetald (diskonterat)" : "Paid back (discounted)"}</th>
              {years.map((y) => (
                <th key={y} scope="col" className="num">
                  {y}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.budget.map((p) => (
              <tr key={p.id}>
                <th scope="row" className="sticky-1">{p.name}</th>
                <td className="num sticky-2">{m(p.npv)}</td>
                <td>{p.breakEvenYear ?? (sv ? "aldrig" : "never")}</td>
                <td>{p.paybackYear ?? "–"}</td>
                {p.years.map((y) => (
                  <td key={y.year} className={y.outOfPocket ? "num out" : "num"} title={`${sv ? "Kostnader" : "Costs"} ${m(y.costs)}, ${sv ? "besparingar" : "savings"} ${m(y.savings)}`}>
                    {m(y.net)}
                    {y.outOfPocket && <span className="visually-hidden"> {sv ? "(ute med pengar)" : "(out of pocket)"}</span>}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>

      <h2>{sv ? "Kostnadsdelning mellan offentliga aktörer" : "Cost sharing between public actors"}</h2>
      <p data-testid="feasible">
        {data.sharing.proposal.feasible
          ? sv
            ? "Det offentliga som helhet tjänar på programmet: kostnaderna kan delas så att ingen offentlig aktör förlorar."
            : "The public sector as a whole gains: the costs can be shared so that no public actor loses."
          : sv
            ? `Det offentliga som helhet förlorar (besparingar ${i.sek(data.sharing.proposal.publicSavings)} mot kostnader ${i.sek(data.sharing.proposal.publicCosts)}): ingen delning kan låta alla offentliga aktörer gå jämnt ut.`
            : `The public sector as a whole loses (savings ${i.sek(data.sharing.proposal.publicSavings)} against costs ${i.sek(data.sharing.proposal.publicCosts)}): no split can leave every public actor whole.`}
      </p>
      <SharingTable title={sv ? "Förslag: i proportion till besparingarna (nuvärden)" : "Proposal: in proportion to the savings (present values)"} r={data.sharing.proposal} />
      <SharingTable
        title={
          sv
            ? "Samordningsförbund (Finsam): staten hälften genom Försäkringskassan (Arbetsförmedlingen är medlem), regionen och kommunen en fjärdedel var"
            : "Coordination association (Finsam): the state's half through Försäkringskassan (Arbetsförmedlingen is a member), the region and the municipality a quarter each"
        }
        r={data.sharing.finsam.result}
      />
      <AgreementEditor
        key={`${version.v}`}
        actors={[...new Map([...data.sharing.proposal.actors, ...data.sharing.finsam.result.actors].map((a) => [a.id, { id: a.id, name: a.name }])).values()]}
        interventions={data.scenario.interventions}
        years={years}
        initial={data.sharing.agreement?.agreement ?? scoped?.shares ?? data.sharing.finsam.agreement}
        onApply={(shares, scope) => {
          if (scope) {
            setScoped({ shares, ...scope });
            setAgreement(null);
          } else {
            setAgreement(shares);
            setScoped(null);
          }
        }}
      />
      {data.sharing.agreement && <SharingTable title={sv ? "Er överenskommelse" : "Your agreement"} r={data.sharing.agreement.result} />}
      {data.sharing.scoped && scoped && (
        <SharingTable
          title={
            sv
              ? `Er överenskommelse för ${scoped.interventions ? data.scenario.interventions.find((x) => x.id === scoped.interventions?.[0])?.name : "alla insatser"} ${scoped.fromYear}–${scoped.toYear}; övriga kostnader stannar hos den som bär dem`
              : `Your agreement for ${scoped.interventions ? data.scenario.interventions.find((x) => x.id === scoped.interventions?.[0])?.name : "all interventions"} ${scoped.fromYear}–${scoped.toYear}; other costs stay with whoever carries them`
          }
          r={data.sharing.scoped.result}
        />
      )}
      {saved?.canEdit && (data.sharing.agreement || (data.sharing.scoped && scoped)) && (
        <p>
          <button type="button" onClick={() => void keep()}>
            {sv ? "Spara överenskommelsen med scenariot" : "Save the agreement with the scenario"}
          </button>
        </p>
      )}
      {notice && <p role="status">{notice}</p>}
      {error && <p role="alert" className="error">{error}</p>}

      {c && (
        <>
          <h2>{sv ? "Projekt eller varaktig verksamhet" : "Project or lasting programme"}</h2>
          <p>
            {sv
              ? "Samma jämförelse visar vad det kostar på sikt att avveckla en pågående verksamhet efter så många år: besparingar som uteblir mot kostnader som inte längre betalas."
              : "The same comparison shows the long-term cost of ending a running programme after that many years: savings that will not come against costs no longer paid."}
          </p>
          <NumberField label={sv ? "Projekttid (år)" : "Project period (years)"} value={projectYears} min={1} max={99} onChange={(v) => setProjectYears(Math.max(1, Math.round(v)))} />
          <TableWrap label={sv ? "Projekt eller varaktig verksamhet" : "Project or lasting programme"}>
          <table className="list" data-testid="continuity">
            <caption>{sv ? `Insatserna i ${c.projectYears} år jämfört med varaktigt (nuvärden)` : `The interventions for ${c.projectYears} years against lasting (present values)`}</caption>
            <thead>
              <tr>
                <th scope="col" />
                <th scope="col" className="num">{sv ? "Varaktigt" : "Lasting"}</th>
                <th scope="col" className="num">{sv ? `Projekt ${c.projectYears} år` : `Project ${c.projectYears} years`}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{i.t("pvCosts")}</th>
                <td className="num">{i.sek(c.permanent.pvCosts)}</td>
                <td className="num">{i.sek(c.project.pvCosts)}</td>
              </tr>
              <tr>
                <th scope="row">{i.t("pvSavings")}</th>
                <td className="num">{i.sek(c.permanent.pvSavings)}</td>
                <td className="num">{i.sek(c.project.pvSavings)}</td>
              </tr>
              <tr>
                <th scope="row">{i.t("npv")}</th>
                <td className="num">{i.sek(c.permanent.npv)}</td>
                <td className="num">{i.sek(c.project.npv)}</td>
              </tr>
              <tr>
                <th scope="row">{i.t("bcr")}</th>
                <td className="num">{c.permanent.bcr === null ? "–" : i.ratio(c.permanent.bcr)}</td>
                <td className="num">{c.project.bcr === null ? "–" : i.ratio(c.project.bcr)}</td>
              </tr>
            </tbody>
          </table>
          </TableWrap>
        </>
      )}
    </div>
  );
}

function SharingTable({ title, r }: { title: string; r: SharingResult }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  return (
    <TableWrap label={title}>
    <table className="list">
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{sv ? "Aktör" : "Actor"}</th>
          <th scope="col" className="num">{sv ? "Bär i dag" : "Carries now"}</th>
          <th scope="col" className="num">{sv ? "Sparar" : "Saves"}</th>
          <th scope="col" className="num">{sv ? "Andel" : "Share"}</th>
          <th scope="col" className="num">{sv ? "Betalar" : "Pays"}</th>
          <th scope="col" className="num">{sv ? "Netto före" : "Net before"}</th>
          <th scope="col" className="num">{sv ? "Netto efter" : "Net after"}</th>
        </tr>
      </thead>
      <tbody>
        {r.actors.map((a) => (
          <tr key={a.id}>
            <th scope="row">{a.name}</th>
            <td className="num">{i.sek(a.pvCosts)}</td>
            <td className="num">{i.sek(a.pvSavings)}</td>
            <td className="num">{i.pct(a.share, 1)}</td>
            <td className="num">{i.sek(a.contribution)}</td>
            <td className="num">{i.sek(a.npvBefore)}</td>
            <td className={a.npvAfter < -1 ? "num out" : "num"}>{i.sek(a.npvAfter)}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </TableWrap>
  );
}

interface Scope {
  shares: Record<string, number>;
  interventions?: string[];
  fromYear: number;
  toYear: number;
}

function AgreementEditor(p: {
  actors: { id: string; name: string }[];
  interventions: { id: string; name: string }[];
  years: number[];
  initial: Record<string, number>;
  onApply: (shares: Record<string, number>, scope: Omit<Scope, "shares"> | null) => void;
}) {
  const { actors, initial } = p;
  const i = useI18n();
  const sv = i.lang === "sv";
  const [shares, setShares] = useState<Record<string, number>>(() => Object.fromEntries(actors.map((a) => [a.id, (initial[a.id] ?? 0) * 100])));
  const [intervention, setIntervention] = useState("");
  const [from, setFrom] = useState(p.years[0] ?? 0);
  const [to, setTo] = useState(p.years.at(-1) ?? 0);
  const whole = intervention === "" && from === p.years[0] && to === p.years.at(-1);
  const sum = Object.values(shares).reduce((t, v) => t + v, 0);
  return (
    <fieldset>
      <legend>{sv ? "Egen överenskommelse (procent av de offentliga kostnaderna)" : "Your own agreement (per cent of the public costs)"}</legend>
      <div className="row">
        {actors.map((a) => (
          <NumberField key={a.id} label={a.name} value={shares[a.id] ?? 0} min={0} max={100} onChange={(v) => setShares({ ...shares, [a.id]: v })} />
        ))}
      </div>
      <div className="row">
        <label>
          {sv ? "Gäller insats" : "For the intervention"}
          <select value={intervention} onChange={(e) => setIntervention(e.target.value)}>
            <option value="">{sv ? "Alla insatser" : "All interventions"}</option>
            {p.interventions.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {sv ? "Från år" : "From year"}
          <select value={from} onChange={(e) => setFrom(Number(e.target.value))}>
            {p.years.map((y) => (
              <option key={y}>{y}</option>
            ))}
          </select>
        </label>
        <label>
          {sv ? "Till år" : "To year"}
          <select value={to} onChange={(e) => setTo(Number(e.target.value))}>
            {p.years.map((y) => (
              <option key={y}>{y}</option>
            ))}
          </select>
        </label>
      </div>
      <p role="status">
        {sv ? "Summa" : "Sum"}: {i.num(sum, 1)} %
      </p>
      <button
        type="button"
        disabled={Math.abs(sum - 100) > 0.1 || from > to}
        onClick={() =>
          p.onApply(
            // Shares typed as rounded per cents add up to 100 % within 0.1; they are scaled to exactly 100 %.
            Object.fromEntries(Object.entries(shares).map(([k, v]) => [k, v / sum])),
            whole ? null : { ...(intervention ? { interventions: [intervention] } : {}), fromYear: from, toYear: to },
          )
        }
      >
        {sv ? "Visa resultatet med överenskommelsen" : "Show the result under the agreement"}
      </button>
    </fieldset>
  );
}

/** The agreement a scenario document keeps in meta.sharingAgreement, when it is well formed. */
function readAgreement(document: Record<string, unknown>): Scope | null {
  const a = (document.meta as Record<string, unknown> | undefined)?.sharingAgreement as Partial<Scope> | undefined;
  if (!a || typeof a !== "object" || !a.shares || typeof a.shares !== "object") return null;
  if (!Object.values(a.shares).every((v) => typeof v === "number")) return null;
  return {
    shares: a.shares,
    ...(Array.isArray(a.interventions) ? { interventions: a.interventions.map(String) } : {}),
    ...(typeof a.fromYear === "number" && typeof a.toYear === "number" ? { fromYear: a.fromYear, toYear: a.toYear } : {}),
  } as Scope;
}
