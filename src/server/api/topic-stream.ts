import type { GatewayTopics, TopicName, TopicPayloads } from "../../../server/gateway/contract";

const MAX_BUFFERED = 1000;

/**
 * Turns topic publications into an async iterator for a tRPC subscription, typed by the topic
 * catalog. Subscribes before the first yield so nothing published meanwhile is missed; can start
 * with each topic's latest payload so a (re)connecting client resyncs at once; drops the oldest
 * items if the client falls far behind.
 */
export function topicStream<K extends TopicName>(
  topics: GatewayTopics,
  names: readonly K[],
  signal: AbortSignal | undefined,
  /** State topics start with their latest payload (resync); event streams must not replay one. */
  replayLatest = true,
): AsyncGenerator<TopicPayloads[K], void> {
  return mappedTopicStream(topics, names, signal, (_, d) => d, replayLatest);
}

/** topicStream, keeping (and reshaping) only what `accept` returns. */
export async function* mappedTopicStream<K extends TopicName, T>(
  topics: GatewayTopics,
  names: readonly K[],
  signal: AbortSignal | undefined,
  accept: (topic: K, data: TopicPayloads[K]) => T | undefined,
  replayLatest = true,
): AsyncGenerator<T, void> {
  const queue: T[] = [];
  let wake: (() => void) | null = null;
  const push = (topic: K, data: TopicPayloads[K]) => {
    const item = accept(topic, data);
    if (item === undefined) return;
    queue.push(item);
    if (queue.length > MAX_BUFFERED) queue.shift();
    wake?.();
  };
  const unsubscribes = names.map((name) => topics.subscribe(name, push));
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  try {
    if (replayLatest)
      for (const name of names) {
        const latest = topics.latest(name);
        if (latest !== undefined) push(name, latest);
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
