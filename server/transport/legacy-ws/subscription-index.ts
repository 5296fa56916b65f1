/** Which subscribers want which topic, kept in both directions so a disconnect is O(its subscriptions). */
export class SubscriptionIndex<S> {
  private readonly byTopic = new Map<string, Set<S>>();
  private readonly bySubscriber = new Map<S, Set<string>>();

  /** Returns false when `subscriber` already had `topic`. */
  add(topic: string, subscriber: S): boolean {
    let topics = this.bySubscriber.get(subscriber);
    if (topics?.has(topic)) return false;
    if (topics === undefined) {
      topics = new Set();
      this.bySubscriber.set(subscriber, topics);
    }
    topics.add(topic);
    let subscribers = this.byTopic.get(topic);
    if (subscribers === undefined) {
      subscribers = new Set();
      this.byTopic.set(topic, subscribers);
    }
    subscribers.add(subscriber);
    return true;
  }

  /** Returns false when `subscriber` did not have `topic`. */
  remove(topic: string, subscriber: S): boolean {
    const topics = this.bySubscriber.get(subscriber);
    if (topics === undefined || !topics.delete(topic)) return false;
    if (topics.size === 0) this.bySubscriber.delete(subscriber);
    this.deleteFromTopic(topic, subscriber);
    return true;
  }

  removeAll(subscriber: S): void {
    const topics = this.bySubscriber.get(subscriber);
    if (topics === undefined) return;
    this.bySubscriber.delete(subscriber);
    for (const topic of topics) this.deleteFromTopic(topic, subscriber);
  }

  has(topic: string, subscriber: S): boolean {
    return this.bySubscriber.get(subscriber)?.has(topic) ?? false;
  }

  subscribersOf(topic: string): ReadonlySet<S> | undefined {
    return this.byTopic.get(topic);
  }

  countFor(topic: string): number {
    return this.byTopic.get(topic)?.size ?? 0;
  }

  topicCountOf(subscriber: S): number {
    return this.bySubscriber.get(subscriber)?.size ?? 0;
  }

  /** Total (subscriber, topic) pairs. */
  total(): number {
    let n = 0;
    for (const topics of this.bySubscriber.values()) n += topics.size;
    return n;
  }

  private deleteFromTopic(topic: string, subscriber: S): void {
    const subscribers = this.byTopic.get(topic);
    if (subscribers === undefined) return;
    subscribers.delete(subscriber);
    if (subscribers.size === 0) this.byTopic.delete(topic);
  }
}
