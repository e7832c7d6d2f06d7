/**
 * The run queue: several server processes on one PostgreSQL database share the queued runs,
 * each run done exactly once; runs a stopped process left behind are done after a restart.
 */
import { afterEach, describe, expect, it } from "vitest";
import { openPostgres } from "./db/postgres.js";
import type { Database } from "./db/sql.js";
import { WorkerPool } from "./pool.js";
import { InProcessQueue, type JobQueue, PostgresQueue } from "./queue.js";
import { RunService } from "./runs.js";
import { Store } from "./store.js";
import { kalmar, makeOrg } from "./testing/harness.js";
import { testDatabases } from "./testing/databases.js";

const [pglite, postgres] = testDatabases as [(typeof testDatabases)[0], (typeof testDatabases)[0]];

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

function service(store: Store, queue: JobQueue, pool: WorkerPool) {
  const runs = new RunService(store, queue, pool);
  closers.push(() => runs.stop());
  return runs;
}

async function until(store: Store, ids: string[], timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const runs = await Promise.all(ids.map((id) => store.getRun(id)));
    if (runs.every((r) => r?.status === "done" || r?.status === "failed") || Date.now() > end) return runs;
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

async function scenarioWithRuns(store: Store, n: number, iterations: number) {
  const { org, users } = await makeOrg(store, "Kalmar kommun");
  const actor = { userId: users.analyst.id, organisationId: org.id, role: "analyst" as const };
  const v = await store.createScenario(actor, "Kalmar", kalmar(), null);
  const ids: string[] = [];
  for (let i = 0; i < n; i++)
    ids.push((await store.createRun({ organisationId: org.id, scenarioId: v.scenarioId, version: 1, iterations, seed: 100 + i, createdBy: users.analyst.id })).id);
  return ids;
}

describe.skipIf(!postgres.available)("the PostgreSQL run queue", () => {
  it("lets two server processes share the queued runs, each run done exactly once", async () => {
    const fresh = await (postgres.fresh as NonNullable<typeof postgres.fresh>)();
    closers.push(fresh.drop);
    const dbs: Database[] = [await openPostgres(fresh.url), await openPostgres(fresh.url)];
    for (const db of dbs) closers.push(() => db.close());
    const { migrate } = await import("./db/migrate.js");
    await migrate(dbs[0] as Database);
    const stores = dbs.map((db) => new Store(db));
    const ids = await scenarioWithRuns(stores[0] as Store, 6, 1500);
    const queues = stores.map((s) => new PostgresQueue(s, 1, 25));
    for (const [i, s] of stores.entries()) await service(s, queues[i] as PostgresQueue, new WorkerPool(1)).start();

    const runs = await until(stores[0] as Store, ids);
    expect(runs.map((r) => r?.status)).toEqual(Array(6).fill("done"));
    const claims = await (dbs[0] as Database).query<{ claimed_by: string; n: number }>(
      "select claimed_by, count(*)::int as n from runs group by claimed_by",
    );
    const byWorker = new Map(claims.map((c) => [c.claimed_by, c.n]));
    expect([...byWorker.keys()].sort()).toEqual(queues.map((q) => q.worker).sort());
    expect([...byWorker.values()].reduce((a, b) => a + b)).toBe(6);
  });
});

describe("the embedded run queue", () => {
  it("finishes, after a restart, the runs a stopped process had queued or begun", async () => {
    const db = await pglite.open();
    closers.push(() => db.close());
    const store = new Store(db);
    const ids = await scenarioWithRuns(store, 3, 200);
    await store.claimRun("a-process-that-died", ids[0]);
    expect((await store.getRun(ids[0] as string))?.status).toBe("running");

    await service(store, new InProcessQueue(store, 1), new WorkerPool(1)).start();
    const runs = await until(store, ids);
    expect(runs.map((r) => r?.status)).toEqual(["done", "done", "done"]);
    expect(runs.every((r) => r?.engineVersion !== null && (r?.result as { monteCarlo: { iterations: number } }).monteCarlo.iterations === 200)).toBe(true);
  });
});
