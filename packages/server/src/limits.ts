/**
 * Fair use: the limits on how much work one request, one user and one organisation may ask of
 * the server (docs/security.md, "Fair use"). Every limit has a default and an environment
 * variable; each refusal names the limit, in Swedish or English.
 * @module
 */
import type { Lang } from "@sikt/engine";
import { HttpError } from "./http.js";

export interface WorkLimits {
  /** Monte Carlo iterations of one run, fund band or analysis (SIKT_MAX_ITERATIONS). */
  maxIterations: number;
  /** Interventions × years of the scenarios one evaluation may take (SIKT_MAX_CELLS). */
  maxCells: number;
  /** Iterations × interventions × years of one Monte Carlo evaluation (SIKT_MAX_DRAW_CELLS). */
  maxDrawCells: number;
  /** Seconds a report, analysis, fund evaluation or validation may compute (SIKT_TASK_SECONDS). */
  taskSeconds: number;
  /** Seconds a run may compute before it is stopped and marked failed (SIKT_RUN_SECONDS). */
  runSeconds: number;
  /** Queued and running runs of one organisation (SIKT_RUNS_PER_ORGANISATION). */
  runsPerOrganisation: number;
  /** Queued and running runs of one user (SIKT_RUNS_PER_USER). */
  runsPerUser: number;
  /** Reports, analyses and fund evaluations one user may have in progress at once (SIKT_TASKS_PER_USER). */
  tasksPerUser: number;
  /** Open progress streams of one user (SIKT_STREAMS_PER_USER). */
  streamsPerUser: number;
  /** Open progress streams of the whole server process (SIKT_STREAMS). */
  streams: number;
}

export const DEFAULT_LIMITS: WorkLimits = {
  maxIterations: 200_000,
  maxCells: 20_000,
  maxDrawCells: 1_000_000_000,
  taskSeconds: 30,
  runSeconds: 600,
  runsPerOrganisation: 20,
  runsPerUser: 5,
  tasksPerUser: 2,
  streamsPerUser: 10,
  streams: 200,
};

const ENV: Record<keyof WorkLimits, string> = {
  maxIterations: "SIKT_MAX_ITERATIONS",
  maxCells: "SIKT_MAX_CELLS",
  maxDrawCells: "SIKT_MAX_DRAW_CELLS",
  taskSeconds: "SIKT_TASK_SECONDS",
  runSeconds: "SIKT_RUN_SECONDS",
  runsPerOrganisation: "SIKT_RUNS_PER_ORGANISATION",
  runsPerUser: "SIKT_RUNS_PER_USER",
  tasksPerUser: "SIKT_TASKS_PER_USER",
  streamsPerUser: "SIKT_STREAMS_PER_USER",
  streams: "SIKT_STREAMS",
};

/** The limits, each from its environment variable when set (a whole number ≥ 1). */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): WorkLimits {
  const out = { ...DEFAULT_LIMITS };
  for (const [key, name] of Object.entries(ENV) as [keyof WorkLimits, string][]) {
    const raw = env[name];
    if (raw === undefined || raw === "") continue;
    const n = Number(raw);
    if (!(Number.isSafeInteger(n) && n >= 1)) throw new Error(`${name} must be a whole number ≥ 1, not ${JSON.stringify(raw)}`);
    out[key] = n;
  }
  return out;
}

/** The size of a scenario document as the limits count it; read from the raw document, no parsing. */
export function scenarioSize(document: unknown): { interventions: number; years: number; cells: number } {
  const d = (document ?? {}) as { interventions?: unknown; horizonYears?: unknown };
  const interventions = Array.isArray(d.interventions) ? d.interventions.length : 0;
  const years = typeof d.horizonYears === "number" && Number.isFinite(d.horizonYears) ? Math.max(1, Math.ceil(d.horizonYears)) : 1;
  return { interventions, years, cells: Math.max(1, interventions) * years };
}

const n = (x: number, lang: Lang) => x.toLocaleString(lang === "sv" ? "sv-SE" : "en-GB");

/**
 * Refuses (422) work on scenarios larger than the limits: `documents` together, at `iterations`
 * Monte Carlo iterations. `what` names the work ("the report", "the run").
 */
export function checkWork(limits: WorkLimits, lang: Lang, documents: readonly unknown[], iterations: number, path: (string | number)[] = ["iterations"]): void {
  if (iterations > limits.maxIterations)
    throw new HttpError(
      422,
      "too_many_iterations",
      lang === "sv"
        ? `${n(iterations, lang)} iterationer begärdes; gränsen är ${n(limits.maxIterations, lang)} per beräkning (SIKT_MAX_ITERATIONS).`
        : `${n(iterations, lang)} iterations were asked for; the limit is ${n(limits.maxIterations, lang)} per evaluation (SIKT_MAX_ITERATIONS).`,
      { limit: { name: "maxIterations", value: limits.maxIterations }, issues: [{ path, code: "too_big", message: `at most ${limits.maxIterations}` }] },
    );
  const sizes = documents.map(scenarioSize);
  const cells = sizes.reduce((a, s) => a + s.cells, 0);
  if (cells > limits.maxCells) {
    const one = sizes.length === 1 ? sizes[0] : undefined;
    const shape = one ? `${n(one.interventions, lang)} × ${n(one.years, lang)} = ${n(cells, lang)}` : n(cells, lang);
    throw new HttpError(
      422,
      "scenario_too_large",
      lang === "sv"
        ? `Scenariot är för stort för servern: insatser × år = ${shape}; gränsen är ${n(limits.maxCells, lang)} (SIKT_MAX_CELLS). Dela upp det i mindre scenarier eller beräkna det med kommandot sikt.`
        : `The scenario is too large for the server: interventions × years = ${shape}; the limit is ${n(limits.maxCells, lang)} (SIKT_MAX_CELLS). Split it into smaller scenarios or evaluate it with the sikt command.`,
      { limit: { name: "maxCells", value: limits.maxCells, requested: cells } },
    );
  }
  if (iterations * cells > limits.maxDrawCells)
    throw new HttpError(
      422,
      "too_much_work",
      lang === "sv"
        ? `${n(iterations, lang)} iterationer × ${n(cells, lang)} (insatser × år) är mer än servern beräknar åt gången: gränsen är ${n(limits.maxDrawCells, lang)} (SIKT_MAX_DRAW_CELLS). Begär färre iterationer.`
        : `${n(iterations, lang)} iterations × ${n(cells, lang)} (interventions × years) is more than the server evaluates at once: the limit is ${n(limits.maxDrawCells, lang)} (SIKT_MAX_DRAW_CELLS). Ask for fewer iterations.`,
      { limit: { name: "maxDrawCells", value: limits.maxDrawCells, requested: iterations * cells }, issues: [{ path, code: "too_big", message: `at most ${Math.floor(limits.maxDrawCells / cells)} for this scenario` }] },
    );
}

/** 422 for work that ran past its time limit. */
export function timeLimit(lang: Lang, seconds: number, what: { sv: string; en: string }): HttpError {
  return new HttpError(
    422,
    "time_limit",
    lang === "sv"
      ? `${what.sv} tog längre tid än gränsen ${seconds} s (SIKT_TASK_SECONDS) och avbröts. Gör scenariot mindre eller beräkna det med kommandot sikt.`
      : `${what.en} took longer than the limit of ${seconds} s (SIKT_TASK_SECONDS) and was stopped. Make the scenario smaller or evaluate it with the sikt command.`,
    { limit: { name: "taskSeconds", value: seconds } },
  );
}

/** 429: too much at once; `retryAfter` in seconds. */
export function tooMany(lang: Lang, code: string, sv: string, en: string, limit: { name: keyof WorkLimits; value: number }): HttpError {
  return new HttpError(429, code, lang === "sv" ? sv : en, { limit });
}
