import { toStorableText } from "@server/boundary/storable-text";
import { AppError } from "@/server/errors";
import { controlStatus } from "@/server/http/answer-status";
import { jsonRoute } from "@/server/http/json-route";
import { controlBody, engineCommand } from "@/server/schemas/engine";

export const dynamic = "force-dynamic";

/** POST /engine/{start,stop,pause,resume,kill,restart} */
export async function POST(req: Request, ctx: { params: Promise<{ command: string }> }) {
  const { command } = await ctx.params;
  return jsonRoute(async (gateway, { body, caller }) => {
    const parsed = engineCommand.safeParse(command);
    if (!parsed.success)
      throw new AppError(
        "NOT_FOUND",
        `Unknown engine command ${JSON.stringify(toStorableText(command.slice(0, 40)))}; allowed: start, stop, pause, resume, kill, restart`,
      );
    const answer = await gateway.control(parsed.data, caller.actor("api"), controlBody.parse(body).reason, {
      via: "rest",
      address: caller.address,
    });
    return { body: answer, status: controlStatus(answer) };
  })(req);
}
