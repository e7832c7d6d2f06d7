// `npm run demo`: the Kalmar demo's two packages and the whole, each run with the `sikt` CLI,
// then the packages side by side in the three perspectives (deterministic present values).
// Extra arguments go to every `sikt run` (for example `--iterations 1000`). Stops at the first
// file that fails.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../packages/cli/bin/sikt.cjs", import.meta.url));
const files = [
  ["kalmar-riktade.yaml", "Riktade insatser (individ, grupp)"],
  ["kalmar-universella.yaml", "Universella och strukturella (samhälle)"],
  ["kalmar.yaml", "Helheten"],
];
const sikt = (args, opts) => spawnSync(process.execPath, [cli, ...args], opts);

for (const [f] of files) {
  console.log(`\n=== examples/${f} ===\n`);
  const r = sikt(["run", fileURLToPath(new URL(f, import.meta.url)), ...process.argv.slice(2)], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const perspectives = [
  ["offentligSektor", "Offentlig sektor"],
  ["samhallsekonomiskt", "Samhällsekonomiskt"],
  ["medLivskvalitet", "Med livskvalitet"],
];
const mnkr = (x) => `${(x / 1e6).toLocaleString("sv-SE", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} mnkr`;
const ratio = (x) => (x === null ? "–" : x.toLocaleString("sv-SE", { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const rows = [["Paket", "Perspektiv", "Kostnader", "Besparingar", "Nettonuvärde", "BCR"]];
for (const [f, label] of files) {
  const r = sikt(["run", fileURLToPath(new URL(f, import.meta.url)), "--format", "json", "--iterations", "0"], { maxBuffer: 1 << 28 });
  if (r.status !== 0) process.exit(r.status ?? 1);
  const by = JSON.parse(r.stdout.toString()).deterministic.byPerspective;
  for (const [key, name] of perspectives) {
    const p = by[key];
    rows.push([key === "offentligSektor" ? label : "", name, mnkr(p.pvCosts), mnkr(p.pvSavings), mnkr(p.npv), ratio(p.bcr)]);
  }
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
const line = (r) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
console.log("\n=== PAKETEN SIDA VID SIDA (nuvärden i 2023 års priser) ===\n");
console.log(line(rows[0]));
console.log(widths.map((w) => "─".repeat(w)).join("  "));
for (const r of rows.slice(1)) console.log(line(r));
console.log(
  "\nOffentlig sektor: kommun, region och stat. Samhällsekonomiskt: dessutom produktionsbortfall och individen (överföringar tar ut varandra). Med livskvalitet: dessutom QALY och brottsoffrens lidande, värderade i kronor.",
);
