import { describe, expect, it } from "vitest";
import { SubscriptionIndex } from "./subscription-index";

describe("SubscriptionIndex", () => {
  it("tracks subscriptions in both directions", () => {
    const index = new SubscriptionIndex<string>();
    expect(index.add("metrics", "a")).toBe(true);
    expect(index.add("metrics", "a")).toBe(false);
    index.add("metrics", "b");
    index.add("signals", "a");
    expect(index.countFor("metrics")).toBe(2);
    expect(index.topicCountOf("a")).toBe(2);
    expect(index.has("signals", "a")).toBe(true);
    expect(index.total()).toBe(3);

    expect(index.remove("signals", "b")).toBe(false);
    expect(index.remove("signals", "a")).toBe(true);
    expect(index.subscribersOf("signals")).toBeUndefined();

    index.removeAll("a");
    expect([...(index.subscribersOf("metrics") ?? [])]).toEqual(["b"]);
    expect(index.topicCountOf("a")).toBe(0);
    expect(index.total()).toBe(1);
  });
});
