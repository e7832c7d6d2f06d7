/**
 * An effect on the extent of an outcome (model version 2): occurrences that still happen are
 * shorter or milder — the share by which their costs fall, from a year after the occurrence.
 * @module
 */
import type { DocIntervention } from "../document";
import { setExtent } from "../document-v2";
import { useI18n } from "../i18n";
import { NumberField } from "../NumberField";
import { central, withCentral } from "../uncertain";

export function ExtentEditor(p: {
  outcome: string;
  outcomeName: string;
  extent: { reduction: unknown; fromYear: number } | undefined;
  disabled: boolean;
  onChange: (f: (x: DocIntervention) => DocIntervention) => void;
}) {
  const i = useI18n();
  const sv = i.lang === "sv";
  const e = p.extent;
  const label = sv ? `Kortare eller lindrigare – ${p.outcomeName}` : `Shorter or milder – ${p.outcomeName}`;
  return (
    <fieldset className="extent" disabled={p.disabled}>
      <legend>{sv ? "Kortare eller lindrigare" : "Shorter or milder"}</legend>
      <label className="inline-check">
        <input type="checkbox" checked={e !== undefined} onChange={(ev) => p.onChange((x) => setExtent(x, p.outcome, ev.target.checked ? { reduction: 0.3, fromYear: 1 } : undefined))} />
        {label}
      </label>
      {e && (
        <div className="row">
          <NumberField
            label={sv ? "Kostnaderna minskar med (%)" : "Costs fall by (%)"}
            value={(central(e.reduction) ?? 0) * 100}
            min={0}
            max={100}
            onChange={(v) => p.onChange((x) => setExtent(x, p.outcome, { ...e, reduction: withCentral(e.reduction, v / 100) }))}
          />
          <NumberField
            label={sv ? "från år … efter att utfallet inträffat" : "from year … after the outcome occurs"}
            value={e.fromYear}
            min={0}
            max={100}
            onChange={(v) => p.onChange((x) => setExtent(x, p.outcome, { ...e, fromYear: Math.round(v) }))}
          />
        </div>
      )}
      <p className="small">
        {sv
          ? "För dem som ändå får utfallet: t.ex. två år utanför arbete i stället för fem är 100 % från år 2."
          : "For those who still have the outcome: two years outside work instead of five is 100 % from year 2."}
      </p>
    </fieldset>
  );
}
