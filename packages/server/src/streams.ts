/**
 * Progress streams (Server-Sent Events) of runs, cheap however many are open: one query per
 * tick reads the state of every watched run for all streams together, and the number of open
 * streams is capped per user and for the whole process (docs/security.md, "Fair use").
 * @module
 */
import type { RunStatus, Store } from "./store.js";

export interface RunState {
  id: string;
  status: RunStatus;
  progress: number;
}

export class RunWatch {
  private readonly watchers = new Map<string, Set<(r: RunState) => void>>();
  private readonly perUser = new Map<string, number>();
  private open = 0;
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;

  constructor(
    private readonly store: Store,
    private readonly intervalMs = 250,
  ) {}

  /** Streams open now: of one user, or all of them. */
  streams(userId?: string): number {
    return userId === undefined ? this.open : (this.perUser.get(userId) ?? 0);
  }

  /** Counts a stream as open for `userId`; the function returned closes it (once). */
  opened(userId: string): () => void {
    this.open++;
    this.perUser.set(userId, this.streams(userId) + 1);
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      this.open--;
      const n = this.streams(userId) - 1;
      if (n > 0) this.perUser.set(userId, n);
      else this.perUser.delete(userId);
    };
  }

  /** Calls `fn` with the run's state at every tick until the function returned is called. */
  watch(runId: string, fn: (r: RunState) => void): () => void {
    let set = this.watchers.get(runId);
    if (!set) this.watchers.set(runId, (set = new Set()));
    set.add(fn);
    this.timer ??= setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
    return () => {
      const s = this.watchers.get(runId);
      s?.delete(fn);
      if (s && s.size === 0) this.watchers.delete(runId);
      if (this.watchers.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.watchers.size === 0) return;
    this.ticking = true;
    try {
      const ids = [...this.watchers.keys()];
      const states = new Map((await this.store.runStates(ids)).map((r) => [r.id, r]));
      // A run that is gone (its scenario was deleted) ends its streams as failed.
      for (const id of ids) for (const fn of [...(this.watchers.get(id) ?? [])]) fn(states.get(id) ?? { id, status: "failed", progress: 0 });
    } catch {
      // the database is unreachable for a moment: the next tick tries again
    } finally {
      this.ticking = false;
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.watchers.clear();
  }
}
