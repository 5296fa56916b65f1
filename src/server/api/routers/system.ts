import { health } from "../../services/health";
import { type SystemHeartbeat, type SystemStatus, systemStatus } from "../../services/system-status";
import { telemetryPing, telemetrySummary } from "../../services/telemetry";
import { topicStream } from "../topic-stream";
import { publicProcedure, router } from "../trpc";

export const systemRouter = router({
  health: publicProcedure.query(({ ctx }) => health(ctx.runtime)),
  status: publicProcedure.query(({ ctx }) => systemStatus(ctx.runtime)),
  ping: publicProcedure.query(({ ctx }) => telemetryPing(ctx.runtime)),
  telemetry: publicProcedure.query(({ ctx }) => telemetrySummary(ctx.runtime)),
  onStatus: publicProcedure.subscription(async function* ({ ctx, signal }) {
    yield systemStatus(ctx.runtime);
    yield* topicStream<SystemStatus>(ctx.runtime.topics, ["system_status"], signal);
  }),
  onHeartbeat: publicProcedure.subscription(({ ctx, signal }) =>
    topicStream<SystemHeartbeat>(ctx.runtime.topics, ["system_heartbeat"], signal),
  ),
});
