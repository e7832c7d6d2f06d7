/** Messages between the page and the engine worker. */
import type { Catalog, Override } from "@sikt/catalog";
import type { Scenario, ScenarioResult } from "@sikt/engine";
import type { Lang } from "./format";

export type WorkerRequest =
  | { kind: "catalog"; catalog: Catalog }
  | { kind: "evaluate"; id: number; document: unknown; iterations: number; seed?: number; lang: Lang };

export type WorkerReply =
  | { id: number; type: "progress"; done: number; total: number }
  | { id: number; type: "result"; result: ScenarioResult; scenario: Scenario; overrides: Override[] }
  | { id: number; type: "invalid"; issues: { path: string[]; message: string }[] };
