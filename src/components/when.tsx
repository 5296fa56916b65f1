"use client";

import { formatAgo, formatClock } from "@/lib/format";
import { useNow } from "@/lib/use-now";

/** A time as traders read it: the local clock time (with the date when not today) and how long ago. */
export function When({ iso, testId }: { iso: string | null; testId?: string }) {
  const now = useNow();
  if (iso === null) return <span className="text-gray-500">—</span>;
  const full = new Date(iso);
  return (
    <time
      dateTime={iso}
      data-testid={testId}
      title={Number.isNaN(full.getTime()) ? iso : full.toString()}
      className="whitespace-nowrap"
    >
      {formatClock(iso, now)} <span className="text-gray-500">· {formatAgo(iso, now)}</span>
    </time>
  );
}
