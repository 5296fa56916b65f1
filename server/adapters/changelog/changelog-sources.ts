// The three sources of `GET /system/changelog/today`, each under the name its failures are reported by.
import { readChangelogFile } from "./changelog-file";
import { type GitHistoryOptions, readGitCommits } from "./git-history";
import type { ChangelogEventSource, ChangelogSource } from "./merge-changelog";

/** The commits of the repository that holds `dir`. */
export function gitChangelogSource(dir: string, options?: GitHistoryOptions): ChangelogSource {
  return { name: "git", read: (startMs, endMs) => readGitCommits(dir, startMs, endMs, options) };
}

/** The entries of a hand-written changelog_today.json (gatherChangelog keeps those of the day). */
export function fileChangelogSource(path: string, maxBytes?: number): ChangelogSource {
  return { name: "file", read: () => readChangelogFile(path, maxBytes) };
}

/** The entries HEAN recorded, through its port. */
export function eventChangelogSource(events: ChangelogEventSource): ChangelogSource {
  return {
    name: "events",
    read: async (startMs, endMs) => ({ ok: true, items: await events.eventsBetween(startMs, endMs) }),
  };
}
