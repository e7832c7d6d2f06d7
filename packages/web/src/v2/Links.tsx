/**
 * Links between outcomes (model version 2): which outcome leads to which, with what probability
 * (a number or an uncertain beta distribution), after how many years and by what source; add,
 * edit and remove; the chain drawn beside. A cycle is not offered.
 * @module
 */
import type { Scenario, ScenarioResult } from "@sikt/engine";
import { useState } from "react";
import type { Doc } from "../document";
import { addLink, type DocLink, linksOf, removeLink, updateLink, wouldCycle } from "../document-v2";
import { useI18n } from "../i18n";
import { NumberField } from "../NumberField";
import { central, isUncertain } from "../uncertain";
import { ChainGraph } from "./ChainGraph";

type Link = ReturnType<typeof linksOf>[number]["link"];

const toDoc = (l: Link): DocLink => ({
  outcome: l.outcome,
  probability: l.probability as DocLink["probability"],
  after: { fromYear: l.after.fromYear, years: l.after.years },
  ...(l.source ? { source: l.source } : {}),
});

/** A probability as a number, or as a beta distribution with the same mean (sd a quarter of it, within what beta allows). */
function withKind(p: unknown, uncertain: boolean): DocLink["probability"] {
  const mean = Math.min(0.99, Math.max(0.01, central(p) ?? 0.2));
  if (!uncertain) return central(p) ?? 0.2;
  const sd = Math.min(mean / 4, Math.sqrt(mean * (1 - mean)) * 0.9);
  return { dist: "beta", mean, sd: +sd.toFixed(4) };
}

function ProbabilityField({ value, label, onChange }: { value: unknown; label: string; onChange: (v: DocLink["probability"]) => void }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const uncertain = isUncertain(value);
  const d = (uncertain ? value : {}) as Record<string, number>;
  return (
    <>
      <label>
        <span>
          {sv ? "Sannolikhet" : "Probability"}
          <span className="visually-hidden"> – {label}</span>
        </span>
        <select value={uncertain ? "beta" : "number"} onChange={(e) => onChange(withKind(value, e.target.value === "beta"))}>
          <option value="number">{sv ? "Ett tal" : "A number"}</option>
          <option value="beta">{sv ? "Osäker (betafördelning)" : "Uncertain (beta distribution)"}</option>
        </select>
      </label>
      <NumberField
        label={sv ? (uncertain ? "Medelvärde (%)" : "Andel (%)") : uncertain ? "Mean (%)" : "Share (%)"}
        value={(central(value) ?? 0) * 100}
        min={0}
        max={100}
        onChange={(v) => onChange(uncertain ? { ...(value as Record<string, unknown>), mean: v / 100 } : v / 100)}
      />
      {uncertain && (
        <NumberField
          label={sv ? "Standardavvikelse (%)" : "Standard deviation (%)"}
          value={(d.sd ?? 0) * 100}
          min={0}
          max={50}
          onChange={(v) => onChange({ ...(value as Record<string, unknown>), sd: v / 100 })}
        />
      )}
    </>
  );
}

function LinkFields({ link, label, onChange }: { link: DocLink; label: string; onChange: (l: DocLink) => void }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  return (
    <div className="row">
      <ProbabilityField value={link.probability} label={label} onChange={(probability) => onChange({ ...link, probability })} />
      <NumberField
        label={sv ? "Efter (år)" : "After (years)"}
        value={link.after?.fromYear ?? 0}
        min={0}
        max={100}
        onChange={(v) => onChange({ ...link, after: { ...link.after, fromYear: Math.round(v) } })}
      />
      <NumberField
        label={sv ? "Utspritt över (år)" : "Spread over (years)"}
        value={link.after?.years ?? 1}
        min={1}
        max={100}
        onChange={(v) => onChange({ ...link, after: { ...link.after, years: Math.round(v) } })}
      />
      <label className="grow">
        {sv ? "Källa" : "Source"}
        <input
          value={link.source ?? ""}
          placeholder={sv ? "Varifrån siffran kommer, med år" : "Where the figure comes from, with year"}
          onChange={(e) => onChange({ ...link, source: e.target.value || undefined })}
        />
      </label>
    </div>
  );
}

export function Links(p: { doc: Doc; scenario: Scenario; result: ScenarioResult | undefined; disabled: boolean; onChange: (d: Doc) => void }) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const s = p.scenario;
  const name = (id: string) => s.outcomes.find((o) => o.id === id)?.name ?? id;
  const all = linksOf(s);
  const [from, setFrom] = useState(s.outcomes[0]?.id ?? "");
  const targets = s.outcomes.filter((o) => !wouldCycle(s, from, o.id));
  const [to, setTo] = useState("");
  const target = targets.some((o) => o.id === to) ? to : (targets[0]?.id ?? "");
  const [draft, setDraft] = useState<DocLink>({ outcome: "", probability: 0.2, after: { fromYear: 0, years: 1 } });
  // Open at first when the scenario has links; then as the user leaves it.
  const [open, setOpen] = useState(all.length > 0);

  return (
    <details className="card links" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h2 className="inline">{sv ? "Följdutfall (länkar mellan utfall)" : "Linked outcomes"}</h2> ({all.length})
      </summary>
      <p className="small">
        {sv
          ? "Ett utfall kan leda till ett annat: en andel av dem som får det första får senare det andra. Ett undvikt fall undviker då också en del av följdutfallen. Har en insats en egen effekt på följdutfallet används den i stället för länken."
          : "One outcome may lead to another: a share of those who have the first later have the second. An avoided case then also avoids some of what follows. An intervention's own effect on the linked outcome is used instead of the link."}
      </p>
      <ChainGraph scenario={s} result={p.result} />
      <fieldset disabled={p.disabled}>
        <legend className="visually-hidden">{sv ? "Länkar" : "Links"}</legend>
        <ul className="plain">
          {all.map(({ from: f, index, link }) => {
            const label = `${name(f)} → ${name(link.outcome)}`;
            return (
              <li key={`${f}-${index}`} className="link-row">
                <div className="iv-head">
                  <h3>{label}</h3>
                  {!p.disabled && (
                    <button type="button" className="link" aria-label={`${sv ? "Ta bort länken" : "Remove the link"} ${label}`} onClick={() => p.onChange(removeLink(p.doc, s, f, index))}>
                      {sv ? "Ta bort" : "Remove"}
                    </button>
                  )}
                </div>
                <LinkFields link={toDoc(link)} label={label} onChange={(l) => p.onChange(updateLink(p.doc, s, f, index, l))} />
              </li>
            );
          })}
        </ul>
        {!p.disabled && s.outcomes.length > 1 && (
          <div className="add-link">
            <h3>{sv ? "Ny länk" : "New link"}</h3>
            <div className="row">
              <label>
                {sv ? "Från utfall" : "From outcome"}
                <select value={from} onChange={(e) => setFrom(e.target.value)}>
                  {s.outcomes.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {sv ? "Leder till" : "Leads to"}
                <select value={target} onChange={(e) => setTo(e.target.value)}>
                  {targets.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <LinkFields link={draft} label={sv ? "ny länk" : "new link"} onChange={setDraft} />
            <button
              type="button"
              disabled={target === ""}
              onClick={() => {
                p.onChange(addLink(p.doc, s, from, { ...draft, outcome: target }));
                setDraft({ outcome: "", probability: 0.2, after: { fromYear: 0, years: 1 } });
              }}
            >
              {sv ? "Lägg till länk" : "Add the link"}
            </button>
            {targets.length < s.outcomes.length - 1 && (
              <p className="small">{sv ? "Utfall som skulle ge en cirkel av länkar visas inte." : "Outcomes that would close a cycle of links are not offered."}</p>
            )}
          </div>
        )}
      </fieldset>
    </details>
  );
}
