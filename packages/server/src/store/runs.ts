/**
 * Storage of runs, which is also the job queue (routes/runs.ts, runs.ts, queue.ts).
 * @module
 */
import { randomUUID } from "node:crypto";
import { iso, isoOrNull, type Row, StoreCore } from "./core.js";

export type RunStatus = "queued" | "running" | "done" | "failed";
export interface Run {
  id: string;
  organisationId: string;
  scenarioId: string;
  version: number;
  status: RunStatus;
  progress: number;
  iterations: number;
  seed: number;
  engineVersion: string | null;
  resolved: unknown;
  result: unknown;
  error: unknown;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export const toRun = (r: Row): Run => ({
  id: r.id as string,
  organisationId: r.organisation_id as string,
  scenarioId: r.scenario_id as string,
  version: r.version as number,
  status: r.status as RunStatus,
  progress: Number(r.progress),
  iterations: r.iterations as number,
  seed: Number(r.seed),
  engineVersion: (r.engine_version as string | null) ?? null,
  resolved: r.resolved ?? null,
  result: r.result ?? null,
  error: r.error ?? null,
  createdAt: iso(r.created_at),
  startedAt: isoOrNull(r.started_at),
  finishedAt: isoOrNull(r.finished_at),
});

export class RunStore extends StoreCore {
  // Runs (also the job queue)


  async createRun(r: { organisationId: string; scenarioId: string; version: number; iterations: number; seed: number; createdBy: string | null }): Promise<Run> {
    const [row] = await this.db.query(
      `insert into runs (id, organisation_id, scenario_id, version, status, iterations, seed, created_by)
       values ($1, $2, $3, $4, 'queued', $5, $6, $7) returning *`,
      [randomUUID(), r.organisationId, r.scenarioId, r.version, r.iterations, r.seed, r.createdBy],
    );
    return toRun(row as Row);
  }

  /**
   * Queues a run unless its organisation or its user already has `caps` runs queued or running;
   * checked and inserted under a lock per organisation, so that concurrent requests (also from
   * several processes on one PostgreSQL) cannot pass the caps together.
   */
  async createRunWithin(
    r: { organisationId: string; scenarioId: string; version: number; iterations: number; seed: number; createdBy: string },
    caps: { organisation: number; user: number },
  ): Promise<Run | { over: "organisation" | "user" }> {
    return this.inTransaction(async (tx) => {
      await tx.db.query("select pg_advisory_xact_lock(hashtext('sikt.runs:' || $1::text))", [r.organisationId]);
      const [n] = await tx.db.query<{ organisation: number; user: number }>(
        `select count(*)::int as organisation, (count(*) filter (where created_by = $2))::int as user
         from runs where organisation_id = $1 and status in ('queued', 'running')`,
        [r.organisationId, r.createdBy],
      );
      if ((n?.organisation ?? 0) >= caps.organisation) return { over: "organisation" as const };
      if ((n?.user ?? 0) >= caps.user) return { over: "user" as const };
      return tx.createRun(r);
    });
  }

  async getRun(runId: string): Promise<Run | null> {
    const [row] = await this.db.query("select * from runs where id = $1", [runId]);
    return row ? toRun(row) : null;
  }

  /** The status and progress of several runs in one query (progress streams). */
  async runStates(runIds: readonly string[]): Promise<{ id: string; status: RunStatus; progress: number }[]> {
    if (runIds.length === 0) return [];
    return this.db.query("select id, status, progress from runs where id = any($1::uuid[])", [runIds]);
  }

  async listRuns(scenarioId: string): Promise<Run[]> {
    const rows = await this.db.query(
      `select id, organisation_id, scenario_id, version, status, progress, iterations, seed, engine_version,
              null as resolved, null as result, error, created_at, started_at, finished_at
       from runs where scenario_id = $1 order by created_at desc, id limit 100`,
      [scenarioId],
    );
    return rows.map(toRun);
  }

  /**
   * Claims a queued run (or `runId` if given and queued) for a worker; null if none. Fair:
   * the organisation with the fewest runs running, then the one served longest ago (round-robin),
   * and within it likewise the user; then the oldest run. One organisation's long queue cannot
   * keep another's run waiting behind it.
   */
  async claimRun(worker: string, runId?: string): Promise<Run | null> {
    const [row] = await this.db.query(
      `update runs set status = 'running', started_at = now(), claimed_by = $1
       where id = (select q.id from runs q where q.status = 'queued' and ($2::uuid is null or q.id = $2::uuid)
                   order by (select count(*) from runs r where r.organisation_id = q.organisation_id and r.status = 'running'),
                            (select max(r.started_at) from runs r where r.organisation_id = q.organisation_id) nulls first,
                            (select count(*) from runs r where r.organisation_id = q.organisation_id and r.created_by = q.created_by and r.status = 'running'),
                            (select max(r.started_at) from runs r where r.organisation_id = q.organisation_id and r.created_by = q.created_by) nulls first,
                            q.created_at, q.id
                   for update skip locked limit 1)
       returning *`,
      [worker, runId ?? null],
    );
    return row ? toRun(row) : null;
  }

  async setRunProgress(runId: string, progress: number): Promise<void> {
    await this.db.query("update runs set progress = $2 where id = $1 and status = 'running'", [runId, progress]);
  }

  async finishRun(runId: string, r: { engineVersion: string; resolved: unknown; result: unknown }): Promise<void> {
    await this.db.query(
      `update runs set status = 'done', progress = 1, finished_at = now(), engine_version = $2, resolved = $3, result = $4
       where id = $1`,
      [runId, r.engineVersion, JSON.stringify(r.resolved), JSON.stringify(r.result)],
    );
  }

  async failRun(runId: string, error: unknown): Promise<void> {
    await this.db.query("update runs set status = 'failed', finished_at = now(), error = $2 where id = $1", [runId, JSON.stringify(error)]);
  }

  /** Puts runs that a stopped process had claimed back in the queue. */
  async requeueRuns(claimedBy: string | null): Promise<number> {
    const rows = await this.db.query(
      `update runs set status = 'queued', progress = 0, started_at = null, claimed_by = null
       where status = 'running' and ($1::text is null or claimed_by = $1) returning id`,
      [claimedBy],
    );
    return rows.length;
  }
}
