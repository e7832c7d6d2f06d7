/**
 * The server's API as the app uses it: JSON over fetch with the session cookie, the CSRF
 * token on writes, and errors as `ApiError` with the problems by path.
 * @module
 */
import type * as c from "@sikt/contract";
import type { ScenarioResult, SharingResult } from "@sikt/engine";
import type { CsvProblemCode, DidResult, IndicatorView, PlanFollowUp, PointGender, ReachView, SyntheticResult } from "@sikt/followup";
import type { z } from "zod";

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

// Requests and responses as the server's contract (@sikt/contract) defines them: a change of a
// schema there changes these types, and the pages that use a changed field stop compiling.
// Type-only imports: neither the contract nor zod goes into the bundle.
type Out<S extends z.ZodType> = z.output<S>;
type In<S extends z.ZodType> = z.input<S>;

export type User = Out<typeof c.userSchema>;
export type Organisation = Out<typeof c.organisationSchema>;
export type Session = Out<typeof c.sessionSchema>;
export type ScenarioSummary = Out<typeof c.scenarioSummarySchema>;
export type Decision = In<typeof c.decisionBody>;
export type VersionInfo = Out<typeof c.versionInfoSchema>;
export type ScenarioVersion = Out<typeof c.versionSchema>;
export type ScenarioDetail = Out<typeof c.scenarioDetailSchema>;
export type Saved = Out<typeof c.savedSchema>;
export type Comparison = Out<typeof c.compareSchema>;
export type Change = Comparison["changes"][number];
/** A run; its result is the engine's result object (the contract leaves it open). */
export type Run = Omit<Out<typeof c.runSchema>, "result"> & { result: ScenarioResult | null };
export type CatalogSummary = Out<typeof c.catalogSummarySchema>;
export type AnalysisRequest = In<typeof c.analysisBody>;
export type FundDefinition = In<typeof c.fundBody>;

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
export type FundRecord = Out<typeof c.fundRecordSchema>;
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
    const s = await call<Session>("POST", "/api/session", { email, password, ...(organisationId ? { organisationId } : {}) } satisfies In<typeof c.loginBody>);
    csrf = s.csrfToken;
    return s;
  },
  /** Changes the own password; this session stays, the others end. */
  changePassword: (currentPassword: string, newPassword: string) => call<void>("POST", "/api/session/password", { currentPassword, newPassword } satisfies In<typeof c.changePasswordBody>),
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
  scenario: (id: string) => call<ScenarioDetail>("GET", `/api/scenarios/${id}`),
  version: (id: string, v: number) => call<ScenarioVersion>("GET", `/api/scenarios/${id}/versions/${v}`),
  create: (document: Record<string, unknown>, message?: string) =>
    call<Saved>("POST", "/api/scenarios", { document, ...(message ? { message } : {}) } satisfies In<typeof c.createScenarioBody>),
  save: (id: string, baseVersion: number, document: Record<string, unknown>, message?: string) =>
    call<Saved>("POST", `/api/scenarios/${id}/versions`, { baseVersion, document, ...(message ? { message } : {}) } satisfies In<typeof c.saveVersionBody>),
  compare: (id: string, from: number, to: number) => call<Comparison>("GET", `/api/scenarios/${id}/compare?from=${from}&to=${to}`),
  restore: (id: string, v: number, baseVersion: number) => call<Saved>("POST", `/api/scenarios/${id}/versions/${v}/restore`, { baseVersion } satisfies In<typeof c.restoreBody>),
  decide: (id: string, v: number, d: Decision) => call<VersionInfo>("PUT", `/api/scenarios/${id}/versions/${v}/decision`, d),
  analysis: (id: string, v: number, body: AnalysisRequest) => call<Analysis>("POST", `/api/scenarios/${id}/versions/${v}/analysis`, body),
  fund: (body: FundDefinition) => call<FundEvaluation>("POST", "/api/fund/evaluate", body),
  funds: () => call<FundRecord[]>("GET", "/api/funds"),
  saveFund: (definition: FundDefinition, id?: string) => (id ? call<FundRecord>("PUT", `/api/funds/${id}`, definition) : call<FundRecord>("POST", "/api/funds", definition)),
  catalogs: () => call<CatalogSummary[]>("GET", "/api/catalog"),
  catalog: (id: string) => call<Record<string, unknown>>("GET", `/api/catalog/${id}`),
};

/** A versioned document of the follow-up loop (lägesbild, plan, service). */
export type Doc<T> = Omit<Out<ReturnType<typeof c.docSchema>>, "body"> & { body: T };
export type Lagesbild = Out<typeof c.lagesbildSchema>;
export type ActionPlan = Out<typeof c.planSchema>;
export type Service = Out<typeof c.serviceSchema>;
export type Indicator = Out<typeof c.indicatorSchema>;
export type Places = Out<typeof c.placesSchema>;
export type ImportResult = Out<typeof c.importResult>;
export type KoladaOptions = Pick<In<typeof c.koladaFileBody>, "name" | "unit" | "kind" | "higherIsBetter">;
export type StarterKpi = Out<typeof c.starterSchema>[number];
export type ActualInput = In<typeof c.actualsBody>["actuals"][number];
export type Reach = In<typeof c.reachBody>;
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

/** How an observed effect updates the measure's calculation (docs/followup.md, "What a measure did"). */
export type EffectUpdate = Out<typeof c.effectUpdateSchema>;
/** A stored estimate of what a measure did, with the estimators' results typed by `@sikt/followup`. */
export type EffectEstimate = Omit<Out<typeof c.effectEstimateSchema>, "result"> & {
  result: Omit<Out<typeof c.effectEstimateSchema>["result"], "did" | "synthetic"> & { did: DidResult; synthetic: SyntheticResult };
};
export type EffectRequest = In<typeof c.effectBody>;

const docs = <T>(base: string) => ({
  list: () => call<Doc<T>[]>("GET", base),
  get: (id: string) => call<Doc<T>>("GET", `${base}/${id}`),
  create: (body: T) => call<Doc<T>>("POST", base, body),
  save: (id: string, baseVersion: number, body: T) => call<Doc<T>>("PUT", `${base}/${id}`, { baseVersion, body } satisfies In<ReturnType<typeof c.saveBody>>),
  remove: (id: string) => call<void>("DELETE", `${base}/${id}`),
});

/** Lägesbild, action plans and follow-up (docs/followup.md). */
export const followupApi = {
  places: () => call<Places>("GET", "/api/places"),
  savePlaces: (p: Places) => call<Places>("PUT", "/api/places", p),
  indicators: () => call<Indicator[]>("GET", "/api/indicators"),
  indicator: (id: string, gender?: PointGender) => call<IndicatorView>("GET", `/api/indicators/${id}${gender ? `?gender=${gender}` : ""}`),
  saveIndicator: (id: string, body: In<typeof c.indicatorBody>) => call<Indicator>("PUT", `/api/indicators/${id}`, body),
  deleteIndicator: (id: string) => call<void>("DELETE", `/api/indicators/${id}`),
  importCsv: (csv: string, source: string, higherIsBetter?: boolean) =>
    call<ImportResult>("POST", "/api/indicators/import/csv", { csv, source, ...(higherIsBetter === undefined ? {} : { higherIsBetter }) } satisfies In<typeof c.csvImportBody>),
  importKolada: (response: unknown, o: KoladaOptions & { metadata?: boolean }) => call<ImportResult>("POST", "/api/indicators/import/kolada", { response, ...o } satisfies In<typeof c.koladaFileBody>),
  importKoladaOnline: (kpis: string[], years: number[], o: KoladaOptions & { ous?: string[] | undefined }) =>
    call<ImportResult>("POST", "/api/indicators/import/kolada-online", { kpis, years, ...o, ...(o.ous && o.ous.length > 0 ? { ous: o.ous } : { ous: undefined }) } satisfies In<typeof c.koladaOnlineBody>),
  koladaStarter: () => call<StarterKpi[]>("GET", "/api/kolada/starter"),
  lagesbilder: docs<Lagesbild>("/api/lagesbilder"),
  plans: docs<ActionPlan>("/api/plans"),
  followUp: (id: string) => call<PlanFollowUp>("GET", `/api/plans/${id}/followup`),
  saveActuals: (id: string, actuals: ActualInput[]) => call<PlanFollowUp>("PUT", `/api/plans/${id}/actuals`, { actuals } satisfies In<typeof c.actualsBody>),
  /** The counts the signed-in user entered, raw: for that user's entry form only. */
  ownCounts: (id: string) => call<Out<typeof c.ownCountsSchema>>("GET", `/api/plans/${id}/actuals/mine`),
  rerun: (id: string, measureId: string) => call<Rerun>("POST", `/api/plans/${id}/measures/${measureId}/rerun`),
  effects: (id: string) => call<EffectEstimate[]>("GET", `/api/plans/${id}/effects`),
  estimateEffect: (id: string, measureId: string, body: EffectRequest) => call<EffectEstimate>("POST", `/api/plans/${id}/measures/${measureId}/effect`, body),
  adoptEffect: (id: string, estimateId: string) => call<Out<typeof c.adoptedSchema>>("POST", `/api/plans/${id}/effects/${estimateId}/adopt`, {}),
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
