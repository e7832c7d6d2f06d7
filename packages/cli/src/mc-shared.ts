/**
 * What the threads of one Monte Carlo run share besides the results: the counters through which
 * they take work. Loaded by the worker threads too, so it needs only the engine's computing part.
 * @module
 */
import { type McBuffers, yearBand } from "@sikt/engine/compute";

// Indices of the shared counters (an Int32Array over `WorkerJob.control`).
/** The next block to take. */
export const NEXT_BLOCK = 0;
/** Blocks done; the threads waiting on it are notified when it changes. */
export const BLOCKS_DONE = 1;
/** The next year whose band to compute, once every block is done. */
export const NEXT_YEAR = 2;
/** Bytes of the counters. */
export const CONTROL_BYTES = 12;

/** Marks a block done and wakes the threads waiting for the last one. */
export function blockDone(counters: Int32Array): void {
  Atomics.add(counters, BLOCKS_DONE, 1);
  Atomics.notify(counters, BLOCKS_DONE);
}

/** Computes years' bands (`yearBand`), taken from the shared counter, until none is left. */
export function takeYears(out: McBuffers, years: number, counters: Int32Array, scratch: Float64Array, bands: Float64Array): void {
  for (;;) {
    const t = Atomics.add(counters, NEXT_YEAR, 1);
    if (t >= years) return;
    yearBand(out, t, scratch, bands);
  }
}
