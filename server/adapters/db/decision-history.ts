import type { PrismaClient } from "../../../src/generated/prisma/client";
import type { ReasonCode } from "../../engine/model/reason-codes";
import type { DecisionKind, DecisionRecord } from "../../engine/model/records";
import { decisionFromRow } from "./trading-records";

/** Which recorded decisions to read: all filters optional, pages from 1. */
export interface DecisionFilter {
  readonly symbol?: string | undefined;
  readonly decision?: DecisionKind | undefined;
  readonly reasonCode?: ReasonCode | undefined;
  readonly strategy?: string | undefined;
  readonly page: number;
  readonly pageSize: number;
}

export interface DecisionPage {
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly pages: number;
  /** Newest first. */
  readonly decisions: readonly DecisionRecord[];
}

/** One page of recorded decisions, newest first, with the total that matches the filters. */
export async function decisionHistory(prisma: PrismaClient, filter: DecisionFilter): Promise<DecisionPage> {
  const where = {
    ...(filter.symbol === undefined ? {} : { symbol: filter.symbol }),
    ...(filter.decision === undefined ? {} : { decision: filter.decision }),
    ...(filter.reasonCode === undefined ? {} : { reasonCodes: { has: filter.reasonCode } }),
    ...(filter.strategy === undefined ? {} : { strategyId: filter.strategy }),
  };
  const [total, rows] = await prisma.$transaction([
    prisma.decision.count({ where }),
    prisma.decision.findMany({
      where,
      orderBy: [{ at: "desc" }, { seq: "desc" }],
      skip: (filter.page - 1) * filter.pageSize,
      take: filter.pageSize,
      omit: { seq: true },
    }),
  ]);
  return {
    total,
    page: filter.page,
    pageSize: filter.pageSize,
    pages: Math.max(1, Math.ceil(total / filter.pageSize)),
    decisions: rows.map(decisionFromRow),
  };
}

/**
 * Decisions written after the one with this id, oldest first (at most `limit`): what a live
 * subscription missed while its client was away. Empty when the id is unknown.
 */
export async function decisionsAfter(
  prisma: PrismaClient,
  decisionId: string,
  limit: number,
): Promise<DecisionRecord[]> {
  const from = await prisma.decision.findUnique({ where: { id: decisionId }, select: { seq: true } });
  if (from === null) return [];
  const rows = await prisma.decision.findMany({
    where: { seq: { gt: from.seq } },
    orderBy: { seq: "asc" },
    take: limit,
    omit: { seq: true },
  });
  return rows.map(decisionFromRow);
}
