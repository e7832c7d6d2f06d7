/**
 * Monte Carlo over worker threads. Blocks of iterations are handed out from a shared counter;
 * each block has its own random stream and its own slots in shared memory, so the result is
 * identical for any number of threads (spec §4). Summaries are computed here, in order.
 * @module
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import {
  BLOCK_SIZE,
  blockCount,
  type CompiledModel,
  createWorkspace,
  type MonteCarloResult,
  mcBufferBytes,
  mcBuffers,
  type Scenario,
  simulateBlocks,
  summarizeMonteCarlo,
} from "@sikt/engine";

/** Messages to a worker. */
export interface WorkerJob {
  scenario: Scenario;
  seed: number;
  iterations: number;
  results: SharedArrayBuffer;
  /** [0]: next block to take; [1]: blocks done. */
  control: SharedArrayBuffer;
}

/** Threads to use: SIKT_THREADS, else one per core. */
export function threadCount(): number {
  const env = Number(process.env.SIKT_THREADS);
  return Number.isInteger(env) && env > 0 ? env : availableParallelism();
}

/**
 * Runs Monte Carlo for a compiled model over `threads` worker threads (1: in this thread).
 * @param onProgress called now and then with iterations done
 */
export async function runMonteCarloParallel(
  m: CompiledModel,
  iterations: number,
  seed: number,
  threads: number,
  onProgress?: (done: number, total: number) => void,
): Promise<MonteCarloResult> {
  const blocks = blockCount(iterations);
  const workers = Math.min(threads, blocks);
  if (workers <= 1) {
    const out = mcBuffers(m, iterations);
    simulateBlocks(m, seed, 0, blocks, out, createWorkspace(m), (b) =>
      onProgress?.(Math.min(iterations, (b + 1) * BLOCK_SIZE), iterations),
    );
    return summarizeMonteCarlo(m, seed, out);
  }
  const results = new SharedArrayBuffer(mcBufferBytes(m, iterations));
  const control = new SharedArrayBuffer(8);
  const counters = new Int32Array(control);
  const job: WorkerJob = { scenario: m.scenario, seed, iterations, results, control };
  const timer = onProgress
    ? setInterval(() => {
        const done = Atomics.load(counters, 1);
        onProgress(Math.min(iterations, done * BLOCK_SIZE), iterations);
      }, 100)
    : undefined;
  try {
    await Promise.all(
      Array.from({ length: workers }, () => {
        const w = new Worker(new URL("./mc-worker.js", import.meta.url), { workerData: job });
        return new Promise<void>((resolve, reject) => {
          w.once("error", reject);
          w.once("exit", (code) =>
            code === 0 ? resolve() : reject(new Error(`Monte Carlo worker stopped with code ${code}`)),
          );
        });
      }),
    );
  } finally {
    if (timer) clearInterval(timer);
  }
  onProgress?.(iterations, iterations);
  return summarizeMonteCarlo(m, seed, mcBuffers(m, iterations, results));
}
