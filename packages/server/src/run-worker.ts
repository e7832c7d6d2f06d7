/**
 * A worker thread of the run pool: evaluates one resolved scenario at a time and reports
 * progress. The request threads never compute.
 * @module
 */
import { parentPort } from "node:worker_threads";
import { evaluateScenario, parseScenario } from "@sikt/engine";

export interface RunTask {
  scenario: unknown;
  iterations: number;
  seed: number;
}
export type WorkerTask = RunTask;

export type RunMessage =
  | { type: "progress"; done: number; total: number }
  | { type: "done"; result: unknown }
  | { type: "failed"; error: { code: string; detail: string } };

const port = parentPort;
if (port) {
  port.on("message", (task: WorkerTask) => {
    try {
      const parsed = parseScenario(task.scenario);
      if (!parsed.ok) {
        port.postMessage({ type: "failed", error: { code: "invalid", detail: JSON.stringify(parsed.issues) } } satisfies RunMessage);
        return;
      }
      const result = evaluateScenario(parsed.scenario, {
        iterations: task.iterations,
        seed: task.seed,
        onProgress: (done, total) => port.postMessage({ type: "progress", done, total } satisfies RunMessage),
      });
      port.postMessage({ type: "done", result } satisfies RunMessage);
    } catch (e) {
      port.postMessage({ type: "failed", error: { code: "engine", detail: e instanceof Error ? e.message : String(e) } } satisfies RunMessage);
    }
  });
}
