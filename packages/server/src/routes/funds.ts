/**
 * Budget, cost sharing, continuity and the social investment fund (docs/budget.md;
 * store/funds.ts; contract: funds.ts).
 * @module
 */
import * as api from "@sikt/contract";
import type { Context } from "hono";
import { z } from "zod";
import { HttpError, idParam, intParam, notFound, readBody } from "../http.js";
import { checkWork } from "../limits.js";
import type { FundInvestmentInput } from "../work.js";
import type { AppContext, AppEnv } from "./context.js";

export function fundRoutes(x: AppContext): void {
  const { store, workLimits, routes, auth, analyst, actor, lang, scenarioFor, auditSharedAccess, work, audit, versionOf } = x;

  // Budget, cost sharing, continuity and the fund (docs/budget.md)

  routes.add(
    "post",
    "/api/scenarios/:id/versions/:version/analysis",
    { summary: "Budget view per payer and year, cost sharing (proposal, Finsam, an agreement) and a project-period variant", tag: "budget", body: api.analysisBody, errors: [422, 429] },
    auth,
    async (c) => {
      const v = intParam(c, "version", "version");
      const body = await readBody(c, api.analysisBody, {});
      const { scenario } = await scenarioFor(c, "read");
      const document = (await versionOf(scenario.id, v)).document;
      checkWork(workLimits, lang(c), [document], 0);
      return c.json(await work(c, "heavy", { kind: "analysis", document, body }, { sv: "Analysen", en: "The analysis" }));
    },
  );

  routes.add(
    "post",
    "/api/fund/evaluate",
    { summary: "A social investment fund over scenario versions: balance, repayments, the municipality's result, and a Monte Carlo band", tag: "budget", body: api.fundBody, errors: [422, 429] },
    auth,
    async (c) => {
      const body = await readBody(c, api.fundBody);
      if (body.endYear < body.startYear || body.endYear - body.startYear > 100)
        throw new HttpError(400, "invalid_body", "The body has problems; see issues.", { issues: [{ path: ["endYear"], code: "invalid", message: "must be from startYear to startYear + 100" }] });
      const a = actor(c);
      const investments: FundInvestmentInput[] = [];
      for (const [k, x] of body.investments.entries()) {
        const found = await store.getScenario(x.scenarioId, a.organisationId);
        if (!found) throw new HttpError(404, "not_found", `No such scenario: investments[${k}].scenarioId.`);
        await auditSharedAccess(c, found, "scenario", found.id);
        const { document } = await versionOf(found.id, x.version ?? found.latestVersion);
        investments.push({ index: k, scenarioId: found.id, name: x.name ?? found.name, document, input: x });
      }
      const iterations = body.iterations ?? 500;
      checkWork(workLimits, lang(c), investments.map((x) => x.document), iterations);
      const { investments: _, ...fund } = body;
      return c.json(await work(c, "heavy", { kind: "fund", fund, investments, iterations, seed: body.seed ?? 1 }, { sv: "Fondberäkningen", en: "The fund evaluation" }));
    },
  );

  /** A fund definition's scenarios must all be visible to the caller's organisation. */
  async function checkFundScenarios(c: Context<AppEnv>, body: z.output<typeof api.fundBody>) {
    for (const [k, x] of body.investments.entries())
      if (!(await store.getScenario(x.scenarioId, actor(c).organisationId)))
        throw new HttpError(404, "not_found", `No such scenario: investments[${k}].scenarioId.`);
  }
  const fundRecord = api.fundRecordSchema;

  routes.add("get", "/api/funds", { summary: "Your organisation's social investment funds", tag: "budget", response: z.array(fundRecord) }, auth, async (c) =>
    c.json(await store.listFunds(actor(c).organisationId)),
  );
  routes.add("post", "/api/funds", { summary: "Save a fund", tag: "budget", body: api.fundBody, response: fundRecord, status: 201 }, auth, analyst, async (c) => {
    const body = await readBody(c, api.fundBody);
    await checkFundScenarios(c, body);
    const a = actor(c);
    const fund = await store.createFund(a, body.name, body);
    await audit(a, "fund.create", "fund", fund.id, { name: body.name });
    return c.json(fund, 201);
  });
  routes.add("get", "/api/funds/:fundId", { summary: "A fund", tag: "budget", response: fundRecord }, auth, async (c) => {
    const fund = await store.getFund(actor(c).organisationId, idParam(c, "fundId", "fund"));
    if (!fund) throw notFound("fund");
    return c.json(fund);
  });
  routes.add("put", "/api/funds/:fundId", { summary: "Change a fund", tag: "budget", body: api.fundBody, response: fundRecord }, auth, analyst, async (c) => {
    const id = idParam(c, "fundId", "fund");
    const body = await readBody(c, api.fundBody);
    const a = actor(c);
    if (!(await store.getFund(a.organisationId, id))) throw notFound("fund");
    await checkFundScenarios(c, body);
    const fund = await store.updateFund(a.organisationId, id, body.name, body);
    await audit(a, "fund.update", "fund", id, { name: body.name });
    return c.json(fund);
  });
  routes.add("delete", "/api/funds/:fundId", { summary: "Delete a fund", tag: "budget", status: 204 }, auth, analyst, async (c) => {
    const id = idParam(c, "fundId", "fund");
    const a = actor(c);
    if (!(await store.deleteFund(a.organisationId, id))) throw notFound("fund");
    await audit(a, "fund.delete", "fund", id);
    return c.body(null, 204);
  });
}
