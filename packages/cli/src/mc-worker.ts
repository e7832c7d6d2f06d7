/**
 * A Monte Carlo worker thread: takes blocks from the shared counter until none are left, then,
 * once every thread's blocks are done, years whose band to compute.
 */
import { parentPort } from "node:worker_threads";
import { blockCount, compile, createWorkspace, mcBuffers, simulateBlocks } from "@sikt/engine/compute";
import { BLOCKS_DONE, blockDone, NEXT_BLOCK, takeYears } from "./mc-shared.js";
import type { WorkerJob } from "./parallel.js";

/** Runs a job: blocks until none is left, then years' bands until none is left. */
function run(job: WorkerJob): void {
  const m = compile(job.scenario);
  const out = mcBuffers(m, job.iterations, job.results);
  const ws = createWorkspace(m);
  const counters = new Int32Array(job.control);
  const blocks = blockCount(job.iterations);
  for (;;) {
    const b = Atomics.add(counters, NEXT_BLOCK, 1);
    if (b >= blocks) break;
    simulateBlocks(m, job.seed, b, b + 1, out, ws);
    blockDone(counters);
  }
  for (let done = Atomics.load(counters, BLOCKS_DONE); done < blocks; done = Atomics.load(counters, BLOCKS_DONE))
    Atomics.wait(counters, BLOCKS_DONE, done);
  takeYears(out, m.years, counters, new Float64Array(job.iterations), new Float64Array(job.bands));
}

// Started by parallel.ts `startHelper`, ahead of its job or with it: the job comes as a
// message; null means it is not needed.
parentPort?.once("message", (job: WorkerJob | null) => {
  if (job) run(job);
  parentPort?.close();
});
