/**
 * Monte Carlo worker threads started before their job is known: bin/helpers-ahead.cjs starts one
 * for `sikt run` before the command's code is even loaded; `runMonteCarloParallel` (parallel.ts)
 * gives it its job, or lets it go.
 * @module
 */
import type { Worker } from "node:worker_threads";

/** A worker thread waiting for its job (mc-worker.ts). */
export interface Helper {
  readonly worker: Worker;
}

/** Lets helpers that got no job go. */
export function releaseHelpers(helpers: readonly Helper[]): void {
  for (const h of helpers) h.worker.postMessage(null);
}
