import type { PrismaClient } from "../../generated/prisma/client";
import type { DecisionsInput } from "../schemas/decisions";

/** One page of recorded decisions, newest first, with the total that matches the filters. */
export async function decisionHistory(prisma: PrismaClient, input: DecisionsInput) {
  const where = {
    ...(input.symbol === undefined ? {} : { symbol: input.symbol }),
    ...(input.decision === undefined ? {} : { decision: input.decision }),
    ...(input.reasonCode === undefined ? {} : { reasonCodes: { has: input.reasonCode } }),
    ...(input.strategy === undefined ? {} : { strategyId: input.strategy }),
  };
  const [total, rows] = await prisma.$transaction([
    prisma.decision.count({ where }),
    prisma.decision.findMany({
      where,
      orderBy: [{ at: "desc" }, { seq: "desc" }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      omit: { seq: true, marketMetrics: true },
    }),
  ]);
  return {
    total,
    page: input.page,
    page_size: input.pageSize,
    pages: Math.max(1, Math.ceil(total / input.pageSize)),
    decisions: rows.map((d) => ({
      id: d.id,
      at: d.at.toISOString(),
      symbol: d.symbol,
      strategy_id: d.strategyId,
      decision: d.decision,
      reason_codes: d.reasonCodes,
      gating_flags: d.gatingFlags as Record<string, boolean>,
      market_regime: d.marketRegime,
      side: d.side,
      score: d.score,
      confidence: d.confidence,
      order_id: d.orderId,
    })),
  };
}
