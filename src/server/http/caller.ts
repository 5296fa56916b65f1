import { describePrincipal, type Principal } from "../../../server/gateway/contract";

/** Headers the access gate sets in front of Next (it drops any a client sends). */
const PRINCIPAL_HEADER = "x-hean-principal";
const CLIENT_HEADER = "x-hean-client";
const SESSION_COOKIE = "hean_session";
/** The dashboard's own calls say so, for the audit's "through which interface" (a label, not a credential). */
export const UI_HEADER = "x-hean-ui";

/** Who sent a request, as the access gate established it. */
export interface Caller {
  readonly principal: Principal | null;
  readonly address: string | null;
  readonly session: string | null;
  /** Whether the client reached HEAN over TLS (its own, or a trusted proxy's): cookies are Secure then. */
  readonly secure: boolean;
  /** For the audit: "api:token:ci(1a2b3c4d)", "trpc:session:9f8e7d6c", "api:local". */
  actor(transport: "api" | "trpc"): string;
}

export function callerOf(req: Request): Caller {
  const raw = req.headers.get(PRINCIPAL_HEADER);
  let principal: Principal | null = null;
  if (raw !== null)
    try {
      principal = JSON.parse(raw) as Principal;
    } catch {
      principal = null;
    }
  const session = /(?:^|;\s*)hean_session=([^;]+)/.exec(req.headers.get("cookie") ?? "")?.[1];
  return {
    principal,
    address: req.headers.get(CLIENT_HEADER),
    session: session === undefined ? null : decodedOrNull(session),
    secure: req.headers.get("x-hean-secure") === "1",
    actor: (transport) => `${transport}:${principal === null ? "anonymous" : describePrincipal(principal)}`,
  };
}

/** A malformed cookie is no session (never a 500). */
function decodedOrNull(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

export { SESSION_COOKIE };
