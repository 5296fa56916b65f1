import { jsonRoute, optionalJsonBody } from "@/server/http/json-route";
import { clearBody } from "@/server/schemas/risk";
import { clearRiskGovernor } from "@/server/services/risk-governor";

export const dynamic = "force-dynamic";

/** POST /risk/governor/clear {"confirm": true} */
export const POST = jsonRoute(async (rt, req) => {
  const body = clearBody.parse(await optionalJsonBody(req));
  const { answer, code } = await clearRiskGovernor(rt, body, "api");
  return { body: answer, status: code };
});
