/**
 * Passwords (argon2id), session tokens and the login rate limit.
 * - A session token is 32 random bytes in an HttpOnly, SameSite=Strict cookie; the database
 *   keeps only its SHA-256, so a copy of the database does not give sessions away.
 * - Each session has a CSRF token, returned at login and required in `X-CSRF-Token` on every
 *   write made with the cookie.
 * - Login limits live in the database (login-limits.ts).
 * - One-time passwords expire after ONE_TIME_DAYS and work for one login.
 * @module
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
// @node-rs/argon2: the reference algorithm compiled for each platform, delivered as npm packages
// (no install script, no compiler), hashing off the event loop; it reads and writes the standard
// encoded form ($argon2id$v=19$m=…), so hashes made by earlier versions still verify.
import * as argon2 from "@node-rs/argon2";

/** OWASP's first argon2id setting: 19 MiB, 2 iterations, 1 lane. */
const ARGON2: argon2.Options = { algorithm: 2 /* Algorithm.Argon2id, a const enum */, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string) => argon2.hash(password, ARGON2);

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the user does not exist, so that timing does not tell. */
let dummy: Promise<string> | undefined;
export const dummyHash = () => (dummy ??= hashPassword(randomBytes(16).toString("hex")));

export const newToken = () => randomBytes(32).toString("base64url");
export const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

/** A password to hand out once: 20 characters, no look-alike characters. */
export function newPassword(): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = randomBytes(20);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** How long a one-time password works (it works for one login, which must change it). */
export const ONE_TIME_DAYS = 7;
export const oneTimeUntil = (from = Date.now()) => new Date(from + ONE_TIME_DAYS * 86_400_000);
