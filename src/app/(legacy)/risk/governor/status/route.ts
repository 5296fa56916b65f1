import { jsonRoute } from "@/server/http/json-route";
import { riskGovernorStatus } from "@/server/services/risk-governor";

export const dynamic = "force-dynamic";

/** GET /risk/governor/status */
export const GET = jsonRoute((rt) => ({ body: riskGovernorStatus(rt) }));
