import { unwrap } from "@/server/engine-gateway";
import { clearStatus } from "@/server/http/answer-status";
import { jsonRoute } from "@/server/http/json-route";
import { clearBody } from "@/server/schemas/risk";

export const dynamic = "force-dynamic";

/** POST /risk/governor/clear {"confirm": true} */
export const POST = jsonRoute(async (gateway, { body, caller }) => {
  const answer = unwrap(
    await gateway.clearRisk(clearBody.parse(body), caller.actor("api"), { via: "rest", address: caller.address }),
  );
  return { body: answer, status: clearStatus(answer) };
});
