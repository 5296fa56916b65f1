import type { IncomingMessage, ServerResponse } from "node:http";
import { type AuthService, describePrincipal, type Principal } from "../../auth/auth-service";
import type { RateLimits } from "../../auth/rate-limits";
import { isApiPath } from "./api-routes";
import { sendJsonError } from "./json-answer";
import { isLoopbackHost, type OriginPolicy } from "./origin-policy";
import { bearerToken, cookieValue, type RequestFacts, requestFacts } from "./request-facts";

export const SESSION_COOKIE = "hean_session";
/** Set by the gate for Next's route handlers (any such header a client sends is dropped first). */
export const PRINCIPAL_HEADER = "x-hean-principal";
export const CLIENT_HEADER = "x-hean-client";
export const SECURE_HEADER = "x-hean-secure";

/** How much a path asks of its caller. */
export type Access = "public" | "read" | "control";

export function accessFor(method: string, pathname: string): Access {
  // A preflight carries no credentials; what it asks for is checked when it comes.
  if (method === "OPTIONS" || pathname === "/health" || pathname.startsWith("/auth/")) return "public";
  if (!isApiPath(pathname)) return "public"; // pages and assets hold no data; their data comes from the API
  if (pathname.startsWith("/api/trpc")) return method === "POST" ? "control" : "read";
  return method === "GET" || method === "HEAD" ? "read" : "control";
}

export interface AccessGateOptions {
  readonly listenHost: string;
  /** AUTH_READS. */
  readonly reads: "auto" | "required" | "open";
  readonly trustProxy: boolean;
  readonly maxBodyBytes: number;
  readonly restMaxBodyBytes: number;
  readonly origins: OriginPolicy;
  readonly auth: AuthService;
  readonly limits: RateLimits;
}

export type GateDecision =
  | { readonly ok: true; readonly principal: Principal | null; readonly address: string }
  | { readonly ok: false };

/** A WebSocket upgrade: refused outright, accepted then closed with 1008, or accepted. */
export type UpgradeDecision =
  | { readonly kind: "refuse"; readonly status: number; readonly error: string; readonly message: string }
  | { readonly kind: "close"; readonly reason: string }
  | { readonly kind: "accept"; readonly principal: Principal; readonly address: string };

const REFUSAL_LOG_MS = 60_000;

/**
 * Who may do what, decided before Next or a WebSocket server sees a request: the Host must name
 * this server, a browser must come from its own origin (or CORS_ORIGINS), a body must be JSON and
 * not too large, controls need a login or a token (always once a password is set, and whenever HEAN
 * listens beyond loopback), reads as AUTH_READS says, and controls are rate-limited per client.
 */
export class AccessGate {
  private readonly loopbackOnly: boolean;
  private readonly refusalsLogged = new Map<string, number>();

  constructor(private readonly o: AccessGateOptions) {
    this.loopbackOnly = isLoopbackHost(o.listenHost);
  }

  /** Whether a caller without credentials may control the engine (loopback, no password set yet). */
  unprotected(): boolean {
    return this.loopbackOnly && !this.o.auth.isConfigured();
  }

  private needsCredentials(access: Access): boolean {
    if (access === "public") return false;
    if (access === "control") return !this.unprotected();
    return this.o.reads === "required" || (this.o.reads === "auto" && !this.loopbackOnly);
  }

  /** Answers the request itself (refusal) and returns ok false, or lets it through with who it is. */
  async check(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<GateDecision> {
    for (const h of [PRINCIPAL_HEADER, CLIENT_HEADER, SECURE_HEADER]) delete req.headers[h];
    const facts = requestFacts(req, pathname, this.o.trustProxy);
    const refuse = (status: number, error: string, message: string, headers: Record<string, string> = {}) => {
      this.logRefusal(facts, status, error);
      sendJsonError(res, status, error, message, headers);
      return { ok: false } as const;
    };
    const { origins } = this.o;
    if (!origins.hostAllowed(facts))
      return refuse(
        403,
        "HOST_NOT_ALLOWED",
        `This server does not answer to ${JSON.stringify(facts.host)}; add it to ALLOWED_HOSTS`,
      );
    const api = isApiPath(pathname);
    if (api && !origins.sameOriginOrNoBrowser(facts))
      return refuse(
        403,
        "ORIGIN_NOT_ALLOWED",
        "Requests from another site are refused (CORS_ORIGINS lists the allowed ones)",
      );
    const granted = origins.corsGranted(facts);
    if (granted !== null) {
      res.setHeader("access-control-allow-origin", granted);
      res.setHeader("access-control-allow-credentials", "true");
      res.setHeader("vary", "Origin");
    }
    if (api && facts.hasBody && !/^application\/json\s*(;|$)/i.test(facts.contentType ?? ""))
      return refuse(415, "UNSUPPORTED_MEDIA_TYPE", "Send the body as JSON (Content-Type: application/json)");
    const limit =
      pathname.startsWith("/api/trpc") || pathname.startsWith("/auth/") ? this.o.maxBodyBytes : this.o.restMaxBodyBytes;
    if (api && facts.contentLength !== null && facts.contentLength > limit)
      return refuse(413, "PAYLOAD_TOO_LARGE", `Request body is larger than ${limit} bytes`);

    const access = accessFor(facts.method, pathname);
    let principal: Principal | null = null;
    if (access !== "public") {
      const who = await this.identify(facts);
      if (who === "none") {
        if (this.needsCredentials(access))
          return refuse(401, "UNAUTHORIZED", "Log in, or send Authorization: Bearer <token> (see the README, Access)", {
            "www-authenticate": 'Bearer realm="hean"',
          });
        principal = { kind: "local" };
      } else if (!who.ok)
        return refuse(401, "UNAUTHORIZED", who.message, { "www-authenticate": 'Bearer realm="hean"' });
      else principal = who.value;
    }
    if (access === "control" && principal !== null) {
      const allowed = await this.o.limits.control(rateKey(principal, facts.address));
      if (!allowed.ok)
        return refuse(429, "RATE_LIMITED", `Too many controls; try again in ${allowed.retryAfterSec} s`, {
          "retry-after": String(allowed.retryAfterSec),
        });
    }
    req.headers[CLIENT_HEADER] = facts.address;
    req.headers[SECURE_HEADER] = facts.secure ? "1" : "0";
    if (principal !== null) req.headers[PRINCIPAL_HEADER] = JSON.stringify(principal);
    return { ok: true, principal, address: facts.address };
  }

  /** The same rules for a WebSocket upgrade (/api/trpc can control the engine; /ws only reads). */
  async checkUpgrade(req: IncomingMessage, pathname: string): Promise<UpgradeDecision> {
    const facts = requestFacts(req, pathname, this.o.trustProxy);
    const { origins } = this.o;
    if (!origins.hostAllowed(facts)) {
      this.logRefusal(facts, 403, "HOST_NOT_ALLOWED");
      return { kind: "refuse", status: 403, error: "HOST_NOT_ALLOWED", message: "unknown host" };
    }
    if (!origins.sameOriginOrNoBrowser(facts)) {
      this.logRefusal(facts, 403, "ORIGIN_NOT_ALLOWED");
      return {
        kind: "refuse",
        status: 403,
        error: "ORIGIN_NOT_ALLOWED",
        message: "another site's page may not connect",
      };
    }
    const access: Access = pathname === "/ws" ? "read" : "control";
    const who = await this.identify(facts);
    if (who === "none") {
      if (!this.needsCredentials(access))
        return { kind: "accept", principal: { kind: "local" }, address: facts.address };
      this.logRefusal(facts, 1008, "UNAUTHORIZED");
      return { kind: "close", reason: "unauthorized: log in or send a bearer token" };
    }
    if (!who.ok) {
      this.logRefusal(facts, 1008, "UNAUTHORIZED");
      return { kind: "close", reason: `unauthorized: ${who.message}`.slice(0, 120) };
    }
    return { kind: "accept", principal: who.value, address: facts.address };
  }

  /** A control over an accepted WebSocket counts against the same per-client limit. */
  controlAllowed(principal: Principal, address: string) {
    return this.o.limits.control(rateKey(principal, address));
  }

  private async identify(facts: RequestFacts) {
    const bearer = bearerToken(facts.authorization);
    const session = cookieValue(facts.cookie, SESSION_COOKIE);
    if (bearer === undefined && session === undefined) return "none" as const;
    return this.o.auth.authenticate({ bearer, session }, facts.address);
  }

  /** Refusals are audited, at most once a minute per address and kind (an attacker must not flood the table). */
  private logRefusal(facts: RequestFacts, status: number, error: string): void {
    const key = `${facts.address}|${error}`;
    const now = Date.now();
    if ((this.refusalsLogged.get(key) ?? 0) + REFUSAL_LOG_MS > now) return;
    this.refusalsLogged.set(key, now);
    if (this.refusalsLogged.size > 10_000) this.refusalsLogged.clear();
    void this.o.auth.audit(
      "refused",
      null,
      facts.address,
      `${status} ${error} ${facts.method} ${facts.pathname.slice(0, 100)}`,
    );
  }
}

function rateKey(principal: Principal, address: string): string {
  return principal.kind === "local" ? `addr:${address}` : describePrincipal(principal);
}
