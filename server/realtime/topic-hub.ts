/**
 * In-process topic fan-out: the one place live data is published to, and where every transport
 * (legacy /ws, tRPC subscriptions) listens. A Redis-backed hub can replace it for several processes.
 */
export type TopicListener = (topic: string, data: unknown) => void;

export class TopicHub {
  private readonly listeners = new Map<string, Set<TopicListener>>();
  private readonly wildcard = new Set<TopicListener>();
  private readonly last = new Map<string, unknown>();
  private queue: [topic: string, data: unknown][] = [];
  private flushScheduled = false;

  /**
   * Records the topic's latest payload now and delivers it to listeners on the next turn of the
   * event loop, in publication order. The engine publishes from its hot path: encoding and sending
   * to every client must not delay the tick (and the decision) being handled.
   */
  publish(topic: string, data: unknown): void {
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

  /** Subscribes to one topic, or to every topic with "*". Returns the unsubscribe function. */
  subscribe(topic: string, listener: TopicListener): () => void {
    if (topic === "*") {
      this.wildcard.add(listener);
      return () => this.wildcard.delete(listener);
    }
    let set = this.listeners.get(topic);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(topic, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  /** The last payload published on a topic, so a new subscriber can start from current state. */
  latest(topic: string): unknown {
    return this.last.get(topic);
  }

  hasListeners(topic: string): boolean {
    return this.wildcard.size > 0 || (this.listeners.get(topic)?.size ?? 0) > 0;
  }
}
