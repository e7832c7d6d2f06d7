/**
 * Login limits kept in the database, so that every server process sharing it counts the same
 * guesses (PGlite and PostgreSQL alike).
 *
 * A login attempt is counted *before* its password is checked, in one statement per key (an
 * upsert that row-locks the key on PostgreSQL; PGlite runs one statement at a time): of any
 * number of simultaneous guesses, only `free` reach the password check before the key is
 * blocked. Keys are per account (the lower-cased e-mail address) and per client address, stored
 * as SHA-256 hashes. A blocked key is not a wall but a back-off: after `free` counted failures the
 * key waits `baseSeconds`, then each further failure doubles the wait up to `maxSeconds`; a key
 * that saw no attempt for `forgetSeconds` starts again from zero. A successful login clears its
 * account's count and takes its own attempt off the address's count.
 * @module
 */
import { createHash } from "node:crypto";
import type { Database } from "./db/sql.js";

export interface LimitRule {
  /** Failures let through before the first wait. */
  free: number;
  /** The first wait, doubled with each further failure. */
  baseSeconds: number;
  /** The longest wait: nobody is locked out longer than this. */
  maxSeconds: number;
  /** A key with no attempt for this long starts from zero again. */
  forgetSeconds: number;
}

export interface LimitRules {
  account: LimitRule;
  address: LimitRule;
}

/**
 * Per account: 10 failures, then 30 s doubling up to 15 minutes. Per client address: 100 (an
 * office behind one address has many users), then 30 s doubling up to 5 minutes.
 */
export const DEFAULT_LIMITS: LimitRules = {
  account: { free: 10, baseSeconds: 30, maxSeconds: 900, forgetSeconds: 3600 },
  address: { free: 100, baseSeconds: 30, maxSeconds: 300, forgetSeconds: 3600 },
};

const keyOf = (kind: "account" | "address", value: string) => createHash("sha256").update(`${kind}:${value}`).digest("hex");

export class LoginLimits {
  /**
   * @param clock the time to count with; by default the database's `now()` (one clock for every
   *   process). Tests pass their own to step through the back-off.
   */
  constructor(
    private readonly db: Database,
    readonly rules: LimitRules = DEFAULT_LIMITS,
    private readonly clock?: () => Date,
  ) {}

  private now(): string | null {
    return this.clock ? this.clock().toISOString() : null;
  }

  /**
   * Counts one attempt for the client address, then for the account, before the password is
   * checked. Returns 0 when the attempt may go on, or the seconds to wait (nothing further is
   * counted then).
   */
  async take(email: string, address: string): Promise<number> {
    const wait = await this.count(keyOf("address", address), this.rules.address);
    if (wait > 0) return wait;
    return this.count(keyOf("account", email.toLowerCase()), this.rules.account);
  }

  /** A login succeeded: its account starts from zero, and its attempt no longer counts against the address. */
  async succeeded(email: string, address: string): Promise<void> {
    const now = this.now();
    await this.db.query("delete from login_limits where key = $1", [keyOf("account", email.toLowerCase())]);
    await this.db.query(
      `update login_limits set failures = greatest(failures - 1, 0),
              blocked_until = case when failures - 1 < $2 then null else blocked_until end
       where key = $1`,
      [keyOf("address", address), this.rules.address.free],
    );
    // Forget keys nobody has tried for a day.
    await this.db.query("delete from login_limits where last_at < coalesce($1::timestamptz, now()) - interval '1 day' and (blocked_until is null or blocked_until < coalesce($1::timestamptz, now()))", [now]);
  }

  private async count(key: string, rule: LimitRule): Promise<number> {
    const now = this.now();
    const failures = `(case when l.last_at < excluded.last_at - make_interval(secs => $6::float8) then 1 else l.failures + 1 end)`;
    const wait = (n: string) => `make_interval(secs => least($4::float8 * power(2::float8, (${n}) - $3::int), $5::float8))`;
    const rows = await this.db.query<{ failures: number }>(
      `insert into login_limits as l (key, failures, last_at, blocked_until)
       select $1, 1, t.now, case when 1 >= $3::int then t.now + ${wait("1")} else null end
       from (select coalesce($2::timestamptz, now()) as now) t
       on conflict (key) do update set
         failures = ${failures},
         last_at = excluded.last_at,
         blocked_until = case when ${failures} >= $3::int then excluded.last_at + ${wait(failures)} else null end
       where l.blocked_until is null or l.blocked_until <= excluded.last_at
       returning failures`,
      [key, now, rule.free, rule.baseSeconds, rule.maxSeconds, rule.forgetSeconds],
    );
    if (rows.length > 0) return 0;
    const [row] = await this.db.query<{ seconds: number }>(
      "select ceil(extract(epoch from blocked_until - coalesce($2::timestamptz, now())))::float8 as seconds from login_limits where key = $1",
      [key, now],
    );
    return Math.max(1, Number(row?.seconds ?? 1));
  }
}
