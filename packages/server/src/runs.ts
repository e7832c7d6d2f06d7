/**
 * Runs: evaluating a scenario version in the worker pool, with progress, through the job
 * queue. A stored run keeps the resolved scenario (catalogue entries included), the engine
 * version, the iterations and the seed, so that its result can be reproduced exactly.
 * @module
 */
import { prepareScenario } from "@sikt/catalog/node";
import { ENGINE_VERSION, type Fund, type FundBand, monteCarloSettings, type Scenario } from "@sikt/engine";
import type { WorkerPool } from "./pool.js";
import type { JobQueue } from "./queue.js";
import type { Run, Store } from "./store.js";

/** What a stored run keeps of the scenario it evaluated. */
export interface ResolvedScenario {
  catalogId: string | null;
  scenario: unknown;
  overrides: unknown[];
}

export class RunService {
  private stopping = false;

  constructor(
    private readonly store: Store,
    private readonly queue: JobQueue,
    private readonly pool: WorkerPool,
  ) {}

  async start(): Promise<void> {
    await this.queue.start((run) => this.execute(run));
  }

  /** Queues a run of a saved version; iterations and seed default to the scenario's own. */
  async submit(p: { organisationId: string; scenarioId: string; version: number; document: unknown; iterations?: number; seed?: number; userId: string }): Promise<Run> {
    const prepared = prepareScenario(p.document);
    const settings = prepared.ok
      ? monteCarloSettings(prepared.scenario, {
          ...(p.iterations === undefined ? {} : { iterations: p.iterations }),
          ...(p.seed === undefined ? {} : { seed: p.seed }),
        })
      : { iterations: p.iterations ?? 0, seed: p.seed ?? 1 };
    const run = await this.store.createRun({
      organisationId: p.organisationId,
      scenarioId: p.scenarioId,
      version: p.version,
      iterations: settings.iterations,
      seed: settings.seed,
      createdBy: p.userId,
    });
    this.queue.enqueue(run.id);
    return run;
  }

  private async execute(run: Run): Promise<void> {
    const version = await this.store.getVersion(run.scenarioId, run.version);
    if (!version) return this.store.failRun(run.id, { code: "missing_version" });
    const prepared = prepareScenario(version.document);
    if (!prepared.ok) return this.store.failRun(run.id, { code: "invalid", issues: prepared.issues });
    const resolved: ResolvedScenario = { catalogId: prepared.catalogId, scenario: prepared.scenario, overrides: prepared.overrides };
    let last = 0;
    let writing: Promise<void> = Promise.resolve();
    const outcome = await this.pool.run({ scenario: prepared.scenario, iterations: run.iterations, seed: run.seed }, (share) => {
      const now = performance.now();
      if (now - last < 200) return;
      last = now;
      writing = writing.then(() => this.store.setRunProgress(run.id, share)).catch(() => {});
    });
    await writing;
    if (outcome.type === "done") await this.store.finishRun(run.id, { engineVersion: ENGINE_VERSION, resolved, result: outcome.result });
    else if (!this.stopping) await this.store.failRun(run.id, outcome.error);
  }

  /** A fund's balance band, computed in the worker pool (off the request thread). */
  async fundBand(fund: Fund, scenarios: Record<string, Scenario>, iterations: number, seed: number): Promise<FundBand> {
    const outcome = await this.pool.run({ kind: "fund", fund, scenarios, iterations, seed }, () => {});
    if (outcome.type !== "done") throw new Error(`fund band: ${JSON.stringify(outcome.error)}`);
    return outcome.result as FundBand;
  }

  /**
   * Stops: workers end at once, and the runs they had go back to the queue (for this process
   * at its next start, or for another process sharing the database).
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.pool.close();
    await this.queue.stop();
    await this.store.requeueRuns(this.queue.worker);
  }
}
