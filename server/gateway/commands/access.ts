import type { AccessEvent, StoredToken } from "../../adapters/db/access-records";
import { type AuthService, describePrincipal, type Principal } from "../../auth/auth-service";
import type { RateLimits } from "../../auth/rate-limits";

export type { Principal } from "../../auth/auth-service";

/** What the dashboard needs to know before anything else: must it log in, is HEAN unprotected. */
export interface AccessStatus {
  /** An owner password is set: controls need a login or a token. */
  readonly configured: boolean;
  /** Loopback without a password: anyone on this machine may control HEAN. */
  readonly unprotected: boolean;
  readonly authenticated: boolean;
  readonly principal: Principal | null;
}

export type LoginAnswer =
  | { readonly ok: true; readonly session: string; readonly expiresAt: number }
  | {
      readonly ok: false;
      readonly code: "WRONG_PASSWORD" | "NOT_CONFIGURED" | "RATE_LIMITED";
      readonly message: string;
      readonly retryAfterSec?: number;
    };

export type AccessAnswer<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly code: "FORBIDDEN" | "BAD_PASSWORD" | "WRONG_PASSWORD" | "NOT_FOUND";
      readonly message: string;
    };

export interface TokenRow {
  readonly id: string;
  readonly name: string;
  readonly created_at: string;
  readonly last_used_at: string | null;
  readonly revoked_at: string | null;
}

export interface AccessEventRow {
  readonly id: number;
  readonly at: string;
  readonly kind: string;
  readonly principal: string | null;
  readonly address: string | null;
  readonly detail: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function accessCommands(
  auth: AuthService,
  limits: RateLimits,
  records: { recentAccess(limit: number): Promise<(AccessEvent & { readonly id: number })[]> },
  unprotected: () => boolean,
) {
  /**
   * People manage access, scripts do not: tokens and the password take a session, or the local
   * caller while HEAN is unprotected (a read on loopback is "local" too, once a password is set).
   */
  const isPerson = (p: Principal | null): boolean =>
    p !== null && (p.kind === "session" || (p.kind === "local" && unprotected()));
  return {
    /** For a request that brings its credentials (GET /auth/status). */
    async status(credentials: { session?: string; bearer?: string }, address: string | null): Promise<AccessStatus> {
      const who =
        credentials.session === undefined && credentials.bearer === undefined
          ? null
          : await auth.authenticate(credentials, address);
      return this.statusOf(who?.ok === true ? who.value : null);
    },

    /** For a caller the access gate already identified (tRPC). */
    statusOf(principal: Principal | null): AccessStatus {
      const known = principal !== null && principal.kind !== "local";
      return {
        configured: auth.isConfigured(),
        unprotected: unprotected(),
        authenticated: known,
        principal: known ? principal : unprotected() ? { kind: "local" } : null,
      };
    },

    async login(password: string, address: string): Promise<LoginAnswer> {
      const allowed = await limits.loginAllowed(address);
      if (!allowed.ok)
        return {
          ok: false,
          code: "RATE_LIMITED",
          message: `Too many failed logins from this address; try again in ${allowed.retryAfterSec} s`,
          retryAfterSec: allowed.retryAfterSec,
        };
      const result = await auth.login(password, address);
      if (result.ok) return { ok: true, session: result.value.session, expiresAt: result.value.expiresAt };
      if (result.code === "WRONG_PASSWORD") await limits.loginFailed(address);
      return {
        ok: false,
        code: result.code === "NOT_CONFIGURED" ? "NOT_CONFIGURED" : "WRONG_PASSWORD",
        message: result.message,
      };
    },

    logout: (session: string, address: string | null) => auth.logout(session, address),

    async setPassword(
      principal: Principal | null,
      request: { readonly password: string; readonly current?: string | undefined },
      context: { readonly session: string | null; readonly address: string | null },
    ): Promise<AccessAnswer<null>> {
      if (!isPerson(principal))
        return { ok: false, code: "FORBIDDEN", message: "Only the owner, logged in, may change the password" };
      const r = await auth.setPassword(request.password, request.current ?? null, {
        keepSession: context.session,
        address: context.address,
        actor: describePrincipal(principal as Principal),
      });
      return r.ok
        ? { ok: true, value: null }
        : { ok: false, code: r.code === "BAD_PASSWORD" ? "BAD_PASSWORD" : "WRONG_PASSWORD", message: r.message };
    },

    async tokens(principal: Principal | null): Promise<AccessAnswer<TokenRow[]>> {
      if (!isPerson(principal))
        return { ok: false, code: "FORBIDDEN", message: "Only the owner, logged in, may list tokens" };
      return { ok: true, value: (await auth.listTokens()).map(tokenRow) };
    },

    async createToken(
      principal: Principal | null,
      name: string,
      address: string | null,
    ): Promise<AccessAnswer<{ id: string; token: string }>> {
      if (!isPerson(principal))
        return { ok: false, code: "FORBIDDEN", message: "Only the owner, logged in, may create tokens" };
      return { ok: true, value: await auth.createToken(name, describePrincipal(principal as Principal), address) };
    },

    async revokeToken(principal: Principal | null, id: string, address: string | null): Promise<AccessAnswer<null>> {
      if (!isPerson(principal))
        return { ok: false, code: "FORBIDDEN", message: "Only the owner, logged in, may revoke tokens" };
      return (await auth.revokeToken(id, describePrincipal(principal as Principal), address))
        ? { ok: true, value: null }
        : { ok: false, code: "NOT_FOUND", message: `No active token ${id}` };
    },

    async events(principal: Principal | null, limit: number): Promise<AccessAnswer<AccessEventRow[]>> {
      if (!isPerson(principal))
        return { ok: false, code: "FORBIDDEN", message: "Only the owner, logged in, may read the access log" };
      return {
        ok: true,
        value: (await records.recentAccess(limit)).map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
      };
    },
  };
}

function tokenRow(t: StoredToken): TokenRow {
  return {
    id: t.id,
    name: t.name,
    created_at: new Date(t.createdAt).toISOString(),
    last_used_at: iso(t.lastUsedAt),
    revoked_at: iso(t.revokedAt),
  };
}

/** The access part of the gateway. */
export type AccessGateway = ReturnType<typeof accessCommands>;
