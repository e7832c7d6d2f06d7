/**
 * The repository: everything the server keeps, behind one interface. It is written once in
 * SQL over `Database`, so the embedded and the server adapter run the same statements and pass
 * the same conformance suite (`store.test.ts`). Every method that reads or changes an
 * organisation's data takes that organisation's id, so a query can never reach another's rows
 * by accident; access through shares is decided in `accessTo`.
 * @module
 */
import { randomUUID } from "node:crypto";
import type { Actual, Indicator, IndicatorPoint, KoladaKpi, KoladaPlace, Places, PointGender, Reach } from "@sikt/followup";
import type { Database, Query } from "./db/sql.js";
import { sqlState } from "./db/sql.js";

export type Role = "admin" | "analyst" | "viewer";
export type OrganisationKind = "kommun" | "region" | "polis" | "fond" | "annan";
export type ShareAccess = "read" | "edit";
/** What an organisation may do with a scenario: its own, or shared with it to read or edit. */
export type Access = "owner" | ShareAccess;

export interface Organisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  municipalityCode: string | null;
  createdAt: string;
}
export interface User {
  id: string;
  organisationId: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}
/** A user as the login sees it: the password's hash and whether it is a one-time password. */
export interface Login {
  user: User;
  passwordHash: string;
  oneTime: boolean;
  /** When a one-time password stops working. */
  expiresAt: string | null;
  /** When a one-time password was used for its one login. */
  usedAt: string | null;
}
/** Who is acting: the user and the organisation the request is made for. */
export interface Actor {
  userId: string;
  organisationId: string;
  role: Role;
}
export interface Decision {
  body: string;
  date: string;
  reference: string;
}
export interface ScenarioSummary {
  id: string;
  organisationId: string;
  organisationName: string;
  name: string;
  latestVersion: number;
  createdAt: string;
  access: Access;
  /** The latest version a committee decided on, with its decision; null when none is. */
  decided: (Decision & { version: number }) | null;
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
  document: unknown;
}
export interface Share {
  scenarioId: string;
  organisationId: string;
  organisationName: string;
  access: ShareAccess;
  createdAt: string;
}
export interface AuditEntry {
  id: number;
  organisationId: string;
  userId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  detail: unknown;
  at: string;
}
export type RunStatus = "queued" | "running" | "done" | "failed";
export interface Run {
  id: string;
  organisationId: string;
  scenarioId: string;
  version: number;
  status: RunStatus;
  progress: number;
  iterations: number;
  seed: number;
  engineVersion: string | null;
  resolved: unknown;
  result: unknown;
  error: unknown;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** A save that lost: another save based on the same version came first. */
export class VersionConflict extends Error {
  constructor(readonly latestVersion: number) {
    super(`version ${latestVersion} is newer`);
  }
}
/** A unique value (e-mail address, share) that exists already. */
export class Duplicate extends Error {}

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

type Row = Record<string, unknown>;
const toOrganisation = (r: Row): Organisation => ({
  id: r.id as string,
  name: r.name as string,
  kind: r.kind as OrganisationKind,
  municipalityCode: (r.municipality_code as string | null) ?? null,
  createdAt: iso(r.created_at),
});
const toUser = (r: Row): User => ({
  id: r.id as string,
  organisationId: r.organisation_id as string,
  email: r.email as string,
  name: r.name as string,
  role: r.role as Role,
  createdAt: iso(r.created_at),
});
const toLogin = (r: Row): Login => ({
  user: toUser(r),
  passwordHash: r.password_hash as string,
  oneTime: r.password_one_time === true,
  expiresAt: isoOrNull(r.password_expires_at),
  usedAt: isoOrNull(r.password_used_at),
});
const toVersionInfo = (r: Row): VersionInfo => ({
  scenarioId: r.scenario_id as string,
  version: r.version as number,
  message: (r.message as string | null) ?? null,
  createdAt: iso(r.created_at),
  createdBy: (r.created_by as string | null) ?? null,
  decision: (r.decision as Decision | null) ?? null,
});
const toRun = (r: Row): Run => ({
  id: r.id as string,
  organisationId: r.organisation_id as string,
  scenarioId: r.scenario_id as string,
  version: r.version as number,
  status: r.status as RunStatus,
  progress: Number(r.progress),
  iterations: r.iterations as number,
  seed: Number(r.seed),
  engineVersion: (r.engine_version as string | null) ?? null,
  resolved: r.resolved ?? null,
  result: r.result ?? null,
  error: r.error ?? null,
  createdAt: iso(r.created_at),
  startedAt: isoOrNull(r.started_at),
  finishedAt: isoOrNull(r.finished_at),
});

export interface FundRecord {
  id: string;
  organisationId: string;
  name: string;
  definition: unknown;
  createdAt: string;
  updatedAt: string;
}
const toFund = (r: Row): FundRecord => ({
  id: r.id as string,
  organisationId: r.organisation_id as string,
  name: r.name as string,
  definition: r.definition,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

export type DocKind = "lagesbild" | "plan" | "service";
/** A lägesbild, an action plan or a low-threshold service: a versioned JSON document. */
/** An observed-effect estimate of a measure (docs/followup.md). */
export interface EffectEstimate {
  id: string;
  planId: string;
  measureId: string;
  year: number;
  createdAt: string;
  input: unknown;
  result: unknown;
  adopted: { scenarioId: string; version: number } | null;
}
const toEffectEstimate = (r: Row): EffectEstimate => ({
  id: r.id as string,
  planId: r.plan_id as string,
  measureId: r.measure_id as string,
  year: r.year as number,
  createdAt: iso(r.created_at),
  input: r.input,
  result: r.result,
  adopted: r.adopted_scenario_id ? { scenarioId: r.adopted_scenario_id as string, version: r.adopted_version as number } : null,
});

export interface FollowupDoc {
  id: string;
  kind: DocKind;
  version: number;
  createdAt: string;
  updatedAt: string;
  body: unknown;
}
const toDoc = (r: Row): FollowupDoc => ({
  id: r.id as string,
  kind: r.kind as DocKind,
  version: r.version as number,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
  body: r.body,
});
const toIndicator = (r: Row): Indicator => ({
  id: r.id as string,
  code: r.code as string,
  name: r.name as string,
  unit: r.unit as string,
  kind: r.kind as Indicator["kind"],
  source: r.source as string,
  higherIsBetter: r.higher_is_better as boolean,
  description: (r.description as string | undefined) ?? "",
  byGender: (r.by_gender as boolean | null | undefined) ?? null,
});
const toPoint = (r: Row): IndicatorPoint => ({
  indicatorId: r.indicator_id as string,
  place: r.place as string,
  year: r.year as number,
  value: r.value as number,
  population: (r.population as number | null) ?? null,
  gender: ((r.gender as string | undefined) ?? "T") as PointGender,
});
const toActual = (r: Row): Actual => ({
  measureId: r.measure_id as string,
  year: r.year as number,
  participants: (r.participants as number | null) ?? null,
  cost: (r.cost as number | null) ?? null,
  note: r.note as string,
});
const toReach = (r: Row): Reach => ({ period: r.period as string, visits: r.visits as number, participants: r.participants as Reach["participants"] });

/** The organisation's lägesbild and follow-up data (export and restore). */
export interface FollowupExport {
  places: Places | null;
  indicators: (Indicator & { points: IndicatorPoint[] })[];
  documents: (FollowupDoc & { actuals?: Actual[]; reach?: Reach[] })[];
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

export class Store {
  constructor(readonly db: Database) {}

  /** Runs `fn` with a store whose every statement belongs to one transaction. */
  inTransaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    return this.db.transaction((q) => fn(new Store({ kind: this.db.kind, query: q, transaction: (f) => f(q), close: async () => {} })));
  }

  // Organisations and users

  async createOrganisation(o: { name: string; kind: OrganisationKind; municipalityCode?: string | null }): Promise<Organisation> {
    const [row] = await this.db.query(
      "insert into organisations (id, name, kind, municipality_code) values ($1, $2, $3, $4) returning *",
      [randomUUID(), o.name, o.kind, o.municipalityCode ?? null],
    );
    return toOrganisation(row as Row);
  }

  async listOrganisations(): Promise<Organisation[]> {
    return (await this.db.query("select * from organisations order by name, id")).map(toOrganisation);
  }

  async getOrganisation(id: string): Promise<Organisation | null> {
    const [row] = await this.db.query("select * from organisations where id = $1", [id]);
    return row ? toOrganisation(row) : null;
  }

  async countOrganisations(): Promise<number> {
    const [row] = await this.db.query<{ n: number }>("select count(*)::int as n from organisations");
    return row?.n ?? 0;
  }

  /**
   * Adds a user. With `oneTimeUntil` the password is a one-time password: it works for one
   * login before that time, and that login may only change it.
   * @throws Duplicate when the organisation has a user with the e-mail address (any case)
   */
  async createUser(u: { organisationId: string; email: string; name: string; role: Role; passwordHash: string; oneTimeUntil?: Date }): Promise<User> {
    try {
      const [row] = await this.db.query(
        `insert into users (id, organisation_id, email, name, role, password_hash, password_one_time, password_expires_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8) returning *`,
        [randomUUID(), u.organisationId, u.email, u.name, u.role, u.passwordHash, u.oneTimeUntil !== undefined, u.oneTimeUntil?.toISOString() ?? null],
      );
      return toUser(row as Row);
    } catch (e) {
      if (sqlState(e) === "23505") throw new Duplicate("email");
      throw e;
    }
  }

  /**
   * The users with this e-mail address (any case; at most one per organisation), with the hash
   * of their password and the state of a one-time password.
   */
  async findLogins(email: string, organisationId?: string): Promise<Login[]> {
    const rows = await this.db.query(
      "select * from users where lower(email) = lower($1) and ($2::uuid is null or organisation_id = $2::uuid) order by created_at, id limit 10",
      [email, organisationId ?? null],
    );
    return rows.map(toLogin);
  }

  /** The login record of one user (to check the current password before a change). */
  async getLogin(organisationId: string, userId: string): Promise<Login | null> {
    const [row] = await this.db.query("select * from users where organisation_id = $1 and id = $2", [organisationId, userId]);
    return row ? toLogin(row) : null;
  }

  /**
   * Spends a one-time password: true for exactly one caller (the first login with it), false
   * when it was spent already or has expired.
   */
  async spendOneTimePassword(userId: string): Promise<boolean> {
    const rows = await this.db.query(
      `update users set password_used_at = now()
       where id = $1 and password_one_time and password_used_at is null and password_expires_at > now() returning id`,
      [userId],
    );
    return rows.length > 0;
  }

  /** Sets a one-time password (an administrator's reset); ends the user's sessions. */
  async setOneTimePassword(organisationId: string, userId: string, passwordHash: string, until: Date): Promise<User | null> {
    const [row] = await this.db.query(
      `update users set password_hash = $3, password_one_time = true, password_expires_at = $4, password_used_at = null
       where organisation_id = $1 and id = $2 returning *`,
      [organisationId, userId, passwordHash, until.toISOString()],
    );
    if (row) await this.db.query("delete from sessions where user_id = $1", [userId]);
    return row ? toUser(row) : null;
  }

  /** Sets the user's own chosen password; ends every session of the user but `keepSession`. */
  async setOwnPassword(organisationId: string, userId: string, passwordHash: string, keepSession: string): Promise<boolean> {
    return this.db.transaction(async (q) => {
      const rows = await q(
        `update users set password_hash = $3, password_one_time = false, password_expires_at = null, password_used_at = null
         where organisation_id = $1 and id = $2 returning id`,
        [organisationId, userId, passwordHash],
      );
      if (rows.length === 0) return false;
      await q("delete from sessions where user_id = $1 and token_hash <> $2", [userId, keepSession]);
      return true;
    });
  }

  async listUsers(organisationId: string): Promise<User[]> {
    return (await this.db.query("select * from users where organisation_id = $1 order by email", [organisationId])).map(toUser);
  }

  async getUser(organisationId: string, userId: string): Promise<User | null> {
    const [row] = await this.db.query("select * from users where organisation_id = $1 and id = $2", [organisationId, userId]);
    return row ? toUser(row) : null;
  }

  async updateUser(organisationId: string, userId: string, change: { role?: Role | undefined; name?: string | undefined; passwordHash?: string | undefined }): Promise<User | null> {
    const [row] = await this.db.query(
      `update users set role = coalesce($3, role), name = coalesce($4, name), password_hash = coalesce($5, password_hash)
       where organisation_id = $1 and id = $2 returning *`,
      [organisationId, userId, change.role ?? null, change.name ?? null, change.passwordHash ?? null],
    );
    if (row && change.passwordHash !== undefined) await this.db.query("delete from sessions where user_id = $1", [userId]);
    return row ? toUser(row) : null;
  }

  async deleteUser(organisationId: string, userId: string): Promise<boolean> {
    const rows = await this.db.query("delete from users where organisation_id = $1 and id = $2 returning id", [organisationId, userId]);
    return rows.length > 0;
  }

  async countAdmins(organisationId: string): Promise<number> {
    const [row] = await this.db.query<{ n: number }>(
      "select count(*)::int as n from users where organisation_id = $1 and role = 'admin'",
      [organisationId],
    );
    return row?.n ?? 0;
  }

  // Sessions

  async createSession(s: { userId: string; tokenHash: string; csrfToken: string; expiresAt: Date }): Promise<void> {
    await this.db.query("insert into sessions (token_hash, user_id, csrf_token, expires_at) values ($1, $2, $3, $4)", [
      s.tokenHash,
      s.userId,
      s.csrfToken,
      s.expiresAt.toISOString(),
    ]);
  }

  /**
   * The live session with this token hash, with its user; `passwordChangeRequired` while the
   * user's password is a one-time password (the session may then only change it).
   */
  async getSession(tokenHash: string): Promise<{ user: User; csrfToken: string; passwordChangeRequired: boolean } | null> {
    const [row] = await this.db.query(
      `select u.*, s.csrf_token from sessions s join users u on u.id = s.user_id
       where s.token_hash = $1 and s.expires_at > now()`,
      [tokenHash],
    );
    return row ? { user: toUser(row), csrfToken: row.csrf_token as string, passwordChangeRequired: row.password_one_time === true } : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.query("delete from sessions where token_hash = $1 or expires_at < now()", [tokenHash]);
  }

  // Scenarios and versions

  /** What `organisationId` may do with the scenario: null when it may not even see it. */
  async accessTo(organisationId: string, scenarioId: string): Promise<Access | null> {
    const [row] = await this.db.query<{ organisation_id: string; access: ShareAccess | null }>(
      `select s.organisation_id, sh.access from scenarios s
       left join shares sh on sh.scenario_id = s.id and sh.organisation_id = $1
       where s.id = $2`,
      [organisationId, scenarioId],
    );
    if (!row) return null;
    if (row.organisation_id === organisationId) return "owner";
    return row.access ?? null;
  }

  async createScenario(actor: Actor, name: string, document: unknown, message: string | null): Promise<ScenarioVersion> {
    const id = randomUUID();
    return this.db.transaction(async (q) => {
      await q("insert into scenarios (id, organisation_id, name, latest_version, created_by) values ($1, $2, $3, 1, $4)", [
        id,
        actor.organisationId,
        name,
        actor.userId,
      ]);
      return insertVersion(q, id, 1, document, message, actor.userId);
    });
  }

  /** The organisation's own scenarios and those shared with it. */
  async listScenarios(organisationId: string): Promise<ScenarioSummary[]> {
    const rows = await this.db.query(
      `select s.*, o.name as organisation_name,
              (select jsonb_build_object('version', v.version) || v.decision from scenario_versions v
               where v.scenario_id = s.id and v.decision is not null order by v.version desc limit 1) as decided,
              case when s.organisation_id = $1 then 'owner' else sh.access end as access
       from scenarios s join organisations o on o.id = s.organisation_id
       left join shares sh on sh.scenario_id = s.id and sh.organisation_id = $1
       where s.organisation_id = $1 or sh.organisation_id = $1
       order by s.created_at, s.id`,
      [organisationId],
    );
    return rows.map(toSummary);
  }

  async getScenario(scenarioId: string, organisationId: string): Promise<ScenarioSummary | null> {
    const [row] = await this.db.query(
      `select s.*, o.name as organisation_name,
              (select jsonb_build_object('version', v.version) || v.decision from scenario_versions v
               where v.scenario_id = s.id and v.decision is not null order by v.version desc limit 1) as decided,
              case when s.organisation_id = $2 then 'owner' else sh.access end as access
       from scenarios s join organisations o on o.id = s.organisation_id
       left join shares sh on sh.scenario_id = s.id and sh.organisation_id = $2
       where s.id = $1 and (s.organisation_id = $2 or sh.organisation_id = $2)`,
      [scenarioId, organisationId],
    );
    return row ? toSummary(row) : null;
  }

  async listVersions(scenarioId: string): Promise<VersionInfo[]> {
    const rows = await this.db.query(
      "select scenario_id, version, message, created_at, created_by, decision from scenario_versions where scenario_id = $1 order by version",
      [scenarioId],
    );
    return rows.map(toVersionInfo);
  }

  async getVersion(scenarioId: string, version: number): Promise<ScenarioVersion | null> {
    const [row] = await this.db.query("select * from scenario_versions where scenario_id = $1 and version = $2", [scenarioId, version]);
    return row ? { ...toVersionInfo(row), document: row.document } : null;
  }

  /**
   * Saves a new version on top of `baseVersion`. Exactly one save per base version wins; the
   * others get VersionConflict with the newer version's number. Resolves once committed.
   */
  async saveVersion(actor: Actor, scenarioId: string, baseVersion: number, name: string, document: unknown, message: string | null): Promise<ScenarioVersion> {
    return this.db.transaction(async (q) => {
      const [row] = await q<{ latest_version: number }>("select latest_version from scenarios where id = $1 for update", [scenarioId]);
      if (!row) throw new Error(`no scenario ${scenarioId}`);
      if (row.latest_version !== baseVersion) throw new VersionConflict(row.latest_version);
      const next = baseVersion + 1;
      await q("update scenarios set latest_version = $2, name = $3 where id = $1", [scenarioId, next, name]);
      return insertVersion(q, scenarioId, next, document, message, actor.userId);
    });
  }

  async setDecision(scenarioId: string, version: number, decision: Decision): Promise<VersionInfo | null> {
    const [row] = await this.db.query(
      "update scenario_versions set decision = $3 where scenario_id = $1 and version = $2 returning scenario_id, version, message, created_at, created_by, decision",
      [scenarioId, version, JSON.stringify(decision)],
    );
    return row ? toVersionInfo(row) : null;
  }

  /** Deletes a version unless a committee decided on it. */
  async deleteVersion(scenarioId: string, version: number): Promise<"deleted" | "decided" | "missing"> {
    return this.db.transaction(async (q) => {
      const [row] = await q<{ decision: unknown }>(
        "select decision from scenario_versions where scenario_id = $1 and version = $2 for update",
        [scenarioId, version],
      );
      if (!row) return "missing";
      if (row.decision !== null) return "decided";
      await q("delete from scenario_versions where scenario_id = $1 and version = $2", [scenarioId, version]);
      return "deleted";
    });
  }

  /** Deletes a scenario with its versions, unless one of them was decided on. */
  async deleteScenario(scenarioId: string): Promise<"deleted" | "decided"> {
    return this.db.transaction(async (q) => {
      await q("select 1 from scenarios where id = $1 for update", [scenarioId]);
      const decided = await q("select 1 from scenario_versions where scenario_id = $1 and decision is not null", [scenarioId]);
      if (decided.length > 0) return "decided";
      await q("delete from scenarios where id = $1", [scenarioId]);
      return "deleted";
    });
  }

  // Shares

  async share(scenarioId: string, organisationId: string, access: ShareAccess, by: string): Promise<Share> {
    await this.db.query(
      `insert into shares (scenario_id, organisation_id, access, created_by) values ($1, $2, $3, $4)
       on conflict (scenario_id, organisation_id) do update set access = excluded.access`,
      [scenarioId, organisationId, access, by],
    );
    const shares = await this.listShares(scenarioId);
    return shares.find((s) => s.organisationId === organisationId) as Share;
  }

  async unshare(scenarioId: string, organisationId: string): Promise<boolean> {
    const rows = await this.db.query("delete from shares where scenario_id = $1 and organisation_id = $2 returning scenario_id", [scenarioId, organisationId]);
    return rows.length > 0;
  }

  async listShares(scenarioId: string): Promise<Share[]> {
    const rows = await this.db.query(
      `select sh.*, o.name as organisation_name from shares sh join organisations o on o.id = sh.organisation_id
       where sh.scenario_id = $1 order by o.name`,
      [scenarioId],
    );
    return rows.map((r) => ({
      scenarioId: r.scenario_id as string,
      organisationId: r.organisation_id as string,
      organisationName: r.organisation_name as string,
      access: r.access as ShareAccess,
      createdAt: iso(r.created_at),
    }));
  }

  // Audit log

  async audit(e: { organisationId: string; userId: string | null; action: string; entity: string; entityId?: string | null; detail?: unknown }): Promise<void> {
    await this.db.query(
      "insert into audit_log (organisation_id, user_id, action, entity, entity_id, detail) values ($1, $2, $3, $4, $5, $6)",
      [e.organisationId, e.userId, e.action, e.entity, e.entityId ?? null, e.detail === undefined ? null : JSON.stringify(e.detail)],
    );
  }

  async listAudit(organisationId: string, limit = 200): Promise<AuditEntry[]> {
    const rows = await this.db.query("select * from audit_log where organisation_id = $1 order by id desc limit $2", [organisationId, limit]);
    return rows.map((r) => ({
      id: Number(r.id),
      organisationId: r.organisation_id as string,
      userId: (r.user_id as string | null) ?? null,
      action: r.action as string,
      entity: r.entity as string,
      entityId: (r.entity_id as string | null) ?? null,
      detail: r.detail ?? null,
      at: iso(r.at),
    }));
  }

  // Runs (also the job queue)

  async createRun(r: { organisationId: string; scenarioId: string; version: number; iterations: number; seed: number; createdBy: string | null }): Promise<Run> {
    const [row] = await this.db.query(
      `insert into runs (id, organisation_id, scenario_id, version, status, iterations, seed, created_by)
       values ($1, $2, $3, $4, 'queued', $5, $6, $7) returning *`,
      [randomUUID(), r.organisationId, r.scenarioId, r.version, r.iterations, r.seed, r.createdBy],
    );
    return toRun(row as Row);
  }

  /**
   * Queues a run unless its organisation or its user already has `caps` runs queued or running;
   * checked and inserted under a lock per organisation, so that concurrent requests (also from
   * several processes on one PostgreSQL) cannot pass the caps together.
   */
  async createRunWithin(
    r: { organisationId: string; scenarioId: string; version: number; iterations: number; seed: number; createdBy: string },
    caps: { organisation: number; user: number },
  ): Promise<Run | { over: "organisation" | "user" }> {
    return this.inTransaction(async (tx) => {
      await tx.db.query("select pg_advisory_xact_lock(hashtext('sikt.runs:' || $1::text))", [r.organisationId]);
      const [n] = await tx.db.query<{ organisation: number; user: number }>(
        `select count(*)::int as organisation, (count(*) filter (where created_by = $2))::int as user
         from runs where organisation_id = $1 and status in ('queued', 'running')`,
        [r.organisationId, r.createdBy],
      );
      if ((n?.organisation ?? 0) >= caps.organisation) return { over: "organisation" as const };
      if ((n?.user ?? 0) >= caps.user) return { over: "user" as const };
      return tx.createRun(r);
    });
  }

  async getRun(runId: string): Promise<Run | null> {
    const [row] = await this.db.query("select * from runs where id = $1", [runId]);
    return row ? toRun(row) : null;
  }

  /** The status and progress of several runs in one query (progress streams). */
  async runStates(runIds: readonly string[]): Promise<{ id: string; status: RunStatus; progress: number }[]> {
    if (runIds.length === 0) return [];
    return this.db.query("select id, status, progress from runs where id = any($1::uuid[])", [runIds]);
  }

  async listRuns(scenarioId: string): Promise<Run[]> {
    const rows = await this.db.query(
      `select id, organisation_id, scenario_id, version, status, progress, iterations, seed, engine_version,
              null as resolved, null as result, error, created_at, started_at, finished_at
       from runs where scenario_id = $1 order by created_at desc, id limit 100`,
      [scenarioId],
    );
    return rows.map(toRun);
  }

  /**
   * Claims a queued run (or `runId` if given and queued) for a worker; null if none. Fair:
   * the organisation with the fewest runs running, then the one served longest ago (round-robin),
   * and within it likewise the user; then the oldest run. One organisation's long queue cannot
   * keep another's run waiting behind it.
   */
  async claimRun(worker: string, runId?: string): Promise<Run | null> {
    const [row] = await this.db.query(
      `update runs set status = 'running', started_at = now(), claimed_by = $1
       where id = (select q.id from runs q where q.status = 'queued' and ($2::uuid is null or q.id = $2::uuid)
                   order by (select count(*) from runs r where r.organisation_id = q.organisation_id and r.status = 'running'),
                            (select max(r.started_at) from runs r where r.organisation_id = q.organisation_id) nulls first,
                            (select count(*) from runs r where r.organisation_id = q.organisation_id and r.created_by = q.created_by and r.status = 'running'),
                            (select max(r.started_at) from runs r where r.organisation_id = q.organisation_id and r.created_by = q.created_by) nulls first,
                            q.created_at, q.id
                   for update skip locked limit 1)
       returning *`,
      [worker, runId ?? null],
    );
    return row ? toRun(row) : null;
  }

  async setRunProgress(runId: string, progress: number): Promise<void> {
    await this.db.query("update runs set progress = $2 where id = $1 and status = 'running'", [runId, progress]);
  }

  async finishRun(runId: string, r: { engineVersion: string; resolved: unknown; result: unknown }): Promise<void> {
    await this.db.query(
      `update runs set status = 'done', progress = 1, finished_at = now(), engine_version = $2, resolved = $3, result = $4
       where id = $1`,
      [runId, r.engineVersion, JSON.stringify(r.resolved), JSON.stringify(r.result)],
    );
  }

  async failRun(runId: string, error: unknown): Promise<void> {
    await this.db.query("update runs set status = 'failed', finished_at = now(), error = $2 where id = $1", [runId, JSON.stringify(error)]);
  }

  /** Puts runs that a stopped process had claimed back in the queue. */
  async requeueRuns(claimedBy: string | null): Promise<number> {
    const rows = await this.db.query(
      `update runs set status = 'queued', progress = 0, started_at = null, claimed_by = null
       where status = 'running' and ($1::text is null or claimed_by = $1) returning id`,
      [claimedBy],
    );
    return rows.length;
  }

  // Funds

  async createFund(actor: Actor, name: string, definition: unknown): Promise<FundRecord> {
    const [row] = await this.db.query(
      "insert into funds (id, organisation_id, name, definition, created_by) values ($1, $2, $3, $4, $5) returning *",
      [randomUUID(), actor.organisationId, name, JSON.stringify(definition), actor.userId],
    );
    return toFund(row as Row);
  }

  async listFunds(organisationId: string): Promise<FundRecord[]> {
    return (await this.db.query("select * from funds where organisation_id = $1 order by name, id", [organisationId])).map(toFund);
  }

  async getFund(organisationId: string, fundId: string): Promise<FundRecord | null> {
    const [row] = await this.db.query("select * from funds where organisation_id = $1 and id = $2", [organisationId, fundId]);
    return row ? toFund(row) : null;
  }

  async updateFund(organisationId: string, fundId: string, name: string, definition: unknown): Promise<FundRecord | null> {
    const [row] = await this.db.query(
      "update funds set name = $3, definition = $4, updated_at = now() where organisation_id = $1 and id = $2 returning *",
      [organisationId, fundId, name, JSON.stringify(definition)],
    );
    return row ? toFund(row) : null;
  }

  async deleteFund(organisationId: string, fundId: string): Promise<boolean> {
    return (await this.db.query("delete from funds where organisation_id = $1 and id = $2 returning id", [organisationId, fundId])).length > 0;
  }

  // Lägesbild and follow-up: places and indicators

  async getPlaces(organisationId: string): Promise<Places | null> {
    const [row] = await this.db.query("select places from places where organisation_id = $1", [organisationId]);
    return row ? (row.places as Places) : null;
  }

  async setPlaces(organisationId: string, places: Places): Promise<Places> {
    await this.db.query(
      `insert into places (organisation_id, places) values ($1, $2)
       on conflict (organisation_id) do update set places = excluded.places, updated_at = now()`,
      [organisationId, JSON.stringify(places)],
    );
    return places;
  }

  async listIndicators(organisationId: string): Promise<Indicator[]> {
    return (await this.db.query("select * from indicators where organisation_id = $1 order by name, code", [organisationId])).map(toIndicator);
  }

  async getIndicator(organisationId: string, indicatorId: string): Promise<Indicator | null> {
    const [row] = await this.db.query("select * from indicators where organisation_id = $1 and id = $2", [organisationId, indicatorId]);
    return row ? toIndicator(row) : null;
  }

  /** @throws Duplicate when the organisation has an indicator with the code */
  async createIndicator(organisationId: string, i: Omit<Indicator, "id">): Promise<Indicator> {
    try {
      const [row] = await this.db.query(
        "insert into indicators (id, organisation_id, code, name, unit, kind, source, higher_is_better, description, by_gender) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning *",
        [randomUUID(), organisationId, i.code, i.name, i.unit, i.kind, i.source, i.higherIsBetter, i.description ?? "", i.byGender ?? null],
      );
      return toIndicator(row as Row);
    } catch (e) {
      if (sqlState(e) === "23505") throw new Duplicate(`indicators/${i.code}`);
      throw e;
    }
  }

  /** @throws Duplicate when another indicator of the organisation has the code */
  async updateIndicator(organisationId: string, indicatorId: string, i: Omit<Indicator, "id">): Promise<Indicator | null> {
    try {
      const [row] = await this.db.query(
        `update indicators set code = $3, name = $4, unit = $5, kind = $6, source = $7, higher_is_better = $8,
                description = coalesce($9, description), by_gender = case when $10::boolean then $11::boolean else by_gender end
         where organisation_id = $1 and id = $2 returning *`,
        [organisationId, indicatorId, i.code, i.name, i.unit, i.kind, i.source, i.higherIsBetter, i.description ?? null, i.byGender !== undefined, i.byGender ?? null],
      );
      return row ? toIndicator(row) : null;
    } catch (e) {
      if (sqlState(e) === "23505") throw new Duplicate(`indicators/${i.code}`);
      throw e;
    }
  }

  async deleteIndicator(organisationId: string, indicatorId: string): Promise<boolean> {
    return (await this.db.query("delete from indicators where organisation_id = $1 and id = $2 returning id", [organisationId, indicatorId])).length > 0;
  }

  /**
   * Imports values in one transaction: indicators are found by code (created from `defaults`
   * when the organisation has none), and a value replaces the one for the same place and year.
   */
  async importPoints(
    organisationId: string,
    defaults: (code: string) => Omit<Indicator, "id">,
    points: { code: string; place: string; year: number; value: number; population: number | null; gender?: PointGender }[],
  ): Promise<{ indicators: Indicator[]; points: number }> {
    return this.inTransaction(async (tx) => {
      const byCode = new Map<string, Indicator>();
      for (const code of new Set(points.map((p) => p.code))) {
        const [row] = await tx.db.query("select * from indicators where organisation_id = $1 and code = $2", [organisationId, code]);
        byCode.set(code, row ? toIndicator(row) : await tx.createIndicator(organisationId, { ...defaults(code), code }));
      }
      await insertPoints(tx.db, points.map((p) => ({ ...p, indicatorId: byCode.get(p.code)!.id })));
      return { indicators: [...byCode.values()], points: points.length };
    });
  }

  /**
   * Imports what was read from Kolada in one transaction: each KPI's indicator is found by code
   * (created from `defaults` and Kolada's metadata when the organisation has none; an existing
   * one gets Kolada's description and division by gender, and Kolada's title and unit where it
   * still carries only its code), the values by gender, and Kolada's names of the places.
   */
  async importKolada(
    organisationId: string,
    kpis: readonly KoladaKpi[],
    defaults: (code: string, kpi: KoladaKpi | undefined) => Omit<Indicator, "id">,
    points: { code: string; place: string; year: number; value: number; gender: PointGender }[],
    places: readonly KoladaPlace[],
  ): Promise<{ indicators: Indicator[]; points: number }> {
    return this.inTransaction(async (tx) => {
      const meta = new Map(kpis.map((k) => [k.id, k]));
      const byCode = new Map<string, Indicator>();
      for (const code of new Set([...points.map((p) => p.code)])) {
        const k = meta.get(code);
        const [row] = await tx.db.query("select * from indicators where organisation_id = $1 and code = $2", [organisationId, code]);
        if (!row) {
          byCode.set(code, await tx.createIndicator(organisationId, { ...defaults(code, k), code }));
          continue;
        }
        const have = toIndicator(row);
        if (!k) {
          byCode.set(code, have);
          continue;
        }
        const placeholder = have.name.trim() === "" || have.name === code;
        const [updated] = await tx.db.query(
          `update indicators set description = $3, by_gender = $4, name = case when $5 then $6 else name end, unit = case when $5 and unit = '' then $7 else unit end
           where organisation_id = $1 and id = $2 returning *`,
          [organisationId, have.id, k.description, k.byGender, placeholder && k.title !== "", k.title, k.unit],
        );
        byCode.set(code, toIndicator(updated as Row));
      }
      await insertPoints(tx.db, points.map((p) => ({ indicatorId: byCode.get(p.code)!.id, place: p.place, year: p.year, value: p.value, population: null, gender: p.gender })));
      await tx.saveKoladaPlaces(places);
      return { indicators: [...byCode.values()], points: points.length };
    });
  }

  /** Kolada's names of places (public, shared by all organisations); a name fetched again replaces the saved one. */
  async saveKoladaPlaces(places: readonly KoladaPlace[]): Promise<void> {
    for (const p of places)
      if (p.id && p.title)
        await this.db.query(
          `insert into kolada_places (code, name, type, municipality) values ($1, $2, $3, $4)
           on conflict (code) do update set name = excluded.name, type = excluded.type, municipality = excluded.municipality, updated_at = now()`,
          [p.id, p.title, p.type, p.municipality],
        );
  }

  /** Kolada's names of places by code (all of them, or those asked for). */
  async koladaNames(codes?: readonly string[]): Promise<Record<string, string>> {
    const rows = codes
      ? await this.db.query("select code, name from kolada_places where code = any($1::text[])", [codes])
      : await this.db.query("select code, name from kolada_places");
    return Object.fromEntries(rows.map((r) => [r.code as string, r.name as string]));
  }

  async listPoints(organisationId: string, indicatorId?: string): Promise<IndicatorPoint[]> {
    return (
      await this.db.query(
        `select p.* from indicator_points p join indicators i on i.id = p.indicator_id
         where i.organisation_id = $1 and ($2::uuid is null or i.id = $2) order by p.indicator_id, p.place, p.year, p.gender desc`,
        [organisationId, indicatorId ?? null],
      )
    ).map(toPoint);
  }

  // Lägesbild and follow-up: documents

  async createDoc(actor: Actor, kind: DocKind, body: unknown): Promise<FollowupDoc> {
    const [row] = await this.db.query(
      "insert into followup_documents (id, organisation_id, kind, version, body, created_by, updated_by) values ($1, $2, $3, 1, $4, $5, $5) returning *",
      [randomUUID(), actor.organisationId, kind, JSON.stringify(body), actor.userId],
    );
    return toDoc(row as Row);
  }

  async listDocs(organisationId: string, kind: DocKind): Promise<FollowupDoc[]> {
    return (await this.db.query("select * from followup_documents where organisation_id = $1 and kind = $2 order by created_at, id", [organisationId, kind])).map(toDoc);
  }

  async getDoc(organisationId: string, kind: DocKind, id: string): Promise<FollowupDoc | null> {
    const [row] = await this.db.query("select * from followup_documents where organisation_id = $1 and kind = $2 and id = $3", [organisationId, kind, id]);
    return row ? toDoc(row) : null;
  }

  /** Saves over `baseVersion`; a conflict when someone saved in between, null when there is no such document. */
  async updateDoc(actor: Actor, kind: DocKind, id: string, baseVersion: number, body: unknown): Promise<FollowupDoc | { conflict: number } | null> {
    const [row] = await this.db.query(
      `update followup_documents set body = $5, version = version + 1, updated_at = now(), updated_by = $6
       where organisation_id = $1 and kind = $2 and id = $3 and version = $4 returning *`,
      [actor.organisationId, kind, id, baseVersion, JSON.stringify(body), actor.userId],
    );
    if (row) return toDoc(row);
    const now = await this.getDoc(actor.organisationId, kind, id);
    return now ? { conflict: now.version } : null;
  }

  async deleteDoc(organisationId: string, kind: DocKind, id: string): Promise<boolean> {
    return (await this.db.query("delete from followup_documents where organisation_id = $1 and kind = $2 and id = $3 returning id", [organisationId, kind, id])).length > 0;
  }

  async listActuals(organisationId: string, planId: string): Promise<Actual[]> {
    return (
      await this.db.query(
        `select a.* from measure_actuals a join followup_documents d on d.id = a.plan_id
         where d.organisation_id = $1 and d.id = $2 order by a.measure_id, a.year`,
        [organisationId, planId],
      )
    ).map(toActual);
  }

  /**
   * Sets actuals per measure and year in one transaction; one with nothing in it is removed.
   * `enteredBy` names, per actual, the user who typed its count (null: the count was kept as
   * saved, and so is who entered it).
   */
  async setActuals(organisationId: string, planId: string, actuals: readonly Actual[], enteredBy: readonly (string | null)[] = []): Promise<boolean> {
    return this.db.transaction(async (q) => {
      const [plan] = await q("select id from followup_documents where organisation_id = $1 and kind = 'plan' and id = $2 for update", [organisationId, planId]);
      if (!plan) return false;
      for (const [k, a] of actuals.entries()) {
        if (a.participants === null && a.cost === null && a.note === "") await q("delete from measure_actuals where plan_id = $1 and measure_id = $2 and year = $3", [planId, a.measureId, a.year]);
        else
          await q(
            `insert into measure_actuals (plan_id, measure_id, year, participants, cost, note, entered_by) values ($1, $2, $3, $4, $5, $6, $7)
             on conflict (plan_id, measure_id, year) do update set participants = excluded.participants, cost = excluded.cost, note = excluded.note,
               entered_by = coalesce(excluded.entered_by, measure_actuals.entered_by), updated_at = now()`,
            [planId, a.measureId, a.year, a.participants, a.cost, a.note, enteredBy[k] ?? null],
          );
      }
      return true;
    });
  }

  /** The counts of participants this user entered in the plan, raw: for the user's own entry form only. */
  async ownCounts(organisationId: string, planId: string, userId: string): Promise<{ measureId: string; year: number; participants: number }[]> {
    const rows = await this.db.query(
      `select a.measure_id, a.year, a.participants from measure_actuals a join followup_documents d on d.id = a.plan_id
       where d.organisation_id = $1 and d.id = $2 and a.entered_by = $3 and a.participants is not null order by a.measure_id, a.year`,
      [organisationId, planId, userId],
    );
    return rows.map((r) => ({ measureId: r.measure_id as string, year: r.year as number, participants: r.participants as number }));
  }

  async listReach(organisationId: string, serviceId: string): Promise<Reach[]> {
    return (
      await this.db.query(
        `select r.* from service_reach r join followup_documents d on d.id = r.service_id
         where d.organisation_id = $1 and d.id = $2 order by r.period`,
        [organisationId, serviceId],
      )
    ).map(toReach);
  }

  async setReach(organisationId: string, serviceId: string, reach: Reach): Promise<boolean> {
    const rows = await this.db.query(
      `insert into service_reach (service_id, period, visits, participants)
       select id, $3, $4, $5 from followup_documents where organisation_id = $1 and kind = 'service' and id = $2
       on conflict (service_id, period) do update set visits = excluded.visits, participants = excluded.participants, updated_at = now()
       returning period`,
      [organisationId, serviceId, reach.period, reach.visits, JSON.stringify(reach.participants)],
    );
    return rows.length > 0;
  }

  async deleteReach(organisationId: string, serviceId: string, period: string): Promise<boolean> {
    return (
      await this.db.query(
        `delete from service_reach r using followup_documents d
         where d.id = r.service_id and d.organisation_id = $1 and d.id = $2 and r.period = $3 returning r.period`,
        [organisationId, serviceId, period],
      )
    ).length > 0;
  }

  // Observed effects

  async saveEffectEstimate(actor: Actor, planId: string, measureId: string, year: number, input: unknown, result: unknown): Promise<EffectEstimate> {
    const [row] = await this.db.query(
      `insert into effect_estimates (id, organisation_id, plan_id, measure_id, year, input, result, created_by)
       select $1, $2, d.id, $4, $5, $6, $7, $8 from followup_documents d where d.organisation_id = $2 and d.kind = 'plan' and d.id = $3 returning *`,
      [randomUUID(), actor.organisationId, planId, measureId, year, JSON.stringify(input), JSON.stringify(result), actor.userId],
    );
    if (!row) throw new Error(`no plan ${planId}`);
    return toEffectEstimate(row);
  }

  /** The estimates of a plan's measures, newest first. */
  async listEffectEstimates(organisationId: string, planId: string): Promise<EffectEstimate[]> {
    return (await this.db.query("select * from effect_estimates where organisation_id = $1 and plan_id = $2 order by created_at desc, id", [organisationId, planId])).map(toEffectEstimate);
  }

  async markEffectAdopted(organisationId: string, estimateId: string, scenarioId: string, version: number): Promise<void> {
    await this.db.query("update effect_estimates set adopted_scenario_id = $3, adopted_version = $4 where organisation_id = $1 and id = $2", [organisationId, estimateId, scenarioId, version]);
  }

  async exportFollowup(organisationId: string): Promise<FollowupExport> {
    const points = await this.listPoints(organisationId);
    const documents: FollowupExport["documents"] = [];
    for (const kind of ["lagesbild", "plan", "service"] as const)
      for (const d of await this.listDocs(organisationId, kind))
        documents.push({
          ...d,
          ...(kind === "plan" ? { actuals: await this.listActuals(organisationId, d.id) } : {}),
          ...(kind === "service" ? { reach: await this.listReach(organisationId, d.id) } : {}),
        });
    return {
      places: await this.getPlaces(organisationId),
      indicators: (await this.listIndicators(organisationId)).map((i) => ({ ...i, points: points.filter((p) => p.indicatorId === i.id) })),
      documents,
    };
  }

  // Export and restore

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
   * restored (a result is what the server computed; `import.ts` says so). Users are not
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
            const [same] = await q(
              "select 1 from scenario_versions where scenario_id = $1 and document = $2::jsonb and message is not distinct from $3 and created_at = $4::timestamptz",
              [s.id, JSON.stringify(v.document), v.message, v.createdAt],
            );
            if (same) continue;
          }
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
      if (data.followup) points.push(...(await restoreFollowup(q, organisationId, data.followup, by)));
      return { scenarios, versions, decisions };
    });
    for (const p of points) await insertRestoredPoints(this.db.query, p.indicatorId, p.points);
    return counts;
  }
}

/** Values in statements of 500; a value for the same place, year and gender replaces the saved one (one given twice counts once: the last). */
async function insertPoints(db: Database, points: { indicatorId: string; place: string; year: number; value: number; population: number | null; gender?: PointGender }[]): Promise<void> {
  const rows = [...new Map(points.map((p) => [JSON.stringify([p.indicatorId, p.place, p.year, p.gender ?? "T"]), [p.indicatorId, p.place, p.year, p.value, p.population, p.gender ?? "T"]])).values()];
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await db.query(
      `insert into indicator_points (indicator_id, place, year, value, population, gender)
       values ${chunk.map((_, k) => `($${6 * k + 1}::uuid, $${6 * k + 2}, $${6 * k + 3}::int, $${6 * k + 4}::float8, $${6 * k + 5}::float8, $${6 * k + 6})`).join(", ")}
       on conflict (indicator_id, place, year, gender) do update set value = excluded.value, population = excluded.population`,
      chunk.flat(),
    );
  }
}

type PendingPoints = { indicatorId: string; points: FollowupExport["indicators"][number]["points"] };

/**
 * Adds what the database lacks (by id; indicators by code), changing nothing that is there;
 * answers the indicator values to add (insertPoints), which are left to the caller.
 */
async function restoreFollowup(q: Query, organisationId: string, f: FollowupExport, by: string): Promise<PendingPoints[]> {
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
  for (const d of f.documents) {
    const [have] = await q<{ organisation_id: string }>("select organisation_id from followup_documents where id = $1", [d.id]);
    if (have && have.organisation_id !== organisationId) throw new Duplicate("document");
    if (!have)
      await q(
        "insert into followup_documents (id, organisation_id, kind, version, body, created_at, updated_at, created_by, updated_by) values ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
        [d.id, organisationId, d.kind, d.version, JSON.stringify(d.body, (_, v: unknown) => (typeof v === "string" ? (ids.get(v) ?? v) : v)), d.createdAt, d.updatedAt, by],
      );
    for (const a of d.actuals ?? [])
      await q("insert into measure_actuals (plan_id, measure_id, year, participants, cost, note) values ($1, $2, $3, $4, $5, $6) on conflict do nothing", [d.id, a.measureId, a.year, a.participants, a.cost, a.note]);
    for (const r of d.reach ?? [])
      await q("insert into service_reach (service_id, period, visits, participants) values ($1, $2, $3, $4) on conflict do nothing", [d.id, r.period, r.visits, JSON.stringify(r.participants)]);
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

const toSummary = (r: Row): ScenarioSummary => ({
  id: r.id as string,
  organisationId: r.organisation_id as string,
  organisationName: r.organisation_name as string,
  name: r.name as string,
  latestVersion: r.latest_version as number,
  createdAt: iso(r.created_at),
  access: r.access as Access,
  decided: r.decided ? (r.decided as Decision & { version: number }) : null,
});

async function insertVersion(q: Query, scenarioId: string, version: number, document: unknown, message: string | null, by: string): Promise<ScenarioVersion> {
  const [row] = await q(
    "insert into scenario_versions (scenario_id, version, document, message, created_by) values ($1, $2, $3, $4, $5) returning *",
    [scenarioId, version, JSON.stringify(document), message, by],
  );
  const r = row as Row;
  return { ...toVersionInfo(r), document: r.document };
}
