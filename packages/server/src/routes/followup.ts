/**
 * The lägesbild-to-follow-up routes (docs/followup.md): places and indicators with their imports,
 * lägesbilder, action plans with actuals and re-runs, and the register of low-threshold services,
 * with their exports. Everything here is the caller's organisation's own (no shares): another
 * organisation's ids answer 404. Counts of people leave only suppressed.
 * @module
 */
import {
  type ActionPlan,
  type Actual,
  AREA_PREFIX,
  type Forecast,
  followUp,
  forecastOf,
  type Indicator,
  indicatorView,
  KOLADA_STARTER,
  type KoladaKpi,
  type KoladaPlace,
  type KoladaValue,
  type Lagesbild,
  parseIndicatorCsv,
  parseKoladaData,
  type Places,
  type PointGender,
  type Reach,
  reachView,
  type Service,
  shownActuals,
  withActuals,
} from "@sikt/followup";
import { fileStem, lagesbildHtml, type PlanEffect, planHtml, planSheets, servicesHtml, servicesSheets } from "@sikt/report";
import type { Scenario } from "@sikt/engine";
import type { Context, Env, MiddlewareHandler } from "hono";
import { z } from "zod";
import * as f from "@sikt/contract";
import { storedEffectResult } from "./effects.js";
import { HttpError, idParam, notFound, readBody, readQuery, type RouteTable } from "../http.js";
import { KoladaClient, KoladaError } from "../kolada-client.js";
import { sendExport } from "../send-export.js";
import { type Actor, type DocKind, Duplicate, type EffectEstimate, type FollowupDoc, type Store } from "../store.js";

export interface FollowupDeps<E extends Env> {
  routes: RouteTable<E>;
  store: Store;
  auth: MiddlewareHandler<E>;
  analyst: MiddlewareHandler<E>;
  actor: (c: Context<E>) => Actor;
  audit: (a: Actor, action: string, entity: string, entityId: string | null, detail?: unknown) => Promise<unknown>;
  /** The latest version of a scenario visible to the caller, prepared for the engine; null when not visible or not valid. */
  scenarioOf: (c: Context<E>, scenarioId: string) => Promise<{ name: string; scenario: Scenario } | null>;
  /** Key figures of scenarios side by side, computed in the task pool (the `keyFigures` task), within the server's limits. */
  rerun: (c: Context<E>, scenarios: Scenario[], iterations: number) => Promise<f.RerunFigures[]>;
  /** Kolada's base address (`SIKT_KOLADA_URL`). */
  koladaBase: string;
  fetch: typeof fetch;
  /** The first wait before Kolada is asked again after 429 or 5xx (ms). */
  koladaBackoffMs?: number;
}

const today = () => new Date().toISOString().slice(0, 10);
/** A scenario's deterministic key figures, as the plan's re-run answers them. */
const keyFiguresOf = (r: f.RerunFigures): z.infer<typeof f.keyFiguresSchema> => ({ npv: r.npv, bcr: r.bcr, pvCosts: r.pvCosts, pvSavings: r.pvSavings, paybackYear: r.paybackYear ?? null });

/** The places an organisation's indicators are compared across: as saved, or its own municipality and the country. */
export async function placesOf(store: Store, organisationId: string): Promise<Places> {
  const saved = await store.getPlaces(organisationId);
  if (saved) return saved;
  const o = await store.getOrganisation(organisationId);
  // Without a municipality code (a region, the police) the code is left for the user to set: no place is taken for it.
  return { municipality: { code: o?.municipalityCode ?? "", name: o?.name ?? "" }, county: null, country: { code: "0000", name: "Riket" }, peers: [] };
}

/** The latest observed-effect estimate of each measure, as the plan's report shows it. */
function planEffects(plan: ActionPlan, estimates: readonly EffectEstimate[]): PlanEffect[] {
  const out: PlanEffect[] = [];
  for (const m of plan.measures) {
    const e = estimates.find((x) => x.measureId === m.id); // newest first
    if (!e) continue;
    const r = storedEffectResult(e);
    const u = r.update;
    out.push({
      measureTitle: m.title,
      indicatorName: r.indicator.name,
      unit: r.indicator.unit,
      placeName: r.treated.name,
      startYear: r.input.startYear,
      date: e.createdAt.slice(0, 10),
      dataYear: e.year,
      did: r.did,
      synthetic: r.synthetic,
      update: u?.status === "ok" ? { interventionName: u.interventionName, outcomeName: u.outcomeName, effectiveBefore: u.effectiveBefore, effectiveAfter: u.effectiveAfter, npvBefore: u.before.npv, npvAfter: u.after.npv } : null,
      adoptedVersion: e.adopted?.version ?? null,
    });
  }
  return out;
}

export function followupRoutes<E extends Env>(d: FollowupDeps<E>): void {
  const { routes, store, auth, analyst, actor, audit } = d;
  const org = (c: Context<E>) => actor(c).organisationId;


  // Places and indicators

  routes.add("get", "/api/places", { summary: "The places your indicators are compared across (Kolada codes)", tag: "indicators", response: f.placesSchema }, auth, async (c) => c.json(await placesOf(store, org(c))));
  routes.add("put", "/api/places", { summary: "Set your municipality, county, country and similar municipalities", tag: "indicators", body: f.placesSchema, response: f.placesSchema }, auth, analyst, async (c) => {
    const body = await readBody(c, f.placesSchema);
    const a = actor(c);
    await store.setPlaces(a.organisationId, body);
    await audit(a, "places.set", "organisation", a.organisationId, body);
    return c.json(body);
  });

  routes.add("get", "/api/indicators", { summary: "Your indicators", tag: "indicators", response: z.array(f.indicatorSchema) }, auth, async (c) => c.json(await store.listIndicators(org(c))));
  routes.add("post", "/api/indicators", { summary: "Add an indicator", tag: "indicators", body: f.indicatorBody, response: f.indicatorSchema, status: 201, errors: [409] }, auth, analyst, async (c) => {
    const body = await readBody(c, f.indicatorBody);
    const a = actor(c);
    const created = await duplicateAs409(() => store.createIndicator(a.organisationId, body));
    await audit(a, "indicator.create", "indicator", created.id, { code: created.code });
    return c.json(created, 201);
  });
  routes.add("get", "/api/indicators/:indicatorId", { summary: "An indicator: its series per place, trend and comparisons", tag: "indicators", query: f.indicatorQuery }, auth, async (c) => {
    const o = org(c);
    const indicator = await store.getIndicator(o, idParam(c, "indicatorId", "indicator"));
    if (!indicator) throw notFound("indicator");
    const gender = c.req.query("gender");
    if (gender !== undefined && !["T", "K", "M"].includes(gender)) throw new HttpError(400, "invalid_query", "gender must be T (total), K (women) or M (men).", { issues: [{ path: ["gender"], code: "invalid", message: "must be T, K or M" }] });
    const points = await store.listPoints(o, indicator.id);
    const names = await store.koladaNames([...new Set(points.map((p) => p.place))]);
    return c.json(indicatorView(indicator, points, await placesOf(store, o), { names, ...(gender ? { gender: gender as PointGender } : {}) }));
  });
  routes.add("put", "/api/indicators/:indicatorId", { summary: "Change an indicator", tag: "indicators", body: f.indicatorBody, response: f.indicatorSchema, errors: [409] }, auth, analyst, async (c) => {
    const id = idParam(c, "indicatorId", "indicator");
    const body = await readBody(c, f.indicatorBody);
    const a = actor(c);
    const updated = await duplicateAs409(() => store.updateIndicator(a.organisationId, id, body));
    if (!updated) throw notFound("indicator");
    await audit(a, "indicator.update", "indicator", id, { code: updated.code });
    return c.json(updated);
  });
  routes.add("delete", "/api/indicators/:indicatorId", { summary: "Delete an indicator and its values (refused while a lägesbild or plan names it)", tag: "indicators", status: 204, errors: [409] }, auth, analyst, async (c) => {
    const id = idParam(c, "indicatorId", "indicator");
    const a = actor(c);
    const users = [...(await store.listDocs(a.organisationId, "lagesbild")), ...(await store.listDocs(a.organisationId, "plan"))].filter((x) => JSON.stringify(x.body).includes(`"${id}"`));
    if (users.length > 0)
      throw new HttpError(409, "in_use", `The indicator is used by ${users.map((x) => `”${(x.body as { title: string }).title}”`).join(", ")}; remove it there first.`);
    if (!(await store.deleteIndicator(a.organisationId, id))) throw notFound("indicator");
    await audit(a, "indicator.delete", "indicator", id);
    return c.body(null, 204);
  });

  routes.add(
    "post",
    "/api/indicators/import/csv",
    { summary: "Import your own indicator values from a Swedish CSV file: all rows or none", tag: "indicators", body: f.csvImportBody, response: f.importResult, errors: [422] },
    auth,
    analyst,
    async (c) => {
      const body = await readBody(c, f.csvImportBody);
      const parsed = parseIndicatorCsv(body.csv);
      if (!parsed.ok)
        throw new HttpError(422, "invalid_csv", `The file has ${parsed.problems.length} problem(s); nothing was imported.`, {
          issues: parsed.problems.map((p) => ({ path: ["csv", `line ${p.line}`, ...(p.column ? [p.column] : [])], code: "invalid_row", message: p.message })),
          problems: parsed.problems,
        });
      const a = actor(c);
      const places = await placesOf(store, a.organisationId);
      const counted = new Set(parsed.rows.filter((r) => r.population !== null).map((r) => r.indicator));
      // The direction the file's column bättre gives an indicator, else the one chosen at import.
      const given = new Map(parsed.rows.filter((r) => r.higherIsBetter !== null).map((r) => [r.indicator, r.higherIsBetter as boolean]));
      const result = await store.importPoints(
        a.organisationId,
        (code) => ({ code, name: code, unit: counted.has(code) ? "antal" : "", kind: counted.has(code) ? "count" : "rate", source: body.source, higherIsBetter: given.get(code) ?? body.higherIsBetter ?? false }),
        parsed.rows.map((r) => ({ code: r.indicator, place: r.area ? `${AREA_PREFIX}${r.area}` : places.municipality.code, year: r.year, value: r.value, population: r.population })),
      );
      // An indicator that was there before takes the direction the file gives it.
      for (const [k, x] of result.indicators.entries()) {
        const want = given.get(x.code);
        if (want === undefined || want === x.higherIsBetter) continue;
        const { id, ...rest } = x;
        result.indicators[k] = (await store.updateIndicator(a.organisationId, id, { ...rest, higherIsBetter: want })) ?? x;
      }
      await audit(a, "indicator.import", "indicator", null, { from: "csv", points: result.points, indicators: result.indicators.map((i) => i.code) });
      return c.json(result);
    },
  );

  const koladaClient = (o: { attempts?: number; timeoutMs?: number } = {}) =>
    new KoladaClient({ base: d.koladaBase, fetch: d.fetch, ...(d.koladaBackoffMs !== undefined ? { backoffMs: d.koladaBackoffMs } : {}), ...o });

  /** Kolada's failure as an answer: its rows' problems by path (422), or what it answered (502). */
  const koladaFailure = (e: unknown): never => {
    if (e instanceof KoladaError) {
      if (e.problems.length > 0)
        throw new HttpError(422, "invalid_kolada", e.message, { issues: e.problems.map((p) => ({ path: ["kolada", ...p.path], code: "invalid", message: p.message })) });
      throw new HttpError(502, e.kind === "unreachable" ? "kolada_unreachable" : "kolada_error", e.message, { koladaStatus: e.status });
    }
    throw e;
  };

  /** What Kolada says about the KPIs and the places; a failure here is a warning, not a refusal (the values are what count). */
  async function koladaMeta(client: KoladaClient, kpis: readonly string[], places: readonly string[]) {
    const warnings: string[] = [];
    let meta: KoladaKpi[] = [];
    let names: KoladaPlace[] = [];
    try {
      meta = await client.kpis(kpis);
    } catch (e) {
      warnings.push(`The KPI descriptions could not be read: ${e instanceof Error ? e.message : "error"}`);
    }
    try {
      names = await client.places(places);
    } catch (e) {
      warnings.push(`The names of the places could not be read: ${e instanceof Error ? e.message : "error"}`);
    }
    return { meta, names, warnings };
  }

  async function storeKolada(
    c: Context<E>,
    values: KoladaValue[],
    read: { meta: KoladaKpi[]; names: KoladaPlace[]; warnings: string[]; missing: number; pages: number; requests: number },
    o: Omit<z.output<typeof f.koladaFileBody>, "response" | "metadata">,
    from: string,
  ) {
    if (values.length === 0) throw new HttpError(422, "invalid_kolada", `Kolada's answer holds no values (for any gender${read.missing > 0 ? `; ${read.missing} missing` : ""}); nothing was imported.`);
    const codes = new Set(values.map((v) => v.kpi));
    const one = codes.size === 1;
    const a = actor(c);
    const result = await store.importKolada(
      a.organisationId,
      read.meta,
      (code, k) => ({
        code,
        name: (one ? o.name : undefined) ?? (k?.title || code),
        unit: (one ? o.unit : undefined) ?? k?.unit ?? "",
        kind: o.kind ?? (k?.unit === "antal" ? "count" : "rate"),
        source: `Kolada (RKA), nyckeltal ${code}`,
        higherIsBetter: o.higherIsBetter ?? KOLADA_STARTER.find((s) => s.id === code)?.higherIsBetter ?? false,
        description: k?.description ?? "",
        byGender: k?.byGender ?? null,
      }),
      values.map((v) => ({ code: v.kpi, place: v.municipality, year: v.year, value: v.value, gender: v.gender })),
      read.names,
    );
    await audit(a, "indicator.import", "indicator", null, { from, points: result.points, indicators: result.indicators.map((i) => i.code) });
    return c.json({ ...result, missing: read.missing, pages: read.pages, requests: read.requests, warnings: read.warnings });
  }

  routes.add(
    "post",
    "/api/indicators/import/kolada",
    {
      summary: "Import a saved Kolada data response (v3 or v2; one complete page or a list of every page; all genders; missing values left out), with Kolada's KPI descriptions and place names",
      tag: "indicators",
      body: f.koladaFileBody,
      response: f.importResult,
      errors: [422],
    },
    auth,
    analyst,
    async (c) => {
      const body = await readBody(c, f.koladaFileBody);
      const parsed = parseKoladaData(body.response);
      if (!parsed.ok)
        throw new HttpError(422, "invalid_kolada", "This is not a complete Kolada data response; nothing was imported.", {
          issues: parsed.problems.map((p) => ({ path: ["response", ...p.path], code: "invalid", message: p.message })),
        });
      const values = parsed.data.values;
      // Only when asked, with one brief try: a saved file is often imported where Kolada cannot be reached.
      const meta = body.metadata
        ? await koladaMeta(koladaClient({ attempts: 1, timeoutMs: 5_000 }), [...new Set(values.map((v) => v.kpi))], [...new Set(values.map((v) => v.municipality))])
        : { meta: [], names: [], warnings: [] };
      return storeKolada(c, values, { ...meta, missing: parsed.data.missing, pages: parsed.data.pages, requests: 0 }, body, "kolada-file");
    },
  );
  routes.add(
    "post",
    "/api/indicators/import/kolada-online",
    {
      summary: "Fetch KPIs from Kolada (v3 by default) for your places (and organisational units) and years: every page, all genders, with Kolada's descriptions and names; all or nothing",
      tag: "indicators",
      body: f.koladaOnlineBody,
      response: f.importResult,
      errors: [422, 502],
    },
    auth,
    analyst,
    async (c) => {
      const body = await readBody(c, f.koladaOnlineBody);
      const p = await placesOf(store, org(c));
      const codes = [...new Set([p.municipality, p.county, p.country, ...p.peers].filter((x) => x !== null && x.code !== "").map((x) => x!.code))];
      const ous = [...new Set(body.ous ?? [])];
      if (codes.length === 0 && ous.length === 0) throw new HttpError(422, "no_places", "Set your municipality's Kolada code under places first.");
      const kpis = [...new Set([...(body.kpi ? [body.kpi] : []), ...(body.kpis ?? [])])];
      const client = koladaClient();
      const values: KoladaValue[] = [];
      let missing = 0;
      try {
        if (codes.length > 0) {
          const r = await client.data(kpis, codes, body.years);
          values.push(...r.values);
          missing += r.missing;
        }
        if (ous.length > 0) {
          const r = await client.data(kpis, ous, body.years, "ou");
          values.push(...r.values);
          missing += r.missing;
        }
      } catch (e) {
        koladaFailure(e);
      }
      const meta = await koladaMeta(client, kpis, [...codes, ...ous]);
      return storeKolada(c, values, { ...meta, missing, pages: client.pages, requests: client.requests }, body, "kolada-online");
    },
  );
  routes.add("get", "/api/kolada/starter", { summary: "A starter set of Kolada KPIs for the lägesbild (crime prevention, child and youth welfare), each with its source", tag: "indicators", response: f.starterSchema }, auth, async (c) =>
    c.json(KOLADA_STARTER),
  );

  // Documents: lägesbilder, plans, services

  const docRoutes = <T>(kind: DocKind, path: string, what: string, schema: z.ZodType<T>, tag: string, extra: (c: Context<E>, doc: FollowupDoc) => Promise<object> = async () => ({})) => {
    const param = "docId";
    routes.add("get", path, { summary: `Your ${what}s`, tag, response: z.array(f.docSchema(schema)) }, auth, async (c) => c.json(await store.listDocs(org(c), kind)));
    routes.add("post", path, { summary: `Create a ${what}`, tag, body: schema, response: f.docSchema(schema), status: 201 }, auth, analyst, async (c) => {
      const body = await readBody(c, schema);
      await check(c, kind, body);
      const a = actor(c);
      const doc = await store.createDoc(a, kind, body);
      await audit(a, `${kind}.create`, kind, doc.id, { version: 1 });
      return c.json(doc, 201);
    });
    routes.add("get", `${path}/:${param}`, { summary: `A ${what}`, tag }, auth, async (c) => {
      const doc = await store.getDoc(org(c), kind, idParam(c, param, what));
      if (!doc) throw notFound(what);
      return c.json({ ...doc, ...(await extra(c, doc)) });
    });
    routes.add("put", `${path}/:${param}`, { summary: `Save a ${what} over the version you edited`, tag, body: f.saveBody(schema), response: f.docSchema(schema), errors: [409] }, auth, analyst, async (c) => {
      const id = idParam(c, param, what);
      const body = await readBody(c, f.saveBody(schema));
      await check(c, kind, body.body);
      const a = actor(c);
      const saved = await store.updateDoc(a, kind, id, body.baseVersion, body.body);
      if (!saved) throw notFound(what);
      if ("conflict" in saved)
        throw new HttpError(409, "version_conflict", `Someone saved version ${saved.conflict} after the version you edited; open it again and redo your change.`, { latestVersion: saved.conflict });
      await audit(a, `${kind}.save`, kind, id, { version: saved.version });
      return c.json(saved);
    });
    routes.add("delete", `${path}/:${param}`, { summary: `Delete a ${what}`, tag, status: 204 }, auth, analyst, async (c) => {
      const id = idParam(c, param, what);
      const a = actor(c);
      if (!(await store.deleteDoc(a.organisationId, kind, id))) throw notFound(what);
      await audit(a, `${kind}.delete`, kind, id);
      return c.body(null, 204);
    });
  };

  /** References inside a document must be the organisation's own (or visible scenarios). */
  async function check(c: Context<E>, kind: DocKind, body: unknown) {
    const o = org(c);
    const problems: { path: (string | number)[]; code: string; message: string }[] = [];
    const indicators = new Set((await store.listIndicators(o)).map((i) => i.id));
    const needIndicator = (id: string, path: (string | number)[]) => {
      if (!indicators.has(id)) problems.push({ path, code: "not_found", message: "no such indicator" });
    };
    if (kind === "lagesbild") {
      const l = body as Lagesbild;
      l.mapping.indicators.forEach((m, i) => needIndicator(m.indicatorId, ["mapping", "indicators", i, "indicatorId"]));
      l.findings.forEach((x, i) => x.indicatorIds.forEach((id, k) => needIndicator(id, ["findings", i, "indicatorIds", k])));
    }
    if (kind === "plan") {
      const p = body as ActionPlan;
      const lagesbild = p.lagesbildId ? await store.getDoc(o, "lagesbild", p.lagesbildId) : null;
      if (p.lagesbildId && !lagesbild) problems.push({ path: ["lagesbildId"], code: "not_found", message: "no such lägesbild" });
      const findings = new Set(((lagesbild?.body as Lagesbild | undefined)?.findings ?? []).map((x) => x.id));
      for (const [i, m] of p.measures.entries()) {
        if (lagesbild) m.findingIds.forEach((id, k) => findings.has(id) || problems.push({ path: ["measures", i, "findingIds", k], code: "not_found", message: "no such finding in the lägesbild" }));
        m.indicators.forEach((x, k) => needIndicator(x.indicatorId, ["measures", i, "indicators", k, "indicatorId"]));
        if (m.scenario) {
          const s = await d.scenarioOf(c, m.scenario.id);
          if (!s) problems.push({ path: ["measures", i, "scenario", "id"], code: "not_found", message: "no such scenario (or it cannot be evaluated)" });
          else if (!s.scenario.interventions.some((x) => x.id === m.scenario!.interventionId))
            problems.push({ path: ["measures", i, "scenario", "interventionId"], code: "not_found", message: `the scenario has no intervention '${m.scenario.interventionId}'` });
        }
      }
    }
    if (problems.length > 0) throw new HttpError(400, "invalid_body", "The body has problems; see issues.", { issues: problems });
  }

  async function planView(c: Context<E>, doc: FollowupDoc) {
    const plan = doc.body as ActionPlan;
    const forecasts: Record<string, Forecast[]> = {};
    for (const m of plan.measures)
      if (m.scenario) {
        const s = await d.scenarioOf(c, m.scenario.id);
        if (s) forecasts[m.id] = forecastOf(s.scenario, m.scenario.interventionId);
      }
    const o = org(c);
    const wanted = new Set(plan.measures.flatMap((m) => m.indicators.map((x) => x.indicatorId)));
    const places = await placesOf(store, o);
    const series: Record<string, { indicator: Indicator; values: { year: number; value: number }[] }> = {};
    const wantedList = (await store.listIndicators(o)).filter((i) => wanted.has(i.id));
    for (const indicator of wantedList) {
      const home = indicatorView(indicator, await store.listPoints(o, indicator.id), places).series.find((x) => x.role === "municipality");
      series[indicator.id] = { indicator, values: (home?.points ?? []).map((p) => ({ year: p.year, value: p.value })) };
    }
    return followUp(plan, await store.listActuals(o, doc.id), forecasts, series);
  }

  async function serviceView(c: Context<E>, doc: FollowupDoc) {
    return reachView(doc.body as Service, await store.listReach(org(c), doc.id));
  }

  // Registered before /api/services/:docId so that "export" is not taken for an id.
  routes.add("get", "/api/services/export", { summary: "The register of low-threshold services with decisions and suppressed reach, as HTML or XLSX", tag: "services", query: f.formatQuery(["html", "pdf", "xlsx"]), produces: "text/html", errors: [503] }, auth, async (c) => {
    const { format } = readQuery(c, f.formatQuery(["html", "pdf", "xlsx"]));
    const services = [];
    for (const doc of await store.listDocs(org(c), "service")) services.push({ service: doc.body as Service, reach: await serviceView(c, doc) });
    const input = { organisation: await organisationName(c), date: today(), services };
    return sendExport(c, format, "Lagtroskelverksamheter", (nonce) => servicesHtml(input, { nonce }), () => servicesSheets(input));
  });

  docRoutes("lagesbild", "/api/lagesbilder", "lägesbild", f.lagesbildSchema, "lagesbild");
  docRoutes("plan", "/api/plans", "plan", f.planSchema, "plans");
  docRoutes("service", "/api/services", "service", f.serviceSchema, "services", async (c, doc) => ({ reach: await serviceView(c, doc) }));

  const docOf = async (c: Context<E>, kind: DocKind, what: string) => {
    const doc = await store.getDoc(org(c), kind, idParam(c, "docId", what));
    if (!doc) throw notFound(what);
    return doc;
  };
  const organisationName = async (c: Context<E>) => (await store.getOrganisation(org(c)))?.name ?? "";

  routes.add("get", "/api/lagesbilder/:docId/export", { summary: "The lägesbild in the structure of law 2023:196 §4, as HTML or PDF", tag: "lagesbild", query: f.formatQuery(["html", "pdf"]), produces: "text/html", errors: [503] }, auth, async (c) => {
    const { format } = readQuery(c, f.formatQuery(["html", "pdf"]));
    const doc = await docOf(c, "lagesbild", "lägesbild");
    const o = org(c);
    const [indicators, points, places, names] = [await store.listIndicators(o), await store.listPoints(o), await placesOf(store, o), await store.koladaNames()];
    const input = { organisation: await organisationName(c), date: today(), lagesbild: doc.body as Lagesbild, views: indicators.map((i) => indicatorView(i, points, places, { names })) };
    return sendExport(c, format, fileStem(`Lagesbild ${(doc.body as Lagesbild).title}`, doc.version, "lagesbild"), (nonce) => lagesbildHtml(input, { nonce }));
  });

  routes.add("get", "/api/plans/:docId/followup", { summary: "Plan against actual against forecast per measure and year (counts of people suppressed)", tag: "plans" }, auth, async (c) =>
    c.json(await planView(c, await docOf(c, "plan", "plan"))),
  );
  routes.add("put", "/api/plans/:docId/actuals", { summary: "Report actual participants and costs per measure and year", tag: "plans", body: f.actualsBody }, auth, analyst, async (c) => {
    const doc = await docOf(c, "plan", "plan");
    const body = await readBody(c, f.actualsBody);
    const measures = new Set((doc.body as ActionPlan).measures.map((m) => m.id));
    const problems = body.actuals.flatMap((x, i) => (measures.has(x.measureId) ? [] : [{ path: ["actuals", i, "measureId"], code: "not_found", message: "no such measure in the plan" }]));
    if (problems.length > 0) throw new HttpError(400, "invalid_body", "The body has problems; see issues.", { issues: problems });
    const a = actor(c);
    // Participants left out keep the saved count (the one reporting may see it only as suppressed).
    const saved = await store.listActuals(a.organisationId, doc.id);
    const actuals: Actual[] = body.actuals.map((x) => ({ ...x, participants: x.participants !== undefined ? x.participants : (saved.find((s) => s.measureId === x.measureId && s.year === x.year)?.participants ?? null) }));
    // Who typed a count is kept, so that they alone may see it again in their entry form.
    await store.setActuals(a.organisationId, doc.id, actuals, body.actuals.map((x) => (x.participants !== undefined && x.participants !== null ? a.userId : null)));
    await audit(a, "plan.actuals", "plan", doc.id, { measureYears: body.actuals.map((x) => `${x.measureId}/${x.year}`) });
    return c.json(await planView(c, doc));
  });
  routes.add(
    "get",
    "/api/plans/:docId/actuals/mine",
    { summary: "The counts of participants you entered in this plan, as you typed them (for your entry form only; every other view is suppressed)", tag: "plans", response: f.ownCountsSchema },
    auth,
    analyst,
    async (c) => {
      const doc = await docOf(c, "plan", "plan");
      const a = actor(c);
      return c.json({ counts: await store.ownCounts(a.organisationId, doc.id, a.userId) });
    },
  );
  routes.add("post", "/api/plans/:docId/measures/:measureId/rerun", { summary: "The measure's scenario as planned and as re-run with the actual participants and costs", tag: "plans", response: f.planRerunSchema, errors: [409, 413, 422, 503] }, auth, async (c) => {
    const doc = await docOf(c, "plan", "plan");
    const measure = (doc.body as ActionPlan).measures.find((m) => m.id === c.req.param("measureId"));
    if (!measure) throw notFound("measure");
    if (!measure.scenario) throw new HttpError(409, "no_scenario", "The measure has no calculation scenario.");
    const s = await d.scenarioOf(c, measure.scenario.id);
    if (!s || !s.scenario.interventions.some((x) => x.id === measure.scenario!.interventionId))
      throw new HttpError(409, "no_scenario", "The measure's scenario cannot be evaluated, or no longer has its intervention.");
    // Only counts the follow-up shows: a hidden count is not used, so that the re-run cannot give it away.
    const actuals = shownActuals(doc.body as ActionPlan, await store.listActuals(org(c), doc.id)).filter((x) => x.measureId === measure.id);
    // Deterministic only, off the request thread: the task pool's keyFigures task, as the observed-effect re-run.
    const [planned, actual] = (await d.rerun(c, [s.scenario, withActuals(s.scenario, measure.scenario.interventionId, actuals)], 0)) as [f.RerunFigures, f.RerunFigures];
    return c.json({ scenario: s.name, planned: keyFiguresOf(planned), actual: keyFiguresOf(actual), yearsReported: actuals.map((x) => x.year) } satisfies z.infer<typeof f.planRerunSchema>);
  });
  routes.add("get", "/api/plans/:docId/export", { summary: "The action plan with its follow-up, as HTML, PDF or XLSX", tag: "plans", query: f.formatQuery(["html", "pdf", "xlsx"]), produces: "text/html", errors: [503] }, auth, async (c) => {
    const { format } = readQuery(c, f.formatQuery(["html", "pdf", "xlsx"]));
    const doc = await docOf(c, "plan", "plan");
    const plan = doc.body as ActionPlan;
    const o = org(c);
    const lagesbild = plan.lagesbildId ? await store.getDoc(o, "lagesbild", plan.lagesbildId) : null;
    const scenarios: Record<string, string> = {};
    const interventionNames: Record<string, Record<string, string>> = {};
    for (const m of plan.measures)
      if (m.scenario && !(m.scenario.id in scenarios)) {
        const s = await d.scenarioOf(c, m.scenario.id);
        scenarios[m.scenario.id] = s?.name ?? "(kalkylen finns inte)";
        interventionNames[m.scenario.id] = Object.fromEntries((s?.scenario.interventions ?? []).map((x) => [x.id, x.name]));
      }
    const input = { organisation: await organisationName(c), date: today(), plan, lagesbild: (lagesbild?.body as Lagesbild | undefined) ?? null, followup: await planView(c, doc), indicators: await store.listIndicators(o), scenarios, interventionNames, effects: planEffects(plan, await store.listEffectEstimates(o, doc.id)) };
    return sendExport(c, format, fileStem(`Atgardsplan ${plan.title}`, doc.version, "atgardsplan"), (nonce) => planHtml(input, { nonce }), () => planSheets(input));
  });

  routes.add("put", "/api/services/:docId/reach", { summary: "Report a service's aggregated reach for one period (replaces that period)", tag: "services", body: f.reachBody }, auth, analyst, async (c) => {
    const doc = await docOf(c, "service", "service");
    const body = await readBody(c, f.reachBody);
    const a = actor(c);
    await store.setReach(a.organisationId, doc.id, body as Reach);
    await audit(a, "service.reach", "service", doc.id, { period: body.period });
    return c.json(await serviceView(c, doc));
  });
  routes.add("delete", "/api/services/:docId/reach/:period", { summary: "Remove a period's reach", tag: "services" }, auth, analyst, async (c) => {
    const doc = await docOf(c, "service", "service");
    const period = c.req.param("period") ?? "";
    const a = actor(c);
    if (!(await store.deleteReach(a.organisationId, doc.id, period))) throw notFound("period");
    await audit(a, "service.reach_delete", "service", doc.id, { period });
    return c.json(await serviceView(c, doc));
  });
}

async function duplicateAs409<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof Duplicate) throw new HttpError(409, "duplicate", "Another indicator has this code.");
    throw e;
  }
}
