/**
 * Storage of organisations, users and sessions (routes/session.ts).
 * @module
 */
import { randomUUID } from "node:crypto";
import { sqlState } from "../db/sql.js";
import { Duplicate, iso, isoOrNull, type Role, type Row, StoreCore } from "./core.js";

export type OrganisationKind = "kommun" | "region" | "polis" | "fond" | "annan";
export interface Organisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  municipalityCode: string | null;
  createdAt: string;
}
export interface User {
  id: string;
  organisationId: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}
/** A user as the login sees it: the password's hash and whether it is a one-time password. */
export interface Login {
  user: User;
  passwordHash: string;
  oneTime: boolean;
  /** When a one-time password stops working. */
  expiresAt: string | null;
  /** When a one-time password was used for its one login. */
  usedAt: string | null;
}
const toOrganisation = (r: Row): Organisation => ({
  id: r.id as string,
  name: r.name as string,
  kind: r.kind as OrganisationKind,
  municipalityCode: (r.municipality_code as string | null) ?? null,
  createdAt: iso(r.created_at),
});
const toUser = (r: Row): User => ({
  id: r.id as string,
  organisationId: r.organisation_id as string,
  email: r.email as string,
  name: r.name as string,
  role: r.role as Role,
  createdAt: iso(r.created_at),
});
const toLogin = (r: Row): Login => ({
  user: toUser(r),
  passwordHash: r.password_hash as string,
  oneTime: r.password_one_time === true,
  expiresAt: isoOrNull(r.password_expires_at),
  usedAt: isoOrNull(r.password_used_at),
});

export class SessionStore extends StoreCore {
  // Organisations and users


  async createOrganisation(o: { name: string; kind: OrganisationKind; municipalityCode?: string | null }): Promise<Organisation> {
    const [row] = await this.db.query(
      "insert into organisations (id, name, kind, municipality_code) values ($1, $2, $3, $4) returning *",
      [randomUUID(), o.name, o.kind, o.municipalityCode ?? null],
    );
    return toOrganisation(row as Row);
  }

  async listOrganisations(): Promise<Organisation[]> {
    return (await this.db.query("select * from organisations order by name, id")).map(toOrganisation);
  }

  async getOrganisation(id: string): Promise<Organisation | null> {
    const [row] = await this.db.query("select * from organisations where id = $1", [id]);
    return row ? toOrganisation(row) : null;
  }

  async countOrganisations(): Promise<number> {
    const [row] = await this.db.query<{ n: number }>("select count(*)::int as n from organisations");
    return row?.n ?? 0;
  }

  /**
   * Adds a user. With `oneTimeUntil` the password is a one-time password: it works for one
   * login before that time, and that login may only change it.
   * @throws Duplicate when the organisation has a user with the e-mail address (any case)
   */
  async createUser(u: { organisationId: string; email: string; name: string; role: Role; passwordHash: string; oneTimeUntil?: Date }): Promise<User> {
    try {
      const [row] = await this.db.query(
        `insert into users (id, organisation_id, email, name, role, password_hash, password_one_time, password_expires_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8) returning *`,
        [randomUUID(), u.organisationId, u.email, u.name, u.role, u.passwordHash, u.oneTimeUntil !== undefined, u.oneTimeUntil?.toISOString() ?? null],
      );
      return toUser(row as Row);
    } catch (e) {
      if (sqlState(e) === "23505") throw new Duplicate("email");
      throw e;
    }
  }

  /**
   * The users with this e-mail address (any case; at most one per organisation), with the hash
   * of their password and the state of a one-time password.
   */
  async findLogins(email: string, organisationId?: string): Promise<Login[]> {
    const rows = await this.db.query(
      "select * from users where lower(email) = lower($1) and ($2::uuid is null or organisation_id = $2::uuid) order by created_at, id limit 10",
      [email, organisationId ?? null],
    );
    return rows.map(toLogin);
  }

  /** The login record of one user (to check the current password before a change). */
  async getLogin(organisationId: string, userId: string): Promise<Login | null> {
    const [row] = await this.db.query("select * from users where organisation_id = $1 and id = $2", [organisationId, userId]);
    return row ? toLogin(row) : null;
  }

  /**
   * Spends a one-time password: true for exactly one caller (the first login with it), false
   * when it was spent already or has expired.
   */
  async spendOneTimePassword(userId: string): Promise<boolean> {
    const rows = await this.db.query(
      `update users set password_used_at = now()
       where id = $1 and password_one_time and password_used_at is null and password_expires_at > now() returning id`,
      [userId],
    );
    return rows.length > 0;
  }

  /** Sets a one-time password (an administrator's reset); ends the user's sessions. */
  async setOneTimePassword(organisationId: string, userId: string, passwordHash: string, until: Date): Promise<User | null> {
    const [row] = await this.db.query(
      `update users set password_hash = $3, password_one_time = true, password_expires_at = $4, password_used_at = null
       where organisation_id = $1 and id = $2 returning *`,
      [organisationId, userId, passwordHash, until.toISOString()],
    );
    if (row) await this.db.query("delete from sessions where user_id = $1", [userId]);
    return row ? toUser(row) : null;
  }

  /** Sets the user's own chosen password; ends every session of the user but `keepSession`. */
  async setOwnPassword(organisationId: string, userId: string, passwordHash: string, keepSession: string): Promise<boolean> {
    return this.db.transaction(async (q) => {
      const rows = await q(
        `update users set password_hash = $3, password_one_time = false, password_expires_at = null, password_used_at = null
         where organisation_id = $1 and id = $2 returning id`,
        [organisationId, userId, passwordHash],
      );
      if (rows.length === 0) return false;
      await q("delete from sessions where user_id = $1 and token_hash <> $2", [userId, keepSession]);
      return true;
    });
  }

  async listUsers(organisationId: string): Promise<User[]> {
    return (await this.db.query("select * from users where organisation_id = $1 order by email", [organisationId])).map(toUser);
  }

  async getUser(organisationId: string, userId: string): Promise<User | null> {
    const [row] = await this.db.query("select * from users where organisation_id = $1 and id = $2", [organisationId, userId]);
    return row ? toUser(row) : null;
  }

  async updateUser(organisationId: string, userId: string, change: { role?: Role | undefined; name?: string | undefined; passwordHash?: string | undefined }): Promise<User | null> {
    const [row] = await this.db.query(
      `update users set role = coalesce($3, role), name = coalesce($4, name), password_hash = coalesce($5, password_hash)
       where organisation_id = $1 and id = $2 returning *`,
      [organisationId, userId, change.role ?? null, change.name ?? null, change.passwordHash ?? null],
    );
    if (row && change.passwordHash !== undefined) await this.db.query("delete from sessions where user_id = $1", [userId]);
    return row ? toUser(row) : null;
  }

  async deleteUser(organisationId: string, userId: string): Promise<boolean> {
    const rows = await this.db.query("delete from users where organisation_id = $1 and id = $2 returning id", [organisationId, userId]);
    return rows.length > 0;
  }

  async countAdmins(organisationId: string): Promise<number> {
    const [row] = await this.db.query<{ n: number }>(
      "select count(*)::int as n from users where organisation_id = $1 and role = 'admin'",
      [organisationId],
    );
    return row?.n ?? 0;
  }

  // Sessions


  async createSession(s: { userId: string; tokenHash: string; csrfToken: string; expiresAt: Date }): Promise<void> {
    await this.db.query("insert into sessions (token_hash, user_id, csrf_token, expires_at) values ($1, $2, $3, $4)", [
      s.tokenHash,
      s.userId,
      s.csrfToken,
      s.expiresAt.toISOString(),
    ]);
  }

  /**
   * The live session with this token hash, with its user; `passwordChangeRequired` while the
   * user's password is a one-time password (the session may then only change it).
   */
  async getSession(tokenHash: string): Promise<{ user: User; csrfToken: string; passwordChangeRequired: boolean } | null> {
    const [row] = await this.db.query(
      `select u.*, s.csrf_token from sessions s join users u on u.id = s.user_id
       where s.token_hash = $1 and s.expires_at > now()`,
      [tokenHash],
    );
    return row ? { user: toUser(row), csrfToken: row.csrf_token as string, passwordChangeRequired: row.password_one_time === true } : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.query("delete from sessions where token_hash = $1 or expires_at < now()", [tokenHash]);
  }
}
