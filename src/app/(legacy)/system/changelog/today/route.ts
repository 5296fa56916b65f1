import { unwrap } from "@/server/engine-gateway";
import { jsonRoute } from "@/server/http/json-route";
import { changelogInput } from "@/server/schemas/system";

export const dynamic = "force-dynamic";
export const GET = jsonRoute(async (gateway, { query }) => ({
  body: unwrap(await gateway.changelog(changelogInput.parse(query))),
}));
