/**
 * The job queue for runs. Runs live in the `runs` table in both cases; the queues differ in
 * how they learn that there is work:
 * - `InProcessQueue` (embedded default, one process): the server tells it, nothing polls.
 * Both take the next run fairly (Store.claimRun): round-robin between organisations, and
 * within one between its users, so that a long queue of one cannot keep another's run waiting.
 * - `PostgresQueue` (with `DATABASE_URL`): claims queued runs with FOR UPDATE SKIP LOCKED and
 *   polls, so that several server processes on several machines share the work and each run is
 *   taken exactly once.
 * @module
 */
import { randomUUID } from "node:crypto";
import type { Run, Store } from "./store.js";

export interface JobQueue {
  /** The name this process claims runs under. */
  readonly worker: string;
  /** Tells the queue that a run is waiting. */
  enqueue(runId: string): void;
  /** Starts handing claimed runs to `handle`, at most `concurrency` at a time. */
  start(handle: (run: Run) => Promise<void>): Promise<void>;
  /** Stops taking runs and waits for those in hand. */
  stop(): Promise<void>;
}

abstract class BaseQueue implements JobQueue {
  readonly worker = `${process.pid}-${randomUUID()}`;
  protected handle: ((run: Run) => Promise<void>) | undefined;
  private readonly active = new Set<Promise<void>>();
  private stopped = false;
  private pumping = false;
  private again = false;

  constructor(
    protected readonly store: Store,
    protected readonly concurrency: number,
  ) {}

  abstract enqueue(runId: string): void;
  abstract start(handle: (run: Run) => Promise<void>): Promise<void>;

  /**
   * The next run claimed for this process: a run, `"skip"` when a candidate was taken by
   * someone else (try again), or `"none"` when there is nothing to do now.
   */
  protected abstract next(): Promise<Run | "skip" | "none">;

  /** Claims and starts runs while there is room and work; one pump at a time. */
  protected pump(): void {
    if (this.stopped || !this.handle) return;
    if (this.pumping) {
      // A run queued while the pump was looking may have been missed: look once more after it.
      this.again = true;
      return;
    }
    this.pumping = true;
    this.again = false;
    void (async () => {
      try {
        while (!this.stopped && this.active.size < this.concurrency) {
          const run = await this.next();
          if (run === "none") break;
          if (run !== "skip") this.dispatch(run);
        }
      } catch {
        // the database is unreachable for a moment: the next enqueue or poll tries again
      } finally {
        this.pumping = false;
        if (this.again) this.pump();
      }
    })();
  }

  private dispatch(run: Run): void {
    const handle = this.handle;
    if (!handle) return;
    const p: Promise<void> = handle(run)
      .catch(() => {})
      .finally(() => {
        this.active.delete(p);
        this.pump();
      });
    this.active.add(p);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.active]);
  }
}

export class InProcessQueue extends BaseQueue {
  enqueue(_runId: string): void {
    this.pump();
  }

  async start(handle: (run: Run) => Promise<void>): Promise<void> {
    this.handle = handle;
    // Runs left behind by a process that stopped: one process owns the embedded database.
    await this.store.requeueRuns(null);
    this.pump();
  }

  /** The fair next run (Store.claimRun): nothing polls, a new run or a finished one pumps. */
  protected async next(): Promise<Run | "skip" | "none"> {
    return (await this.store.claimRun(this.worker)) ?? "none";
  }
}

export class PostgresQueue extends BaseQueue {
  private timer: NodeJS.Timeout | undefined;

  constructor(store: Store, concurrency: number, private readonly pollMs = 500) {
    super(store, concurrency);
  }

  enqueue(_runId: string): void {
    this.pump();
  }

  async start(handle: (run: Run) => Promise<void>): Promise<void> {
    this.handle = handle;
    // Runs claimed long ago by a process that is gone go back to the queue.
    await this.store.db.query(
      "update runs set status = 'queued', progress = 0, claimed_by = null where status = 'running' and started_at < now() - interval '15 minutes'",
    );
    this.timer = setInterval(() => this.pump(), this.pollMs);
    this.timer.unref();
    this.pump();
  }

  protected async next(): Promise<Run | "skip" | "none"> {
    return (await this.store.claimRun(this.worker)) ?? "none";
  }

  override async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await super.stop();
  }
}
