/**
 * A PostgreSQL server through node-postgres, with a connection pool. Several Sikt server
 * processes may share one database.
 * @module
 */
import pg from "pg";
import type { Database, Query } from "./sql.js";

export async function openPostgres(connectionString: string, max = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max });
  // An idle client that loses its connection must not crash the process.
  pool.on("error", () => {});
  await pool.query("select 1");
  const query: Query = async (text, params) => (await pool.query(text, params ? [...params] : [])).rows;
  return {
    kind: "postgres",
    query,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("begin");
        const result = await fn(async (text, params) => (await client.query(text, params ? [...params] : [])).rows);
        await client.query("commit");
        return result;
      } catch (e) {
        await client.query("rollback").catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
