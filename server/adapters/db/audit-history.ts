import type { PrismaClient } from "../../../src/generated/prisma/client";
import type { AuditRecord } from "../../engine/model/records";

/** The newest operator actions first. */
export async function readAudit(prisma: PrismaClient, limit: number): Promise<AuditRecord[]> {
  const rows = await prisma.auditEntry.findMany({ orderBy: [{ at: "desc" }, { id: "desc" }], take: limit });
  return rows.map((r) => ({
    at: r.at.getTime(),
    action: r.action,
    actor: r.actor,
    via: r.via,
    address: r.address,
    outcome: r.outcome === "ok" || r.outcome === "refused" ? r.outcome : "error",
    detail: r.detail,
    before: (r.before as object | null) ?? null,
    after: (r.after as object | null) ?? null,
  }));
}
