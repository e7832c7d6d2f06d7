/**
 * Monte Carlo worker threads started before their job is known: `sikt run` starts them as soon
 * as it has parsed the scenario file and knows how many iterations it asks for, so that their
 * start-up (an isolate and the engine) goes on while the scenario is validated and compiled;
 * `runMonteCarloParallel` (parallel.ts) gives them their job, or lets them go.
 * @module
 */
import type { Worker } from "node:worker_threads";

/** A worker thread waiting for its job (mc-worker.ts). */
export interface Helper {
  readonly worker: Worker;
  /** Settles when the thread has ended: rejected when it failed or stopped with a code other than 0. */
  readonly ended: Promise<void>;
}

/**
 * Starts a worker that waits for its job; it does not keep the process alive while it waits.
 * @param url the worker's module (mc-worker.js)
 */
export function startHelper(url: URL): Helper {
  // Loaded where a thread starts: most runs start none, and the module costs about 2 ms to load.
  const { Worker } = process.getBuiltinModule("node:worker_threads");
  const worker = new Worker(url);
  worker.unref();
  let failure: unknown;
  worker.on("error", (e) => {
    failure = e;
  });
  const ended = new Promise<void>((resolve, reject) =>
    worker.once("exit", (code) =>
      failure !== undefined || code !== 0 ? reject(failure ?? new Error(`Monte Carlo worker stopped with code ${code}`)) : resolve(),
    ),
  );
  // A helper let go unused is nobody's concern, whatever its end.
  ended.catch(() => {});
  return { worker, ended };
}

/** Lets helpers that got no job go. */
export function releaseHelpers(helpers: readonly Helper[]): void {
  for (const h of helpers) h.worker.postMessage(null);
}

/**
 * The iterations a scenario file's data asks for (`monteCarlo.iterations`), read before it is
 * validated; undefined where it is not a count.
 */
export function iterationsAsked(data: unknown): number | undefined {
  const n = (data as { monteCarlo?: { iterations?: unknown } } | null)?.monteCarlo?.iterations;
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}
