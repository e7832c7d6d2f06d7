/** A Monte Carlo worker thread: takes blocks from the shared counter until none are left. */
import { workerData } from "node:worker_threads";
import { blockCount, compile, createWorkspace, mcBuffers, simulateBlocks } from "@sikt/engine/compute";
import type { WorkerJob } from "./parallel.js";

const job = workerData as WorkerJob;
const m = compile(job.scenario);
const out = mcBuffers(m, job.iterations, job.results);
const ws = createWorkspace(m);
const counters = new Int32Array(job.control);
const blocks = blockCount(job.iterations);
for (;;) {
  const b = Atomics.add(counters, 0, 1);
  if (b >= blocks) break;
  simulateBlocks(m, job.seed, b, b + 1, out, ws);
  Atomics.add(counters, 1, 1);
}
