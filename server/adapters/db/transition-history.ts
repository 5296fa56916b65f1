import type { PrismaClient } from "../../../src/generated/prisma/client";

/** The control history, newest first. */
export async function recentEngineTransitions(prisma: PrismaClient, limit: number) {
  const rows = await prisma.engineTransition.findMany({ orderBy: { id: "desc" }, take: limit });
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}
