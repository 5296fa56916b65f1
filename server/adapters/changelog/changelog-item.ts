// One entry of `GET /system/changelog/today`, in the seed's shape (HEAN_PRODUCTION_UPGRADE_REPORT.md §9):
// type, category, message and timestamp always; a commit also has commit_hash and author.
import { z } from "zod";
import { textProblem } from "../../boundary/storable-text";

export interface ChangelogItem {
  /** What happened: "git_commit", "feature", ... */
  readonly type: string;
  readonly commit_hash?: string;
  readonly author?: string;
  /** ISO 8601 in UTC, whole seconds when the instant has no fraction: "2026-01-22T13:00:00Z". */
  readonly timestamp: string;
  readonly message: string;
  /** Which area: "code_change" for commits, "ai_catalyst", ... */
  readonly category: string;
}

/** What a source of entries answers: its entries, or why it could not read them. */
export type SourceResult =
  | { readonly ok: true; readonly items: readonly ChangelogItem[] }
  | { readonly ok: false; readonly error: string };

export const MAX_MESSAGE_CHARS = 1000;
export const MAX_AUTHOR_CHARS = 200;

const storableText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((text) => textProblem(text) === null, {
      message: "must be valid Unicode without control characters",
    });

const label = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, { message: "must be 1 to 64 letters, digits, '_', '.' or '-'" });

/** The rule every entry meets, whichever source it comes from. */
export const changelogItemSchema = z.object({
  type: label,
  commit_hash: z
    .string()
    .regex(/^[0-9a-fA-F]{4,64}$/, { message: "must be 4 to 64 hex digits" })
    .optional(),
  author: storableText(MAX_AUTHOR_CHARS).optional(),
  timestamp: z.iso.datetime({ offset: true }),
  message: storableText(MAX_MESSAGE_CHARS),
  category: label,
});

/** An instant as the seed writes it: UTC, "Z", milliseconds only when there are some. */
export function toIsoTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
}

/** Text cut to at most `max` UTF-16 units without splitting a character, marked with "…" when cut. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut}…`;
}
