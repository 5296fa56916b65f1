import type { TopicName, TopicPayloads } from "./topic-catalog";

/**
 * In-process topic fan-out, typed by the topic catalog: the one place live data is published to,
 * and where every transport (legacy /ws, tRPC subscriptions) listens. A Redis-backed hub can
 * replace it for several processes.
 */
export type TopicListener<K extends TopicName> = (topic: K, data: TopicPayloads[K]) => void;
type AnyListener = (topic: TopicName, data: unknown) => void;

export class TopicHub {
  private readonly listeners = new Map<string, Set<AnyListener>>();
  private readonly wildcard = new Set<AnyListener>();
  private readonly last = new Map<string, unknown>();
  private queue: [topic: TopicName, data: unknown][] = [];
  private flushScheduled = false;

  /**
   * Records the topic's latest payload now and delivers it to listeners on the next turn of the
   * event loop, in publication order. The engine publishes from its hot path: encoding and sending
   * to every client must not delay the tick (and the decision) being handled.
   */
  publish<K extends TopicName>(topic: K, data: TopicPayloads[K]): void {
    this.last.set(topic, data);
    if (!this.hasListeners(topic)) return;
    this.queue.push([topic, data]);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    for (const [topic, data] of batch) {
      const set = this.listeners.get(topic);
      if (set !== undefined) for (const l of set) l(topic, data);
      for (const l of this.wildcard) l(topic, data);
    }
  }

  /** Subscribes to one topic. Returns the unsubscribe function. */
  subscribe<K extends TopicName>(topic: K, listener: TopicListener<K>): () => void {
    let set = this.listeners.get(topic);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(topic, set);
    }
    const any = listener as AnyListener;
    set.add(any);
    return () => set.delete(any);
  }

  /** Subscribes to every topic (a transport that forwards them all). */
  subscribeAll(listener: (topic: TopicName, data: unknown) => void): () => void {
    this.wildcard.add(listener);
    return () => this.wildcard.delete(listener);
  }

  /** The last payload published on a topic, so a new subscriber can start from current state. */
  latest<K extends TopicName>(topic: K): TopicPayloads[K] | undefined {
    return this.last.get(topic) as TopicPayloads[K] | undefined;
  }

  hasListeners(topic: TopicName): boolean {
    return this.wildcard.size > 0 || (this.listeners.get(topic)?.size ?? 0) > 0;
  }
}
