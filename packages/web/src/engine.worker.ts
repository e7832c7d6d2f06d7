/**
 * The engine in a web worker: resolves a scenario document against the catalogues it was
 * given, validates it and evaluates it, so that the page stays responsive while the user types.
 * Monte Carlo runs in several such workers, each computing a part of the blocks of iterations
 * ("mc-part"), and one of them summarising the parts ("mc-summary"); each block has its own
 * random stream, so the result is the same for any number of workers. Cancelling terminates them.
 */
import { type Catalog, type Override, resolveScenario } from "@sikt/catalog";
import {
  assembleMcParts,
  BLOCK_SIZE,
  compile,
  createWorkspace,
  evaluateDeterministic,
  evaluateScenario,
  issueMessage,
  mcPartBuffers,
  monteCarloSettings,
  parseScenario,
  partBlocks,
  type Scenario,
  simulateBlocks,
  summarizeMonteCarlo,
} from "@sikt/engine";
import type { WorkerReply, WorkerRequest } from "./engine-messages";

const catalogs = new Map<string, Catalog>();

const reply = (r: WorkerReply, transfer: Transferable[] = []) => self.postMessage(r, { transfer });

/** The validated scenario of a document, or null after replying with its problems. */
function prepare(m: { id: number; document: unknown; lang: "sv" | "en" }): { scenario: Scenario; overrides: Override[] } | null {
  const resolved = resolveScenario(m.document, [...catalogs.values()]);
  const issues = resolved.ok ? undefined : resolved.issues;
  const parsed = resolved.ok ? parseScenario(resolved.scenario) : undefined;
  const all = issues ?? (parsed && !parsed.ok ? parsed.issues : undefined);
  if (all || !parsed?.ok || !resolved.ok) {
    reply({ id: m.id, type: "invalid", issues: (all ?? []).map((i) => ({ path: i.path.map(String), message: issueMessage(i, m.lang) })) });
    return null;
  }
  return { scenario: parsed.scenario, overrides: resolved.overrides };
}

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const m = e.data;
  if (m.kind === "catalog") {
    catalogs.set(m.catalog.id, m.catalog);
    return;
  }
  try {
    const p = prepare(m);
    if (!p) return;
    const settings = { iterations: m.iterations, ...(m.seed === undefined ? {} : { seed: m.seed }) };
    if (m.kind === "evaluate") {
      const result = evaluateScenario(p.scenario, {
        ...settings,
        sensitivity: m.iterations === 0,
        onProgress: (done, total) => reply({ id: m.id, type: "progress", done, total }),
      });
      reply({ id: m.id, type: "result", result, scenario: p.scenario, overrides: p.overrides });
      return;
    }
    const model = compile(p.scenario);
    const { iterations, seed } = monteCarloSettings(p.scenario, settings);
    if (m.kind === "mc-part") {
      const [first, end] = partBlocks(iterations, m.parts, m.part);
      const out = mcPartBuffers(model, iterations, first, end);
      const ws = createWorkspace(model);
      for (let b = first; b < end; b++) {
        simulateBlocks(model, seed, b, b + 1, out, ws);
        reply({ id: m.id, type: "progress", done: Math.min(out.iterations, (b + 1 - first) * BLOCK_SIZE), total: iterations });
      }
      const buffer = out.npv.buffer as ArrayBuffer;
      reply({ id: m.id, type: "part", part: m.part, buffer }, [buffer]);
      return;
    }
    const parts = m.buffers.map((buffer, k) => {
      const [first, end] = partBlocks(iterations, m.buffers.length, k);
      return mcPartBuffers(model, iterations, first, end, buffer);
    });
    const result = {
      deterministic: evaluateDeterministic(model),
      monteCarlo: summarizeMonteCarlo(model, seed, assembleMcParts(model, iterations, parts)),
    };
    reply({ id: m.id, type: "result", result, scenario: p.scenario, overrides: p.overrides });
  } catch (err) {
    reply({ id: m.id, type: "invalid", issues: [{ path: [], message: err instanceof Error ? err.message : String(err) }] });
  }
};
