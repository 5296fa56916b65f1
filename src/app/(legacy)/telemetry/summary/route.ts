import { jsonRoute } from "@/server/http/json-route";
import { telemetrySummary } from "@/server/services/telemetry";

export const dynamic = "force-dynamic";
export const GET = jsonRoute((rt) => ({ body: telemetrySummary(rt) }));
