import { jsonRoute, type RouteAnswer } from "@/server/http/json-route";
import { sessionCookie } from "@/server/http/session-cookie";
import { loginBody } from "@/server/schemas/access";

export const dynamic = "force-dynamic";

const STATUS = { WRONG_PASSWORD: 401, NOT_CONFIGURED: 409, RATE_LIMITED: 429 } as const;

/** POST /auth/login {"password": "..."}: a session cookie, or why not (401, 409, 429 with Retry-After). */
export const POST = jsonRoute(async (gateway, { body, caller }): Promise<RouteAnswer> => {
  const answer = await gateway.access.login(loginBody.parse(body).password, caller.address ?? "unknown");
  if (!answer.ok)
    return {
      body: { error: answer.code, message: answer.message },
      status: STATUS[answer.code],
      headers: answer.retryAfterSec === undefined ? undefined : { "retry-after": String(answer.retryAfterSec) },
    };
  return {
    body: { ok: true, expires_at: new Date(answer.expiresAt).toISOString() },
    headers: { "set-cookie": sessionCookie(answer.session, answer.expiresAt, caller.secure) },
  };
});
