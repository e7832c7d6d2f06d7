/**
 * The job queue for runs. Runs live in the `runs` table in both cases; the queues differ in
 * how they learn that there is work:
 * - `InProcessQueue` (embedded default, one process): the server tells it, nothing polls.
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
  protected active = new Set<Promise<void>>();
  protected stopped = false;

  constructor(
    protected readonly store: Store,
    protected readonly concurrency: number,
  ) {}

  abstract enqueue(runId: string): void;
  abstract start(handle: (run: Run) => Promise<void>): Promise<void>;

  protected dispatch(run: Run): void {
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

  protected abstract pump(): void;

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.active]);
  }
}

export class InProcessQueue extends BaseQueue {
  private readonly pending: string[] = [];
  private pumping = false;

  enqueue(runId: string): void {
    this.pending.push(runId);
    this.pump();
  }

  async start(handle: (run: Run) => Promise<void>): Promise<void> {
    this.handle = handle;
    // Runs left behind by a process that stopped: one process owns the embedded database.
    await this.store.requeueRuns(null);
    const rows = await this.store.db.query<{ id: string }>("select id from runs where status = 'queued' order by created_at, id");
    for (const r of rows) this.pending.push(r.id);
    this.pump();
  }

  protected pump(): void {
    if (this.pumping || this.stopped || !this.handle) return;
    this.pumping = true;
    void (async () => {
      try {
        while (!this.stopped && this.active.size < this.concurrency && this.pending.length > 0) {
          const run = await this.store.claimRun(this.worker, this.pending.shift());
          if (run) this.dispatch(run);
        }
      } finally {
        this.pumping = false;
      }
    })();
  }
}

export class PostgresQueue extends BaseQueue {
  private timer: NodeJS.Timeout | undefined;
  private pumping = false;

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

  protected pump(): void {
    if (this.pumping || this.stopped || !this.handle) return;
    this.pumping = true;
    void (async () => {
      try {
        while (!this.stopped && this.active.size < this.concurrency) {
          const run = await this.store.claimRun(this.worker);
          if (!run) break;
          this.dispatch(run);
        }
      } catch {
        // the database is unreachable for a moment: the next poll tries again
      } finally {
        this.pumping = false;
      }
    })();
  }

  override async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await super.stop();
  }
}
