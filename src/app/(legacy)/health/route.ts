import { jsonRoute } from "@/server/http/json-route";

export const dynamic = "force-dynamic";
export const GET = jsonRoute(async (gateway) => ({ body: await gateway.health() }));
