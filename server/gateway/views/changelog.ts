import {
  eventChangelogSource,
  fileChangelogSource,
  gitChangelogSource,
} from "../../adapters/changelog/changelog-sources";
import { dayWindow } from "../../adapters/changelog/day-window";
import { type ChangelogResponse, gatherChangelog } from "../../adapters/changelog/merge-changelog";
import { databaseChangelog } from "../../adapters/db/changelog-events";
import type { HeanRuntime } from "../../runtime";
import { Refusal } from "../refusal";

export interface ChangelogQuery {
  /** YYYY-MM-DD; today when absent. */
  readonly date?: string | undefined;
  /** An IANA time zone; CHANGELOG_TIMEZONE when absent. */
  readonly tz?: string | undefined;
}

/**
 * GET /system/changelog/today in the seed's shape: the day's commits of the deployed code (when it
 * runs from a git checkout), changelog_today.json's entries, and HEAN's own events of the day. A
 * source that cannot be read leaves the others; none at all is an empty list.
 */
export async function changelogToday(rt: HeanRuntime, query: ChangelogQuery): Promise<ChangelogResponse> {
  const day = dayWindow({
    date: query.date,
    timeZone: query.tz ?? rt.settings.CHANGELOG_TIMEZONE,
    nowMs: rt.engine.clock.now(),
  });
  if (!day.ok) throw new Refusal("BAD_REQUEST", day.error);
  const report = await gatherChangelog(day, [
    gitChangelogSource(process.cwd()),
    fileChangelogSource(rt.settings.CHANGELOG_FILE),
    eventChangelogSource(databaseChangelog(rt.database.prisma)),
  ]);
  for (const f of report.failures) console.warn(`changelog: the ${f.source} source could not be read: ${f.error}`);
  return report.response;
}
