import { jsonRoute } from "@/server/http/json-route";
import { tradingWhy } from "@/server/services/trading-why";

export const dynamic = "force-dynamic";
export const GET = jsonRoute((rt) => ({ body: tradingWhy(rt) }));
