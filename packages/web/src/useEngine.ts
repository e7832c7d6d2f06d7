/**
 * Hooks over the engine worker: `useLiveResult` recalculates the deterministic result (with the
 * sensitivity analysis) shortly after each change, each recalculation timed as the performance
 * measure "sikt:recalculate" (request to answer); `useMonteCarlo` runs the uncertainty
 * analysis in one worker per core (navigator.hardwareConcurrency), each computing a share of
 * the blocks of iterations, with progress, and cancels by ending those workers. Every block has
 * its own random stream, so the result is the same for any number of workers.
 * @module
 */
import type { Catalog, Override } from "@sikt/catalog";
import type { Scenario, ScenarioResult } from "@sikt/engine";
import { useCallback, useEffect, useRef, useState } from "react";
import type { WorkerReply, WorkerRequest } from "./engine-messages";
import type { Lang } from "./format";

function newWorker(catalogs: Catalog[]): Worker {
  const w = new Worker(new URL("./engine.worker.ts", import.meta.url), { type: "module" });
  for (const catalog of catalogs) w.postMessage({ kind: "catalog", catalog } satisfies WorkerRequest);
  return w;
}

export interface Evaluated {
  result: ScenarioResult;
  scenario: Scenario;
  overrides: Override[];
}
export type LiveState =
  | { status: "pending" }
  | ({ status: "ok"; busy: boolean } & Evaluated)
  | { status: "invalid"; busy: boolean; issues: { path: string[]; message: string }[] };

export function useLiveResult(document: unknown, catalogs: Catalog[] | null, lang: Lang, delayMs = 250): LiveState {
  const [state, setState] = useState<LiveState>({ status: "pending" });
  const worker = useRef<Worker | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    if (!catalogs) return;
    const w = newWorker(catalogs);
    worker.current = w;
    w.onmessage = (e: MessageEvent<WorkerReply>) => {
      const r = e.data;
      if (r.id !== seq.current || r.type === "progress" || r.type === "part") return;
      // The recalculation, from the request to the answer (messages included): "sikt:recalculate".
      const mark = `sikt:recalculate:${r.id}`;
      if (performance.getEntriesByName(mark).length > 0) {
        performance.measure("sikt:recalculate", mark);
        performance.clearMarks(mark);
      }
      setState(r.type === "result" ? { status: "ok", busy: false, result: r.result, scenario: r.scenario, overrides: r.overrides } : { status: "invalid", busy: false, issues: r.issues });
    };
    return () => {
      w.terminate();
      worker.current = null;
    };
  }, [catalogs]);

  useEffect(() => {
    if (!catalogs || document === null) return;
    setState((s) => (s.status === "pending" ? s : { ...s, busy: true }));
    const timer = setTimeout(() => {
      const id = ++seq.current;
      performance.mark(`sikt:recalculate:${id}`);
      worker.current?.postMessage({ kind: "evaluate", id, document, iterations: 0, lang } satisfies WorkerRequest);
    }, delayMs);
    return () => clearTimeout(timer);
  }, [document, catalogs, lang, delayMs]);

  return state;
}

export type MonteCarloState =
  | { status: "idle" }
  | { status: "running"; share: number }
  | { status: "done"; result: ScenarioResult }
  | { status: "failed"; message: string };

/** The most Monte Carlo workers to start, whatever the core count. */
const MAX_WORKERS = 16;
/** Iterations per block of the engine (BLOCK_SIZE; no more workers than blocks). */
const BLOCK = 1024;

/** Workers for a Monte Carlo run: one per core, no more than there are blocks. */
export function monteCarloWorkers(iterations: number, cores = globalThis.navigator?.hardwareConcurrency ?? 1): number {
  return Math.max(1, Math.min(cores || 1, MAX_WORKERS, Math.ceil(iterations / BLOCK)));
}

export function useMonteCarlo(catalogs: Catalog[] | null, lang: Lang) {
  const [state, setState] = useState<MonteCarloState>({ status: "idle" });
  const workers = useRef<Worker[]>([]);
  const stop = useCallback(() => {
    for (const w of workers.current) w.terminate();
    workers.current = [];
  }, []);

  const cancel = useCallback(() => {
    stop();
    setState({ status: "idle" });
  }, [stop]);

  const run = useCallback(
    (document: unknown, iterations: number, seed?: number) => {
      if (!catalogs) return;
      stop();
      const parts = monteCarloWorkers(iterations);
      const ws = Array.from({ length: parts }, () => newWorker(catalogs));
      workers.current = ws;
      setState({ status: "running", share: 0 });
      const base = { id: 1, document, iterations, ...(seed === undefined ? {} : { seed }), lang };
      const done = new Array<number>(parts).fill(0);
      const buffers: (ArrayBuffer | undefined)[] = Array.from({ length: parts }, () => undefined);
      ws.forEach((w, part) => {
        w.onmessage = (e: MessageEvent<WorkerReply>) => {
          if (workers.current !== ws) return; // cancelled or replaced
          const r = e.data;
          if (r.type === "progress") {
            done[part] = r.done;
            const total = done.reduce((a, b) => a + b, 0);
            setState({ status: "running", share: r.total > 0 ? Math.min(1, total / r.total) : 0 });
          } else if (r.type === "part") {
            buffers[r.part] = r.buffer;
            if (buffers.every((b) => b !== undefined)) {
              const all = buffers as ArrayBuffer[];
              (ws[0] as Worker).postMessage({ kind: "mc-summary", ...base, buffers: all } satisfies WorkerRequest, all);
            }
          } else {
            setState(r.type === "result" ? { status: "done", result: r.result } : { status: "failed", message: r.issues.map((i) => i.message).join("; ") });
            stop();
          }
        };
        w.postMessage({ kind: "mc-part", ...base, part, parts } satisfies WorkerRequest);
      });
    },
    [catalogs, lang, stop],
  );

  useEffect(() => stop, [stop]);
  /** Forget a finished analysis (the scenario changed). */
  const reset = useCallback(() => setState((s) => (s.status === "running" ? s : { status: "idle" })), []);
  return { state, run, cancel, reset };
}
