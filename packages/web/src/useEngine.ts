/**
 * Hooks over the engine worker: `useLiveResult` recalculates the deterministic result (with the
 * sensitivity analysis) shortly after each change; `useMonteCarlo` runs the uncertainty
 * analysis in its own worker with progress, and cancels by ending that worker.
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
      if (r.id !== seq.current || r.type === "progress") return;
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

export function useMonteCarlo(catalogs: Catalog[] | null, lang: Lang) {
  const [state, setState] = useState<MonteCarloState>({ status: "idle" });
  const worker = useRef<Worker | null>(null);

  const cancel = useCallback(() => {
    worker.current?.terminate();
    worker.current = null;
    setState({ status: "idle" });
  }, []);

  const run = useCallback(
    (document: unknown, iterations: number, seed?: number) => {
      if (!catalogs) return;
      worker.current?.terminate();
      const w = newWorker(catalogs);
      worker.current = w;
      setState({ status: "running", share: 0 });
      w.onmessage = (e: MessageEvent<WorkerReply>) => {
        const r = e.data;
        if (r.type === "progress") setState({ status: "running", share: r.total > 0 ? r.done / r.total : 0 });
        else {
          setState(r.type === "result" ? { status: "done", result: r.result } : { status: "failed", message: r.issues.map((i) => i.message).join("; ") });
          w.terminate();
          worker.current = null;
        }
      };
      w.postMessage({ kind: "evaluate", id: 1, document, iterations, ...(seed === undefined ? {} : { seed }), lang } satisfies WorkerRequest);
    },
    [catalogs, lang],
  );

  useEffect(() => () => worker.current?.terminate(), []);
  /** Forget a finished analysis (the scenario changed). */
  const reset = useCallback(() => setState((s) => (s.status === "running" ? s : { status: "idle" })), []);
  return { state, run, cancel, reset };
}
