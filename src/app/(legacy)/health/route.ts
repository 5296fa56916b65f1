import { jsonRoute } from "@/server/http/json-route";
import { health } from "@/server/services/health";

export const dynamic = "force-dynamic";
export const GET = jsonRoute(async (rt) => ({ body: await health(rt) }));
