/**
 * Monte Carlo worker threads started before their job is known: `sikt run` starts one while it
 * is still loading its modules and reading the scenario, so that the thread's own start-up (an
 * isolate and the engine, a few tens of milliseconds) is done by the time the blocks are handed
 * out (parallel.ts). Small on purpose: it loads nothing but Node's worker threads.
 * @module
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

/** A worker thread waiting for its job (mc-worker.ts). */
export interface Helper {
  readonly worker: Worker;
}

/**
 * Starts a worker that waits for its job; it does not keep the process alive while it waits.
 * @param url the worker's module (mc-worker.js, bundled or not)
 */
export function startHelper(url: URL): Helper {
  const worker = new Worker(url);
  worker.unref();
  // Until it has a job, a helper that fails to start is only a helper not used.
  worker.on("error", () => {});
  return { worker };
}

/** Lets helpers that got no job go. */
export function releaseHelpers(helpers: readonly Helper[]): void {
  for (const h of helpers) h.worker.postMessage(null);
}

/**
 * The helper worth starting ahead for these command-line arguments: one for `sikt run` when
 * more than one thread may be used (SIKT_THREADS, else the cores), none otherwise, and none for
 * `--iterations 0`. (A file without Monte Carlo lets it go unused: measured on 2 cores, starting
 * it before the modules load gains about 35 ms at 100,000 iterations over starting it once the
 * file is parsed, and costs about 15 ms at 0 iterations.)
 */
export function helpersAhead(argv: readonly string[], url: URL): Helper[] {
  if (argv[0] !== "run") return [];
  const at = argv.lastIndexOf("--iterations");
  const flag = argv.findLast((a) => a.startsWith("--iterations=")) ?? (at >= 0 ? `--iterations=${argv[at + 1]}` : undefined);
  if (flag !== undefined && Number(flag.slice("--iterations=".length)) === 0) return [];
  const env = Number(process.env.SIKT_THREADS);
  const threads = Number.isInteger(env) && env > 0 ? env : availableParallelism();
  return threads > 1 ? [startHelper(url)] : [];
}
