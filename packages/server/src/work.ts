/**
 * The heavy work requests ask for, as pure functions run in a task worker thread (task-worker.ts),
 * never on the request thread: checking a scenario document, the budget analysis, a fund's
 * evaluation and the decision report. A refusal is a `WorkRefusal` with the HTTP answer it
 * stands for.
 * @module
 */
import { prepareScenario, shippedCatalogs } from "@sikt/catalog/node";
import {
  agreementProblems,
  applyAgreement,
  applyScopedAgreements,
  budgetView,
  evaluateFund,
  evaluateScenario,
  finsamAgreement,
  type Fund,
  type FundInvestment,
  fundMonteCarlo,
  issueMessage,
  type Lang,
  municipalResult,
  proposeSharing,
  type Scenario,
  type ScenarioResult,
  scopedAgreementProblems,
  stopAfter,
} from "@sikt/engine";
import type { z } from "zod";
import type * as api from "@sikt/contract";
import type { Problem } from "./http.js";

export interface Refusal {
  status: 400 | 409 | 422;
  code: string;
  message: string;
  issues?: Problem[];
}

/** A refusal thrown by the work, answered to the client as it is. */
export class WorkRefusal extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

export type Task =
  | { kind: "validate"; document: unknown; lang: Lang }
  | { kind: "analysis"; document: unknown; body: z.output<typeof api.analysisBody> }
  | { kind: "keyFigures"; scenarios: Scenario[]; iterations: number }
  | { kind: "fund"; fund: Omit<z.output<typeof api.fundBody>, "investments">; investments: FundInvestmentInput[]; iterations: number; seed: number }
  | {
      kind: "report";
      document: unknown;
      result: unknown;
      format: "html" | "xlsx";
      date: string;
      version: number;
      versionDate: string;
      decision: unknown;
      organisation: string;
      /** The response's CSP nonce, for the HTML's style sheet. */
      nonce?: string;
    };

export interface FundInvestmentInput {
  /** The position in the request, for messages. */
  index: number;
  scenarioId: string;
  name: string;
  document: unknown;
  input: z.output<typeof api.fundBody>["investments"][number];
}

/** A scenario document checked as the engine will run it: its name, or 400 with the problems by path. */
export function validate(document: unknown, lang: Lang): { name: string } {
  const prepared = prepareScenario(document);
  if (!prepared.ok) {
    const issues: Problem[] = prepared.issues.map((i) => ({ path: ["document", ...i.path], code: i.code, message: issueMessage(i, lang) }));
    throw new WorkRefusal({ status: 400, code: "invalid_scenario", message: "The scenario has problems; see issues.", issues });
  }
  return { name: prepared.scenario.name };
}

function prepared(document: unknown, what = "This version") {
  const p = prepareScenario(document);
  if (!p.ok) throw new WorkRefusal({ status: 409, code: "invalid_scenario", message: `${what} cannot be evaluated.` });
  return p;
}

/** Budget view per payer and year, cost sharing and a project-period variant (docs/budget.md). */
export function analysis(document: unknown, body: z.output<typeof api.analysisBody>) {
  const s = prepared(document).scenario;
  if (body.agreement) {
    const problems = agreementProblems(body.agreement, s);
    if (problems.length > 0)
      throw new WorkRefusal({ status: 400, code: "invalid_body", message: "The agreement has problems; see issues.", issues: problems.map((m) => ({ path: ["agreement"], code: "invalid_agreement", message: m })) });
  }
  if (body.agreements) {
    const problems = scopedAgreementProblems(body.agreements, s);
    if (problems.length > 0)
      throw new WorkRefusal({ status: 400, code: "invalid_body", message: "The agreements have problems; see issues.", issues: problems.map((m) => ({ path: ["agreements"], code: "invalid_agreement", message: m })) });
  }
  const d = evaluateScenario(s, { iterations: 0, sensitivity: false }).deterministic;
  const summary = (x: typeof d) => ({ pvCosts: x.pvCosts, pvSavings: x.pvSavings, npv: x.npv, bcr: x.bcr, paybackYear: x.paybackYear });
  const finsam = finsamAgreement(d, s);
  return {
    scenario: { name: s.name, startYear: s.startYear, horizonYears: s.horizonYears, priceYear: s.priceYear, interventions: s.interventions.map((x) => ({ id: x.id, name: x.name })) },
    budget: budgetView(d, s, body.currentPrices ? { currentPrices: body.currentPrices } : {}).map((p) => ({ ...p, npv: d.byPayer[p.id]?.npv ?? 0, paybackYear: d.byPayer[p.id]?.paybackYear ?? null })),
    sharing: {
      proposal: proposeSharing(d, s),
      finsam: { agreement: finsam, result: applyAgreement(d, s, finsam) },
      ...(body.agreement ? { agreement: { agreement: body.agreement, result: applyAgreement(d, s, body.agreement) } } : {}),
      ...(body.agreements ? { scoped: { agreements: body.agreements, result: applyScopedAgreements(s, body.agreements) } } : {}),
    },
    ...(body.projectYears
      ? { continuity: { projectYears: body.projectYears, permanent: summary(d), project: summary(evaluateScenario(stopAfter(s, body.projectYears), { iterations: 0, sensitivity: false }).deterministic) } }
      : {}),
  };
}

/** A social investment fund over scenario versions: balance, repayments, the municipality's result and a Monte Carlo band. */
export function fund(t: Extract<Task, { kind: "fund" }>) {
  const scenarios: Record<string, Scenario> = {};
  const investments: FundInvestment[] = [];
  for (const x of t.investments) {
    const s = prepared(x.document, `investments[${x.index}]: this version`).scenario;
    const id = `${x.index}:${x.scenarioId}`;
    scenarios[id] = s;
    // `group:kommun` stands for every payer of that group in the scenario.
    const r = x.input.repayment;
    const repayment = r.kind === "savings" ? { ...r, payers: r.payers.flatMap((p) => (p.startsWith("group:") ? s.payers.filter((y) => y.group === p.slice(6)).map((y) => y.id) : [p])) } : r;
    investments.push({ id, name: x.name, outlays: x.input.outlays, repayment, ...(x.input.evaluationPlan ? { evaluationPlan: x.input.evaluationPlan } : {}) });
  }
  const f: Fund = { name: t.fund.name, capital: t.fund.capital, startYear: t.fund.startYear, endYear: t.fund.endYear, investments };
  const flows = Object.fromEntries(Object.entries(scenarios).map(([id, s]) => [id, evaluateScenario(s, { iterations: 0, sensitivity: false }).deterministic.years]));
  const municipal = [...new Set(Object.values(scenarios).flatMap((s) => s.payers.filter((p) => p.group === "kommun").map((p) => p.id)))];
  return {
    fund: evaluateFund(f, flows),
    municipalResult: municipalResult(f, flows, municipal),
    ...(t.iterations > 0 ? { band: fundMonteCarlo(f, scenarios, t.iterations, t.seed) } : {}),
  };
}

/**
 * The decision report of a version: HTML, or the XLSX workbook's bytes, from the result of a
 * finished run (uncertainty included; the route has made sure there is one), else computed
 * without Monte Carlo.
 */
export async function report(t: Extract<Task, { kind: "report" }>): Promise<string | Uint8Array> {
  const { reportHtml, reportSheets, xlsx } = await import("@sikt/report");
  const p = prepared(t.document);
  const result = (t.result as ScenarioResult | null) ?? evaluateScenario(p.scenario, { iterations: 0 });
  const input = {
    scenario: p.scenario,
    result,
    overrides: p.overrides,
    catalogId: p.catalogId,
    catalogName: shippedCatalogs().find((k) => k.id === p.catalogId)?.name ?? null,
    date: t.date,
    version: t.version,
    versionDate: t.versionDate,
    decision: (t.decision ?? null) as NonNullable<Parameters<typeof reportHtml>[0]["decision"]> | null,
    organisation: t.organisation,
  };
  return t.format === "html" ? reportHtml(input, t.nonce ? { nonce: t.nonce } : {}) : new Uint8Array(await xlsx(reportSheets(input)));
}

/**
 * Key figures of prepared scenarios side by side (an observed effect's re-run, a plan measure's
 * re-run with actuals): deterministic with the payback year, and with `iterations` > 0 the
 * probability of gaining from Monte Carlo with each scenario's seed.
 */
export function keyFigures(t: Extract<Task, { kind: "keyFigures" }>) {
  return t.scenarios.map((s) => {
    const r = evaluateScenario(s, { iterations: t.iterations, sensitivity: false });
    const d = r.deterministic;
    return {
      npv: d.npv,
      bcr: d.bcr,
      pvCosts: d.pvCosts,
      pvSavings: d.pvSavings,
      paybackYear: d.paybackYear,
      probabilityNpvPositive: r.monteCarlo?.probabilityNpvPositive ?? null,
      iterations: t.iterations,
      seed: r.monteCarlo?.seed ?? null,
    } satisfies api.RerunFigures;
  });
}

/** Does one task. */
export async function perform(t: Task): Promise<unknown> {
  switch (t.kind) {
    case "validate":
      return validate(t.document, t.lang);
    case "analysis":
      return analysis(t.document, t.body);
    case "keyFigures":
      return keyFigures(t);
    case "fund":
      return fund(t);
    case "report":
      return report(t);
  }
}
