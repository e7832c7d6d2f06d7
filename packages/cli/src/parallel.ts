/**
 * Monte Carlo over worker threads. Blocks of iterations are handed out from a shared counter;
 * each block has its own random stream and its own slots in shared memory, so the result is
 * identical for any number of threads (spec §4). Summaries are computed here, in order.
 * @module
 */
import { availableParallelism } from "node:os";
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
import { type Helper, releaseHelpers, startHelper } from "./helper.js";
import { BLOCKS_DONE, blockDone, CONTROL_BYTES, NEXT_BLOCK, takeYears } from "./mc-shared.js";

/** Messages to a worker. */
export interface WorkerJob {
  scenario: Scenario;
  seed: number;
  iterations: number;
  results: SharedArrayBuffer;
  /** The years' bands (`yearBand`), three numbers a year. */
  bands: SharedArrayBuffer;
  /** The shared counters (mc-shared.ts). */
  control: SharedArrayBuffer;
}

/**
 * Blocks of iterations per thread below which the default starts fewer threads: a worker's
 * start-up (an isolate, the engine, compiling the scenario, and the compiler warming to the
 * kernel once more) costs several blocks' worth of CPU. Measured on a quiet 2-core machine
 * (bench/README.md): one thread is faster at 10 blocks, two about as fast at 20, faster at 40.
 */
export const MIN_BLOCKS_PER_THREAD = 12;

/**
 * Threads to use: SIKT_THREADS, else one per core, but no more than one per
 * MIN_BLOCKS_PER_THREAD blocks of the run (`iterations`, when given). Any count gives the same result.
 */
export function threadCount(iterations?: number): number {
  const env = Number(process.env.SIKT_THREADS);
  if (Number.isInteger(env) && env > 0) return env;
  const cores = availableParallelism();
  if (iterations === undefined) return cores;
  return Math.max(1, Math.min(cores, Math.floor(blockCount(iterations) / MIN_BLOCKS_PER_THREAD)));
}

/** The worker thread's module, next to this one (in the bundle too). */
const workerUrl = new URL("./mc-worker.js", import.meta.url);

/**
 * The helper threads a run of `iterations` will use (threadCount), started now, ahead of their
 * job; none where the iterations are not known or one thread is to be used.
 */
export function helpersFor(iterations: number | undefined): Helper[] {
  if (iterations === undefined || iterations === 0) return [];
  return Array.from({ length: Math.min(threadCount(iterations), blockCount(iterations)) - 1 }, () => startHelper(workerUrl));
}

/**
 * Runs Monte Carlo for a compiled model over `threads` worker threads (1: in this thread).
 * @param onProgress called now and then with iterations done
 * @param meanwhile other work for this thread: `first` while the helper threads start, `last`
 *   when no block is left to take, while the helpers finish theirs
 */
export async function runMonteCarloParallel(
  m: CompiledModel,
  iterations: number,
  seed: number,
  threads: number,
  onProgress?: (done: number, total: number) => void,
  meanwhile: { first?: () => void; last?: () => void } = {},
  started: readonly Helper[] = [],
): Promise<MonteCarloResult> {
  const blocks = blockCount(iterations);
  const helpers = Math.max(0, Math.min(threads, blocks) - 1);
  releaseHelpers(started.slice(helpers));
  const results = helpers > 0 ? new SharedArrayBuffer(mcBufferBytes(m, iterations)) : undefined;
  const out = mcBuffers(m, iterations, results);
  const control = new SharedArrayBuffer(CONTROL_BYTES);
  const bandBuffer = new SharedArrayBuffer(8 * 3 * m.years);
  const counters = new Int32Array(control);
  const report = () => onProgress?.(Math.min(iterations, Atomics.load(counters, BLOCKS_DONE) * BLOCK_SIZE), iterations);
  // Helper threads start at once; this thread takes blocks from the same counter meanwhile.
  const finished =
    results === undefined
      ? []
      : Array.from({ length: helpers }, (_, i) => {
          const job: WorkerJob = { scenario: m.scenario, seed, iterations, results, bands: bandBuffer, control };
          // A helper started ahead, or one started now; its end is watched from its start, so
          // that a thread that failed before its job is not waited for.
          const helper = started[i] ?? startHelper(workerUrl);
          helper.worker.ref();
          helper.worker.postMessage(job);
          return helper.ended;
        });
  // While the helpers start (an isolate, the engine, compiling the scenario).
  meanwhile.first?.();
  const ws = createWorkspace(m);
  for (;;) {
    const b = Atomics.add(counters, NEXT_BLOCK, 1);
    if (b >= blocks) break;
    simulateBlocks(m, seed, b, b + 1, out, ws);
    blockDone(counters);
    report();
    // Let signals (Ctrl-C) and the progress timer through between blocks.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  // No block left to take: the caller's other work, with the kernel's code warm, while the
  // helpers finish their last blocks.
  meanwhile.last?.();
  const timer = onProgress && finished.length > 0 ? setInterval(report, 100) : undefined;
  let bands: Float64Array | undefined;
  try {
    if (finished.length > 0) {
      // Once every block is done, the threads compute the years' bands between them.
      for (let done = Atomics.load(counters, BLOCKS_DONE); done < blocks; done = Atomics.load(counters, BLOCKS_DONE)) {
        const wait = waitAsync(counters, BLOCKS_DONE, done);
        if (wait.async) await wait.value;
      }
      bands = new Float64Array(bandBuffer);
      takeYears(out, m.years, counters, new Float64Array(iterations), bands);
    }
    await Promise.all(finished);
  } finally {
    if (timer) clearInterval(timer);
  }
  report();
  return summarizeMonteCarlo(m, seed, out, bands);
}

/** Atomics.waitAsync (Node 16 and later; in TypeScript's library from ES2024 on). */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(a: Int32Array, index: number, value: number): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync;
