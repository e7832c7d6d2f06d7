// `npm run demo`: the Kalmar demo's two packages and the whole, each run with the `sikt` CLI
// (each result shows the three perspectives). Stops at the first file that fails.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../packages/cli/bin/sikt.js", import.meta.url));
const files = ["kalmar-riktade.yaml", "kalmar-universella.yaml", "kalmar.yaml"];
for (const f of files) {
  const path = fileURLToPath(new URL(f, import.meta.url));
  console.log(`\n=== examples/${f} ===\n`);
  const r = spawnSync(process.execPath, [cli, "run", path, ...process.argv.slice(2)], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
