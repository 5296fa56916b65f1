import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSettings, SettingsError } from "./load-settings";
import { activeSymbols, DEFAULT_SYMBOLS, settingsSchema, tradingMode } from "./settings-schema";

describe("settings", () => {
  it("has safe defaults: paper mode, 10 symbols, profit capture off, risk governor on", () => {
    const s = parseSettings({});
    expect(s.PORT).toBe(3000);
    expect(tradingMode(s)).toBe("paper");
    expect(s.SYMBOLS).toEqual([...DEFAULT_SYMBOLS]);
    expect(s.PROFIT_CAPTURE_ENABLED).toBe(false);
    expect(s.RISK_GOVERNOR_ENABLED).toBe(true);
    expect(s.AI_FACTORY_ENABLED).toBe(false);
    expect(s.MARKET_FEED).toBe("synthetic");
  });

  it("names each bad variable and what is allowed", () => {
    try {
      parseSettings({ PORT: "http", PAPER_MODE: "maybe", PROFIT_CAPTURE_MODE: "half", CANARY_PERCENT: "250" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SettingsError);
      const msg = (e as Error).message;
      expect(msg).toContain('PORT="http": must be a number');
      expect(msg).toContain('PAPER_MODE="maybe": must be true or false');
      expect(msg).toContain('PROFIT_CAPTURE_MODE="half": must be one of: full, partial');
      expect(msg).toContain('CANARY_PERCENT="250": must be at most 100');
    }
  });

  it("parses symbols case-insensitively, de-duplicated, and honours MULTI_SYMBOL_ENABLED", () => {
    const s = parseSettings({ SYMBOLS: " btcusdt, ETHUSDT,btcusdt ", MULTI_SYMBOL_ENABLED: "false" });
    expect(s.SYMBOLS).toEqual(["BTCUSDT", "ETHUSDT"]);
    expect(activeSymbols(s)).toEqual(["BTCUSDT"]);
    expect(() => parseSettings({ SYMBOLS: "BTC/USDT" })).toThrow(/SYMBOLS/);
  });

  it("derives the trading mode from PAPER_MODE and BYBIT_TESTNET", () => {
    const keys = {
      BYBIT_API_KEY: "kR8f2mQ7vLx3",
      BYBIT_API_SECRET: "s9Tz4pW1nB6yHq2c",
      LIVE_TRADING_CONFIRM: "I_ACCEPT_REAL_MONEY_RISK",
      MARKET_FEED: "bybit",
    };
    expect(tradingMode(parseSettings({ PAPER_MODE: "false", ...keys }))).toBe("testnet");
    expect(tradingMode(parseSettings({ PAPER_MODE: "0", BYBIT_TESTNET: "no", ...keys }))).toBe("live");
    expect(() => parseSettings({ PAPER_MODE: "false" })).toThrow(/BYBIT_API_KEY/);
    expect(() => parseSettings({ PAPER_MODE: "false", ...keys, MARKET_FEED: "synthetic" })).toThrow(
      /MARKET_FEED=synthetic cannot trade on Bybit; set MARKET_FEED=bybit/,
    );
  });

  it("takes Bybit's base addresses as http(s) and ws(s) URLs, and MARKET_FEED=bybit", () => {
    const s = parseSettings({
      MARKET_FEED: "bybit",
      BYBIT_REST_URL: "http://127.0.0.1:9000",
      BYBIT_WS_PUBLIC_URL: "ws://127.0.0.1:9000/v5/public/linear",
    });
    expect(s).toMatchObject({ MARKET_FEED: "bybit", BYBIT_REST_URL: "http://127.0.0.1:9000" });
    expect(s.BYBIT_WS_PRIVATE_URL).toBeUndefined();
    expect(() => parseSettings({ BYBIT_REST_URL: "ws://x" })).toThrow(/BYBIT_REST_URL.*http:\/\/ or https:\/\//);
    expect(() => parseSettings({ BYBIT_WS_PRIVATE_URL: "not a url" })).toThrow(/BYBIT_WS_PRIVATE_URL/);
  });

  it("requires a file for the replay feed and a postgresql URL for DATABASE_URL", () => {
    expect(() => parseSettings({ MARKET_FEED: "replay" })).toThrow(/REPLAY_FILE/);
    expect(() => parseSettings({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
    expect(parseSettings({ DATABASE_URL: "postgresql://127.0.0.1/x" }).DATABASE_URL).toBe("postgresql://127.0.0.1/x");
  });

  it("refuses live trading without the confirmation, or with an empty or example key", () => {
    const problems = (env: Record<string, string>) => {
      try {
        parseSettings({ PAPER_MODE: "false", ...env });
        return "";
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(problems({ BYBIT_API_KEY: "kR8f2mQ7vLx3", BYBIT_API_SECRET: "s9Tz4pW1nB6yHq2c" })).toMatch(
      /LIVE_TRADING_CONFIRM=I_ACCEPT_REAL_MONEY_RISK/,
    );
    for (const secret of ["changeme", "your-api-secret", "xxxxxxxx", "abc"])
      expect(
        problems({
          BYBIT_API_KEY: "kR8f2mQ7vLx3",
          BYBIT_API_SECRET: secret,
          LIVE_TRADING_CONFIRM: "I_ACCEPT_REAL_MONEY_RISK",
        }),
      ).toMatch(/BYBIT_API_SECRET is empty or an example value/);
    expect(problems({ BYBIT_API_SECRET: "changeme" })).not.toContain("changeme");
  });

  it("never shows a secret or a URL password in its messages", () => {
    const problems = () => {
      try {
        parseSettings({ DATABASE_URL: "mysql://hean:hunter2@db/hean", BYBIT_API_KEY: "k\u0007ey" });
      } catch (e) {
        return (e as Error).message;
      }
      return "";
    };
    expect(problems()).toContain("BYBIT_API_KEY: contains the control character U+0007");
    expect(() => parseSettings({ DATABASE_URL: "mysql://hean:hunter2@db/hean" })).toThrow(
      'DATABASE_URL="mysql://hean:***@db/hean": must be a postgresql:// URL',
    );
    expect(problems()).not.toContain("hunter2");
  });

  it("refuses a setting with characters no setting may hold, naming it", () => {
    expect(() => parseSettings({ SYMBOLS: "BTCUSDT\u0000" })).toThrow(/SYMBOLS: contains a NUL character/);
  });

  it(".env.example documents every setting, and nothing else", () => {
    const documented = readFileSync(".env.example", "utf8")
      .split("\n")
      .map((l) => /^#?\s*([A-Z][A-Z0-9_]+)=/.exec(l)?.[1])
      .filter((n): n is string => n !== undefined);
    expect(new Set(documented)).toEqual(new Set(Object.keys(settingsSchema.shape)));
  });
});
