import { jsonRoute } from "@/server/http/json-route";
import { tickerInput } from "@/server/schemas/market";
import { getTicker } from "@/server/services/market";

export const dynamic = "force-dynamic";
export const GET = jsonRoute((rt, { query }) => ({ body: getTicker(rt, tickerInput.parse(query)) }));
