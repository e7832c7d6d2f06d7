/**
 * Yearly flows per payer as CSV for Swedish Excel: semicolons, decimal comma, UTF-8 with a
 * byte-order mark, CRLF line ends, plain numbers without thousands separators. The last three
 * columns say (1 or 0) whether the payer counts in each perspective of model version 2.
 * @module
 */
import { perspectiveKeys, perspectives, type Scenario, type ScenarioResult } from "@sikt/engine";

const cell = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
/** A number with two decimals and a decimal comma, e.g. `-1234567,89`. */
export const csvNumber = (n: number) => (Object.is(n, -0) ? 0 : n).toFixed(2).replace(".", ",");

const perspectiveColumns = {
  offentligSektor: "Offentlig sektor",
  samhallsekonomiskt: "Samhällsekonomiskt",
  medLivskvalitet: "Med livskvalitet",
};

export function formatCsv(s: Scenario, r: ScenarioResult): string {
  const rows: string[][] = [
    ["År", "Kostnadsbärare", "Namn", "Grupp", "Kostnader", "Besparingar", "Netto", "Diskonteringsfaktor", "Diskonterat netto", ...perspectiveKeys.map((k) => perspectiveColumns[k])],
  ];
  const rate = s.discountRate;
  r.deterministic.years.forEach((y, t) => {
    const df = (1 + rate) ** -t;
    for (const p of s.payers) {
      const f = y.byPayer[p.id] ?? { costs: 0, savings: 0 };
      const net = f.savings - f.costs;
      rows.push([
        String(y.year),
        p.id,
        p.name,
        p.group,
        csvNumber(f.costs),
        csvNumber(f.savings),
        csvNumber(net),
        df.toFixed(6).replace(".", ","),
        csvNumber(net * df),
        // 1 when the payer counts in the perspective (spec §8.2), so that SUMIF gives each one.
        ...perspectiveKeys.map((k) => ((perspectives[k] as readonly string[]).includes(p.group) ? "1" : "0")),
      ]);
    }
  });
  return `\uFEFF${rows.map((r) => r.map(cell).join(";")).join("\r\n")}\r\n`;
}
