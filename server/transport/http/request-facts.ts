import type { IncomingMessage } from "node:http";

/** What the HTTP layer needs to know of a request, whoever is in front (a proxy when TRUST_PROXY=true). */
export interface RequestFacts {
  readonly method: string;
  readonly pathname: string;
  /** The Host header, lower case, with its port. */
  readonly host: string;
  readonly origin: string | null;
  readonly fetchSite: string | null;
  readonly contentType: string | null;
  readonly contentLength: number | null;
  readonly hasBody: boolean;
  readonly address: string;
  readonly secure: boolean;
  readonly cookie: string | null;
  readonly authorization: string | null;
}

const header = (req: IncomingMessage, name: string): string | null => {
  const v = req.headers[name];
  return typeof v === "string" ? v : Array.isArray(v) ? (v[0] ?? null) : null;
};

export function requestFacts(req: IncomingMessage, pathname: string, trustProxy: boolean): RequestFacts {
  const length = header(req, "content-length");
  const forwardedFor = trustProxy ? header(req, "x-forwarded-for")?.split(",")[0]?.trim() : undefined;
  const forwardedProto = trustProxy ? header(req, "x-forwarded-proto")?.split(",")[0]?.trim() : undefined;
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  return {
    method: req.method ?? "GET",
    pathname,
    host: (header(req, "host") ?? "").toLowerCase(),
    origin: header(req, "origin"),
    fetchSite: header(req, "sec-fetch-site"),
    contentType: header(req, "content-type"),
    contentLength: length === null ? null : Number(length),
    hasBody: (length !== null && Number(length) > 0) || header(req, "transfer-encoding") !== null,
    address: forwardedFor || req.socket.remoteAddress || "unknown",
    secure: forwardedProto === undefined ? encrypted : forwardedProto === "https",
    cookie: header(req, "cookie"),
    authorization: header(req, "authorization"),
  };
}

/** A cookie's value from a Cookie header, or undefined. */
export function cookieValue(cookie: string | null, name: string): string | undefined {
  if (cookie === null) return undefined;
  for (const part of cookie.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined; // a malformed cookie is no cookie (never a 500)
      }
    }
  }
  return undefined;
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(authorization: string | null): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return m?.[1];
}
