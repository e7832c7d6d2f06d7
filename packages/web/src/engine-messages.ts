/** Messages between the page and the engine workers. */
import type { Catalog, Override } from "@sikt/catalog";
import type { Scenario, ScenarioResult } from "@sikt/engine";
import type { Lang } from "./format";

export type WorkerRequest =
  | { kind: "catalog"; catalog: Catalog }
  | { kind: "evaluate"; id: number; document: unknown; iterations: number; seed?: number; lang: Lang }
  /** Monte Carlo blocks of part `part` of `parts` (engine `partBlocks`), answered with a "part". */
  | { kind: "mc-part"; id: number; document: unknown; iterations: number; seed?: number; lang: Lang; part: number; parts: number }
  /** The result from every part's buffers (in part order): the deterministic result and the summary. */
  | { kind: "mc-summary"; id: number; document: unknown; iterations: number; seed?: number; lang: Lang; buffers: ArrayBuffer[] };

export type WorkerReply =
  | { id: number; type: "progress"; done: number; total: number }
  | { id: number; type: "part"; part: number; buffer: ArrayBuffer }
  | { id: number; type: "result"; result: ScenarioResult; scenario: Scenario; overrides: Override[] }
  | { id: number; type: "invalid"; issues: { path: string[]; message: string }[] };
