import { describe, expect, it } from "vitest";
import { TopicHub } from "../../../server/realtime/topic-hub";
import { topicStream } from "./topic-stream";

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
    hub.publish("system_status", { n: 0 });
    const ac = new AbortController();
    const stream = topicStream<{ n: number }>(hub, ["system_status"], ac.signal);
    const first = stream.next();
    hub.publish("system_status", { n: 1 });
    hub.publish("other", { n: 99 });
    hub.publish("system_status", { n: 2 });
    expect((await first).value).toEqual({ n: 0 });
    expect(await take(stream, 2)).toEqual([{ n: 1 }, { n: 2 }]);
    ac.abort();
  });

  it("filters with accept and unsubscribes when the client goes away", async () => {
    const hub = new TopicHub();
    const ac = new AbortController();
    const stream = topicStream<number>(hub, ["t"], ac.signal, (_, d) =>
      (d as number) % 2 === 0 ? (d as number) : undefined,
    );
    const pending = take(stream, 2);
    for (let i = 1; i <= 4; i++) hub.publish("t", i);
    expect(await pending).toEqual([2, 4]);
    expect(hub.hasListeners("t")).toBe(true);
    const done = stream.next();
    ac.abort();
    expect((await done).done).toBe(true);
    expect(hub.hasListeners("t")).toBe(false);
  });

  it("keeps at most 1000 items for a client that falls behind, dropping the oldest", async () => {
    const hub = new TopicHub();
    const ac = new AbortController();
    const stream = topicStream<number>(hub, ["t"], ac.signal);
    const first = stream.next();
    for (let i = 0; i < 5000; i++) hub.publish("t", i);
    const head = await first;
    const rest = await take(stream, 999);
    expect(head.value).toBe(4000);
    expect(rest[0]).toBe(4001);
    expect(rest.at(-1)).toBe(4999);
    ac.abort();
  });
});
