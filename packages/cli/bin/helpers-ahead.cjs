"use strict";
/**
 * Monte Carlo worker threads started before their job is known: `sikt run` starts one before it
 * loads its own code and reads the scenario, so that the thread's start-up (an isolate and the
 * engine, a few tens of milliseconds) is done by the time the blocks are handed out
 * (src/parallel.ts gives it its job, or lets it go: src/helper.ts).
 */
const { availableParallelism } = require("node:os");
const { Worker } = require("node:worker_threads");

/**
 * Starts a worker that waits for its job; it does not keep the process alive while it waits.
 * @param {string | URL} file the worker's module (mc-worker.js, bundled or not)
 * @returns {{ worker: Worker }}
 */
function startHelper(file) {
  const worker = new Worker(file);
  worker.unref();
  // Until it has a job, a helper that fails to start is only a helper not used.
  worker.on("error", () => {});
  return { worker };
}

/**
 * The helper worth starting ahead for these command-line arguments: one for `sikt run` when more
 * than one thread may be used (SIKT_THREADS, else the cores), none otherwise, and none for
 * `--iterations 0`. (A file without Monte Carlo lets it go unused: measured on 2 cores, starting
 * it before the code loads gains about 35 ms at 100,000 iterations over starting it once the file
 * is parsed, and costs about 15 ms at 0 iterations.)
 * @param {readonly string[]} argv
 * @param {string | URL} file the worker's module
 */
function helpersAhead(argv, file) {
  if (argv[0] !== "run") return [];
  const at = argv.lastIndexOf("--iterations");
  const flag = argv.findLast((a) => a.startsWith("--iterations=")) ?? (at >= 0 ? `--iterations=${argv[at + 1]}` : undefined);
  if (flag !== undefined && Number(flag.slice("--iterations=".length)) === 0) return [];
  const env = Number(process.env.SIKT_THREADS);
  const threads = Number.isInteger(env) && env > 0 ? env : availableParallelism();
  return threads > 1 ? [startHelper(file)] : [];
}

module.exports = { helpersAhead, startHelper };
