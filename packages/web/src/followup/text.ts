/**
 * The words of the lägesbild page, pure so that they are tested without a browser: an
 * indicator's caption (latest value, comparisons, trend), its unit, the places compared, and
 * years typed as a range.
 * @module
 */
import type { IndicatorView, Places } from "@sikt/followup";
import type { I18n } from "../i18n";

/** The formatters a caption needs (a subset of the app's I18n). */
export type Words = Pick<I18n, "lang" | "num" | "pct">;

/** A phrase ending in a full stop (once). */
export const withStop = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

/** A value with the decimals its size calls for. */
export const fmtValue = (i: Words, v: number) => i.num(v, Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : Math.abs(v) >= 1 ? 1 : 2);

/** "per 100 000 inv." or the indicator's own unit. */
export function unitOf(view: IndicatorView, lang: "sv" | "en", long = false): string {
  if (view.per100k) return lang === "sv" ? (long ? "per 100 000 invånare" : "per 100 000 inv.") : long ? "per 100,000 inhabitants" : "per 100,000 inh.";
  return view.indicator.unit;
}

/** How a comparison place reads inside a sentence ("riket", "Kalmar län"). */
function placeInSentence(name: string, lang: "sv" | "en"): string {
  if (lang === "sv" && /^(riket|länet|sverige – riket)$/i.test(name)) return name.toLowerCase();
  if (lang === "en" && /^riket$/i.test(name)) return "the country";
  return name;
}

/** The chart's message in words: the latest value, the comparisons and the trend. */
export function captionOf(view: IndicatorView, i: Words): string {
  const sv = i.lang === "sv";
  const home = view.series.find((s) => s.role === "municipality");
  const last = home?.points.at(-1);
  if (!home || !last) {
    const names = view.series.map((s) => s.name).join(", ");
    return view.series.length === 0 ? (sv ? "Inga värden ännu." : "No values yet.") : sv ? `Inga värden för kommunen som helhet; värden finns för ${names}.` : `No values for the municipality as a whole; values exist for ${names}.`;
  }
  const unit = unitOf(view, i.lang);
  const parts = view.comparisons.map((c) => {
    const rel = c.difference < 0 ? (sv ? "lägre än" : "lower than") : c.difference > 0 ? (sv ? "högre än" : "higher than") : sv ? "samma som" : "the same as";
    return `${rel} ${placeInSentence(c.name, i.lang)} (${fmtValue(i, c.other)}${c.year === last.year ? "" : ` ${c.year}`})`;
  });
  const and = sv ? " och " : " and ";
  const list = parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")}${and}${parts.at(-1)}`;
  let text = `${home.name}: ${fmtValue(i, last.value)} ${unit} ${last.year}${list ? `, ${list}` : ""}.`;
  const tr = view.trend;
  if (tr) {
    const change = tr.relative === null ? `${tr.change > 0 ? "+" : ""}${fmtValue(i, tr.change)}` : `${tr.relative > 0 ? "+" : tr.relative < 0 ? "−" : "±"}${i.pct(Math.abs(tr.relative))}`;
    const how =
      tr.direction === "better"
        ? sv
          ? "bättre"
          : "better"
        : tr.direction === "worse"
          ? sv
            ? "sämre"
            : "worse"
          : sv
            ? "i stort sett oförändrat"
            : "about unchanged";
    const better = view.indicator.higherIsBetter ? (sv ? "högre är bättre" : "higher is better") : sv ? "lägre är bättre" : "lower is better";
    text += sv ? ` Från ${tr.fromYear} till ${tr.toYear}: ${how} (${change}; ${better}).` : ` From ${tr.fromYear} to ${tr.toYear}: ${how} (${change}; ${better}).`;
  }
  return text;
}

/** "2019–2023", "2021, 2023" as years; null when it is not. */
export function parseYears(text: string): number[] | null {
  const out: number[] = [];
  for (const part of text.split(/[,;\s]+/).filter(Boolean)) {
    const m = /^(\d{4})(?:[-–](\d{4}))?$/.exec(part);
    if (!m) return null;
    const a = Number(m[1]);
    const b = m[2] ? Number(m[2]) : a;
    if (b < a || b - a > 50) return null;
    for (let y = a; y <= b; y++) out.push(y);
  }
  return out.length ? out : null;
}

/** "Kalmar kommun (0880) jämförs med Kalmar län (0008), Riket (0000) och Växjö (0780)." */
export function placesSummary(p: Places, sv: boolean): string {
  const named = (x: { code: string; name: string }) => `${x.name || x.code} (${x.code})`;
  const others = [p.county, p.country, ...p.peers].filter((x): x is { code: string; name: string } => x !== null && x.code.trim() !== "").map(named);
  const and = sv ? " och " : " and ";
  const list = others.length <= 1 ? (others[0] ?? "") : `${others.slice(0, -1).join(", ")}${and}${others.at(-1)}`;
  if (!list) return sv ? `${named(p.municipality)} jämförs inte med någon annan plats ännu.` : `${named(p.municipality)} is not compared with any other place yet.`;
  return sv ? `${named(p.municipality)} jämförs med ${list}.` : `${named(p.municipality)} is compared with ${list}.`;
}
