import { jsonRoute } from "@/server/http/json-route";
import { portfolioSummary } from "@/server/services/portfolio";

export const dynamic = "force-dynamic";
export const GET = jsonRoute((rt) => ({ body: portfolioSummary(rt) }));
