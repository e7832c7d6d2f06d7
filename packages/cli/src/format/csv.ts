/**
 * Yearly flows per payer as CSV for Swedish Excel: semicolons, decimal comma, UTF-8 with a
 * byte-order mark, CRLF line ends, plain numbers without thousands separators.
 * @module
 */
import type { Scenario, ScenarioResult } from "@sikt/engine";

const cell = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
/** A number with two decimals and a decimal comma, e.g. `-1234567,89`. */
export const csvNumber = (n: number) => (Object.is(n, -0) ? 0 : n).toFixed(2).replace(".", ",");

export function formatCsv(s: Scenario, r: ScenarioResult): string {
  const rows: string[][] = [
    ["År", "Kostnadsbärare", "Namn", "Grupp", "Kostnader", "Besparingar", "Netto", "Diskonteringsfaktor", "Diskonterat netto"],
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
      ]);
    }
  });
  return `\uFEFF${rows.map((r) => r.map(cell).join(";")).join("\r\n")}\r\n`;
}
