import { jsonRoute } from "@/server/http/json-route";
import { candlesInput } from "@/server/schemas/market";
import { getCandles } from "@/server/services/market";

export const dynamic = "force-dynamic";
export const GET = jsonRoute((rt, { query }) => ({ body: getCandles(rt, candlesInput.parse(query)) }));
