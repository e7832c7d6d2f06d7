#!/usr/bin/env node
/**
 * `npm run bench`: times `sikt run --format json` against the NumPy peer (bench/peer) as whole
 * processes on the same generated scenario, at 10,000 and 100,000 iterations, and checks that
 * they agree: the deterministic result to 1e-9 (relative), Monte Carlo to statistical tolerance.
 * Also checks that Sikt's output is byte-identical with one thread and with the default.
 *
 *   npm run bench              # full run (a few minutes; the peer needs about a minute at 100,000)
 *   npm run bench -- --quick   # 10,000 iterations, one repetition
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { generateScenario } from "./generate.mjs";

const { values } = parseArgs({ options: { quick: { type: "boolean" }, seed: { type: "string", default: "7" } } });
const root = new URL("..", import.meta.url).pathname;
const outDir = join(root, "bench/out");
mkdirSync(outDir, { recursive: true });
const file = join(outDir, `scenario-${values.seed}.json`);
writeFileSync(file, JSON.stringify(generateScenario(Number(values.seed))));
const sizes = values.quick ? [10_000] : [10_000, 100_000];
const reps = values.quick ? 1 : 3;

/** Runs a command, returning wall seconds, peak RSS (MiB, from GNU time) and stdout. */
function timed(cmd, args, env = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync("/usr/bin/time", ["-f", "%M", cmd, ...args], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 1 << 30,
    env: { ...process.env, ...env },
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr}`);
  const rssKb = Number(r.stderr.trim().split("\n").at(-1));
  return { seconds, rssMiB: rssKb / 1024, stdout: r.stdout };
}

function best(cmd, args, n) {
  const runs = Array.from({ length: n }, () => timed(cmd, args));
  return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

/** Paths where two deterministic results differ by more than 1e-9 relative. */
function differences(a, b, path = "", out = []) {
  if (typeof a === "number" && typeof b === "number") {
    if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))) out.push(`${path}: ${a} vs ${b}`);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${path}: length ${a.length} vs ${b.length}`);
    a.forEach((x, i) => differences(x, b[i], `${path}[${i}]`, out));
  } else if (a && b && typeof a === "object" && typeof b === "object") {
    for (const k of Object.keys(a)) differences(a[k], b[k], path ? `${path}.${k}` : k, out);
  } else if (a !== b) out.push(`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  return out;
}

/** Monte Carlo agreement: means within 4 combined standard errors, percentiles within 0.1 sd. */
function mcProblems(a, b) {
  const out = [];
  const n = a.iterations;
  const se = Math.sqrt((a.npv.sd ** 2 + b.npv.sd ** 2) / n);
  if (Math.abs(a.npv.mean - b.npv.mean) > 4 * se) out.push(`npv.mean ${a.npv.mean} vs ${b.npv.mean} (4 SE = ${4 * se})`);
  for (const k of ["p05", "p50", "p95"])
    if (Math.abs(a.npv[k] - b.npv[k]) > 0.1 * a.npv.sd) out.push(`npv.${k} ${a.npv[k]} vs ${b.npv[k]}`);
  if (Math.abs(a.npv.sd - b.npv.sd) > 0.05 * a.npv.sd) out.push(`npv.sd ${a.npv.sd} vs ${b.npv.sd}`);
  const p = a.probabilityNpvPositive;
  if (Math.abs(p - b.probabilityNpvPositive) > 4 * Math.sqrt((2 * Math.max(p * (1 - p), 1 / n)) / n))
    out.push(`probabilityNpvPositive ${p} vs ${b.probabilityNpvPositive}`);
  a.years.forEach((y, t) => {
    const z = b.years[t];
    if (!z) return out.push(`years[${t}] missing`);
    const tol = 0.1 * a.npv.sd + 1e-6;
    if (Math.abs(y.cumulativeDiscountedNet.p50 - z.cumulativeDiscountedNet.p50) > tol)
      out.push(`years[${t}].p50 ${y.cumulativeDiscountedNet.p50} vs ${z.cumulativeDiscountedNet.p50}`);
  });
  return out;
}

const sikt = ["packages/cli/bin/sikt.js", "run", file, "--format", "json", "--iterations"];
const peer = ["bench/peer/numpy_peer.py", file, "--iterations"];
const rows = [];
let failed = false;
for (const n of sizes) {
  const s = best(process.execPath, [...sikt, String(n)], reps);
  const p = best("python3", [...peer, String(n)], n >= 100_000 ? 1 : reps);
  const a = JSON.parse(s.stdout);
  const b = JSON.parse(p.stdout);
  const det = differences(b.deterministic, a.deterministic);
  const mc = mcProblems(b.monteCarlo, a.monteCarlo);
  const single = timed(process.execPath, [...sikt, String(n)], { SIKT_THREADS: "1" });
  const sameAcrossThreads = single.stdout === s.stdout;
  const ok = det.length === 0 && mc.length === 0 && sameAcrossThreads;
  failed ||= !ok;
  for (const d of [...det.slice(0, 5), ...mc.slice(0, 5)]) console.error(`  disagreement: ${d}`);
  if (!sameAcrossThreads) console.error("  output differs between 1 thread and the default");
  rows.push({
    iterations: n,
    siktSeconds: s.seconds,
    siktOneThreadSeconds: single.seconds,
    peerSeconds: p.seconds,
    ratio: p.seconds / s.seconds,
    siktRssMiB: s.rssMiB,
    peerRssMiB: p.rssMiB,
    agreement: ok ? "OK" : "FAIL",
  });
}

const scenario = JSON.parse(readFileSync(file, "utf8"));
console.log(
  `Scenario: ${scenario.interventions.length} interventions, ${scenario.outcomes.length} outcomes, ` +
    `${scenario.payers.length} payers, ${scenario.horizonYears} years; ${availableParallelism()} cores; ` +
    `best of ${reps} (peer at 100,000: one run)`,
);
console.log("| iterations | sikt (s) | sikt, 1 thread (s) | NumPy peer (s) | peer / sikt | sikt peak RSS (MiB) | peer peak RSS (MiB) | agreement |");
console.log("|---:|---:|---:|---:|---:|---:|---:|:--|");
for (const r of rows)
  console.log(
    `| ${r.iterations.toLocaleString("en")} | ${r.siktSeconds.toFixed(2)} | ${r.siktOneThreadSeconds.toFixed(2)} | ` +
      `${r.peerSeconds.toFixed(2)} | ${r.ratio.toFixed(1)}× | ${r.siktRssMiB.toFixed(0)} | ${r.peerRssMiB.toFixed(0)} | ${r.agreement} |`,
  );
writeFileSync(join(outDir, "results.json"), `${JSON.stringify({ scenario: file, rows }, null, 2)}\n`);
process.exitCode = failed ? 1 : 0;
