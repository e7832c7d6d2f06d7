#!/usr/bin/env node
/**
 * `npm run bench`: times `sikt run --format json` as whole processes against two NumPy
 * implementations of the model on the same files, and checks that they agree (the deterministic
 * result to 1e-9 relative, Monte Carlo to statistical tolerance) and that Sikt's output is
 * byte-identical with one thread and with the default.
 *
 * - The shared peer, `../shared/bench/numpy_peer.py` (beside the repository; `--shared DIR` or
 *   SIKT_SHARED_DIR elsewhere), on its benchmark case `gen_portfolio.py 23 30 12 40 N` (a file
 *   per N, the iterations in the file): N = 10,000 and 100,000, and Sikt's start-up (N = 0).
 * - The repository's own peer, bench/peer/numpy_peer.py, on bench/generate.mjs's scenario.
 *
 * Best of three (`--reps`) for every timing, but the repository's peer at 100,000 iterations runs
 * once (it takes about a minute). Sikt and the peer run in turns, so that drift treats them alike.
 *
 *   npm run bench                  # everything (a few minutes)
 *   npm run bench -- --quick       # 10,000 iterations, one repetition
 *   npm run bench -- --only shared # only the shared peer (or: own)
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { generateScenario } from "./generate.mjs";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean" },
    seed: { type: "string", default: "7" },
    reps: { type: "string" },
    shared: { type: "string" },
    only: { type: "string" },
  },
});
const root = new URL("..", import.meta.url).pathname;
const outDir = join(root, "bench/out");
mkdirSync(outDir, { recursive: true });
const sizes = values.quick ? [10_000] : [10_000, 100_000];
const reps = Number(values.reps ?? (values.quick ? 1 : 3));
const sharedDir = resolve(root, values.shared ?? process.env.SIKT_SHARED_DIR ?? "../shared", "bench");
const hasShared = existsSync(join(sharedDir, "numpy_peer.py"));

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

/** The fastest of n runs (n ≥ 1). */
function best(cmd, args, n, env = {}) {
  const runs = Array.from({ length: n }, () => timed(cmd, args, env));
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

/** The standard normal quantiles of the percentiles compared. */
const Z = { 0.05: -1.6448536269514722, 0.5: 0, 0.95: 1.6448536269514722 };

/**
 * The standard error of the p-quantile q of n draws: √(p(1 − p)/n) / f(q), the density f taken
 * from the histogram's bin around q where it holds enough draws, else from a normal distribution
 * of standard deviation sd.
 */
function quantileSe(p, q, n, sd, histogram = []) {
  const bin = histogram.find((h) => q >= h.from && q <= h.to);
  const z = Z[p];
  const normal = Math.exp(-0.5 * z * z) / (Math.sqrt(2 * Math.PI) * sd);
  const density = bin && bin.count >= 20 ? bin.count / n / (bin.to - bin.from) : normal;
  return Math.sqrt((p * (1 - p)) / n) / density;
}

/**
 * Monte Carlo agreement between the peer (a) and Sikt (b), two independent samples of the same
 * model: the mean within 4 combined standard errors; the percentiles within 5 combined standard
 * errors of a sample quantile (`quantileSe`, Sikt's NPV histogram for the density; each year's
 * median from a normal fitted to its 5–95 % band); the sd within 5 % and the probability of a
 * positive NPV within 4 standard errors.
 */
function mcProblems(a, b) {
  const out = [];
  const n = a.iterations;
  const se = Math.sqrt((a.npv.sd ** 2 + b.npv.sd ** 2) / n);
  if (Math.abs(a.npv.mean - b.npv.mean) > 4 * se) out.push(`npv.mean ${a.npv.mean} vs ${b.npv.mean} (4 SE = ${4 * se})`);
  for (const [k, p] of [["p05", 0.05], ["p50", 0.5], ["p95", 0.95]]) {
    const tol = 5 * Math.SQRT2 * quantileSe(p, b.npv[k], n, b.npv.sd, b.npvHistogram);
    if (Math.abs(a.npv[k] - b.npv[k]) > tol) out.push(`npv.${k} ${a.npv[k]} vs ${b.npv[k]} (5 SE = ${tol})`);
  }
  if (Math.abs(a.npv.sd - b.npv.sd) > 0.05 * a.npv.sd) out.push(`npv.sd ${a.npv.sd} vs ${b.npv.sd}`);
  const p = a.probabilityNpvPositive;
  if (Math.abs(p - b.probabilityNpvPositive) > 4 * Math.sqrt((2 * Math.max(p * (1 - p), 1 / n)) / n))
    out.push(`probabilityNpvPositive ${p} vs ${b.probabilityNpvPositive}`);
  a.years.forEach((y, t) => {
    const z = b.years[t];
    if (!z) return out.push(`years[${t}] missing`);
    const band = z.cumulativeDiscountedNet;
    const sd = (band.p95 - band.p05) / (Z[0.95] - Z[0.05]);
    const tol = 5 * Math.SQRT2 * quantileSe(0.5, band.p50, n, sd) + 1e-6;
    if (Math.abs(y.cumulativeDiscountedNet.p50 - band.p50) > tol)
      out.push(`years[${t}].p50 ${y.cumulativeDiscountedNet.p50} vs ${band.p50} (5 SE = ${tol})`);
  });
  return out;
}

const sikt = (file, extra = []) => ["packages/cli/bin/sikt.cjs", "run", file, "--format", "json", ...extra];
const rows = [];
let failed = false;
const loadBefore = loadavg()[0];

/** Times Sikt and a peer on one file, checks agreement, and adds a row. */
function compare(label, file, n, siktArgs, peerCmd, peerReps = reps) {
  // Taken in turns (Sikt, the peer, Sikt on one thread), so that a machine whose speed drifts
  // treats them alike.
  const runs = { s: [], p: [], single: [] };
  for (let r = 0; r < reps; r++) {
    runs.s.push(timed(process.execPath, siktArgs));
    if (r < peerReps) runs.p.push(timed("python3", peerCmd));
    runs.single.push(timed(process.execPath, siktArgs, { SIKT_THREADS: "1" }));
  }
  const fastest = (list) => list.reduce((x, y) => (y.seconds < x.seconds ? y : x));
  const s = fastest(runs.s);
  const p = fastest(runs.p);
  const single = fastest(runs.single);
  const a = JSON.parse(s.stdout);
  const b = JSON.parse(p.stdout);
  const det = differences(b.deterministic, a.deterministic);
  const mc = mcProblems(b.monteCarlo, a.monteCarlo);
  const sameAcrossThreads = single.stdout === s.stdout;
  const ok = det.length === 0 && mc.length === 0 && sameAcrossThreads;
  failed ||= !ok;
  for (const d of [...det.slice(0, 5), ...mc.slice(0, 5)]) console.error(`  ${label}, ${n}: disagreement: ${d}`);
  if (!sameAcrossThreads) console.error(`  ${label}, ${n}: output differs between 1 thread and the default`);
  rows.push({
    case: label,
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

// The shared peer on its benchmark case.
let startup;
if (values.only !== undefined && values.only !== "shared" && values.only !== "own") throw new Error("--only shared or --only own");
const runShared = values.only !== "own";
const runOwn = values.only !== "shared";
if (hasShared && runShared) {
  const gen = (n) => {
    const file = join(outDir, `portfolio-23-30-12-40-${n}.json`);
    const r = spawnSync("python3", [join(sharedDir, "gen_portfolio.py"), "23", "30", "12", "40", String(n)], {
      encoding: "utf8",
      maxBuffer: 1 << 30,
    });
    if (r.status !== 0) throw new Error(`gen_portfolio.py failed:\n${r.stderr}`);
    writeFileSync(file, r.stdout);
    return file;
  };
  const zero = gen(0);
  startup = best(process.execPath, sikt(zero), reps);
  for (const n of sizes) {
    const file = gen(n);
    compare("shared peer", file, n, sikt(file), [join(sharedDir, "numpy_peer.py"), file]);
  }
} else if (runShared) console.error(`The shared peer is not at ${sharedDir}; pass --shared DIR. Only the repository's peer runs.`);

// The repository's own peer.
const own = join(outDir, `scenario-${values.seed}.json`);
writeFileSync(own, JSON.stringify(generateScenario(Number(values.seed))));
if (runOwn)
  for (const n of sizes)
    compare("own peer", own, n, sikt(own, ["--iterations", String(n)]), ["bench/peer/numpy_peer.py", own, "--iterations", String(n)], n >= 100_000 ? 1 : reps);

const describe = (file, what) => {
  const sc = JSON.parse(readFileSync(file, "utf8"));
  return `${what}: ${sc.interventions.length} interventions, ${sc.outcomes.length} outcomes, ${sc.payers.length} payers, ${sc.horizonYears} years`;
};
console.log(`${availableParallelism()} cores; Node ${process.version}; best of ${reps}, whole processes (own peer at 100,000: one run)`);
console.log(`Load average (1 min) before and after: ${loadBefore.toFixed(1)}, ${loadavg()[0].toFixed(1)} (other processes share the cores)`);
if (hasShared && runShared) console.log(describe(join(outDir, "portfolio-23-30-12-40-0.json"), "shared peer: gen_portfolio.py 23 30 12 40 N"));
if (runOwn) console.log(describe(own, `own peer: bench/generate.mjs, seed ${values.seed}`));
if (startup) console.log(`Start-up: sikt run --format json at 0 iterations (shared case): ${startup.seconds.toFixed(2)} s, ${startup.rssMiB.toFixed(0)} MiB`);
console.log("| peer | iterations | sikt (s) | sikt, 1 thread (s) | NumPy peer (s) | peer / sikt | sikt peak RSS (MiB) | peer peak RSS (MiB) | agreement |");
console.log("|:--|---:|---:|---:|---:|---:|---:|---:|:--|");
for (const r of rows)
  console.log(
    `| ${r.case} | ${r.iterations.toLocaleString("en")} | ${r.siktSeconds.toFixed(2)} | ${r.siktOneThreadSeconds.toFixed(2)} | ` +
      `${r.peerSeconds.toFixed(2)} | ${r.ratio.toFixed(1)}× | ${r.siktRssMiB.toFixed(0)} | ${r.peerRssMiB.toFixed(0)} | ${r.agreement} |`,
  );
writeFileSync(
  join(outDir, "results.json"),
  `${JSON.stringify({ startupSeconds: startup?.seconds ?? null, reps, rows }, null, 2)}\n`,
);
process.exitCode = failed ? 1 : 0;
