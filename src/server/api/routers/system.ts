import { topicStream } from "../topic-stream";
import { publicProcedure, router } from "../trpc";

export const systemRouter = router({
  health: publicProcedure.query(({ ctx }) => ctx.gateway.health()),
  status: publicProcedure.query(({ ctx }) => ctx.gateway.status()),
  ping: publicProcedure.query(({ ctx }) => ctx.gateway.ping()),
  telemetry: publicProcedure.query(({ ctx }) => ctx.gateway.telemetry()),
  onStatus: publicProcedure.subscription(async function* ({ ctx, signal }) {
    yield ctx.gateway.status();
    yield* topicStream(ctx.gateway.topics, ["system_status"], signal);
  }),
  onHeartbeat: publicProcedure.subscription(({ ctx, signal }) =>
    topicStream(ctx.gateway.topics, ["system_heartbeat"], signal),
  ),
});
