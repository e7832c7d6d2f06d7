/**
 * Outcomes, unit costs and payers of one's own, and who pays each unit cost. New entries are
 * marked as one's own assumptions; a payer in the group livskvalitet makes the scenario
 * version 2.
 * @module
 */
import { type PayerGroup, payerGroups, type Scenario } from "@sikt/engine";
import { useState } from "react";
import type { Doc } from "../document";
import { addOutcome, addPayer, addUnitCost, setUnitCostPayer } from "../document-v2";
import { useI18n } from "../i18n";
import { NumberField } from "../NumberField";

const GROUP_NAMES: Record<PayerGroup, { sv: string; en: string }> = {
  kommun: { sv: "Kommunen", en: "Municipality" },
  region: { sv: "Regionen", en: "Region" },
  stat: { sv: "Staten", en: "State" },
  individ: { sv: "Individen", en: "The individual" },
  ovrigt: { sv: "Övriga (t.ex. produktionsbortfall)", en: "Others (e.g. lost production)" },
  livskvalitet: { sv: "Livskvalitet och brottsoffer (inte pengar)", en: "Quality of life and crime victims (not money)" },
};

export function OwnEntries(p: { doc: Doc; scenario: Scenario; disabled: boolean; onChange: (d: Doc) => void }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const s = p.scenario;
  const [payer, setPayer] = useState({ name: "", group: "kommun" });
  const [cost, setCost] = useState({ name: "", payer: "", amount: 0, unit: "" });
  const [outcome, setOutcome] = useState({ name: "", unitCost: "", quantityPerYear: 1, years: 1 });
  const costPayer = s.payers.some((x) => x.id === cost.payer) ? cost.payer : (s.payers[0]?.id ?? "");
  const outcomeCost = s.unitCosts.some((x) => x.id === outcome.unitCost) ? outcome.unitCost : (s.unitCosts[0]?.id ?? "");
  return (
    <details className="card own">
      <summary>
        <h2 className="inline">{sv ? "Egna poster: utfall, belopp per enhet och kostnadsbärare" : "Own entries: outcomes, amounts per unit and payers"}</h2>
      </summary>
      <fieldset disabled={p.disabled}>
        <legend>{sv ? "Ny kostnadsbärare" : "New payer"}</legend>
        <div className="row">
          <label className="grow">
            {sv ? "Namn på kostnadsbäraren" : "Name of the payer"}
            <input value={payer.name} onChange={(e) => setPayer({ ...payer, name: e.target.value })} />
          </label>
          <label>
            {sv ? "Grupp" : "Group"}
            <select value={payer.group} onChange={(e) => setPayer({ ...payer, group: e.target.value })}>
              {payerGroups.map((g) => (
                <option key={g} value={g}>
                  {GROUP_NAMES[g][i.lang]}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            disabled={payer.name.trim() === ""}
            onClick={() => {
              p.onChange(addPayer(p.doc, s, payer.name.trim(), payer.group).doc);
              setPayer({ name: "", group: payer.group });
            }}
          >
            {sv ? "Lägg till kostnadsbärare" : "Add the payer"}
          </button>
        </div>
      </fieldset>
      <fieldset disabled={p.disabled}>
        <legend>{sv ? "Ny styckkostnad" : "New unit cost"}</legend>
        <div className="row">
          <label className="grow">
            {sv ? "Namn på styckkostnaden" : "Name of the unit cost"}
            <input value={cost.name} onChange={(e) => setCost({ ...cost, name: e.target.value })} />
          </label>
          <label>
            {sv ? "Betalas av" : "Paid by"}
            <select value={costPayer} onChange={(e) => setCost({ ...cost, payer: e.target.value })}>
              {s.payers.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </label>
          <NumberField label={sv ? "Belopp (kr)" : "Amount (SEK)"} value={cost.amount} min={0} onChange={(v) => setCost({ ...cost, amount: v })} />
          <label>
            {sv ? "Per (enhet)" : "Per (unit)"}
            <input value={cost.unit} placeholder={sv ? "dygn, år, besök" : "day, year, visit"} onChange={(e) => setCost({ ...cost, unit: e.target.value })} />
          </label>
          <button
            type="button"
            disabled={cost.name.trim() === "" || costPayer === ""}
            onClick={() => {
              p.onChange(addUnitCost(p.doc, s, { name: cost.name.trim(), payer: costPayer, amount: cost.amount, unit: cost.unit.trim() || undefined }).doc);
              setCost({ name: "", payer: costPayer, amount: 0, unit: "" });
            }}
          >
            {sv ? "Lägg till styckkostnad" : "Add the unit cost"}
          </button>
        </div>
      </fieldset>
      <fieldset disabled={p.disabled}>
        <legend>{sv ? "Nytt utfall" : "New outcome"}</legend>
        <div className="row">
          <label className="grow">
            {sv ? "Namn på utfallet" : "Name of the outcome"}
            <input value={outcome.name} onChange={(e) => setOutcome({ ...outcome, name: e.target.value })} />
          </label>
          <label>
            {sv ? "Kostar (styckkostnad)" : "Costs (unit cost)"}
            <select value={outcomeCost} onChange={(e) => setOutcome({ ...outcome, unitCost: e.target.value })}>
              {s.unitCosts.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
          <NumberField label={sv ? "Mängd per år" : "Quantity a year"} value={outcome.quantityPerYear} min={0} onChange={(v) => setOutcome({ ...outcome, quantityPerYear: v })} />
          <NumberField label={sv ? "Antal år" : "Years"} value={outcome.years} min={1} max={100} onChange={(v) => setOutcome({ ...outcome, years: Math.round(v) })} />
          <button
            type="button"
            disabled={outcome.name.trim() === "" || outcomeCost === ""}
            onClick={() => {
              p.onChange(addOutcome(p.doc, s, { name: outcome.name.trim(), unitCost: outcomeCost, quantityPerYear: outcome.quantityPerYear, years: outcome.years }).doc);
              setOutcome({ name: "", unitCost: outcomeCost, quantityPerYear: 1, years: 1 });
            }}
          >
            {sv ? "Lägg till utfall" : "Add the outcome"}
          </button>
        </div>
        <p className="small">
          {sv
            ? "Ett nytt utfall räknas när en länk leder till det eller en insats har en effekt på det."
            : "A new outcome counts once a link leads to it or an intervention has an effect on it."}
        </p>
      </fieldset>
      <fieldset disabled={p.disabled}>
        <legend>{sv ? "Vem betalar styckkostnaderna" : "Who pays the unit costs"}</legend>
        <div className="payers-grid">
          {s.unitCosts.map((u) => (
            <label key={u.id}>
              {sv ? `Vem betalar: ${u.name}` : `Who pays: ${u.name}`}
              <select value={u.payer} onChange={(e) => p.onChange(setUnitCostPayer(p.doc, u.id, e.target.value))}>
                {s.payers
                  .filter((x) => x.id !== u.recipient)
                  .map((x) => (
                    <option key={x.id} value={x.id}>
                      {x.name}
                    </option>
                  ))}
              </select>
            </label>
          ))}
        </div>
      </fieldset>
    </details>
  );
}
