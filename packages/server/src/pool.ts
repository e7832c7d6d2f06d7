/**
 * A fixed pool of worker threads that evaluate scenarios off the request thread.
 * @module
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { RunMessage, WorkerTask } from "./run-worker.js";

/** The worker's compiled file; from the sources (in tests) the build's copy (`npm run build`). */
const WORKER = import.meta.url.endsWith(".ts") ? new URL("../dist/run-worker.js", import.meta.url) : new URL("./run-worker.js", import.meta.url);

interface Slot {
  worker: Worker;
  busy: boolean;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size = Math.max(1, availableParallelism() - 1)) {}

  private spawn(): Slot {
    const worker = new Worker(WORKER);
    worker.unref();
    const slot = { worker, busy: false };
    this.slots.push(slot);
    return slot;
  }

  private async acquire(): Promise<Slot> {
    for (;;) {
      const free = this.slots.find((s) => !s.busy);
      if (free) return free;
      if (this.slots.length < this.size) return this.spawn();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  /**
   * Evaluates one task; `onProgress` gets the share done (0–1). After `seconds` the task's
   * thread is ended and the task fails with `time_limit`.
   */
  async run(task: WorkerTask, onProgress: (share: number) => void, seconds = Number.POSITIVE_INFINITY): Promise<RunMessage & { type: "done" | "failed" }> {
    const slot = await this.acquire();
    slot.busy = true;
    try {
      return await new Promise((resolve) => {
        const onMessage = (m: RunMessage) => {
          if (m.type === "progress") return onProgress(m.total > 0 ? m.done / m.total : 1);
          cleanup();
          resolve(m);
        };
        const onError = (e: Error) => {
          cleanup();
          const i = this.slots.indexOf(slot);
          if (i >= 0) this.slots.splice(i, 1);
          void slot.worker.terminate();
          resolve({ type: "failed", error: { code: "worker", detail: e.message } });
        };
        const onExit = () => {
          cleanup();
          const i = this.slots.indexOf(slot);
          if (i >= 0) this.slots.splice(i, 1);
          resolve({ type: "failed", error: { code: "stopped", detail: "the worker stopped" } });
        };
        const timer = Number.isFinite(seconds)
          ? setTimeout(() => {
              cleanup();
              const i = this.slots.indexOf(slot);
              if (i >= 0) this.slots.splice(i, 1);
              void slot.worker.terminate();
              resolve({ type: "failed", error: { code: "time_limit", detail: `stopped after ${seconds} s, the limit of one run (SIKT_RUN_SECONDS)` } });
            }, seconds * 1000)
          : undefined;
        const cleanup = () => {
          clearTimeout(timer);
          slot.worker.off("message", onMessage);
          slot.worker.off("error", onError);
          slot.worker.off("exit", onExit);
        };
        slot.worker.on("message", onMessage);
        slot.worker.on("error", onError);
        slot.worker.on("exit", onExit);
        slot.worker.postMessage(task);
      });
    } finally {
      slot.busy = false;
      this.waiting.shift()?.();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }
}
