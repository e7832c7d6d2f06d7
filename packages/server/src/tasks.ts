/**
 * Pools of worker threads for the heavy work requests ask for (reports, analyses, fund
 * evaluations, checking a scenario on save), so that the request thread only answers. Each pool
 * takes its waiting tasks round-robin by organisation, so that one organisation's many requests
 * do not keep another's waiting; a task that runs past its time limit is stopped (its thread is
 * ended) and answered as such; a thread has a memory limit.
 * @module
 */
import { Worker } from "node:worker_threads";
import type { TaskReply } from "./task-worker.js";
import type { Refusal, Task } from "./work.js";

/** The worker's compiled file; from the sources (in tests) the build's copy (`npm run build`). */
const WORKER = import.meta.url.endsWith(".ts") ? new URL("../dist/task-worker.js", import.meta.url) : new URL("./task-worker.js", import.meta.url);

/** The task ran past the pool's time limit and was stopped. */
export class TaskTimeout extends Error {
  constructor(readonly seconds: number) {
    super(`the task ran past ${seconds} s`);
  }
}
/** The work refused the task (bad input): answered to the client as it is. */
export class TaskRefused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}
/** The task's thread ran out of memory. */
export class TaskOutOfMemory extends Error {}

interface Job {
  task: Task;
  userId: string;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}
interface Slot {
  worker: Worker;
  busy: boolean;
}

export interface Who {
  organisationId: string;
  userId: string;
}

export class TaskPool {
  private readonly slots: Slot[] = [];
  /** Waiting jobs per organisation; the map's order is the round-robin order. */
  private readonly queues = new Map<string, Job[]>();
  private readonly perUser = new Map<string, number>();
  private closed = false;

  constructor(
    readonly size: number,
    readonly seconds: number,
    private readonly memoryMb = 1024,
  ) {}

  /** Tasks of this user waiting or running. */
  inProgress(userId: string): number {
    return this.perUser.get(userId) ?? 0;
  }

  /** Does `task` for `who`; rejects with TaskTimeout, TaskRefused, TaskOutOfMemory or an Error. */
  run<T>(task: Task, who: Who): Promise<T> {
    if (this.closed) return Promise.reject(new Error("the task pool is closed"));
    this.perUser.set(who.userId, this.inProgress(who.userId) + 1);
    return new Promise<T>((resolve, reject) => {
      const job: Job = { task, userId: who.userId, resolve: resolve as (v: unknown) => void, reject };
      const q = this.queues.get(who.organisationId);
      if (q) q.push(job);
      else this.queues.set(who.organisationId, [job]);
      this.pump();
    });
  }

  private pump(): void {
    for (;;) {
      if (this.queues.size === 0) return;
      let slot = this.slots.find((s) => !s.busy);
      if (!slot) {
        if (this.slots.length >= this.size) return;
        slot = this.spawn();
      }
      // The organisation first in line gives one job and goes to the back of the line.
      const [org, q] = this.queues.entries().next().value as [string, Job[]];
      const job = q.shift() as Job;
      this.queues.delete(org);
      if (q.length > 0) this.queues.set(org, q);
      this.start(slot, job);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER, { resourceLimits: { maxOldGenerationSizeMb: this.memoryMb } });
    worker.unref();
    const slot = { worker, busy: false };
    this.slots.push(slot);
    return slot;
  }

  private drop(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    void slot.worker.terminate();
  }

  private start(slot: Slot, job: Job): void {
    slot.busy = true;
    let settled = false;
    const finish = (keep: boolean, outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      slot.worker.off("message", onMessage);
      slot.worker.off("error", onError);
      slot.worker.off("exit", onExit);
      if (keep) slot.busy = false;
      else this.drop(slot);
      const n = this.inProgress(job.userId) - 1;
      if (n > 0) this.perUser.set(job.userId, n);
      else this.perUser.delete(job.userId);
      outcome();
      this.pump();
    };
    const onMessage = (m: TaskReply) =>
      finish(true, () => (m.ok ? job.resolve(m.value) : "refusal" in m ? job.reject(new TaskRefused(m.refusal)) : job.reject(new Error(`task ${job.task.kind}: ${m.error}`))));
    const onError = (e: Error & { code?: string }) =>
      finish(false, () => job.reject(e.code === "ERR_WORKER_OUT_OF_MEMORY" ? new TaskOutOfMemory(e.message) : e));
    const onExit = () => finish(false, () => job.reject(new Error("the task's thread stopped")));
    const timer = setTimeout(() => finish(false, () => job.reject(new TaskTimeout(this.seconds))), this.seconds * 1000);
    slot.worker.on("message", onMessage);
    slot.worker.on("error", onError);
    slot.worker.on("exit", onExit);
    slot.worker.postMessage(job.task);
  }

  /** Ends the threads; waiting tasks are refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queues.values()) for (const j of q) j.reject(new Error("the server is stopping"));
    this.queues.clear();
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }
}

/** The two pools a server uses: `light` for checking scenarios on save, `heavy` for reports, analyses and funds. */
export interface Tasks {
  light: TaskPool;
  heavy: TaskPool;
  close(): Promise<void>;
}

export function createTasks(o: { heavyWorkers?: number | undefined; seconds: number }): Tasks {
  const light = new TaskPool(1, o.seconds, 512);
  const heavy = new TaskPool(o.heavyWorkers ?? 1, o.seconds, 1536);
  return { light, heavy, close: async () => void (await Promise.all([light.close(), heavy.close()])) };
}
