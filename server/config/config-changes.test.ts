import { describe, expect, it } from "vitest";
import { configChanges, configSnapshot } from "./config-changes";
import { parseSettings } from "./load-settings";

describe("configuration changes between starts", () => {
  it("names each changed setting with its values before and after; nothing for the same settings", () => {
    const a = configSnapshot(parseSettings({ LEVERAGE: "5", SYMBOLS: "BTCUSDT,ETHUSDT" }));
    const b = configSnapshot(parseSettings({ LEVERAGE: "3", SYMBOLS: "BTCUSDT" }));
    expect(configChanges(a, a)).toBeNull();
    expect(configChanges(a, b)).toBe(
      "Configuration changed at start: LEVERAGE 5 → 3; SYMBOLS BTCUSDT,ETHUSDT → BTCUSDT",
    );
  });

  it("never shows a secret's value, only whether it is set", () => {
    const a = configSnapshot(parseSettings({}));
    const b = configSnapshot(
      parseSettings({ BYBIT_API_KEY: "abcdefgh12345678", REDIS_URL: "redis://:pw@127.0.0.1:6379" }),
    );
    const change = configChanges(a, b) ?? "";
    expect(change).toContain("BYBIT_API_KEY (unset) → (set)");
    expect(change).not.toContain("abcdefgh");
    expect(change).not.toContain("pw@");
    expect(b.PORT).toBeUndefined();
  });

  it("a first start, or a damaged saved snapshot, reports no change", () => {
    const now = configSnapshot(parseSettings({}));
    expect(configChanges(undefined, now)).toBeNull();
    expect(configChanges("nonsense", now)).toBeNull();
    expect(configChanges({ LEVERAGE: 5 }, { LEVERAGE: "5" })).toBe(
      "Configuration changed at start: LEVERAGE (none) → 5",
    );
  });
});
