/**
 * The engine in a web worker: resolves a scenario document against the catalogues it was
 * given, validates it and evaluates it, so that the page stays responsive while the user types.
 * Monte Carlo runs report progress; cancelling terminates the worker.
 */
import { type Catalog, resolveScenario } from "@sikt/catalog";
import { evaluateScenario, issueMessage, parseScenario } from "@sikt/engine";
import type { WorkerReply, WorkerRequest } from "./engine-messages";

const catalogs = new Map<string, Catalog>();

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const m = e.data;
  if (m.kind === "catalog") {
    catalogs.set(m.catalog.id, m.catalog);
    return;
  }
  const reply = (r: WorkerReply) => self.postMessage(r);
  try {
    const resolved = resolveScenario(m.document, [...catalogs.values()]);
    const issues = resolved.ok ? undefined : resolved.issues;
    const parsed = resolved.ok ? parseScenario(resolved.scenario) : undefined;
    const all = issues ?? (parsed && !parsed.ok ? parsed.issues : undefined);
    if (all || !parsed?.ok || !resolved.ok) {
      reply({ id: m.id, type: "invalid", issues: (all ?? []).map((i) => ({ path: i.path.map(String), message: issueMessage(i, m.lang) })) });
      return;
    }
    const result = evaluateScenario(parsed.scenario, {
      iterations: m.iterations,
      ...(m.seed === undefined ? {} : { seed: m.seed }),
      sensitivity: m.iterations === 0,
      onProgress: (done, total) => reply({ id: m.id, type: "progress", done, total }),
    });
    reply({ id: m.id, type: "result", result, scenario: parsed.scenario, overrides: resolved.overrides });
  } catch (err) {
    reply({ id: m.id, type: "invalid", issues: [{ path: [], message: err instanceof Error ? err.message : String(err) }] });
  }
};
