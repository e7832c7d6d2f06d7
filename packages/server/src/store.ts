/**
 * The repository: everything the server keeps, behind one interface. It is written once in
 * SQL over `Database`, so the embedded and the server adapter run the same statements and pass
 * the same conformance suite (`store.test.ts`). Every method that reads or changes an
 * organisation's data takes that organisation's id, so a query can never reach another's rows
 * by accident; access through shares is decided in `accessTo`.
 *
 * One module per feature (store/session.ts, store/scenarios.ts, store/runs.ts, store/funds.ts,
 * store/followup.ts, store/effects.ts, store/audit.ts), named as the feature's routes
 * (routes/*.ts) and contract (packages/contract); this module joins them into `Store` and keeps
 * the export and restore of a whole organisation.
 * @module
 */
import type { Actual, Indicator, IndicatorPoint, Places, PointGender, Reach } from "@sikt/followup";
import type { Query } from "./db/sql.js";
import { AuditStore } from "./store/audit.js";
import { Duplicate, iso, StoreCore } from "./store/core.js";
import { type EffectEstimate, EffectStore } from "./store/effects.js";
import { type FollowupDoc, FollowupStore } from "./store/followup.js";
import { type FundRecord, FundStore } from "./store/funds.js";
import { type Run, RunStore, toRun } from "./store/runs.js";
import { type Decision, ScenarioStore, type ScenarioVersion, type ShareAccess, toVersionInfo } from "./store/scenarios.js";
import { type Organisation, SessionStore, type User } from "./store/session.js";

export * from "./store/core.js";
export * from "./store/session.js";
export * from "./store/scenarios.js";
export * from "./store/audit.js";
export * from "./store/runs.js";
export * from "./store/funds.js";
export * from "./store/followup.js";
export * from "./store/effects.js";

/** A stored observed-effect estimate as exported, inside its plan (which gives its plan id). */
export type EffectExport = Omit<EffectEstimate, "planId">;

/** The organisation's lägesbild and follow-up data (export and restore). */
export interface FollowupExport {
  places: Places | null;
  indicators: (Indicator & { points: IndicatorPoint[] })[];
  documents: (FollowupDoc & { actuals?: Actual[]; reach?: Reach[]; effects?: EffectExport[] })[];
}

/** Everything an organisation has, as one JSON-ready object (export and restore). */
export interface OrganisationExport {
  format: "sikt-organisation-export";
  formatVersion: 1;
  exportedAt: string;
  organisation: Organisation;
  users: User[];
  scenarios: {
    id: string;
    name: string;
    createdAt: string;
    versions: ScenarioVersion[];
    shares: { organisationId: string; access: ShareAccess }[];
  }[];
  runs: Run[];
  funds?: FundRecord[];
  followup?: FollowupExport;
}

// The parts are mixed into Store (the TypeScript handbook's mixin pattern): the interface gives
// Store their methods' types, the loop after the class their implementations.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Store extends SessionStore, ScenarioStore, AuditStore, RunStore, FundStore, FollowupStore, EffectStore {}
/** The store: every feature's part (store/*.ts) on one database. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Store extends StoreCore {
  // Export and restore

  async exportFollowup(organisationId: string): Promise<FollowupExport> {
    const points = await this.listPoints(organisationId);
    const documents: FollowupExport["documents"] = [];
    for (const kind of ["lagesbild", "plan", "service"] as const)
      for (const d of await this.listDocs(organisationId, kind))
        documents.push({
          ...d,
          ...(kind === "plan"
            ? { actuals: await this.listActuals(organisationId, d.id), effects: (await this.listEffectEstimates(organisationId, d.id)).map(({ planId: _, ...e }) => e) }
            : {}),
          ...(kind === "service" ? { reach: await this.listReach(organisationId, d.id) } : {}),
        });
    return {
      places: await this.getPlaces(organisationId),
      indicators: (await this.listIndicators(organisationId)).map((i) => ({ ...i, points: points.filter((p) => p.indicatorId === i.id) })),
      documents,
    };
  }


  async exportOrganisation(organisationId: string): Promise<OrganisationExport> {
    const organisation = await this.getOrganisation(organisationId);
    if (!organisation) throw new Error(`no organisation ${organisationId}`);
    const scenarios = await this.db.query("select * from scenarios where organisation_id = $1 order by created_at, id", [organisationId]);
    const out: OrganisationExport["scenarios"] = [];
    for (const s of scenarios) {
      const id = s.id as string;
      const versions = (await this.db.query("select * from scenario_versions where scenario_id = $1 order by version", [id])).map(
        (r) => ({ ...toVersionInfo(r), document: r.document }),
      );
      const shares = (await this.listShares(id)).map((sh) => ({ organisationId: sh.organisationId, access: sh.access }));
      out.push({ id, name: s.name as string, createdAt: iso(s.created_at), versions, shares });
    }
    // Runs on the organisation's own scenarios only, whoever started them: a run this
    // organisation made on a scenario shared with it is the owner's data, and stays out (also
    // after the share is withdrawn).
    const runs = (
      await this.db.query(
        `select r.* from runs r join scenarios s on s.id = r.scenario_id
         where s.organisation_id = $1 and r.status = 'done' order by r.created_at, r.id`,
        [organisationId],
      )
    ).map(toRun);
    return {
      format: "sikt-organisation-export",
      formatVersion: 1,
      exportedAt: new Date().toISOString(),
      organisation,
      users: await this.listUsers(organisationId),
      scenarios: out,
      runs,
      funds: await this.listFunds(organisationId),
      followup: await this.exportFollowup(organisationId),
    };
  }

  /**
   * Restores an export into an organisation, in one transaction: scenarios and versions the
   * database lacks are added, nothing existing is changed or deleted (decided versions can
   * never be lost). The file is expected checked already (`import.ts`: schemas, references,
   * ids of other organisations). Versions are numbered as saves would number them: a version
   * the scenario lacks below its latest number keeps its number (it was deleted and comes
   * back); the others follow the latest one, 1, 2, 3… in the file's order, whatever numbers the
   * file gave them; one equal to a version the scenario has (document, message and time) is
 * not added again. A decision comes only with a version this restore adds. Runs are not
   * restored (a result is what the server computed; `import.ts` says so). Observed-effect
   * estimates come with their plans, into plans of this organisation only, by id (one there
   * already is left as it is); their indicator ids follow the indicators as restored, and an
   * adopting scenario version is kept under the number it has here (dropped where the
   * organisation has no such version). Users are not
   * restored (their passwords are not in the export). Indicator values, which may be hundreds of
   * thousands, are added after that transaction, many to a statement, each statement committed
   * on its own so that other requests get their turn on an embedded database in between; an
   * import cut short is completed by importing the file again (values already there are left as
   * they are).
   * @throws Duplicate when an id in the file belongs to another organisation
   */
  async restoreOrganisation(
    organisationId: string,
    data: Pick<OrganisationExport, "scenarios" | "funds" | "followup">,
    by: string,
  ): Promise<{ scenarios: number; versions: number; decisions: { scenarioId: string; version: number; decision: Decision }[] }> {
    const points: PendingPoints[] = [];
    const counts = await this.db.transaction(async (q) => {
      let scenarios = 0;
      let versions = 0;
      const decisions: { scenarioId: string; version: number; decision: Decision }[] = [];
      // The number each version of the file has here after the restore (`scenario/file number` → number), for what refers to a version.
      const numbers = new Map<string, number>();
      for (const s of data.scenarios) {
        const [have] = await q<{ organisation_id: string; latest_version: number }>("select organisation_id, latest_version from scenarios where id = $1 for update", [s.id]);
        if (have && have.organisation_id !== organisationId) throw new Duplicate("scenario");
        if (!have) {
          await q("insert into scenarios (id, organisation_id, name, latest_version, created_at, created_by) values ($1, $2, $3, 0, $4, $5)", [
            s.id,
            organisationId,
            s.name,
            s.createdAt,
            by,
          ]);
          scenarios++;
        }
        let next = (have?.latest_version ?? 0) + 1;
        for (const v of [...s.versions].sort((x, y) => x.version - y.version)) {
          const number = v.version < next && have ? v.version : next;
          // One the scenario has already (an earlier import of the same file) is not added again.
          if (number === next && have) {
            const [same] = await q<{ version: number }>(
              "select version from scenario_versions where scenario_id = $1 and document = $2::jsonb and message is not distinct from $3 and created_at = $4::timestamptz",
              [s.id, JSON.stringify(v.document), v.message, v.createdAt],
            );
            if (same) {
              numbers.set(`${s.id}/${v.version}`, same.version);
              continue;
            }
          }
          numbers.set(`${s.id}/${v.version}`, number);
          const added = await q(
            `insert into scenario_versions (scenario_id, version, document, message, created_at, created_by, decision)
             values ($1, $2, $3, $4, $5, null, $6) on conflict do nothing returning version`,
            [s.id, number, JSON.stringify(v.document), v.message, v.createdAt, v.decision === null ? null : JSON.stringify(v.decision)],
          );
          if (number === next) next++;
          if (added.length === 0) continue;
          versions++;
          if (v.decision) decisions.push({ scenarioId: s.id, version: number, decision: v.decision });
        }
        await q(
          `update scenarios set latest_version = greatest(latest_version, coalesce((select max(version) from scenario_versions where scenario_id = $1), 0)),
                  name = coalesce((select document->>'name' from scenario_versions where scenario_id = $1 order by version desc limit 1), name)
           where id = $1`,
          [s.id],
        );
        for (const sh of s.shares) {
          await q(
            `insert into shares (scenario_id, organisation_id, access, created_by)
             select $1, $2, $3, $4 where exists (select 1 from organisations where id = $2) and $2 <> $5::uuid
             on conflict do nothing`,
            [s.id, sh.organisationId, sh.access, by, organisationId],
          );
        }
      }
      for (const f of data.funds ?? [])
        await q(
          `insert into funds (id, organisation_id, name, definition, created_at, updated_at, created_by)
           select $1, $2, $3, $4, $5, $6, $7 where not exists (select 1 from funds where id = $1) on conflict do nothing`,
          [f.id, organisationId, f.name, JSON.stringify(f.definition), f.createdAt, f.updatedAt, by],
        );
      if (data.followup) points.push(...(await restoreFollowup(q, organisationId, data.followup, by, numbers)));
      return { scenarios, versions, decisions };
    });
    for (const p of points) await insertRestoredPoints(this.db.query, p.indicatorId, p.points);
    return counts;
  }
}
for (const part of [SessionStore, ScenarioStore, AuditStore, RunStore, FundStore, FollowupStore, EffectStore])
  for (const name of Object.getOwnPropertyNames(part.prototype))
    if (name !== "constructor") Object.defineProperty(Store.prototype, name, Object.getOwnPropertyDescriptor(part.prototype, name)!);
type PendingPoints = { indicatorId: string; points: FollowupExport["indicators"][number]["points"] };

/**
 * Adds what the database lacks (by id; indicators by code), changing nothing that is there;
 * answers the indicator values to add (insertPoints), which are left to the caller.
 */
async function restoreFollowup(q: Query, organisationId: string, f: FollowupExport, by: string, versionNumbers: ReadonlyMap<string, number>): Promise<PendingPoints[]> {
  const pending: PendingPoints[] = [];
  if (f.places) await q("insert into places (organisation_id, places) values ($1, $2) on conflict do nothing", [organisationId, JSON.stringify(f.places)]);
  // An indicator the organisation has already under the same code keeps its id; the documents'
  // references follow it.
  const ids = new Map<string, string>();
  for (const i of f.indicators) {
    const [own] = await q<{ id: string }>(
      `insert into indicators (id, organisation_id, code, name, unit, kind, source, higher_is_better, description, by_gender)
       select $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 where not exists (select 1 from indicators where id = $1)
       on conflict do nothing returning id`,
      [i.id, organisationId, i.code, i.name, i.unit, i.kind, i.source, i.higherIsBetter, i.description ?? "", i.byGender ?? null],
    );
    const [mine] = own ? [own] : await q<{ id: string }>("select id from indicators where organisation_id = $1 and (id = $2 or code = $3) order by (id = $2) desc limit 1", [organisationId, i.id, i.code]);
    if (!mine) continue;
    if (mine.id !== i.id) ids.set(i.id, mine.id);
    pending.push({ indicatorId: mine.id, points: i.points });
  }
  const remap = (_: string, v: unknown) => (typeof v === "string" ? (ids.get(v) ?? v) : v);
  for (const d of f.documents) {
    const [have] = await q<{ organisation_id: string }>("select organisation_id from followup_documents where id = $1", [d.id]);
    if (have && have.organisation_id !== organisationId) throw new Duplicate("document");
    if (!have)
      await q(
        "insert into followup_documents (id, organisation_id, kind, version, body, created_at, updated_at, created_by, updated_by) values ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
        [d.id, organisationId, d.kind, d.version, JSON.stringify(d.body, remap), d.createdAt, d.updatedAt, by],
      );
    for (const a of d.actuals ?? [])
      await q("insert into measure_actuals (plan_id, measure_id, year, participants, cost, note) values ($1, $2, $3, $4, $5, $6) on conflict do nothing", [d.id, a.measureId, a.year, a.participants, a.cost, a.note]);
    for (const r of d.reach ?? [])
      await q("insert into service_reach (service_id, period, visits, participants) values ($1, $2, $3, $4) on conflict do nothing", [d.id, r.period, r.visits, JSON.stringify(r.participants)]);
    for (const e of d.effects ?? []) {
      const [had] = await q<{ organisation_id: string }>("select organisation_id from effect_estimates where id = $1", [e.id]);
      if (had && had.organisation_id !== organisationId) throw new Duplicate("effect estimate");
      if (had) continue;
      // The adopting version as numbered here; kept only where that version is the organisation's.
      let adopted: { scenarioId: string; version: number } | null = null;
      if (e.adopted) {
        const version = versionNumbers.get(`${e.adopted.scenarioId}/${e.adopted.version}`) ?? e.adopted.version;
        const [there] = await q("select 1 from scenario_versions v join scenarios s on s.id = v.scenario_id where s.id = $1 and s.organisation_id = $2 and v.version = $3", [e.adopted.scenarioId, organisationId, version]);
        if (there) adopted = { scenarioId: e.adopted.scenarioId, version };
      }
      // Only into a plan of this organisation; indicator ids follow the indicators' as restored.
      await q(
        `insert into effect_estimates (id, organisation_id, plan_id, measure_id, year, input, result, adopted_scenario_id, adopted_version, created_by, created_at)
         select $1, $2, d.id, $4, $5, $6, $7, $8, $9, $10, $11 from followup_documents d where d.id = $3 and d.organisation_id = $2 and d.kind = 'plan'
         on conflict do nothing`,
        [e.id, organisationId, d.id, e.measureId, e.year, JSON.stringify(e.input, remap), JSON.stringify(e.result, remap), adopted?.scenarioId ?? null, adopted?.version ?? null, by, e.createdAt],
      );
    }
  }
  return pending;
}

/**
 * Adds indicator values the database lacks, many to a statement (one JSON parameter unpacked by
 * the database), so that an import of hundreds of thousands of values takes seconds, not minutes;
 * the event loop gets a turn between statements.
 */
async function insertRestoredPoints(q: Query, indicatorId: string, points: readonly { place: string; year: number; value: number; population: number | null; gender?: PointGender }[]): Promise<void> {
  const CHUNK = 5_000;
  for (let i = 0; i < points.length; i += CHUNK) {
    const chunk = points.slice(i, i + CHUNK).map((p) => ({ place: p.place, year: p.year, value: p.value, population: p.population, gender: p.gender ?? "T" }));
    await q(
      `insert into indicator_points (indicator_id, place, year, value, population, gender)
       select $1::uuid, x.place, x.year, x.value, x.population, x.gender
       from json_to_recordset($2::json) as x(place text, year int, value float8, population float8, gender text)
       on conflict do nothing`,
      [indicatorId, JSON.stringify(chunk)],
    );
    await new Promise<void>((ok) => setImmediate(ok));
  }
}
