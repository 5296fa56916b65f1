import { describe, expect, it } from "vitest";
import { bybitEndpoints } from "./endpoints";

describe("bybitEndpoints", () => {
  it("chooses the network's addresses", () => {
    expect(bybitEndpoints({ network: "mainnet" })).toEqual({
      rest: "https://api.bybit.com",
      wsPublic: "wss://stream.bybit.com/v5/public/linear",
      wsPrivate: "wss://stream.bybit.com/v5/private",
    });
    expect(bybitEndpoints({ network: "testnet" }).rest).toBe("https://api-testnet.bybit.com");
  });

  it("each setting overrides its address alone", () => {
    const e = bybitEndpoints({ network: "testnet", rest: "http://127.0.0.1:9000/", wsPublic: "ws://127.0.0.1:9000/p" });
    expect(e).toEqual({
      rest: "http://127.0.0.1:9000",
      wsPublic: "ws://127.0.0.1:9000/p",
      wsPrivate: "wss://stream-testnet.bybit.com/v5/private",
    });
  });
});
