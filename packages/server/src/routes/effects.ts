/**
 * Observed effects (docs/followup.md, "What a measure did"): for a measure of an action plan, its
 * outcome indicator in the place where it runs against comparison places before and after its
 * start — difference in differences and a synthetic control — and, where the measure has a
 * calculation, the update of the intervention's effect with what was observed, the scenario
 * re-run with it, and its adoption as a new scenario version. Estimates are stored per measure
 * with their inputs, so that each can be reproduced from the data it was made from.
 * @module
 */
import { type ActionPlan, AREA_PREFIX, type DidResult, differenceInDifferences, type EffectData, type EffectSizeKind, indicatorView, observedLogRiskRatio, type Places, syntheticControl, type SyntheticResult, updateScenarioEffect } from "@sikt/followup";
import { baseValue, type Scenario } from "@sikt/engine";
import type { Context, Env, MiddlewareHandler } from "hono";
import { adoptedSchema, effectBody, type EffectEstimate as EstimateAnswer, effectEstimateSchema, type EffectInput, type EffectUpdate, type RerunFigures } from "@sikt/contract";
import { HttpError, idParam, notFound, readBody, type RouteTable } from "../http.js";
import type { Actor, Store } from "../store.js";

export interface EffectDeps<E extends Env> {
  routes: RouteTable<E>;
  store: Store;
  auth: MiddlewareHandler<E>;
  analyst: MiddlewareHandler<E>;
  actor: (c: Context<E>) => Actor;
  audit: (a: Actor, action: string, entity: string, entityId: string | null, detail?: unknown) => Promise<unknown>;
  places: (organisationId: string) => Promise<Places>;
  /** The latest version of a scenario visible to the caller, prepared for the engine; null when not visible or not valid. */
  scenarioOf: (c: Context<E>, scenarioId: string) => Promise<{ name: string; scenario: Scenario } | null>;
  /** Saves a changed document of a scenario as its next version (the caller needs edit access); answers the new version. */
  saveScenario: (c: Context<E>, scenarioId: string, change: (document: unknown) => unknown, message: string) => Promise<{ version: number }>;
  /** Key figures of scenarios side by side, computed off the request thread. */
  rerun: (c: Context<E>, scenarios: Scenario[], iterations: number) => Promise<RerunFigures[]>;
}


/** Iterations for the re-runs shown beside an estimate: the scenario's own, at most this many. */
const RERUN_ITERATIONS = 2000;


/** A scenario with one effect's size replaced: the engine's view, for the re-run. */
function withEffect(s: Scenario, interventionId: string, outcomeId: string, kind: EffectSizeKind, size: unknown): Scenario {
  return {
    ...s,
    interventions: s.interventions.map((iv) =>
      iv.id !== interventionId
        ? iv
        : {
            ...iv,
            effects: iv.effects.map((e) => {
              if (e.outcome !== outcomeId) return e;
              const { relativeRiskReduction: _r, oddsRatio: _o, standardizedMeanDifference: _s, ...rest } = e;
              return { ...rest, [kind]: size } as typeof e;
            }),
          },
    ),
  };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * The stored scenario document with one effect's size replaced, as a user would write it: an
 * intervention named only by its catalogue id becomes `{ id }` with the effect, and an effect the
 * catalogue has is overridden by outcome (the catalogue's merge rule), so the document stays
 * small and the change shows as an override of the catalogue.
 */
export function documentWithEffect(document: unknown, interventionId: string, outcomeId: string, kind: EffectSizeKind, size: unknown, source: string): unknown {
  if (!isObj(document) || !Array.isArray(document.interventions)) throw new Error("not a scenario document");
  const interventions = document.interventions.map((iv) => {
    const entry: Obj | null = typeof iv === "string" ? (iv === interventionId ? { id: iv } : null) : isObj(iv) && iv.id === interventionId ? { ...iv } : null;
    if (!entry) return iv;
    const effects = Array.isArray(entry.effects) ? entry.effects.map((e) => (isObj(e) ? { ...e } : e)) : [];
    const at = effects.findIndex((e) => isObj(e) && e.outcome === outcomeId);
    if (at >= 0) {
      const e = effects[at] as Obj;
      for (const k of ["relativeRiskReduction", "oddsRatio", "standardizedMeanDifference"]) if (k !== kind) delete e[k];
      e[kind] = size;
      e.source = source;
    } else effects.push({ outcome: outcomeId, [kind]: size, source });
    return { ...entry, effects };
  });
  return { ...document, interventions };
}

const sizeKind = (e: Scenario["interventions"][number]["effects"][number]): EffectSizeKind | null =>
  e.relativeRiskReduction !== undefined ? "relativeRiskReduction" : e.oddsRatio !== undefined ? "oddsRatio" : e.standardizedMeanDifference !== undefined ? "standardizedMeanDifference" : null;

/** A stored estimate's result as the routes made it (the contract's answer, the estimators' results typed by `@sikt/followup`). */
export type StoredEffectResult = Omit<EstimateAnswer["result"], "did" | "synthetic"> & { did: DidResult; synthetic: SyntheticResult };
/** The result of an estimate read back from the store, which keeps it as JSON. */
export const storedEffectResult = (e: { result: unknown }) => e.result as StoredEffectResult;

export function effectRoutes<E extends Env>(d: EffectDeps<E>): void {
  const { routes, store, auth, analyst, actor, audit } = d;

  async function planOf(c: Context<E>) {
    const doc = await store.getDoc(actor(c).organisationId, "plan", idParam(c, "docId", "plan"));
    if (!doc) throw notFound("plan");
    return doc;
  }
  const bad = (path: (string | number)[], message: string) => new HttpError(400, "invalid_body", "The body has problems; see issues.", { issues: [{ path, code: "invalid", message }] });

  /** Everything an estimate is made from, read from the organisation's stored indicator data. */
  async function estimate(c: Context<E>, plan: ActionPlan, measureId: string, input: EffectInput) {
    const o = actor(c).organisationId;
    const measure = plan.measures.find((m) => m.id === measureId);
    if (!measure) throw notFound("measure");
    const indicator = await store.getIndicator(o, input.indicatorId);
    if (!indicator) throw bad(["indicatorId"], "no such indicator");
    const places = await d.places(o);
    const view = indicatorView(indicator, await store.listPoints(o, indicator.id), places);
    const treatedPlace = input.place ?? places.municipality.code;
    const treated = view.series.find((s) => s.place === treatedPlace);
    if (!treated) throw bad(["place"], `the indicator has no values for ${treatedPlace.startsWith(AREA_PREFIX) ? treatedPlace.slice(AREA_PREFIX.length) : treatedPlace || "the municipality"}`);
    const comparisons =
      input.comparison === "peers"
        ? view.series.filter((s) => s.role === "peer")
        : input.comparison === "areas"
          ? view.series.filter((s) => s.role === "area" && s.place !== treatedPlace)
          : view.series.filter((s) => (input.comparison as string[]).includes(s.place) && s.place !== treatedPlace);
    // The update reads the indicator as how often the outcome occurs: a share where higher is better is turned into its complement.
    const complement = indicator.higherIsBetter && /%/.test(indicator.unit);
    const occurrence = (v: number) => (complement ? 100 - v : v);
    const startYear = input.startYear ?? measure.startYear;
    const data: EffectData = {
      treated: { place: treated.place, name: treated.name, points: treated.points.map((p) => ({ year: p.year, value: p.value })) },
      comparisons: comparisons.map((s) => ({ place: s.place, name: s.name, points: s.points.map((p) => ({ year: p.year, value: p.value })) })),
      startYear,
    };
    const did = differenceInDifferences(data);
    const synthetic = syntheticControl(data);

    let update: EffectUpdate | null = null;
    if (measure.scenario && did.status === "ok") {
      const s = await d.scenarioOf(c, measure.scenario.id);
      const iv = s?.scenario.interventions.find((x) => x.id === measure.scenario!.interventionId);
      const effects = iv?.effects ?? [];
      const effect = input.outcomeId ? effects.find((e) => e.outcome === input.outcomeId) : effects.length === 1 ? effects[0] : undefined;
      if (!s || !iv) update = { status: "no-scenario" };
      else if (!effect) update = { status: "choose-outcome", outcomes: effects.map((e) => ({ id: e.outcome, name: s.scenario.outcomes.find((x) => x.id === e.outcome)?.name ?? e.outcome })) };
      else if (indicator.higherIsBetter && !complement) update = { status: "not-expressible", reason: "direction" };
      else {
        const kind = sizeKind(effect);
        const after = did.rows.filter((r) => r.year >= startYear);
        const levelAfter = after.reduce((sum, r) => sum + occurrence(r.treated), 0) / after.length;
        // A share where higher is better: the estimate of the complement has the opposite sign.
        const observed = observedLogRiskRatio({ estimate: complement ? -did.estimate : did.estimate, se: did.se, levelAfter, coverage: input.coverage });
        if (!kind) update = { status: "not-expressible", reason: "no-size" };
        else if (observed.status !== "ok") update = observed;
        else {
          const size = effect[kind] as Parameters<typeof baseValue>[0];
          const factor = baseValue(iv.efficacy) * (1 - (s.scenario.optimismBias?.effects ?? 0));
          const u = updateScenarioEffect({ kind, size, baselineRisk: baseValue(effect.baselineRisk), factor }, observed.logRiskRatio);
          const updated = withEffect(s.scenario, iv.id, effect.outcome, kind, u.size);
          const [before, after] = (await d.rerun(c, [s.scenario, updated], Math.min(RERUN_ITERATIONS, s.scenario.monteCarlo?.iterations || RERUN_ITERATIONS))) as [RerunFigures, RerunFigures];
          update = {
            status: "ok",
            scenarioId: measure.scenario.id,
            scenarioName: s.name,
            interventionId: iv.id,
            interventionName: iv.name,
            outcomeId: effect.outcome,
            outcomeName: s.scenario.outcomes.find((x) => x.id === effect.outcome)?.name ?? effect.outcome,
            kind,
            sizeBefore: size,
            sizeAfter: u.size,
            observed: { ...observed.logRiskRatio, populationRiskRatio: observed.populationRiskRatio, counterfactualLevel: observed.counterfactualLevel, levelAfter },
            prior: u.prior,
            posterior: u.posterior,
            effectiveBefore: u.effectiveBefore,
            effectiveAfter: u.effectiveAfter,
            weightOfObservation: u.weightOfObservation,
            priorSdAssumed: u.priorSdAssumed,
            before,
            after,
          };
        }
      }
    }
    const lastYear = Math.max(...treated.points.map((p) => p.year));
    return {
      measureId,
      year: lastYear,
      input: { ...input, place: treatedPlace, startYear },
      indicator: { id: indicator.id, name: indicator.name, unit: indicator.unit, higherIsBetter: indicator.higherIsBetter, per100k: view.per100k },
      treated: { place: treated.place, name: treated.name },
      did,
      synthetic,
      update,
    };
  }

  routes.add(
    "post",
    "/api/plans/:docId/measures/:measureId/effect",
    { summary: "Estimate what a measure did to its outcome indicator against comparison places (difference in differences, synthetic control), and update its calculation's effect; stored", tag: "plans", body: effectBody, response: effectEstimateSchema, status: 201 },
    auth,
    analyst,
    async (c) => {
      const doc = await planOf(c);
      const input = await readBody(c, effectBody);
      const result = await estimate(c, doc.body as ActionPlan, c.req.param("measureId") ?? "", input);
      const a = actor(c);
      const saved = await store.saveEffectEstimate(a, doc.id, result.measureId, result.year, result.input, result);
      await audit(a, "plan.effect", "plan", doc.id, { measureId: result.measureId, estimateId: saved.id });
      return c.json(saved, 201);
    },
  );

  routes.add("get", "/api/plans/:docId/effects", { summary: "The stored effect estimates of a plan's measures, newest first", tag: "plans" }, auth, async (c) => {
    const doc = await planOf(c);
    return c.json(await store.listEffectEstimates(actor(c).organisationId, doc.id));
  });

  routes.add(
    "post",
    "/api/plans/:docId/effects/:estimateId/adopt",
    { summary: "Adopt an estimate's updated effect into a new version of the measure's scenario, with the estimate as its source", tag: "plans", response: adoptedSchema, status: 201, errors: [409] },
    auth,
    analyst,
    async (c) => {
      const doc = await planOf(c);
      const a = actor(c);
      const found = (await store.listEffectEstimates(a.organisationId, doc.id)).find((x) => x.id === c.req.param("estimateId"));
      if (!found) throw notFound("estimate");
      const r = storedEffectResult(found);
      const u = r.update;
      if (!u || u.status !== "ok" || r.did.status !== "ok") throw new HttpError(409, "no_update", "The estimate has no updated effect to adopt.");
      const years = [...r.did.before, ...r.did.after];
      const source = `Uppdaterad med observerad effekt (skillnad-i-skillnader, ${r.indicator.name}, ${r.treated.name} ${years[0]}–${years[years.length - 1]}; uppskattning ${found.createdAt.slice(0, 10)}). Observationsstudie: bygger på att jämförelseorterna visar hur utvecklingen annars hade blivit.`;
      const saved = await d.saveScenario(c, u.scenarioId, (document) => documentWithEffect(document, u.interventionId, u.outcomeId, u.kind, u.sizeAfter, source), `Effekt uppdaterad med observerad effekt (${r.indicator.name})`);
      await store.markEffectAdopted(a.organisationId, found.id, u.scenarioId, saved.version);
      await audit(a, "plan.effect.adopt", "plan", doc.id, { estimateId: found.id, scenarioId: u.scenarioId, version: saved.version });
      return c.json({ scenarioId: u.scenarioId, version: saved.version }, 201);
    },
  );
}
