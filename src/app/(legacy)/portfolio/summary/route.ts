import { unwrap } from "@/server/engine-gateway";
import { jsonRoute } from "@/server/http/json-route";

export const dynamic = "force-dynamic";
export const GET = jsonRoute((gateway) => ({ body: unwrap(gateway.portfolio()) }));
