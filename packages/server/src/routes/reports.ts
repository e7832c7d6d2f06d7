/**
 * The decision report of a scenario version, with the uncertainty analysis of a run (report
 * package; contract: scenarios.ts `reportQuery`).
 * @module
 */
import * as api from "@sikt/contract";
import type { ScenarioResult } from "@sikt/engine";
import { fileStem, reportIterations } from "@sikt/report";
import { HttpError, intParam, readQuery } from "../http.js";
import { checkWork } from "../limits.js";
import { sendExport } from "../send-export.js";
import type { Actor } from "../store.js";
import type { AppContext } from "./context.js";

/** How long a report waits for the uncertainty analysis it asked for before answering 503. */
const REPORT_RUN_WAIT_MS = 120_000;

export function reportRoutes(x: AppContext): void {
  const { store, runs, workLimits, routes, auth, lang, scenarioFor, work, audit, versionOf } = x;

  routes.add(
    "get",
    "/api/scenarios/:id/versions/:version/report",
    {
      summary: "The decision report: printable HTML or PDF in Swedish for a committee, XLSX for economists; with the uncertainty analysis of the latest finished run of the version, or of a run it queues and awaits",
      tag: "budget",
      query: api.reportQuery,
      produces: "text/html",
      errors: [409, 413, 422, 429, 503],
    },
    auth,
    async (c) => {
      const { format } = readQuery(c, api.reportQuery);
      const v = intParam(c, "version", "version");
      const { scenario, actor: a } = await scenarioFor(c, "read");
      const version = await versionOf(scenario.id, v);
      const document = version.document;
      checkWork(workLimits, lang(c), [document], 0);
      // The report always carries the uncertainty analysis: a finished run of this version, or one
      // queued now with the scenario's Monte Carlo settings (capped) and awaited. The report
      // itself is made in a task thread.
      const monteCarlo = (document as { monteCarlo?: { iterations?: unknown } } | null)?.monteCarlo;
      const result = await reportRun(scenario.id, version, typeof monteCarlo?.iterations === "number" ? monteCarlo.iterations : undefined, a);
      const task = { kind: "report" as const, document, result, date: new Date().toISOString().slice(0, 10), version: v, versionDate: version.createdAt, decision: version.decision, organisation: scenario.organisationName };
      const make = <T>(format: "html" | "xlsx", nonce?: string) => work<T>(c, "heavy", { ...task, format, ...(nonce ? { nonce } : {}) }, { sv: "Rapporten", en: "The report" });
      return sendExport(c, format, fileStem(String((document as { name?: unknown }).name ?? scenario.name), v, "beslutsunderlag"), (nonce) => make<string>("html", nonce), () => make<Uint8Array<ArrayBuffer>>("xlsx"));
    },
  );

  /**
   * The result a report of a version is made from: always with its uncertainty analysis. A
   * finished run of the version with Monte Carlo is used as it is; otherwise a run with the
   * scenario's own settings (or the report's default draws, within the report's cap) is queued
   * like any other, or one already queued is joined, and awaited in the worker pool.
   */
  async function reportRun(scenarioId: string, version: { version: number; document: unknown }, iterations: number | undefined, a: Actor): Promise<ScenarioResult> {
    const runsOfVersion = (await store.listRuns(scenarioId)).filter((r) => r.version === version.version && r.iterations > 0);
    const done = runsOfVersion.find((r) => r.status === "done");
    const stored = done ? ((await store.getRun(done.id))?.result as ScenarioResult | null) : null;
    if (stored?.monteCarlo) return stored;
    let run = runsOfVersion.find((r) => r.status === "queued" || r.status === "running");
    if (!run) {
      run = await runs.submit({ organisationId: a.organisationId, scenarioId, version: version.version, document: version.document, userId: a.userId, iterations: reportIterations(iterations) });
      await audit(a, "run.submit", "run", run.id, { scenarioId, version: version.version, iterations: run.iterations, seed: run.seed, for: "report" });
    }
    const deadline = Date.now() + REPORT_RUN_WAIT_MS;
    for (;;) {
      const now = await store.getRun(run.id);
      if (now?.status === "done" && now.result) return now.result as ScenarioResult;
      if (!now || now.status === "failed") throw new HttpError(409, "run_failed", "The uncertainty analysis of this version failed; the report cannot be made.");
      if (Date.now() > deadline) throw new HttpError(503, "run_pending", "The uncertainty analysis of this version is still running; ask for the report again in a while.");
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
