/** Swedish number formatting for people (sv-SE: space as thousands separator, decimal comma). */

const kr0 = new Intl.NumberFormat("sv-SE", { maximumFractionDigits: 0 });
const dec1 = new Intl.NumberFormat("sv-SE", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const dec2 = new Intl.NumberFormat("sv-SE", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const pct1 = new Intl.NumberFormat("sv-SE", { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
const pct0 = new Intl.NumberFormat("sv-SE", { style: "percent", maximumFractionDigits: 0 });

/** An amount in whole kronor: `−1 234 568 kr`. */
export const kr = (n: number) => `${kr0.format(n)} kr`;
/** A plain whole number: `1 234 568`. */
export const whole = (n: number) => kr0.format(n);
export const oneDecimal = (n: number) => dec1.format(n);
export const twoDecimals = (n: number) => dec2.format(n);
export const percent = (n: number) => pct1.format(n);
export const percentWhole = (n: number) => pct0.format(n);
/** A value that may be missing: the formatted value or an en dash. */
export const orDash = <T>(v: T | null | undefined, f: (v: T) => string) =>
  v === null || v === undefined ? "–" : f(v);

/** The same formats for a language: Swedish as above, English with en-GB separators (`−1,234,568 kr`, `3.5 %`). */
export function numbersFor(lang: "sv" | "en") {
  if (lang === "sv") return { kr, whole, oneDecimal, twoDecimals, percent, percentWhole };
  const n0 = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });
  const n1 = new Intl.NumberFormat("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const n2 = new Intl.NumberFormat("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  // The minus sign as in Swedish output (U+2212), and a space before the per cent sign.
  const minus = (s: string) => s.replace(/^-/, "−");
  return {
    kr: (v: number) => `${minus(n0.format(v))} kr`,
    whole: (v: number) => minus(n0.format(v)),
    oneDecimal: (v: number) => minus(n1.format(v)),
    twoDecimals: (v: number) => minus(n2.format(v)),
    percent: (v: number) => `${minus(n1.format(v * 100))} %`,
    percentWhole: (v: number) => `${minus(n0.format(v * 100))} %`,
  };
}
