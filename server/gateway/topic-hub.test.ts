import { describe, expect, it } from "vitest";
import { TopicHub } from "./topic-hub";

const nextTurn = () => new Promise((r) => setImmediate(r));
const tick = (price: number) => ({ symbol: "A", price, bid: price, ask: price, timestamp: "2026-01-01T00:00:00.000Z" });

describe("TopicHub", () => {
  it("keeps the latest payload at once and delivers on the next turn, in order, to topic and wildcard listeners", async () => {
    const hub = new TopicHub();
    const got: string[] = [];
    hub.subscribe("ticker_a", (t, d) => got.push(`a:${t}=${d.price}`));
    hub.subscribeAll((t, d) => got.push(`*:${t}=${(d as { price: number }).price}`));
    hub.publish("ticker_a", tick(1));
    hub.publish("ticker_b", tick(2));
    hub.publish("ticker_a", tick(3));
    expect(hub.latest("ticker_a")?.price).toBe(3);
    expect(got).toEqual([]);
    await nextTurn();
    expect(got).toEqual(["a:ticker_a=1", "*:ticker_a=1", "*:ticker_b=2", "a:ticker_a=3", "*:ticker_a=3"]);
  });

  it("does not deliver to a listener that left before the delivery, nor queue a topic nobody hears", async () => {
    const hub = new TopicHub();
    const got: unknown[] = [];
    const off = hub.subscribe("ticker_a", (_, d) => got.push(d));
    hub.publish("ticker_a", tick(1));
    off();
    hub.publish("ticker_quiet", tick(2));
    await nextTurn();
    expect(got).toEqual([]);
    expect(hub.latest("ticker_quiet")?.price).toBe(2);
  });
});
