/**
 * What the server writes to its log about an unexpected error. A database error carries the
 * statement's parameters (PGlite: `params`) and often the values in its message and `detail`
 * ("Key (lower(email))=(anna@kommun.se) already exists", an argon2 hash): those can hold personal
 * data or secrets, so only the SQLSTATE, where it happened and the parameterised statement text
 * are written.
 * @module
 */
import { sqlState } from "./db/sql.js";

const pick = (e: object, key: string): string | undefined => {
  const v = (e as Record<string, unknown>)[key];
  return typeof v === "string" && v !== "" ? v : undefined;
};

/** One line (plus stack frames) about `e`, safe to log. */
export function describeError(e: unknown): string {
  const code = sqlState(e);
  if (code !== undefined && e !== null && typeof e === "object" && /^[0-9A-Z]{5}$/.test(code)) {
    const where = ["table", "column", "constraint", "routine"].map((k) => (pick(e, k) ? `${k} ${pick(e, k)}` : "")).filter(Boolean);
    const query = pick(e, "query");
    const frames = e instanceof Error && e.stack ? e.stack.split("\n").slice(1, 6).join("\n") : "";
    return [`Database error SQLSTATE ${code}${where.length > 0 ? ` (${where.join(", ")})` : ""}${query ? `; statement: ${query.replace(/\s+/g, " ").slice(0, 300)}` : ""}`, frames]
      .filter(Boolean)
      .join("\n");
  }
  if (e instanceof Error) return e.stack ?? `${e.name}: ${e.message}`;
  return String(e);
}
