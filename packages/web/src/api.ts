/**
 * The server's API as the app uses it: JSON over fetch with the session cookie, the CSRF
 * token on writes, and errors as `ApiError` with the problems by path.
 * @module
 */
import type { ScenarioResult, SharingResult } from "@sikt/engine";
import type { ActionPlan, ActualInput, CsvProblemCode, DidResult, Indicator, IndicatorKind, IndicatorView, Lagesbild, PlanFollowUp, Places, PointGender, Reach, ReachView, Service, StarterKpi, SyntheticResult } from "@sikt/followup";

export type { SharingResult };

export interface Problem {
  path: (string | number)[];
  code: string;
  message: string;
}

/** A problem with an imported file: by line and column (CSV) or by path (Kolada JSON). */
export interface ImportProblem {
  line?: number;
  column?: string;
  path?: (string | number)[];
  message: string;
  /** A CSV line's problem by its code, said in the reader's language. */
  problem?: CsvProblemCode;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: Problem[] = [],
    readonly latestVersion?: number,
    /** The problems of a refused import (422), each by line or path. */
    readonly problems: ImportProblem[] = [],
  ) {
    super(message);
  }
  /** The whole error object the server sent (e.g. the organisations to choose from), and Retry-After. */
  detail: { organisations?: { id: string; name: string }[]; retryAfter?: number } = {};
}

export interface User {
  id: string;
  organisationId: string;
  email: string;
  name: string;
  role: "admin" | "analyst" | "viewer";
}
export interface Organisation {
  id: string;
  name: string;
  kind: string;
  municipalityCode: string | null;
}
export interface Session {
  user: User;
  organisation: Organisation;
  csrfToken: string;
  /** Logged in with a one-time password: it must be changed before anything else. */
  passwordChangeRequired: boolean;
}
export interface ScenarioSummary {
  id: string;
  organisationId: string;
  organisationName: string;
  name: string;
  latestVersion: number;
  createdAt: string;
  access: "owner" | "read" | "edit";
  /** The latest version a committee decided on, with its decision. */
  decided?: (Decision & { version: number }) | null;
}
export interface Decision {
  body: string;
  date: string;
  reference: string;
}
export interface VersionInfo {
  scenarioId: string;
  version: number;
  message: string | null;
  createdAt: string;
  createdBy: string | null;
  decision: Decision | null;
}
export interface ScenarioVersion extends VersionInfo {
  document: Record<string, unknown>;
}
export interface Change {
  path: string;
  kind: "added" | "removed" | "changed";
  from?: unknown;
  to?: unknown;
}
export interface Run {
  id: string;
  scenarioId: string;
  version: number;
  status: "queued" | "running" | "done" | "failed";
  progress: number;
  iterations: number;
  seed: number;
  engineVersion: string | null;
  result: ScenarioResult | null;
  createdAt: string;
}
export interface CatalogSummary {
  id: string;
  name: string;
  priceYear: number;
  description?: string;
}

export interface Analysis {
  scenario: { name: string; startYear: number; horizonYears: number; priceYear: number; interventions: { id: string; name: string }[] };
  budget: { id: string; name: string; group: string; years: { year: number; costs: number; savings: number; net: number; cumulativeNet: number; outOfPocket: boolean }[]; outOfPocketYears: number[]; breakEvenYear: number | null; npv: number; paybackYear: number | null }[];
  sharing: { proposal: SharingResult; finsam: { agreement: Record<string, number>; result: SharingResult }; agreement?: { agreement: Record<string, number>; result: SharingResult }; scoped?: { result: SharingResult } };
  continuity?: { projectYears: number; permanent: Summary; project: Summary };
}
interface Summary {
  pvCosts: number;
  pvSavings: number;
  npv: number;
  bcr: number | null;
  paybackYear: number | null;
}
export interface FundRecord {
  id: string;
  name: string;
  definition: {
    name: string;
    capital: number;
    startYear: number;
    endYear: number;
    investments: { scenarioId: string; outlays: { year: number; amount: number }[]; repayment: { kind: string; share?: number; payers?: string[] }; evaluationPlan?: string }[];
  };
  updatedAt: string;
}
export interface FundEvaluation {
  fund: { years: { year: number; outlays: number; repayments: number; balance: number }[]; byInvestment: { id: string; outlays: number; repaid: number; repaidYear: number | null }[]; solvent: boolean; capitalBackYear: number | null; revolves: boolean };
  municipalResult: { year: number; costs: number; savings: number; result: number; fundOutlays: number; resultWithFundUseSetAside: number }[];
  band?: { iterations: number; years: { year: number; p05: number; p50: number; p95: number }[]; probabilityRevolves: number };
}

let csrf = "";

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrf) headers["x-csrf-token"] = csrf;
  const lang = document.documentElement.lang;
  if (lang) headers["accept-language"] = lang;
  const res = await fetch(path, { method, headers, credentials: "same-origin", ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => null)) as { error?: { code: string; message: string; issues?: Problem[]; latestVersion?: number; problems?: ImportProblem[] } } | null;
  if (!res.ok) {
    const e = data?.error;
    const err = new ApiError(res.status, e?.code ?? "http", e?.message ?? `HTTP ${res.status}`, e?.issues ?? [], e?.latestVersion, Array.isArray(e?.problems) ? e.problems : []);
    err.detail = { ...(data?.error ?? {}), retryAfter: Number(res.headers.get("retry-after") ?? 0) };
    throw err;
  }
  return data as T;
}

export const api = {
  async login(email: string, password: string, organisationId?: string): Promise<Session> {
    const s = await call<Session>("POST", "/api/session", { email, password, ...(organisationId ? { organisationId } : {}) });
    csrf = s.csrfToken;
    return s;
  },
  /** Changes the own password; this session stays, the others end. */
  changePassword: (currentPassword: string, newPassword: string) => call<void>("POST", "/api/session/password", { currentPassword, newPassword }),
  async session(): Promise<Session | null> {
    try {
      const s = await call<Session>("GET", "/api/session");
      csrf = s.csrfToken;
      return s;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  },
  logout: () => call<void>("DELETE", "/api/session"),
  scenarios: () => call<ScenarioSummary[]>("GET", "/api/scenarios"),
  scenario: (id: string) => call<{ scenario: ScenarioSummary; versions: VersionInfo[] }>("GET", `/api/scenarios/${id}`),
  version: (id: string, v: number) => call<ScenarioVersion>("GET", `/api/scenarios/${id}/versions/${v}`),
  create: (document: unknown, message?: string) =>
    call<{ scenario: ScenarioSummary; version: ScenarioVersion }>("POST", "/api/scenarios", { document, ...(message ? { message } : {}) }),
  save: (id: string, baseVersion: number, document: unknown, message?: string) =>
    call<{ scenario: ScenarioSummary; version: ScenarioVersion }>("POST", `/api/scenarios/${id}/versions`, { baseVersion, document, ...(message ? { message } : {}) }),
  compare: (id: string, from: number, to: number) => call<{ from: number; to: number; changes: Change[] }>("GET", `/api/scenarios/${id}/compare?from=${from}&to=${to}`),
  restore: (id: string, v: number, baseVersion: number) =>
    call<{ scenario: ScenarioSummary; version: ScenarioVersion }>("POST", `/api/scenarios/${id}/versions/${v}/restore`, { baseVersion }),
  decide: (id: string, v: number, d: Decision) => call<VersionInfo>("PUT", `/api/scenarios/${id}/versions/${v}/decision`, d),
  analysis: (id: string, v: number, body: Record<string, unknown>) => call<Analysis>("POST", `/api/scenarios/${id}/versions/${v}/analysis`, body),
  fund: (body: Record<string, unknown>) => call<FundEvaluation>("POST", "/api/fund/evaluate", body),
  funds: () => call<FundRecord[]>("GET", "/api/funds"),
  saveFund: (definition: Record<string, unknown>, id?: string) => (id ? call<FundRecord>("PUT", `/api/funds/${id}`, definition) : call<FundRecord>("POST", "/api/funds", definition)),
  catalogs: () => call<CatalogSummary[]>("GET", "/api/catalog"),
  catalog: (id: string) => call<Record<string, unknown>>("GET", `/api/catalog/${id}`),
};

/** A versioned document of the follow-up loop (lägesbild, plan, service). */
export interface Doc<T> {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  body: T;
}
export interface ImportResult {
  indicators: Indicator[];
  /** How many values were stored (a count, or the values themselves). */
  points: number | unknown[];
  /** Kolada: values listed without a number (left out), pages and requests read, and what could not be read beside the values. */
  missing?: number;
  pages?: number;
  requests?: number;
  warnings?: string[];
}
export interface KoladaOptions {
  name?: string | undefined;
  unit?: string | undefined;
  kind?: IndicatorKind | undefined;
  higherIsBetter?: boolean | undefined;
}
export interface KeyFigures {
  npv: number;
  bcr: number | null;
  pvCosts: number;
  pvSavings: number;
  paybackYear: number | null;
}
/** A measure's scenario as planned and re-run with the actual participants and costs. */
export interface Rerun {
  scenario?: string;
  planned: KeyFigures;
  actual: KeyFigures;
  yearsReported?: number[];
}
export type ServiceDoc = Doc<Service> & { reach: ReachView };

/** Key figures of a re-run beside an observed effect: deterministic, and the Monte Carlo probability of gaining. */
export interface RerunFigures {
  npv: number;
  bcr: number | null;
  pvCosts: number;
  pvSavings: number;
  probabilityNpvPositive: number | null;
  iterations: number;
  seed: number | null;
}
/** How an observed effect updates the measure's calculation (docs/followup.md, "What a measure did"). */
export type EffectUpdate =
  | {
      status: "ok";
      scenarioId: string;
      scenarioName: string;
      interventionId: string;
      interventionName: string;
      outcomeId: string;
      outcomeName: string;
      kind: "relativeRiskReduction" | "oddsRatio" | "standardizedMeanDifference";
      sizeBefore: unknown;
      sizeAfter: { dist: string; mean: number; sd: number };
      observed: { mean: number; sd: number; populationRiskRatio: number; counterfactualLevel: number; levelAfter: number };
      prior: { mean: number; sd: number };
      posterior: { mean: number; sd: number };
      effectiveBefore: number;
      effectiveAfter: number;
      weightOfObservation: number;
      priorSdAssumed: boolean;
      before: RerunFigures;
      after: RerunFigures;
    }
  | { status: "no-scenario" }
  | { status: "choose-outcome"; outcomes: { id: string; name: string }[] }
  | { status: "not-expressible"; reason: string };
/** A stored estimate of what a measure did. */
export interface EffectEstimate {
  id: string;
  planId: string;
  measureId: string;
  year: number;
  createdAt: string;
  input: EffectRequest;
  result: {
    measureId: string;
    year: number;
    input: EffectRequest & { place: string; startYear: number };
    indicator: { id: string; name: string; unit: string; higherIsBetter: boolean; per100k: boolean };
    treated: { place: string; name: string };
    did: DidResult;
    synthetic: SyntheticResult;
    update: EffectUpdate | null;
  };
  adopted: { scenarioId: string; version: number } | null;
}
export interface EffectRequest {
  indicatorId: string;
  place?: string;
  comparison?: "peers" | "areas" | string[];
  startYear?: number;
  coverage?: number;
  outcomeId?: string;
}

const docs = <T>(base: string) => ({
  list: () => call<Doc<T>[]>("GET", base),
  get: (id: string) => call<Doc<T>>("GET", `${base}/${id}`),
  create: (body: T) => call<Doc<T>>("POST", base, body),
  save: (id: string, baseVersion: number, body: T) => call<Doc<T>>("PUT", `${base}/${id}`, { baseVersion, body }),
  remove: (id: string) => call<void>("DELETE", `${base}/${id}`),
});

/** Lägesbild, action plans and follow-up (docs/followup.md). */
export const followupApi = {
  places: () => call<Places>("GET", "/api/places"),
  savePlaces: (p: Places) => call<Places>("PUT", "/api/places", p),
  indicators: () => call<Indicator[]>("GET", "/api/indicators"),
  indicator: (id: string, gender?: PointGender) => call<IndicatorView>("GET", `/api/indicators/${id}${gender ? `?gender=${gender}` : ""}`),
  saveIndicator: (id: string, body: Omit<Indicator, "id">) => call<Indicator>("PUT", `/api/indicators/${id}`, body),
  deleteIndicator: (id: string) => call<void>("DELETE", `/api/indicators/${id}`),
  importCsv: (csv: string, source: string, higherIsBetter?: boolean) => call<ImportResult>("POST", "/api/indicators/import/csv", { csv, source, ...(higherIsBetter === undefined ? {} : { higherIsBetter }) }),
  importKolada: (response: unknown, o: KoladaOptions & { metadata?: boolean }) => call<ImportResult>("POST", "/api/indicators/import/kolada", { response, ...o }),
  importKoladaOnline: (kpis: string[], years: number[], o: KoladaOptions & { ous?: string[] | undefined }) =>
    call<ImportResult>("POST", "/api/indicators/import/kolada-online", { kpis, years, ...o, ...(o.ous && o.ous.length > 0 ? { ous: o.ous } : { ous: undefined }) }),
  koladaStarter: () => call<StarterKpi[]>("GET", "/api/kolada/starter"),
  lagesbilder: docs<Lagesbild>("/api/lagesbilder"),
  plans: docs<ActionPlan>("/api/plans"),
  followUp: (id: string) => call<PlanFollowUp>("GET", `/api/plans/${id}/followup`),
  saveActuals: (id: string, actuals: ActualInput[]) => call<PlanFollowUp>("PUT", `/api/plans/${id}/actuals`, { actuals }),
  /** The counts the signed-in user entered, raw: for that user's entry form only. */
  ownCounts: (id: string) => call<{ counts: { measureId: string; year: number; participants: number }[] }>("GET", `/api/plans/${id}/actuals/mine`),
  rerun: (id: string, measureId: string) => call<Rerun>("POST", `/api/plans/${id}/measures/${measureId}/rerun`),
  effects: (id: string) => call<EffectEstimate[]>("GET", `/api/plans/${id}/effects`),
  estimateEffect: (id: string, measureId: string, body: EffectRequest) => call<EffectEstimate>("POST", `/api/plans/${id}/measures/${measureId}/effect`, body),
  adoptEffect: (id: string, estimateId: string) => call<{ scenarioId: string; version: number }>("POST", `/api/plans/${id}/effects/${estimateId}/adopt`, {}),
  services: {
    ...docs<Service>("/api/services"),
    get: (id: string) => call<ServiceDoc>("GET", `/api/services/${id}`),
  },
  saveReach: (id: string, reach: Reach) => call<ReachView>("PUT", `/api/services/${id}/reach`, reach),
  deleteReach: (id: string, period: string) => call<ReachView>("DELETE", `/api/services/${id}/reach/${encodeURIComponent(period)}`),
};

/** An error as the reader sees it: the server's message and, where given, its problems by path. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.issues.length ? `${e.message} ${e.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; ")}` : e.message;
  return e instanceof Error ? e.message : String(e);
}
