import { unwrap } from "@/server/engine-gateway";
import { jsonRoute } from "@/server/http/json-route";
import { tickerInput } from "@/server/schemas/market";

export const dynamic = "force-dynamic";
export const GET = jsonRoute((gateway, { query }) => ({
  body: unwrap(gateway.ticker(tickerInput.parse(query).symbol)),
}));
