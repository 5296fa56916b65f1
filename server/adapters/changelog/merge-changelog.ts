// The answer of `GET /system/changelog/today` (seed §9) from every source of entries: git, the
// hand-written file, and the events HEAN recorded. A source that fails or hangs is named in
// `failures`, and the answer is built from the others.
import { type ChangelogItem, changelogItemSchema, type SourceResult, toIsoTimestamp } from "./changelog-item";

/** The port for entries HEAN recorded itself (the database's changelog_entries), implemented elsewhere. */
export interface ChangelogEventSource {
  eventsBetween(startMs: number, endMs: number): Promise<ChangelogItem[]>;
}

/** One source of entries, by name ("git", "file", "events"). */
export interface ChangelogSource {
  readonly name: string;
  read(startMs: number, endMs: number): Promise<SourceResult>;
}

/** Exactly the seed's answer. */
export interface ChangelogResponse {
  readonly status: "ok";
  readonly date: string;
  readonly items_count: number;
  readonly items: readonly ChangelogItem[];
}

export interface ChangelogReport {
  readonly response: ChangelogResponse;
  /** Sources that could not be read, for the log or a health note; not part of the seed's answer. */
  readonly failures: readonly { readonly source: string; readonly error: string }[];
  /** Entries left out because they broke the item rule. */
  readonly invalidItems: number;
  /** Whether more entries than maxItems were found (the oldest were left out). */
  readonly truncated: boolean;
}

export interface GatherOptions {
  /** Most entries answered, the newest; default 500. */
  readonly maxItems?: number;
  /** How long one source may take before it counts as failed; default 10 s. */
  readonly sourceTimeoutMs?: number;
}

export interface ChangelogDay {
  readonly date: string;
  readonly startMs: number;
  readonly endMs: number;
}

interface Timed {
  readonly item: ChangelogItem;
  readonly ms: number;
  readonly key: string;
}

/**
 * Every source's entries with a timestamp in [startMs, endMs): checked, deduplicated (a commit once,
 * by its hash; the first source listed wins), newest first, at most maxItems.
 */
export async function gatherChangelog(
  day: ChangelogDay,
  sources: readonly ChangelogSource[],
  options: GatherOptions = {},
): Promise<ChangelogReport> {
  const maxItems = options.maxItems ?? 500;
  const results = await Promise.all(
    sources.map((source) => readWithin(source, day, options.sourceTimeoutMs ?? 10_000)),
  );
  const failures: { source: string; error: string }[] = [];
  const seen = new Map<string, Timed>();
  let invalidItems = 0;
  results.forEach((result, i) => {
    const source = sources[i]?.name ?? `source ${i}`;
    if (!result.ok) {
      failures.push({ source, error: result.error });
      return;
    }
    for (const raw of result.items) {
      const timed = checked(raw);
      if (timed === null) invalidItems++;
      else if (timed.ms >= day.startMs && timed.ms < day.endMs && !seen.has(timed.key)) seen.set(timed.key, timed);
    }
  });
  const sorted = [...seen.values()].sort((a, b) => b.ms - a.ms || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const items = sorted.slice(0, Math.max(0, maxItems)).map((timed) => timed.item);
  return {
    response: { status: "ok", date: day.date, items_count: items.length, items },
    failures,
    invalidItems,
    truncated: sorted.length > items.length,
  };
}

async function readWithin(source: ChangelogSource, day: ChangelogDay, timeoutMs: number): Promise<SourceResult> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<SourceResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: `no answer within ${timeoutMs} ms` }), timeoutMs);
    timer.unref?.();
  });
  try {
    return await Promise.race([source.read(day.startMs, day.endMs), timeout]);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** The entry in the seed's field order with its timestamp in UTC, or null when it breaks the rule. */
function checked(raw: unknown): Timed | null {
  const parsed = changelogItemSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { type, commit_hash, author, timestamp, message, category } = parsed.data;
  const ms = Date.parse(timestamp);
  if (!Number.isFinite(ms)) return null;
  const item: ChangelogItem = {
    type,
    ...(commit_hash === undefined ? {} : { commit_hash }),
    ...(author === undefined ? {} : { author }),
    timestamp: toIsoTimestamp(ms),
    message,
    category,
  };
  const key =
    commit_hash === undefined
      ? JSON.stringify([type, category, message, ms])
      : `commit:${commit_hash.slice(0, 7).toLowerCase()}`;
  return { item, ms, key };
}
