import type { TopicHub } from "../../../server/realtime/topic-hub";

const MAX_BUFFERED = 1000;

/**
 * Turns topic publications into an async iterator for a tRPC subscription. Subscribes before the
 * first yield so nothing published meanwhile is missed; can start with each topic's latest payload
 * so a (re)connecting client resyncs at once; drops the oldest items if the client falls far behind.
 */
export async function* topicStream<T>(
  hub: TopicHub,
  topics: readonly string[],
  signal: AbortSignal | undefined,
  accept: (topic: string, data: unknown) => T | undefined = (_, d) => d as T,
  /** State topics start with their latest payload (resync); event streams must not replay one. */
  replayLatest = true,
): AsyncGenerator<T> {
  const queue: T[] = [];
  let wake: (() => void) | null = null;
  const push = (topic: string, data: unknown) => {
    const item = accept(topic, data);
    if (item === undefined) return;
    queue.push(item);
    if (queue.length > MAX_BUFFERED) queue.shift();
    wake?.();
  };
  const unsubscribes = topics.map((topic) => hub.subscribe(topic, push));
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  try {
    if (replayLatest)
      for (const topic of topics) {
        const latest = hub.latest(topic);
        if (latest !== undefined) push(topic, latest);
      }
    while (signal?.aborted !== true) {
      const item = queue.shift();
      if (item !== undefined) {
        yield item;
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
  } finally {
    for (const u of unsubscribes) u();
    signal?.removeEventListener("abort", onAbort);
  }
}
