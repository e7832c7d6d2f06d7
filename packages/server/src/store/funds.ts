/**
 * Storage of social investment funds (routes/funds.ts).
 * @module
 */
import { randomUUID } from "node:crypto";
import { type Actor, iso, type Row, StoreCore } from "./core.js";

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

export class FundStore extends StoreCore {
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
}
