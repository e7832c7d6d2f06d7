/**
 * Session, organisations and users: logging in and out, passwords, the directory of
 * organisations and the users of one's own (store/session.ts; contract: session.ts).
 * @module
 */
import { getConnInfo } from "@hono/node-server/conninfo";
import * as api from "@sikt/contract";
import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { dummyHash, hashPassword, newPassword, newToken, oneTimeUntil, tokenHash, verifyPassword } from "../auth.js";
import { HttpError, idParam, notFound, readBody, type RouteDoc, SESSION_COOKIE } from "../http.js";
import { Duplicate, type User } from "../store.js";
import type { AppContext, AppEnv } from "./context.js";

export function sessionRoutes(x: AppContext): void {
  const { o, store, limits, sessionMs, routes, auth, admin, actor, audit } = x;

  // Session

  const clientKey = (c: Context) => {
    try {
      return getConnInfo(c).remote.address ?? "unknown";
    } catch {
      return "unknown";
    }
  };

  routes.add("post", "/api/session", { summary: "Log in with e-mail and password; sets the session cookie", tag: "session", public: true, body: api.loginBody, response: api.sessionSchema, errors: [409, 429] }, async (c) => {
    const body = await readBody(c, api.loginBody);
    const address = clientKey(c);
    // Counted before the password is checked, in the database: simultaneous guesses and other
    // processes share the count.
    const wait = await limits.take(body.email, address);
    if (wait > 0) {
      c.header("Retry-After", String(wait));
      throw new HttpError(429, "too_many_attempts", `Too many failed logins; try again in ${wait} s.`);
    }
    // E-mail addresses are unique per organisation: the password decides whose account it is.
    const candidates = await store.findLogins(body.email, body.organisationId);
    if (candidates.length === 0) await verifyPassword(await dummyHash(), body.password);
    const matches = [];
    for (const l of candidates) if (await verifyPassword(l.passwordHash, body.password)) matches.push(l);
    const login = matches[0];
    if (!login) throw new HttpError(401, "bad_credentials", "Wrong e-mail address or password.");
    if (matches.length > 1) {
      const organisations = [];
      for (const m of matches) organisations.push({ id: m.user.organisationId, name: (await ownOrganisation(m.user)).name });
      throw new HttpError(409, "choose_organisation", "You have accounts in several organisations with this password; log in again with organisationId.", { organisations });
    }
    if (login.oneTime && !(await store.spendOneTimePassword(login.user.id))) {
      const expired = login.usedAt === null;
      throw new HttpError(
        401,
        expired ? "one_time_password_expired" : "one_time_password_used",
        expired ? "This one-time password has expired; ask an administrator for a new one." : "This one-time password has been used; ask an administrator for a new one.",
      );
    }
    await limits.succeeded(body.email, address);
    const token = newToken();
    const csrfToken = newToken();
    await store.createSession({ userId: login.user.id, tokenHash: tokenHash(token), csrfToken, expiresAt: new Date(Date.now() + sessionMs) });
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: "Strict", path: "/", secure: o.secureCookies ?? false, maxAge: sessionMs / 1000 });
    const a = { userId: login.user.id, organisationId: login.user.organisationId, role: login.user.role };
    await audit(a, "session.login", "user", login.user.id, login.oneTime ? { oneTimePassword: true } : undefined);
    return c.json({ user: login.user, organisation: await ownOrganisation(login.user), csrfToken, passwordChangeRequired: login.oneTime });
  });

  routes.add("get", "/api/session", { summary: "Who is logged in", tag: "session", response: api.sessionSchema }, auth, async (c) => {
    const s = c.get("session");
    return c.json({ user: s.user, organisation: await ownOrganisation(s.user), csrfToken: s.csrfToken, passwordChangeRequired: s.passwordChangeRequired });
  });

  routes.add("delete", "/api/session", { summary: "Log out", tag: "session", status: 204 }, auth, async (c) => {
    await store.deleteSession(c.get("session").tokenHash);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.body(null, 204);
  });

  const changePassword = async (c: Context<AppEnv>) => {
    const body = await readBody(c, api.changePasswordBody);
    const s = c.get("session");
    const wrong = (message: string) => new HttpError(403, "bad_credentials", "The current password is wrong.", { issues: [{ path: ["currentPassword"], code: "wrong", message }] });
    // Guesses of the current password count like login guesses.
    const address = clientKey(c);
    const wait = await limits.take(s.user.email, address);
    if (wait > 0) {
      c.header("Retry-After", String(wait));
      throw new HttpError(429, "too_many_attempts", `Too many failed attempts; try again in ${wait} s.`);
    }
    const login = await store.getLogin(s.user.organisationId, s.user.id);
    if (!login || !(await verifyPassword(login.passwordHash, body.currentPassword))) throw wrong("wrong password");
    await limits.succeeded(s.user.email, address);
    if (body.newPassword === body.currentPassword)
      throw new HttpError(400, "invalid_body", "The body has problems; see issues.", { issues: [{ path: ["newPassword"], code: "unchanged", message: "must differ from the current password" }] });
    await store.setOwnPassword(s.user.organisationId, s.user.id, await hashPassword(body.newPassword), s.tokenHash);
    await audit(actor(c), "user.password", "user", s.user.id, login.oneTime ? { oneTimePassword: true } : undefined);
    return c.body(null, 204);
  };
  const passwordDoc = { summary: "Change your own password (at least 12 characters); your other sessions end, this one stays", tag: "session", body: api.changePasswordBody, status: 204, errors: [429] } satisfies RouteDoc;
  routes.add("post", "/api/session/password", passwordDoc, auth, changePassword);
  routes.add("put", "/api/session/password", { ...passwordDoc, summary: `${passwordDoc.summary} (the same as POST)` }, auth, changePassword);

  async function ownOrganisation(u: User) {
    const org = await store.getOrganisation(u.organisationId);
    if (!org) throw notFound("organisation");
    return org;
  }

  // Organisations and users

  routes.add("get", "/api/organisation", { summary: "Your organisation", tag: "organisations", response: api.organisationSchema }, auth, async (c) =>
    c.json(await ownOrganisation(c.get("session").user)),
  );

  routes.add(
    "get",
    "/api/organisations",
    { summary: "The directory of organisations (to share a scenario with)", tag: "organisations", response: z.array(api.organisationSchema) },
    auth,
    async (c) => c.json(await store.listOrganisations()),
  );

  routes.add("get", "/api/users", { summary: "Users of your organisation", tag: "users", response: z.array(api.userSchema) }, auth, admin, async (c) =>
    c.json(await store.listUsers(actor(c).organisationId)),
  );

  routes.add(
    "post",
    "/api/users",
    { summary: "Add a user; answers a one-time password", tag: "users", body: api.createUserBody, response: api.newUserSchema, status: 201, errors: [409] },
    auth,
    admin,
    async (c) => {
      const body = await readBody(c, api.createUserBody);
      const a = actor(c);
      const password = newPassword();
      const until = oneTimeUntil();
      try {
        // Unique per organisation: whether another organisation has the address is never told.
        const user = await store.createUser({ ...body, organisationId: a.organisationId, passwordHash: await hashPassword(password), oneTimeUntil: until });
        await audit(a, "user.create", "user", user.id, { email: user.email, role: user.role });
        return c.json({ user, password, passwordExpiresAt: until.toISOString() }, 201);
      } catch (e) {
        if (e instanceof Duplicate)
          throw new HttpError(409, "duplicate", "Your organisation has a user with this e-mail address.", { issues: [{ path: ["email"], code: "duplicate", message: "your organisation has a user with this address" }] });
        throw e;
      }
    },
  );

  routes.add("patch", "/api/users/:userId", { summary: "Change a user's name or role", tag: "users", body: api.updateUserBody, response: api.userSchema, errors: [409] }, auth, admin, async (c) => {
    const id = idParam(c, "userId", "user");
    const body = await readBody(c, api.updateUserBody);
    const a = actor(c);
    const before = await store.getUser(a.organisationId, id);
    if (!before) throw notFound("user");
    if (before.role === "admin" && body.role !== undefined && body.role !== "admin" && (await store.countAdmins(a.organisationId)) <= 1)
      throw new HttpError(409, "last_admin", "The organisation's last admin cannot lose the role.");
    const user = await store.updateUser(a.organisationId, id, body);
    await audit(a, "user.update", "user", id, body);
    return c.json(user);
  });

  routes.add("post", "/api/users/:userId/password", { summary: "Give a user a new one-time password", tag: "users", response: api.newUserSchema }, auth, admin, async (c) => {
    const id = idParam(c, "userId", "user");
    const a = actor(c);
    const password = newPassword();
    const until = oneTimeUntil();
    const user = await store.setOneTimePassword(a.organisationId, id, await hashPassword(password), until);
    if (!user) throw notFound("user");
    await audit(a, "user.reset_password", "user", id);
    return c.json({ user, password, passwordExpiresAt: until.toISOString() });
  });

  routes.add("delete", "/api/users/:userId", { summary: "Remove a user", tag: "users", status: 204, errors: [409] }, auth, admin, async (c) => {
    const id = idParam(c, "userId", "user");
    const a = actor(c);
    const user = await store.getUser(a.organisationId, id);
    if (!user) throw notFound("user");
    if (user.role === "admin" && (await store.countAdmins(a.organisationId)) <= 1)
      throw new HttpError(409, "last_admin", "The organisation's last admin cannot be removed.");
    await store.deleteUser(a.organisationId, id);
    await audit(a, "user.delete", "user", id, { email: user.email });
    return c.body(null, 204);
  });
}
