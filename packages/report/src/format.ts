/**
 * Numbers, money, shares and dates as Swedish (sv-SE) or English readers expect them, and labels
 * cut into lines. Pure, so charts (the web app's and the report's), tables and tests share them.
 * @module
 */
export type Lang = "sv" | "en";

const locale = (lang: Lang) => (lang === "sv" ? "sv-SE" : "en-GB");

/** A plain number with `digits` decimals: 1 234,5 (sv) or 1,234.5 (en). */
export function formatNumber(n: number, lang: Lang, digits = 0): string {
  const f = new Intl.NumberFormat(locale(lang), { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const text = f.format(n);
  // A value that rounds to zero is zero: never "−0,0".
  return /[1-9]/.test(text) ? text : f.format(0);
}

/**
 * An amount in SEK, scaled to what a committee reads: "−130,3 mnkr", "850 tkr", "1 200 kr"
 * (sv) or "SEK −130.3 m", "SEK 850 k" (en).
 */
export function formatSek(n: number, lang: Lang): string {
  const abs = Math.abs(n);
  const [value, unitSv, unitEn, digits] =
    abs >= 1e9 ? [n / 1e9, "mdkr", "bn", 2] : abs >= 1e6 ? [n / 1e6, "mnkr", "m", 1] : abs >= 1e4 ? [n / 1e3, "tkr", "k", 0] : [n, "kr", "", 0];
  const num = formatNumber(value as number, lang, digits as number);
  return lang === "sv" ? `${num} ${unitSv}` : `SEK ${num}${unitEn ? ` ${unitEn}` : ""}`;
}

/** Millions of SEK with one decimal, for axes and tables whose header says the unit. */
export const formatMsek = (n: number, lang: Lang) => formatNumber(n / 1e6, lang, 1);

/** A share (0.25) as a percentage: "25 %" (sv) or "25%" (en). */
export function formatPercent(share: number, lang: Lang, digits = 0): string {
  const num = formatNumber(share * 100, lang, digits);
  return lang === "sv" ? `${num} %` : `${num}%`;
}

/** A ratio such as the benefit–cost ratio: "0,32" or "0.32". */
export const formatRatio = (r: number, lang: Lang) => formatNumber(r, lang, 2);

/** An ISO date or timestamp as a date: "23 nov. 2026" (sv) or "23 Nov 2026" (en). */
export function formatDate(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), { day: "numeric", month: "short", year: "numeric" }).format(new Date(iso));
}

export function formatDateTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

/** A label cut into lines of at most `width` characters, at spaces (a longer word keeps a line of its own). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && `${line} ${word}`.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
}
