import { jsonRoute } from "@/server/http/json-route";

export const dynamic = "force-dynamic";
export const GET = jsonRoute((gateway) => ({ body: gateway.agents() }));
