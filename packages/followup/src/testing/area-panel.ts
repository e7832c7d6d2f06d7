/**
 * A municipality's own CSV of an indicator by area and year, for tests of observed effects:
 * five areas with common ups and downs and a little deterministic noise, one area (Norr) a fifth
 * lower from `start` on. Eight years from `from`.
 */
export function areaPanelCsv(o: { from: number; start: number }): string {
  const areas = { Norr: 100, Syd: 80, Öst: 120, Väst: 95, Centrum: 110 };
  const wiggle = [0, 4, -3, 6, 2, -1, 5, 3];
  const rows = ["Indikator;Område;År;Värde"];
  for (const [area, level] of Object.entries(areas))
    wiggle.forEach((w, i) => {
      const year = o.from + i;
      const noise = ((area.length * 7 + i * 13) % 5) - 2;
      const value = (level + w * (level / 100) + noise) * (area === "Norr" && year >= o.start ? 0.8 : 1);
      rows.push(`Unga misstänkta för brott;${area};${year};${value.toFixed(1).replace(".", ",")}`);
    });
  return `${rows.join("\n")}\n`;
}
