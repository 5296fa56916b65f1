import { jsonRoute } from "@/server/http/json-route";

export const dynamic = "force-dynamic";

/** GET /auth/status: whether a password is set, whether this caller is logged in, whether HEAN is unprotected. */
export const GET = jsonRoute(async (gateway, { caller }, req) => {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "")?.[1];
  const status = await gateway.access.status(
    { ...(caller.session === null ? {} : { session: caller.session }), ...(bearer === undefined ? {} : { bearer }) },
    caller.address,
  );
  return { body: status };
});
