/** File names for reports and exports, from what the user named a thing: safe on every system. @module */

const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * A file name stem from a name and, where it has one, a version: "Kalmar – förebyggande program"
 * v3 → "Kalmar-forebyggande-program-v3". ASCII letters, digits and hyphens only (å, ä, ö and other
 * accented letters lose their marks), at most 80 characters, never a name Windows reserves; an
 * empty name gives `fallback`.
 */
export function fileStem(name: string, version?: number | null, fallback = "rapport"): string {
  const ascii = String(name ?? "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[æÆ]/g, (c) => (c === "æ" ? "ae" : "AE"))
    .replace(/[øØ]/g, (c) => (c === "ø" ? "o" : "O"))
    .replace(/ß/g, "ss");
  let stem = ascii
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
  if (!stem || RESERVED.test(stem)) stem = stem ? `${stem}-${fallback}` : fallback;
  return version === undefined || version === null ? stem : `${stem}-v${Math.trunc(version)}`;
}
