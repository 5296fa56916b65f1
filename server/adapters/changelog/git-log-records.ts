// Reading `git log -z --format=%h%x00%ct%x00%an%x00%s%x00`: four fields per commit, each ended by NUL,
// and -z ends each commit with one more NUL. Git refuses NUL in names and messages, so no field can
// hold a separator, whatever a commit message contains (newlines, \x1e, \x1f, any Unicode).
import { toStorableText } from "../../boundary/storable-text";
import {
  type ChangelogItem,
  MAX_AUTHOR_CHARS,
  MAX_MESSAGE_CHARS,
  toIsoTimestamp,
  truncateText,
} from "./changelog-item";

/** The format to give git for the output that parseGitLog reads. */
export const GIT_LOG_FORMAT = "--format=%h%x00%ct%x00%an%x00%s%x00";

export interface GitCommitRecord {
  readonly hash: string;
  /** Committer date: when the change entered the history, epoch seconds. */
  readonly committedAtSec: number;
  readonly author: string;
  readonly subject: string;
}

const FIELDS_PER_COMMIT = 5;
const HASH = /^[0-9a-f]{4,64}$/;
const SECONDS = /^\d{1,12}$/;

/** The commits in git's output, in its order; it stops at the first record that is not well formed. */
export function parseGitLog(stdout: string): GitCommitRecord[] {
  const fields = stdout.split("\u0000");
  const records: GitCommitRecord[] = [];
  for (let i = 0; i + FIELDS_PER_COMMIT <= fields.length; i += FIELDS_PER_COMMIT) {
    const [hash = "", seconds = "", author = "", subject = "", end = ""] = fields.slice(i, i + FIELDS_PER_COMMIT);
    if (!HASH.test(hash) || !SECONDS.test(seconds) || end !== "") break;
    records.push({ hash, committedAtSec: Number(seconds), author, subject });
  }
  return records;
}

/** A commit as the seed shows it. */
export function commitToItem(record: GitCommitRecord): ChangelogItem {
  const author = truncateText(toStorableText(record.author).trim(), MAX_AUTHOR_CHARS);
  const message = truncateText(toStorableText(record.subject).trim(), MAX_MESSAGE_CHARS);
  return {
    type: "git_commit",
    commit_hash: record.hash,
    author: author === "" ? "unknown" : author,
    timestamp: toIsoTimestamp(record.committedAtSec * 1000),
    message: message === "" ? "(no message)" : message,
    category: "code_change",
  };
}
