/**
 * Runs: evaluating a scenario version in the worker pool, with progress, through the job
 * queue. A stored run keeps the resolved scenario (catalogue entries included), the engine
 * version, the iterations and the seed, so that its result can be reproduced exactly.
 * @module
 */
import { prepareScenario } from "@sikt/catalog/node";
import { ENGINE_VERSION, type Lang } from "@sikt/engine";
import { checkWork, DEFAULT_LIMITS, tooMany, type WorkLimits } from "./limits.js";
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
    private readonly limits: WorkLimits = DEFAULT_LIMITS,
  ) {}

  async start(): Promise<void> {
    await this.queue.start((run) => this.execute(run));
  }

  /**
   * Queues a run of a saved version; iterations and seed default to the scenario's own
   * (`monteCarlo`). Refused (HttpError 422) beyond the limits on iterations and size, whichever
   * way the iterations were asked for, and (429) while the organisation or the user has as many
   * runs queued or running as the limits allow.
   */
  async submit(p: { organisationId: string; scenarioId: string; version: number; document: unknown; iterations?: number; seed?: number; userId: string; lang?: Lang }): Promise<Run> {
    const lang = p.lang ?? "en";
    // Read from the saved document without parsing it here (it was checked when saved; a run of
    // an invalid one fails in the worker). Same defaults as the engine's monteCarloSettings.
    const own = (p.document as { monteCarlo?: { iterations?: unknown; seed?: unknown } } | null)?.monteCarlo;
    const iterations = p.iterations ?? (typeof own?.iterations === "number" ? own.iterations : 0);
    const seed = p.seed ?? (typeof own?.seed === "number" ? own.seed : 1);
    checkWork(this.limits, lang, [p.document], iterations, p.iterations === undefined ? ["document", "monteCarlo", "iterations"] : ["iterations"]);
    const run = await this.store.createRunWithin(
      { organisationId: p.organisationId, scenarioId: p.scenarioId, version: p.version, iterations, seed, createdBy: p.userId },
      { organisation: this.limits.runsPerOrganisation, user: this.limits.runsPerUser },
    );
    if ("over" in run) {
      const l = this.limits;
      throw run.over === "organisation"
        ? tooMany(
            lang,
            "too_many_runs",
            `Er organisation har redan ${l.runsPerOrganisation} körningar i kö eller igång (gränsen per organisation, SIKT_RUNS_PER_ORGANISATION); vänta tills några är klara.`,
            `Your organisation already has ${l.runsPerOrganisation} runs queued or running (the limit per organisation, SIKT_RUNS_PER_ORGANISATION); wait until some are done.`,
            { name: "runsPerOrganisation", value: l.runsPerOrganisation },
          )
        : tooMany(
            lang,
            "too_many_runs",
            `Du har redan ${l.runsPerUser} körningar i kö eller igång (gränsen per användare, SIKT_RUNS_PER_USER); vänta tills någon är klar.`,
            `You already have ${l.runsPerUser} runs queued or running (the limit per user, SIKT_RUNS_PER_USER); wait until one is done.`,
            { name: "runsPerUser", value: l.runsPerUser },
          );
    }
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
    const outcome = await this.pool.run(
      { scenario: prepared.scenario, iterations: run.iterations, seed: run.seed },
      (share) => {
        const now = performance.now();
        if (now - last < 200) return;
        last = now;
        writing = writing.then(() => this.store.setRunProgress(run.id, share)).catch(() => {});
      },
      this.limits.runSeconds,
    );
    await writing;
    if (outcome.type === "done") await this.store.finishRun(run.id, { engineVersion: ENGINE_VERSION, resolved, result: outcome.result });
    else if (!this.stopping) await this.store.failRun(run.id, outcome.error);
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
