import type { AccessRecords, StoredToken } from "../adapters/db/access-records";
import {
  hashPassword,
  newApiToken,
  newSessionId,
  passwordProblem,
  sha256,
  tokenId,
  verifyPassword,
} from "./credentials";

/** Who a request is. "local": loopback while no password is set (HEAN is unprotected, and says so). */
export type Principal =
  | { readonly kind: "session"; readonly id: string }
  | { readonly kind: "token"; readonly id: string; readonly name: string }
  | { readonly kind: "local" };

export type AuthRefusal =
  | "NO_CREDENTIALS"
  | "BAD_CREDENTIALS"
  | "EXPIRED_SESSION"
  | "REVOKED_TOKEN"
  | "NOT_CONFIGURED"
  | "WRONG_PASSWORD"
  | "BAD_PASSWORD";

export type AuthResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: AuthRefusal; readonly message: string };

export interface Credentials {
  /** The session cookie's value. */
  readonly session?: string | undefined;
  /** An `Authorization: Bearer` token. */
  readonly bearer?: string | undefined;
}

export interface AuthServiceOptions {
  readonly sessionTtlMs: number;
  readonly now?: () => number;
  /** Audit failures must not break authentication; they are reported here. */
  readonly onAuditError?: (error: unknown) => void;
}

/** A check done this recently is trusted without the database (a revocation here clears it at once). */
const CACHE_MS = 30_000;
/** Token use is recorded (last used, an access event) at most this often per token. */
const TOUCH_MS = 60_000;

export const describePrincipal = (p: Principal): string =>
  p.kind === "token" ? `token:${p.name}(${p.id})` : p.kind === "session" ? `session:${p.id}` : "local";

/**
 * Logins, sessions and API tokens, against the owner's password. Sessions and tokens are looked up
 * by the SHA-256 of what the client holds; passwords are argon2id hashes. Every login, failed
 * login, logout, token change and first token use in a minute is audited.
 */
export class AuthService {
  private configured = false;
  private readonly now: () => number;
  private readonly cache = new Map<string, { principal: Principal; until: number; expiresAt: number }>();
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly records: AccessRecords,
    private readonly o: AuthServiceOptions,
  ) {
    this.now = o.now ?? Date.now;
  }

  /** Reads whether a password is set; call before serving. */
  async init(): Promise<void> {
    this.configured = (await this.records.passwordHash()) !== null;
  }

  /**
   * Reads again whether a password is set: one set from the command line while HEAN runs (with
   * PostgreSQL, which two processes can share) protects it from then on, without a restart. Once
   * configured, HEAN never goes back to unprotected by itself.
   */
  async refresh(): Promise<void> {
    if (this.configured) return;
    this.configured = (await this.records.passwordHash()) !== null;
  }

  /** Whether the owner has set a password: from then on, every control needs a login or a token. */
  isConfigured(): boolean {
    return this.configured;
  }

  /**
   * Sets the owner's password. The first one may be set without a current password (by the CLI, or
   * from the dashboard on loopback); a change needs the current one, and logs out every other session.
   */
  async setPassword(
    password: string,
    current: string | null,
    context: { readonly keepSession?: string | null; readonly address: string | null; readonly actor: string },
  ): Promise<AuthResult<null>> {
    const problem = passwordProblem(password);
    if (problem !== null) return { ok: false, code: "BAD_PASSWORD", message: problem };
    const stored = await this.records.passwordHash();
    if (stored !== null && (current === null || !(await verifyPassword(stored, current)))) {
      await this.audit("password_change_refused", context.actor, context.address, "wrong current password");
      return { ok: false, code: "WRONG_PASSWORD", message: "The current password is wrong" };
    }
    return this.storePassword(password, stored !== null, context);
  }

  /**
   * Sets the password without the current one: for the command line, whose user can open the
   * database and so already owns HEAN (it is how a forgotten password is reset). Logs out every session.
   */
  async resetPassword(password: string, actor: string): Promise<AuthResult<null>> {
    const problem = passwordProblem(password);
    if (problem !== null) return { ok: false, code: "BAD_PASSWORD", message: problem };
    const stored = await this.records.passwordHash();
    return this.storePassword(password, stored !== null, { actor, address: null });
  }

  private async storePassword(
    password: string,
    replacing: boolean,
    context: { readonly keepSession?: string | null; readonly address: string | null; readonly actor: string },
  ): Promise<AuthResult<null>> {
    await this.records.setPasswordHash(await hashPassword(password), this.now());
    const keep = context.keepSession ? sha256(context.keepSession) : null;
    await this.records.deleteSessionsExcept(keep);
    for (const [key, entry] of this.cache)
      if (entry.principal.kind === "session" && key !== keep) this.cache.delete(key);
    this.configured = true;
    await this.audit(replacing ? "password_changed" : "password_set", context.actor, context.address, null);
    return { ok: true, value: null };
  }

  /** Checks the password; a new session (its cookie value) when it is right. */
  async login(password: string, address: string | null): Promise<AuthResult<{ session: string; expiresAt: number }>> {
    const stored = await this.records.passwordHash();
    if (stored === null)
      return {
        ok: false,
        code: "NOT_CONFIGURED",
        message: "No password is set yet: set one first (npm run hean -- set-password)",
      };
    if (!(await verifyPassword(stored, password))) {
      await this.audit("login_failed", null, address, null);
      return { ok: false, code: "WRONG_PASSWORD", message: "Wrong password" };
    }
    const session = newSessionId();
    const now = this.now();
    const expiresAt = now + this.o.sessionTtlMs;
    await this.records.createSession(sha256(session), now, expiresAt, address);
    await this.audit("login", `session:${sha256(session).slice(0, 8)}`, address, null);
    return { ok: true, value: { session, expiresAt } };
  }

  async logout(session: string, address: string | null): Promise<void> {
    const key = sha256(session);
    this.cache.delete(key);
    await this.records.deleteSession(key);
    await this.audit("logout", `session:${key.slice(0, 8)}`, address, null);
  }

  /** Who holds these credentials (a token wins over a cookie), or why they are refused. */
  async authenticate(credentials: Credentials, address: string | null): Promise<AuthResult<Principal>> {
    if (credentials.bearer !== undefined) return this.checkToken(credentials.bearer, address);
    if (credentials.session !== undefined) return this.checkSession(credentials.session);
    return { ok: false, code: "NO_CREDENTIALS", message: "Log in, or send Authorization: Bearer <token>" };
  }

  /** A new API token; the only time its secret is shown. */
  async createToken(name: string, actor: string, address: string | null): Promise<{ id: string; token: string }> {
    const { id, token } = newApiToken();
    await this.records.createToken(id, name, sha256(token), this.now());
    await this.audit("token_created", actor, address, `${name} (${id})`);
    return { id, token };
  }

  async revokeToken(id: string, actor: string, address: string | null): Promise<boolean> {
    const revoked = await this.records.revokeToken(id, this.now());
    for (const [key, entry] of this.cache)
      if (entry.principal.kind === "token" && entry.principal.id === id) this.cache.delete(key);
    if (revoked) await this.audit("token_revoked", actor, address, id);
    return revoked;
  }

  listTokens(): Promise<StoredToken[]> {
    return this.records.listTokens();
  }

  /** Records an access event (refusals, say) without ever failing the request. */
  async audit(kind: string, principal: string | null, address: string | null, detail: string | null): Promise<void> {
    try {
      await this.records.recordAccess({ at: this.now(), kind, principal, address, detail });
    } catch (error) {
      this.o.onAuditError?.(error);
    }
  }

  private async checkToken(token: string, address: string | null): Promise<AuthResult<Principal>> {
    const id = tokenId(token);
    if (id === null) return { ok: false, code: "BAD_CREDENTIALS", message: "Not a HEAN API token" };
    const key = sha256(token);
    const now = this.now();
    const cached = this.cache.get(key);
    let principal: Principal;
    if (cached !== undefined && cached.until > now) principal = cached.principal;
    else {
      const stored = await this.records.findToken(key);
      if (stored === null || stored.id !== id)
        return { ok: false, code: "BAD_CREDENTIALS", message: "Unknown API token" };
      if (stored.revokedAt !== null)
        return { ok: false, code: "REVOKED_TOKEN", message: `API token ${id} was revoked` };
      principal = { kind: "token", id, name: stored.name };
      this.cache.set(key, { principal, until: now + CACHE_MS, expiresAt: Number.POSITIVE_INFINITY });
    }
    if ((this.touched.get(id) ?? 0) + TOUCH_MS <= now) {
      this.touched.set(id, now);
      void this.records.touchToken(id, now).catch((error: unknown) => this.o.onAuditError?.(error));
      void this.audit("token_used", describePrincipal(principal), address, null);
    }
    return { ok: true, value: principal };
  }

  private async checkSession(session: string): Promise<AuthResult<Principal>> {
    const key = sha256(session);
    const now = this.now();
    const cached = this.cache.get(key);
    if (cached !== undefined && cached.until > now && cached.expiresAt > now)
      return { ok: true, value: cached.principal };
    const stored = await this.records.findSession(key, now);
    if (stored === null) {
      this.cache.delete(key);
      return { ok: false, code: "EXPIRED_SESSION", message: "The session has expired or was ended: log in again" };
    }
    let expiresAt = stored.expiresAt;
    // Sliding expiry: a session in use past half its life is extended.
    if (expiresAt - now < this.o.sessionTtlMs / 2) {
      expiresAt = now + this.o.sessionTtlMs;
      await this.records.extendSession(key, now, expiresAt);
    }
    const principal: Principal = { kind: "session", id: key.slice(0, 8) };
    this.cache.set(key, { principal, until: now + CACHE_MS, expiresAt });
    return { ok: true, value: principal };
  }
}
