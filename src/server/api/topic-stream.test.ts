import { describe, expect, it } from "vitest";
import { TopicHub } from "../../../server/gateway/topic-hub";
import { mappedTopicStream } from "./topic-stream";

/** A ticker payload whose price numbers the items. */
const tick = (n: number) => ({ symbol: "T", price: n, bid: n, ask: n, timestamp: "2026-01-01T00:00:00.000Z" });

async function take<T>(it: AsyncGenerator<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) {
    const r = await it.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

describe("topicStream", () => {
  it("starts with the latest payload (resync), then yields what is published, in order", async () => {
    const hub = new TopicHub();
    hub.publish("ticker_t", tick(0));
    const ac = new AbortController();
    const stream = mappedTopicStream(hub, ["ticker_t"], ac.signal, (_, d) => d.price);
    const first = stream.next();
    hub.publish("ticker_t", tick(1));
    hub.publish("ticker_other", tick(99));
    hub.publish("ticker_t", tick(2));
    expect((await first).value).toBe(0);
    expect(await take(stream, 2)).toEqual([1, 2]);
    ac.abort();
  });

  it("filters with accept and unsubscribes when the client goes away", async () => {
    const hub = new TopicHub();
    const ac = new AbortController();
    const stream = mappedTopicStream(hub, ["ticker_t"], ac.signal, (_, d) => (d.price % 2 === 0 ? d.price : undefined));
    const pending = take(stream, 2);
    for (let i = 1; i <= 4; i++) hub.publish("ticker_t", tick(i));
    expect(await pending).toEqual([2, 4]);
    expect(hub.hasListeners("ticker_t")).toBe(true);
    const done = stream.next();
    ac.abort();
    expect((await done).done).toBe(true);
    expect(hub.hasListeners("ticker_t")).toBe(false);
  });

  it("keeps at most 1000 items for a client that falls behind, dropping the oldest", async () => {
    const hub = new TopicHub();
    const ac = new AbortController();
    const stream = mappedTopicStream(hub, ["ticker_t"], ac.signal, (_, d) => d.price);
    const first = stream.next();
    for (let i = 0; i < 5000; i++) hub.publish("ticker_t", tick(i));
    const head = await first;
    const rest = await take(stream, 999);
    expect(head.value).toBe(4000);
    expect(rest[0]).toBe(4001);
    expect(rest.at(-1)).toBe(4999);
    ac.abort();
  });
});
