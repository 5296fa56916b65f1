import { jsonRoute } from "@/server/http/json-route";
import { clearedSessionCookie } from "@/server/http/session-cookie";

export const dynamic = "force-dynamic";

/** POST /auth/logout: ends this session (its cookie is cleared either way). */
export const POST = jsonRoute(async (gateway, { caller }) => {
  if (caller.session !== null) await gateway.access.logout(caller.session, caller.address);
  return { body: { ok: true }, headers: { "set-cookie": clearedSessionCookie(caller.secure) } };
});
