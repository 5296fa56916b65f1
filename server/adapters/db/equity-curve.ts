import type { PrismaClient } from "../../../src/generated/prisma/client";

/** The latest `limit` equity snapshots, oldest first (the dashboard's equity curve). */
export async function equityCurve(prisma: PrismaClient, limit: number) {
  const rows = await prisma.equitySnapshot.findMany({
    orderBy: { id: "desc" },
    take: limit,
    select: { at: true, equity: true, balance: true },
  });
  return rows.reverse().map((r) => ({ at: r.at.toISOString(), equity: r.equity, balance: r.balance }));
}
