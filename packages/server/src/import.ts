/**
 * `POST /api/import`: an organisation's export checked as strictly as the API checks each
 * part, before anything is stored.
 *
 * - Every part goes through the schema its own route uses: scenario versions through the
 *   engine (as a save), decisions as `PUT …/decision`, shares as `POST …/shares`, funds as
 *   `POST /api/funds`, places, indicators, lägesbilder, plans, services, actuals and reach as
 *   their follow-up routes. A problem answers 400 naming its place in the file.
 * - References must resolve as the routes demand (a plan's lägesbild, an indicator, a
 *   scenario and its intervention, a fund's scenarios, a measure of an actual), to what the
 *   organisation has or the file brings: 422 naming the place.
 * - An id in the file that another organisation uses: 409 naming the place in the file, never
 *   the id nor whose it is.
 * - Version numbers are given as saves give them (`Store.restoreOrganisation`): an absurd number
 *   in the file cannot break later saves.
 * - Decisions come only with a version the import adds, in the shape of `PUT …/decision`, and
 *   go to the audit log as `version.decision` (with `imported: true`) like one set through the
 *   API. An admin importing could set the same decision through the API; a decision in the file
 *   on a version the organisation has already is ignored, so a file cannot make an existing
 *   scenario undeletable.
 * - Observed-effect estimates come inside their plans, checked as the server writes them (the
 *   estimators' results in their shapes, the result made for the estimate's own measure, year
 *   and indicator, the measure in the plan, the indicator in the organisation or the file).
 * - Runs are not imported: a run's result is what the server computed, and a file's result
 *   cannot be trusted (a forged one broke reports). The answer says how many were left out;
 *   running the version again with the run's seed and iterations gives the same result.
 * @module
 */
import { prepareScenario } from "@sikt/catalog/node";
import { issueMessage, type Lang } from "@sikt/engine";
import type { ActionPlan, Lagesbild } from "@sikt/followup";
import { z } from "zod";
import * as api from "@sikt/contract";
import * as f from "@sikt/contract";
import { HttpError, type Problem, zodProblems } from "./http.js";
import { type Actor, Duplicate, type Store } from "./store.js";

const uuid = z.uuid();
const timestamp = z.iso.datetime({ offset: true });
const lineText = (max: number) => z.string().max(max).regex(/^[^\t\n\r]*$/, "must be one line");

const versionSchema = z.looseObject({
  version: z.number().int().min(1).max(2_147_483_647),
  document: api.scenarioDocument,
  message: z.string().max(2000).nullable(),
  createdAt: timestamp,
  decision: api.decisionBody.nullable(),
});

const pointSchema = z.strictObject({
  indicatorId: uuid,
  place: lineText(100).min(1),
  year: z.number().int().min(1900).max(2100),
  value: z.number().finite(),
  population: z.number().finite().min(0).nullable(),
  /** In all (T, also when left out), women (K) or men (M), as the export gives it. */
  gender: z.enum(["T", "K", "M"]).optional(),
});

const place = z.object({ place: z.string().max(200), name: z.string().max(300) });
const insufficient = z.object({ status: z.literal("insufficient"), reason: z.enum(["no-comparison", "few-before", "no-after", "few-comparisons"]), before: z.number().int(), after: z.number().int(), comparisons: z.number().int() });
const years = <T extends z.ZodRawShape>(shape: T) => z.array(z.object({ year: z.number().int().min(1900).max(2100), ...shape })).max(200);
/** A difference in differences as `@sikt/followup` gives it (`DidResult`), so that a stored one read back cannot break a page or a report. */
const didSchema = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("ok"),
    estimate: z.number(),
    se: z.number(),
    df: z.number(),
    ci95: z.tuple([z.number(), z.number()]),
    pValue: z.number(),
    before: z.array(z.number().int()).max(200),
    after: z.array(z.number().int()).max(200),
    rows: years({ treated: z.number(), comparison: z.number(), gap: z.number() }),
    comparisons: z.array(place).max(1000),
    dropped: z.array(place).max(1000),
    preTrend: z.object({ slope: z.number(), se: z.number() }).nullable(),
  }),
  insufficient,
]);
/** A synthetic control as `@sikt/followup` gives it (`SyntheticResult`). */
const syntheticSchema = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("ok"),
    estimate: z.number(),
    weights: z.array(place.extend({ weight: z.number() })).max(1000),
    rows: years({ treated: z.number(), synthetic: z.number(), gap: z.number() }),
    rmspeBefore: z.number(),
    rmspeAfter: z.number(),
    placebo: z.object({ pValue: z.number(), smallestPossible: z.number(), places: z.array(place.extend({ ratio: z.number(), estimate: z.number() })).max(1000), treatedRatio: z.number() }).nullable(),
    dropped: z.array(place).max(1000),
  }),
  insufficient,
  z.object({ status: z.literal("no-fit"), rmspeBefore: z.number(), relativeGap: z.number(), yearsOutsideRange: z.number().int() }),
]);
/** A stored observed-effect estimate in its plan, as `GET /api/plans/…/effects` gives it (less the plan id). */
const effectSchema = f.effectEstimateSchema.omit({ planId: true }).extend({
  createdAt: timestamp,
  result: f.effectEstimateSchema.shape.result.extend({ did: didSchema, synthetic: syntheticSchema }),
});

const documentSchema = z.looseObject({
  id: uuid,
  kind: z.enum(["lagesbild", "plan", "service"]),
  version: z.number().int().min(1).max(1_000_000),
  createdAt: timestamp,
  updatedAt: timestamp,
  body: z.unknown(),
  actuals: z.array(f.actualsBody.shape.actuals.element).max(100_000).optional(),
  reach: z.array(f.reachBody).max(10_000).optional(),
  effects: z.array(effectSchema).max(10_000).optional(),
});

export const importFileSchema = z.looseObject({
  format: z.literal("sikt-organisation-export"),
  formatVersion: z.literal(1),
  scenarios: z.array(
    z.looseObject({
      id: uuid,
      name: z.string().max(300),
      createdAt: timestamp,
      versions: z.array(versionSchema).min(1).max(10_000),
      shares: z.array(api.shareBody).max(1000),
    }),
  ),
  runs: z.array(z.unknown()).optional(),
  funds: z.array(z.looseObject({ id: uuid, name: z.string().min(1).max(200), definition: api.fundBody, createdAt: timestamp, updatedAt: timestamp })).optional(),
  followup: z
    .looseObject({
      places: f.placesSchema.nullable(),
      indicators: z.array(f.indicatorBody.extend({ id: uuid, points: z.array(pointSchema).max(1_000_000) })).max(10_000),
      documents: z.array(documentSchema).max(10_000),
    })
    .optional(),
});
type ImportFile = z.output<typeof importFileSchema>;

export const importResultSchema = z.object({
  scenarios: z.number().int(),
  versions: z.number().int(),
  decisions: z.number().int(),
  runs: z.number().int().meta({ description: "Always 0: runs are not imported (their results are computed by the server)." }),
  runsLeftOut: z.number().int(),
  notes: z.array(z.string()),
});

const bodySchemas = { lagesbild: f.lagesbildSchema, plan: f.planSchema, service: f.serviceSchema } as const;

/** Checks `raw` and restores it into the actor's organisation; see the module comment. */
export async function importOrganisation(store: Store, a: Actor, raw: unknown, lang: Lang): Promise<z.output<typeof importResultSchema>> {
  const parsed = importFileSchema.safeParse(raw);
  if (!parsed.success) throw new HttpError(400, "invalid_import", "The file has problems; see issues. Nothing was imported.", { issues: zodProblems(parsed.error) });
  const file = parsed.data;
  const problems: Problem[] = [];

  // Scenario documents, as a save checks them; each version number once.
  const interventions = new Map<string, Set<string>>();
  for (const [i, s] of file.scenarios.entries()) {
    const seen = new Set<number>();
    let latest: { version: number; ids: Set<string> } | undefined;
    for (const [j, v] of s.versions.entries()) {
      if (seen.has(v.version)) problems.push({ path: ["scenarios", i, "versions", j, "version"], code: "duplicate", message: "this version number is given twice" });
      seen.add(v.version);
      const prepared = prepareScenario(v.document);
      if (!prepared.ok) {
        for (const x of prepared.issues) problems.push({ path: ["scenarios", i, "versions", j, "document", ...x.path], code: x.code, message: issueMessage(x, lang) });
        continue;
      }
      if (!latest || v.version > latest.version) latest = { version: v.version, ids: new Set(prepared.scenario.interventions.map((x) => x.id)) };
    }
    if (latest) interventions.set(s.id, latest.ids);
  }
  if (file.scenarios.length !== new Set(file.scenarios.map((s) => s.id)).size)
    problems.push({ path: ["scenarios"], code: "duplicate", message: "a scenario id is given twice" });
  const followup = file.followup;
  for (const [k, d] of (followup?.documents ?? []).entries()) {
    const body = bodySchemas[d.kind].safeParse(d.body);
    if (!body.success) problems.push(...zodProblems(body.error).map((p) => ({ ...p, path: ["followup", "documents", k, "body", ...p.path] })));
    // An estimate as the server writes it: its result made for its own measure, year and indicator.
    for (const [j, e] of (d.effects ?? []).entries()) {
      const at = (...p: (string | number)[]) => ["followup", "documents", k, "effects", j, ...p];
      const differs = (path: (string | number)[], message: string) => problems.push({ path: at(...path), code: "invalid", message });
      if (e.result.measureId !== e.measureId) differs(["result", "measureId"], "must be the estimate's measureId");
      if (e.result.year !== e.year) differs(["result", "year"], "must be the estimate's year");
      if (e.result.input.indicatorId !== e.input.indicatorId) differs(["result", "input", "indicatorId"], "must be the estimate's input.indicatorId");
      if (e.result.indicator.id !== e.input.indicatorId) differs(["result", "indicator", "id"], "must be the estimate's input.indicatorId");
    }
  }
  if (problems.length > 0) throw new HttpError(400, "invalid_import", "The file has problems; see issues. Nothing was imported.", { issues: problems.slice(0, 200) });

  // Ids another organisation uses: refused by place, never named.
  const taken = async (table: string, id: string) => {
    const [row] = await store.db.query<{ organisation_id: string }>(`select organisation_id from ${table} where id = $1`, [id]);
    return row !== undefined && row.organisation_id !== a.organisationId;
  };
  const conflicts: Problem[] = [];
  const inUse = (path: (string | number)[]) => conflicts.push({ path, code: "id_in_use", message: "this id cannot be used here; give the item a new id (a fresh UUID) or leave it out" });
  for (const [i, s] of file.scenarios.entries()) if (await taken("scenarios", s.id)) inUse(["scenarios", i, "id"]);
  for (const [i, x] of (file.funds ?? []).entries()) if (await taken("funds", x.id)) inUse(["funds", i, "id"]);
  for (const [i, x] of (followup?.indicators ?? []).entries()) if (await taken("indicators", x.id)) inUse(["followup", "indicators", i, "id"]);
  for (const [i, x] of (followup?.documents ?? []).entries()) {
    if (await taken("followup_documents", x.id)) inUse(["followup", "documents", i, "id"]);
    for (const [j, e] of (x.effects ?? []).entries()) if (await taken("effect_estimates", e.id)) inUse(["followup", "documents", i, "effects", j, "id"]);
  }
  if (conflicts.length > 0) throw new HttpError(409, "id_in_use", "Some ids in the file cannot be used; see issues. Nothing was imported.", { issues: conflicts });

  // References, as the routes check them: to what the organisation has or the file brings.
  const refs: Problem[] = [];
  const missing = (path: (string | number)[], message: string) => refs.push({ path, code: "not_found", message });
  const own = async (sql: string, ids: string[]) => new Set((await store.db.query<{ id: string }>(sql, [a.organisationId, ids])).map((r) => r.id));
  const fileIndicators = new Set((followup?.indicators ?? []).map((x) => x.id));
  const wantedIndicators = [...new Set(collectIndicatorIds(followup?.documents ?? []))].filter((id) => !fileIndicators.has(id));
  const indicators = new Set([...fileIndicators, ...(await own("select id from indicators where organisation_id = $1 and id = any($2::uuid[])", wantedIndicators))]);
  const docsOf = (kind: string) => (followup?.documents ?? []).filter((d) => d.kind === kind);
  const fileLagesbilder = new Map(docsOf("lagesbild").map((d) => [d.id, d.body as Lagesbild]));
  for (const [i, x] of (followup?.indicators ?? []).entries())
    x.points.forEach((p, k) => p.indicatorId !== x.id && missing(["followup", "indicators", i, "points", k, "indicatorId"], "must be the indicator's own id"));
  for (const [k, d] of (followup?.documents ?? []).entries()) {
    const at = (...p: (string | number)[]) => ["followup", "documents", k, "body", ...p];
    const needIndicator = (id: string, path: (string | number)[]) => indicators.has(id) || missing(path, "no such indicator in your organisation or the file");
    if (d.kind !== "plan" && d.actuals?.length) missing(["followup", "documents", k, "actuals"], "only a plan has actuals");
    if (d.kind !== "service" && d.reach?.length) missing(["followup", "documents", k, "reach"], "only a service has reach");
    if (d.kind !== "plan" && d.effects?.length) missing(["followup", "documents", k, "effects"], "only a plan has observed-effect estimates");
    if (d.kind === "lagesbild") {
      const l = d.body as Lagesbild;
      l.mapping.indicators.forEach((m, i) => needIndicator(m.indicatorId, at("mapping", "indicators", i, "indicatorId")));
      l.findings.forEach((x, i) => x.indicatorIds.forEach((id, j) => needIndicator(id, at("findings", i, "indicatorIds", j))));
    }
    if (d.kind === "plan") {
      const p = d.body as ActionPlan;
      let lagesbild: Lagesbild | undefined;
      if (p.lagesbildId) {
        lagesbild = fileLagesbilder.get(p.lagesbildId) ?? ((await store.getDoc(a.organisationId, "lagesbild", p.lagesbildId))?.body as Lagesbild | undefined);
        if (!lagesbild) missing(at("lagesbildId"), "no such lägesbild in your organisation or the file");
      }
      const findings = new Set((lagesbild?.findings ?? []).map((x) => x.id));
      const measures = new Set(p.measures.map((m) => m.id));
      for (const [i, m] of p.measures.entries()) {
        if (lagesbild) m.findingIds.forEach((id, j) => findings.has(id) || missing(at("measures", i, "findingIds", j), "no such finding in the lägesbild"));
        m.indicators.forEach((x, j) => needIndicator(x.indicatorId, at("measures", i, "indicators", j, "indicatorId")));
        if (m.scenario) {
          const ids = interventions.get(m.scenario.id) ?? (await visibleInterventions(store, a.organisationId, m.scenario.id));
          if (!ids) missing(at("measures", i, "scenario", "id"), "no such scenario in your organisation or the file (or it cannot be evaluated)");
          else if (!ids.has(m.scenario.interventionId)) missing(at("measures", i, "scenario", "interventionId"), "the scenario has no such intervention");
        }
      }
      d.actuals?.forEach((x, j) => measures.has(x.measureId) || missing(["followup", "documents", k, "actuals", j, "measureId"], "no such measure in the plan"));
      d.effects?.forEach((x, j) => {
        if (!measures.has(x.measureId)) missing(["followup", "documents", k, "effects", j, "measureId"], "no such measure in the plan");
        needIndicator(x.input.indicatorId, ["followup", "documents", k, "effects", j, "input", "indicatorId"]);
      });
    }
  }
  const fileScenarios = new Set(file.scenarios.map((s) => s.id));
  for (const [i, x] of (file.funds ?? []).entries())
    for (const [j, inv] of x.definition.investments.entries())
      if (!fileScenarios.has(inv.scenarioId) && !(await store.getScenario(inv.scenarioId, a.organisationId)))
        missing(["funds", i, "definition", "investments", j, "scenarioId"], "no such scenario in your organisation or the file");
  if (refs.length > 0) throw new HttpError(422, "unresolved_reference", "The file refers to things that are neither in your organisation nor in the file; see issues. Nothing was imported.", { issues: refs.slice(0, 200) });

  let restored;
  try {
    restored = await store.restoreOrganisation(a.organisationId, toExport(file), a.userId);
  } catch (e) {
    if (e instanceof Duplicate) throw new HttpError(409, "id_in_use", "An id in the file was taken while importing; nothing was imported. Try again.");
    throw e;
  }
  for (const d of restored.decisions)
    await store.audit({ organisationId: a.organisationId, userId: a.userId, action: "version.decision", entity: "scenario", entityId: d.scenarioId, detail: { version: d.version, ...d.decision, imported: true } });
  const runsLeftOut = file.runs?.length ?? 0;
  const notes: string[] = [];
  if (runsLeftOut > 0)
    notes.push(
      lang === "sv"
        ? `${runsLeftOut} körningar importerades inte: ett resultat räknas alltid av servern. Kör versionen igen med samma frö och antal dragningar för att få samma resultat.`
        : `${runsLeftOut} runs were not imported: a result is always computed by the server. Run the version again with the same seed and iterations to get the same result.`,
    );
  return { scenarios: restored.scenarios, versions: restored.versions, decisions: restored.decisions.length, runs: 0, runsLeftOut, notes };
}

function collectIndicatorIds(documents: { kind: string; body: unknown; effects?: { input: { indicatorId: string } }[] | undefined }[]): string[] {
  const ids: string[] = [];
  for (const d of documents) {
    ids.push(...(d.effects ?? []).map((e) => e.input.indicatorId));
    if (d.kind === "lagesbild") {
      const l = d.body as Lagesbild;
      ids.push(...l.mapping.indicators.map((m) => m.indicatorId), ...l.findings.flatMap((x) => x.indicatorIds));
    }
    if (d.kind === "plan") ids.push(...(d.body as ActionPlan).measures.flatMap((m) => m.indicators.map((x) => x.indicatorId)));
  }
  return ids;
}

/** The intervention ids of the latest version of a scenario the organisation may see, or null. */
async function visibleInterventions(store: Store, organisationId: string, scenarioId: string): Promise<Set<string> | null> {
  const found = await store.getScenario(scenarioId, organisationId);
  if (!found) return null;
  const version = await store.getVersion(found.id, found.latestVersion);
  const prepared = version ? prepareScenario(version.document) : null;
  return prepared?.ok ? new Set(prepared.scenario.interventions.map((x) => x.id)) : null;
}

/** The checked file in the shape the store restores (documents start again at version 1 of theirs). */
function toExport(file: ImportFile) {
  return {
    scenarios: file.scenarios.map((s) => ({
      id: s.id,
      name: s.name || "Scenario",
      createdAt: s.createdAt,
      shares: s.shares,
      versions: s.versions.map((v) => ({ scenarioId: s.id, version: v.version, document: v.document, message: v.message, createdAt: v.createdAt, createdBy: null, decision: v.decision })),
    })),
    funds: (file.funds ?? []).map((x) => ({ id: x.id, organisationId: "", name: x.name, definition: x.definition, createdAt: x.createdAt, updatedAt: x.updatedAt })),
    ...(file.followup
      ? {
          followup: {
            places: file.followup.places,
            indicators: file.followup.indicators.map((i) => ({ ...i, points: i.points.map(({ gender, ...p }) => (gender ? { ...p, gender } : p)) })),
            documents: file.followup.documents.map((d) => ({
              id: d.id,
              kind: d.kind,
              version: d.version,
              createdAt: d.createdAt,
              updatedAt: d.updatedAt,
              body: bodySchemas[d.kind].parse(d.body),
              ...(d.actuals ? { actuals: d.actuals.map((x) => ({ ...x, participants: x.participants ?? null })) } : {}),
              ...(d.reach ? { reach: d.reach } : {}),
              ...(d.effects ? { effects: d.effects } : {}),
            })),
          },
        }
      : {}),
  };
}
