/**
 * Storage of scenarios, their versions, decisions and shares (routes/scenarios.ts).
 * @module
 */
import { randomUUID } from "node:crypto";
import type { Query } from "../db/sql.js";
import { type Actor, iso, type Row, StoreCore } from "./core.js";

export type ShareAccess = "read" | "edit";
/** What an organisation may do with a scenario: its own, or shared with it to read or edit. */
export type Access = "owner" | ShareAccess;

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
/** A save that lost: another save based on the same version came first. */
export class VersionConflict extends Error {
  constructor(readonly latestVersion: number) {
    super(`version ${latestVersion} is newer`);
  }
}
export const toVersionInfo = (r: Row): VersionInfo => ({
  scenarioId: r.scenario_id as string,
  version: r.version as number,
  message: (r.message as string | null) ?? null,
  createdAt: iso(r.created_at),
  createdBy: (r.created_by as string | null) ?? null,
  decision: (r.decision as Decision | null) ?? null,
});
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

export class ScenarioStore extends StoreCore {
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
}
