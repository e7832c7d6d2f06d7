/**
 * The three perspectives of model version 2 side by side (docs/model.md, "Version 2"): the public
 * sector, society in money, and society with quality of life and victims' suffering — costs,
 * savings, net, benefit–cost ratio, and the chance of gaining once Monte Carlo has run.
 * @module
 */
import { type MonteCarloResult, type Perspective, perspectiveKeys, type ScenarioResult } from "@sikt/engine";
import { useI18n } from "../i18n";
import { TableWrap } from "../TableWrap";

export const PERSPECTIVE_NAMES: Record<Perspective, { sv: string; en: string; sub: { sv: string; en: string } }> = {
  offentligSektor: { sv: "Offentlig sektor", en: "Public sector", sub: { sv: "kommun, region, stat", en: "municipality, region, state" } },
  samhallsekonomiskt: { sv: "Samhällsekonomiskt", en: "Society", sub: { sv: "alla utom livskvalitet", en: "all but quality of life" } },
  medLivskvalitet: { sv: "Med livskvalitet", en: "With quality of life", sub: { sv: "och brottsoffers lidande", en: "and victims' suffering" } },
};

export function Perspectives({ result, mc }: { result: ScenarioResult; mc: MonteCarloResult | undefined }) {
  const i = useI18n();
  const { lang } = i;
  const d = result.deterministic;
  const sv = lang === "sv";
  const rows: { key: string; label: string; cell: (k: Perspective) => string }[] = [
    { key: "costs", label: sv ? "Kostnader (nuvärde)" : "Costs (PV)", cell: (k) => i.sek(d.byPerspective[k].pvCosts) },
    { key: "savings", label: sv ? "Besparingar (nuvärde)" : "Savings (PV)", cell: (k) => i.sek(d.byPerspective[k].pvSavings) },
    { key: "npv", label: sv ? "Nettonuvärde" : "Net present value", cell: (k) => i.sek(d.byPerspective[k].npv) },
    { key: "bcr", label: sv ? "Nytta per satsad krona" : "Benefit–cost ratio", cell: (k) => (d.byPerspective[k].bcr === null ? "–" : i.ratio(d.byPerspective[k].bcr as number)) },
    {
      key: "p",
      label: sv ? "Sannolikhet att gå plus" : "Probability of gaining",
      cell: (k) => (mc?.byPerspective ? i.pct(mc.byPerspective[k].probabilityNpvPositive) : "–"),
    },
  ];
  const noQuality = !Object.keys(d.byGroup).includes("livskvalitet");
  return (
    <section className="card perspectives" aria-labelledby="persp-h">
      <h3 id="persp-h">{sv ? "Tre perspektiv" : "Three perspectives"}</h3>
      <TableWrap labelledBy="persp-h">
        <table className="list" data-testid="perspectives">
          <thead>
            <tr>
              <td />
              {perspectiveKeys.map((k) => (
                <th key={k} scope="col" className="num">
                  {PERSPECTIVE_NAMES[k][lang]}
                  <br />
                  <span className="small">{PERSPECTIVE_NAMES[k].sub[lang]}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                {perspectiveKeys.map((k) => (
                  <td key={k} className="num">
                    {r.cell(k)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p className="small">
        {sv
          ? "Nyckeltalen ovan räknar alla kostnadsbärare, som det sista perspektivet."
          : "The key figures above count every payer, as the last perspective does."}{" "}
        {!mc?.byPerspective &&
          (sv ? "Sannolikheten att gå plus visas när osäkerhetsanalysen har körts. " : "The probability of gaining shows once the uncertainty analysis has run. ")}
        {noQuality &&
          (sv
            ? "Ingen kostnadsbärare hör till gruppen livskvalitet, så de två samhällsperspektiven är lika."
            : "No payer is in the group livskvalitet, so the two society perspectives are the same.")}
      </p>
    </section>
  );
}
