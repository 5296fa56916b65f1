import type { PrismaClient } from "../../../src/generated/prisma/client";
import {
  type ChangelogItem,
  MAX_AUTHOR_CHARS,
  MAX_MESSAGE_CHARS,
  toIsoTimestamp,
  truncateText,
} from "../changelog/changelog-item";
import type { ChangelogEventSource } from "../changelog/merge-changelog";

/** At most this many of each kind per day: a changelog, not an event log. */
const PER_KIND = 300;

/**
 * The day's changelog from the database: HEAN's own entries (configuration changes at start,
 * adaptations, promotions and rollbacks), the engine controls that took effect, and the risk
 * governor's state changes.
 */
export function databaseChangelog(prisma: PrismaClient): ChangelogEventSource {
  return {
    async eventsBetween(startMs, endMs) {
      const at = { gte: new Date(startMs), lt: new Date(endMs) };
      const [entries, controls, risk] = await Promise.all([
        prisma.changelogEntry.findMany({ where: { at }, orderBy: { at: "desc" }, take: PER_KIND }),
        prisma.engineTransition.findMany({ where: { at, ok: true }, orderBy: { at: "desc" }, take: PER_KIND }),
        prisma.riskEvent.findMany({ where: { at }, orderBy: { at: "desc" }, take: PER_KIND }),
      ]);
      const items: ChangelogItem[] = [];
      for (const e of entries)
        items.push(item(e.type, e.category, e.message, e.at, e.author === null ? undefined : e.author));
      for (const t of controls)
        items.push(
          item(
            "engine_control",
            "engine",
            `${t.command}: ${t.fromState} → ${t.toState}${t.reason ? ` (${t.reason})` : ""}`,
            t.at,
            t.actor,
          ),
        );
      for (const r of risk)
        items.push(
          item(
            "risk_state",
            "risk",
            `Risk governor ${r.fromState} → ${r.toState}${r.reasonCodes.length > 0 ? `: ${r.reasonCodes.join(", ")}` : ""}${r.reason ? ` (${r.reason})` : ""}`,
            r.at,
            r.actor,
          ),
        );
      return items;
    },
  };
}

function item(type: string, category: string, message: string, at: Date, author?: string): ChangelogItem {
  return {
    type,
    category,
    message: truncateText(message, MAX_MESSAGE_CHARS),
    timestamp: toIsoTimestamp(at.getTime()),
    ...(author === undefined || author === "" ? {} : { author: truncateText(author, MAX_AUTHOR_CHARS) }),
  };
}
