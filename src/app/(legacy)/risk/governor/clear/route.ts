import { jsonRoute } from "@/server/http/json-route";
import { clearBody } from "@/server/schemas/risk";
import { clearRiskGovernor } from "@/server/services/risk-governor";

export const dynamic = "force-dynamic";

/** POST /risk/governor/clear {"confirm": true} */
export const POST = jsonRoute(async (rt, { body }) => {
  const { answer, code } = await clearRiskGovernor(rt, clearBody.parse(body), "api");
  return { body: answer, status: code };
});
