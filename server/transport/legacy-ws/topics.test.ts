import { describe, expect, it } from "vitest";
import { EXTRA_TOPICS, SEED_TOPICS, tickerTopic } from "../../gateway/topic-catalog";
import { legacyTopicsFor } from "./topics";

describe("legacyTopicsFor", () => {
  it("holds the seed topics, HEAN's own, and one lower-case ticker topic per symbol, without duplicates", () => {
    const topics = legacyTopicsFor(["BTCUSDT", "ethusdt", "btcusdt"]);
    expect(topics.list()).toEqual([...SEED_TOPICS, ...EXTRA_TOPICS, "ticker_btcusdt", "ticker_ethusdt"]);
    expect(topics.size).toBe(SEED_TOPICS.length + EXTRA_TOPICS.length + 2);
    expect(SEED_TOPICS).toHaveLength(13);
  });

  it("resolves names case-insensitively to the canonical form", () => {
    const topics = legacyTopicsFor(["BTCUSDT"]);
    expect(topics.resolve("ticker_BTCUSDT")).toBe("ticker_btcusdt");
    expect(topics.resolve("Market_Ticks")).toBe("market_ticks");
    expect(topics.resolve("ticker_ethusdt")).toBeUndefined();
    expect(topics.resolve("ticker_")).toBeUndefined();
    expect(tickerTopic("SOLUSDT")).toBe("ticker_solusdt");
  });

  it("describes what is allowed", () => {
    expect(legacyTopicsFor(["BTCUSDT"]).describe()).toContain("ticker_{symbol} for symbols btcusdt");
    expect(legacyTopicsFor([]).describe()).toContain("no symbols configured");
  });

  it("rejects an empty symbol", () => {
    expect(() => legacyTopicsFor(["BTCUSDT", " "])).toThrow(RangeError);
  });
});
