import { jsonRoute } from "@/server/http/json-route";
import { telemetryPing } from "@/server/services/telemetry";

export const dynamic = "force-dynamic";
export const GET = jsonRoute((rt) => ({ body: telemetryPing(rt) }));
