/**
 * What every part of the store shares: the database, the row helpers and the types every feature uses.
 * @module
 */
import type { Database } from "../db/sql.js";
import type { Store } from "../store.js";

export type Role = "admin" | "analyst" | "viewer";
/** Who is acting: the user and the organisation the request is made for. */
export interface Actor {
  userId: string;
  organisationId: string;
  role: Role;
}
/** A unique value (e-mail address, share) that exists already. */
export class Duplicate extends Error {}

export const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
export const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

export type Row = Record<string, unknown>;

/** The database every part of the store works on; the parts are joined into `Store` (store.ts). */
export abstract class StoreCore {
  constructor(readonly db: Database) {}

  /** Runs `fn` with a store whose every statement belongs to one transaction. */
  inTransaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    const Self = this.constructor as new (db: Database) => Store;
    return this.db.transaction((q) => fn(new Self({ kind: this.db.kind, query: q, transaction: (f) => f(q), close: async () => {} })));
  }
}
