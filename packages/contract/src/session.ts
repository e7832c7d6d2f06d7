/**
 * Session, organisations and users: logging in and out, passwords, the directory of
 * organisations and the users of one's own (routes/session.ts in the server).
 * @module
 */
import { z } from "zod";
import { singleLine, timestamp, uuid } from "./common.js";

export const role = z.enum(["admin", "analyst", "viewer"]);

export const loginBody = z.strictObject({
  email: singleLine(320),
  password: z.string().min(1).max(1024),
  organisationId: uuid.optional().meta({ description: "Only when you have accounts in several organisations with the same e-mail address and password (the login answers 409 choose_organisation)." }),
});

export const createUserBody = z.strictObject({
  email: z.email().max(320),
  name: singleLine(200),
  role,
});

export const updateUserBody = z.strictObject({
  name: singleLine(200).optional(),
  role: role.optional(),
});

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(12, "at least 12 characters").max(1024),
});

// Responses. The server builds these objects from the store's types; the tests check real
// responses against these schemas, so the OpenAPI document says what the server sends.

export const organisationKind = z.enum(["kommun", "region", "polis", "fond", "annan"]);

export const organisationSchema = z.strictObject({
  id: uuid,
  name: z.string(),
  kind: organisationKind,
  municipalityCode: z.string().nullable().meta({ description: "Kommunkod (SCB), e.g. 0880 for Kalmar." }),
  createdAt: timestamp,
});

export const userSchema = z.strictObject({
  id: uuid,
  organisationId: uuid,
  email: z.string(),
  name: z.string(),
  role,
  createdAt: timestamp,
});

export const sessionSchema = z.strictObject({
  user: userSchema,
  organisation: organisationSchema,
  csrfToken: z.string().meta({ description: "Send as X-CSRF-Token with every write." }),
  passwordChangeRequired: z
    .boolean()
    .meta({ description: "Logged in with a one-time password: every route but this one, logout and POST /api/session/password answers 403 password_change_required." }),
});

export const newUserSchema = z.strictObject({
  user: userSchema,
  password: z.string().meta({ description: "One-time password: shown once; works for one login before passwordExpiresAt, which must change it." }),
  passwordExpiresAt: z.string().meta({ description: "When the one-time password stops working (7 days)." }),
});
