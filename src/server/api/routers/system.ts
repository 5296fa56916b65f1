import { z } from "zod";
import { unwrap } from "../../engine-gateway";
import { changelogInput } from "../../schemas/system";
import { topicStream } from "../topic-stream";
import { publicProcedure, router } from "../trpc";

export const systemRouter = router({
  health: publicProcedure.query(({ ctx }) => ctx.gateway.health()),
  status: publicProcedure.query(({ ctx }) => ctx.gateway.status()),
  ping: publicProcedure.query(({ ctx }) => ctx.gateway.ping()),
  telemetry: publicProcedure.query(({ ctx }) => ctx.gateway.telemetry()),
  /** The day's changelog (GET /system/changelog/today): today, or ?date=YYYY-MM-DD, in CHANGELOG_TIMEZONE or tz. */
  changelog: publicProcedure
    .input(changelogInput.optional())
    .query(async ({ ctx, input }) => unwrap(await ctx.gateway.changelog(input ?? {}))),
  onStatus: publicProcedure.subscription(async function* ({ ctx, signal }) {
    yield ctx.gateway.status();
    yield* topicStream(ctx.gateway.topics, ["system_status"], signal);
  }),
  /** GET /system/agents: the eight agents, bound to the components that do the work. */
  agents: publicProcedure.query(({ ctx }) => ctx.gateway.agents()),
  /** The Critic reviews the closed trades now. */
  review: publicProcedure.mutation(({ ctx }) => ctx.gateway.reviewTrades()),
  /** The adaptable live settings, their limits and values, and the gate's recent verdicts. */
  adaptations: publicProcedure.query(({ ctx }) => ctx.gateway.adaptations()),
  /** Asks the gate to change a live setting: accepted, clipped to its limits, or refused, with why. */
  adapt: publicProcedure
    .input(
      z.object({
        key: z.string().trim().min(1).max(64),
        value: z.number().finite(),
        reason: z.string().trim().min(1).max(500),
      }),
    )
    .mutation(async ({ ctx, input }) => unwrap(await ctx.gateway.adapt(input, ctx.actor, ctx.origin))),
  revertAdaptation: publicProcedure
    .input(z.object({ id: z.string().trim().min(1).max(64) }))
    .mutation(async ({ ctx, input }) => unwrap(await ctx.gateway.revertAdaptation(input.id, ctx.actor, ctx.origin))),
  /** The operator audit trail (controls, clears, manual closes and cancels, acknowledgements), newest first. */
  audit: publicProcedure
    .input(z.object({ limit: z.number().int().min(1).max(1000).default(200) }).optional())
    .query(({ ctx, input }) => ctx.gateway.audit(input?.limit ?? 200)),
  /** The ai_catalyst topic: AGENT_STATUS and AGENT_STEP as the components work. */
  onAgents: publicProcedure.subscription(({ ctx, signal }) => topicStream(ctx.gateway.topics, ["ai_catalyst"], signal)),
  onHeartbeat: publicProcedure.subscription(({ ctx, signal }) =>
    topicStream(ctx.gateway.topics, ["system_heartbeat"], signal),
  ),
});
