/**
 * Reading and showing numbers in input fields the way a Swedish (or English) reader writes them.
 * @module
 */

export type ParsedNumber = { ok: true; value: number } | { ok: false; reason: "empty" | "not-a-number" | "below" | "above"; limit?: number };

/**
 * "−0,9", "-0.9", "16 909", "16 909,4" (with a space, a no-break space or a thin space between
 * thousands), "1 234.5", "+3" as numbers. In Swedish a comma is the decimal sign; a point is
 * taken as one too (a value pasted from English), but never both in one number.
 */
export function parseNumber(text: string, min?: number, max?: number): ParsedNumber {
  const t = text
    .trim()
    .replace(/[\s\u00a0\u202f\u2009]/g, "")
    .replace(/^[\u2212\u2013]/, "-");
  if (t === "") return { ok: false, reason: "empty" };
  if (!/^[-+]?(\d+([.,]\d*)?|[.,]\d+)$/.test(t)) return { ok: false, reason: "not-a-number" };
  const value = Number(t.replace(",", "."));
  if (!Number.isFinite(value)) return { ok: false, reason: "not-a-number" };
  if (min !== undefined && value < min) return { ok: false, reason: "below", limit: min };
  if (max !== undefined && value > max) return { ok: false, reason: "above", limit: max };
  return { ok: true, value: Object.is(value, -0) ? 0 : value };
}

/**
 * A number as an input shows it: rounded to what a reader can take in (no 16909,406415), with
 * thousands grouped, the reader's decimal sign and a true minus, never "−0". At least 2
 * significant digits are kept for small numbers (0,064), and at most `decimals` decimals.
 */
export function showNumber(v: number, lang: "sv" | "en", decimals?: number): string {
  if (!Number.isFinite(v)) return "";
  const a = Math.abs(v);
  const digits = decimals ?? (a >= 1000 ? 0 : a >= 100 ? 1 : a >= 1 ? 2 : a === 0 ? 0 : Math.min(6, Math.max(3, 2 - Math.floor(Math.log10(a)))));
  const text = new Intl.NumberFormat(lang === "sv" ? "sv-SE" : "en-GB", { maximumFractionDigits: digits, useGrouping: "min2" } as Intl.NumberFormatOptions).format(v);
  // Swedish grouping is a no-break space; "-0" after rounding becomes "0".
  return /^[-\u2212]0([.,]0*)?$/.test(text) ? "0" : text.replace(/^-/, "\u2212");
}

/** Why a number was refused, in words. */
export function numberProblem(p: Exclude<ParsedNumber, { ok: true }>, lang: "sv" | "en"): string {
  const sv = lang === "sv";
  const limit = p.limit === undefined ? "" : showNumber(p.limit, lang);
  switch (p.reason) {
    case "empty":
      return sv ? "Skriv ett tal." : "Enter a number.";
    case "not-a-number":
      return sv ? "Skriv ett tal, t.ex. 12,5 eller −0,9 (mellanslag mellan tusental går bra)." : "Enter a number, e.g. 12.5 or −0.9.";
    case "below":
      return sv ? `Talet får inte vara mindre än ${limit}.` : `The number may not be less than ${limit}.`;
    case "above":
      return sv ? `Talet får inte vara större än ${limit}.` : `The number may not be greater than ${limit}.`;
  }
}
