// How secrets are made and kept: passwords as argon2id hashes (@node-rs/argon2, OWASP's defaults),
// session ids and API tokens as 256 random bits of which only the SHA-256 is stored.
import { createHash, randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

/** Why a new password is refused, or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `the password must have at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `the password must have at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.trim() !== password) return "the password must not start or end with spaces";
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** A new session id for the cookie. */
export function newSessionId(): string {
  return randomBytes(32).toString("base64url");
}

const TOKEN = /^hean_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

/** A new API token: `hean_<id>_<secret>`; the id names it in lists and logs, the secret is never kept. */
export function newApiToken(): { readonly id: string; readonly token: string } {
  const id = randomBytes(4).toString("hex");
  return { id, token: `hean_${id}_${randomBytes(32).toString("base64url")}` };
}

/** The id of a well-formed token, or null. */
export function tokenId(token: string): string | null {
  return TOKEN.exec(token)?.[1] ?? null;
}
