/**
 * The audit log (routes/audit.ts).
 * @module
 */
import { iso, StoreCore } from "./core.js";

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

export class AuditStore extends StoreCore {
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
}
