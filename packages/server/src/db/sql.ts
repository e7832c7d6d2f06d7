/**
 * The one interface the repository talks to: parameterised SQL and transactions on a
 * PostgreSQL database. Two adapters implement it: embedded PGlite (`pglite.ts`) and a
 * PostgreSQL server through node-postgres (`postgres.ts`).
 * @module
 */

/** Runs one statement with `$1…` parameters and returns its rows. */
export type Query = <T = Record<string, unknown>>(text: string, params?: readonly unknown[]) => Promise<T[]>;

export interface Database {
  /** `pglite` (embedded, one process) or `postgres` (a server, shared by several processes). */
  readonly kind: "pglite" | "postgres";
  readonly query: Query;
  /**
   * Runs `fn` in a transaction: committed when it resolves (and on disk before the promise
   * settles), rolled back when it throws.
   */
  transaction<T>(fn: (query: Query) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The SQLSTATE of a database error, e.g. `23505` for a unique violation. */
export function sqlState(e: unknown): string | undefined {
  return e !== null && typeof e === "object" && "code" in e && typeof e.code === "string" ? e.code : undefined;
}
