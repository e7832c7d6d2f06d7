/**
 * Storage of the lägesbild and follow-up: places, indicators and their values, documents (lägesbilder, plans, services), actuals and reach (routes/followup.ts).
 * @module
 */
import { randomUUID } from "node:crypto";
import type { Actual, Indicator, IndicatorPoint, KoladaKpi, KoladaPlace, Places, PointGender, Reach } from "@sikt/followup";
import { type Database, sqlState } from "../db/sql.js";
import { type Actor, Duplicate, iso, type Row, StoreCore } from "./core.js";

export type DocKind = "lagesbild" | "plan" | "service";
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

export class FollowupStore extends StoreCore {
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
}
