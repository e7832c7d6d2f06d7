/**
 * Runs: a version evaluated in the background, followed by Server-Sent Events (store/runs.ts,
 * runs.ts; contract: runs.ts).
 * @module
 */
import * as api from "@sikt/contract";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import { idParam, notFound, readBody } from "../http.js";
import { tooMany } from "../limits.js";
import type { AppContext, AppEnv } from "./context.js";

export function runRoutes(x: AppContext): void {
  const { store, runs, workLimits, watch, routes, auth, analyst, actor, lang, scenarioFor, auditSharedAccess, audit, versionOf } = x;

  // Runs

  routes.add(
    "post",
    "/api/scenarios/:id/runs",
    { summary: "Evaluate a version in the background (202); follow it at /api/runs/{id}/events", tag: "runs", body: api.runBody, response: api.runSchema, status: 202 },
    auth,
    analyst,
    async (c) => {
      const body = await readBody(c, api.runBody, {});
      const { scenario, actor: a } = await scenarioFor(c, "edit");
      const v = await versionOf(scenario.id, body.version ?? scenario.latestVersion);
      // The limits (iterations, size, runs in progress per organisation and user) hold whether
      // the iterations are asked for here or are the scenario's own (monteCarlo.iterations).
      const run = await runs.submit({
        organisationId: a.organisationId,
        scenarioId: scenario.id,
        version: v.version,
        document: v.document,
        userId: a.userId,
        lang: lang(c),
        ...(body.iterations === undefined ? {} : { iterations: body.iterations }),
        ...(body.seed === undefined ? {} : { seed: body.seed }),
      });
      await audit(a, "run.submit", "run", run.id, { scenarioId: scenario.id, version: v.version, iterations: run.iterations, seed: run.seed });
      return c.json(run, 202);
    },
  );

  routes.add("get", "/api/scenarios/:id/runs", { summary: "Recent runs of a scenario (without results)", tag: "runs", response: z.array(api.runSchema) }, auth, async (c) => {
    const { scenario } = await scenarioFor(c, "read");
    return c.json(await store.listRuns(scenario.id));
  });

  /** A run, if the caller may read its scenario. */
  async function runFor(c: Context<AppEnv>) {
    const id = idParam(c, "runId", "run");
    const run = await store.getRun(id);
    if (!run) throw notFound("run");
    const a = actor(c);
    const scenario = await store.getScenario(run.scenarioId, a.organisationId);
    if (!scenario) throw notFound("run");
    await auditSharedAccess(c, scenario, "run", id);
    return run;
  }

  routes.add("get", "/api/runs/:runId", { summary: "A run with its resolved scenario and result", tag: "runs", response: api.runSchema }, auth, async (c) => c.json(await runFor(c)));

  routes.add(
    "get",
    "/api/runs/:runId/events",
    { summary: "Progress as Server-Sent Events: `progress` events, then one `done` or `failed` event with the run", tag: "runs", produces: "text/event-stream", errors: [429] },
    auth,
    async (c) => {
      const first = await runFor(c);
      const userId = actor(c).userId;
      const l = lang(c);
      if (watch.streams() >= workLimits.streams)
        throw tooMany(
          l,
          "too_many_streams",
          `Servern har redan ${workLimits.streams} förloppsströmmar öppna (gränsen, SIKT_STREAMS); hämta körningen med GET /api/runs/{id} i stället, eller försök igen om en stund.`,
          `The server already has ${workLimits.streams} progress streams open (the limit, SIKT_STREAMS); read the run with GET /api/runs/{id} instead, or try again shortly.`,
          { name: "streams", value: workLimits.streams },
        );
      if (watch.streams(userId) >= workLimits.streamsPerUser)
        throw tooMany(
          l,
          "too_many_streams",
          `Du har redan ${workLimits.streamsPerUser} förloppsströmmar öppna (gränsen per användare, SIKT_STREAMS_PER_USER); stäng några flikar eller vänta tills körningarna är klara.`,
          `You already have ${workLimits.streamsPerUser} progress streams open (the limit per user, SIKT_STREAMS_PER_USER); close some tabs or wait until the runs are done.`,
          { name: "streamsPerUser", value: workLimits.streamsPerUser },
        );
      const close = watch.opened(userId);
      return streamSSE(c, async (stream) => {
        // Every open stream shares one query per tick (RunWatch), however many are open.
        let state = { status: first.status, progress: first.progress };
        let wake: (() => void) | undefined;
        const unwatch = watch.watch(first.id, (r) => {
          state = r;
          wake?.();
        });
        stream.onAbort(() => wake?.());
        let last = -1;
        try {
          for (;;) {
            if (state.status === "done" || state.status === "failed") {
              const run = state.status === first.status ? first : await store.getRun(first.id);
              if (run) await stream.writeSSE({ event: run.status, data: JSON.stringify({ ...run, resolved: undefined, result: undefined }) });
              return;
            }
            if (state.progress !== last) {
              last = state.progress;
              await stream.writeSSE({ event: "progress", data: JSON.stringify({ status: state.status, progress: state.progress }) });
            }
            await new Promise<void>((ok) => (wake = ok));
            wake = undefined;
            if (stream.aborted) return;
          }
        } finally {
          unwatch();
          close();
        }
      });
    },
  );
}
