import { describe, expect, it } from "vitest";
import { TopicHub } from "./topic-hub";

const nextTurn = () => new Promise((r) => setImmediate(r));

describe("TopicHub", () => {
  it("keeps the latest payload at once and delivers on the next turn, in order, to topic and wildcard listeners", async () => {
    const hub = new TopicHub();
    const got: string[] = [];
    hub.subscribe("a", (t, d) => got.push(`a:${t}=${d}`));
    hub.subscribe("*", (t, d) => got.push(`*:${t}=${d}`));
    hub.publish("a", 1);
    hub.publish("b", 2);
    hub.publish("a", 3);
    expect(hub.latest("a")).toBe(3);
    expect(got).toEqual([]);
    await nextTurn();
    expect(got).toEqual(["a:a=1", "*:a=1", "*:b=2", "a:a=3", "*:a=3"]);
  });

  it("does not deliver to a listener that left before the delivery, nor queue a topic nobody hears", async () => {
    const hub = new TopicHub();
    const got: unknown[] = [];
    const off = hub.subscribe("a", (_, d) => got.push(d));
    hub.publish("a", 1);
    off();
    hub.publish("quiet", 2);
    await nextTurn();
    expect(got).toEqual([]);
    expect(hub.latest("quiet")).toBe(2);
  });
});
