/**
 * Storage of observed-effect estimates (routes/effects.ts).
 * @module
 */
import { randomUUID } from "node:crypto";
import { type Actor, iso, type Row, StoreCore } from "./core.js";

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

export class EffectStore extends StoreCore {
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
}
