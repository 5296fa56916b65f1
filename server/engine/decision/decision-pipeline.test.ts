import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REASON_CODE_LIST } from "../model/reason-codes";
import type { Position } from "../model/trading";
import type { Signal } from "../strategy/strategy";
import { VENUE_OK } from "../trading/venue-view";
import { type DecisionInput, type DecisionSettings, decide, NO_RISK } from "./decision-pipeline";

const S: DecisionSettings = {
  riskPerTradePct: 1,
  defaultStopPct: 1,
  cooldownMs: 60_000,
  maxOpenPositions: 2,
  minConfidence: 0.5,
  minOrderNotional: 5,
  maxMarginUsePct: 90,
  leverage: 5,
  staleAfterSec: 30,
};

const signal = (over: Partial<Signal> = {}): Signal => ({
  symbol: "BTCUSDT",
  strategyId: "impulse_engine",
  ts: 1_000_000,
  side: "BUY",
  intent: "entry",
  score: 0.8,
  confidence: 0.9,
  reason: "test",
  stopLoss: 99,
  ...over,
});

const long: Position = {
  symbol: "BTCUSDT",
  side: "LONG",
  qty: 2,
  entryPrice: 100,
  realizedPnl: 0,
  stopLoss: null,
  takeProfit: null,
  openedAt: 0,
  updatedAt: 0,
};

const input = (over: Partial<DecisionInput> = {}): DecisionInput => ({
  id: "d1",
  signal: signal(),
  now: 1_000_000,
  engineState: "RUNNING",
  risk: NO_RISK,
  profitLocked: false,
  regime: "TREND",
  metrics: {
    symbol: "BTCUSDT",
    lastPrice: 100,
    priceChange1mPct: 1.2,
    spreadPct: 0.01,
    volume1m: 1e6,
    lastTickAgeSec: 0.2,
    coverageSec: 60,
  },
  symbolEnabled: true,
  position: undefined,
  hasOpenOrder: false,
  openPositions: 0,
  lastEntryAt: undefined,
  equity: 10_000,
  marginFree: 10_000,
  price: 100,
  venue: VENUE_OK,
  ...over,
});

describe("decide", () => {
  it("CREATEs a market order sized so that the stop risks riskPerTradePct of equity", () => {
    const { record, order } = decide(input(), S);
    expect(record).toMatchObject({ decision: "CREATE", reasonCodes: [], orderId: "hean-d1", marketRegime: "TREND" });
    expect(Object.values(record.gatingFlags).every(Boolean)).toBe(true);
    expect(record.marketMetrics).toMatchObject({ spread_pct: 0.01, vol_1m: 1e6, last_tick_age_sec: 0.2 });
    // 1% of 10,000 = 100 at risk over a 1.0 stop distance → 100 units.
    expect(order).toMatchObject({ side: "BUY", type: "MARKET", qty: 100, reduceOnly: false, stopLoss: 99 });
  });

  it("scales the risk by the allocation rule's share of the symbol", () => {
    expect(decide(input({ allocation: 1.5 }), S).order).toMatchObject({ qty: 150 });
    expect(decide(input({ allocation: 0.5 }), S).order).toMatchObject({ qty: 50 });
  });

  it.each([
    [{ engineState: "PAUSED" as const }, ["ENGINE_PAUSED"], "engine_running_ok"],
    [{ engineState: "STOPPED" as const }, ["ENGINE_STOPPED"], "engine_running_ok"],
    [{ risk: { ...NO_RISK, killswitch: true } }, ["KILLSWITCH_ACTIVE"], "risk_ok"],
    [{ risk: { ...NO_RISK, hardStop: true } }, ["RISK_HARD_STOP"], "risk_ok"],
    [{ risk: { ...NO_RISK, quarantined: new Set(["BTCUSDT"]) } }, ["RISK_QUARANTINE"], "risk_ok"],
    [{ risk: { ...NO_RISK, dailyLossHit: true } }, ["DAILY_LOSS_LIMIT"], "risk_ok"],
    [{ profitLocked: true }, ["PROFIT_LOCK"], "profit_lock_ok"],
    [{ regime: "STALE_DATA" as const }, ["DATA_STALE"], "data_fresh_ok"],
    [{ metrics: undefined }, ["DATA_STALE"], "data_fresh_ok"],
    [{ regime: "LOW_LIQ" as const }, ["LOW_LIQUIDITY"], "liquidity_ok"],
    [{ symbolEnabled: false }, ["SYMBOL_DISABLED"], "symbol_enabled_ok"],
    [
      { venue: { ...VENUE_OK, blockedAll: "EXCHANGE_NOT_RECONCILED" as const } },
      ["EXCHANGE_NOT_RECONCILED"],
      "exchange_ok",
    ],
    [{ venue: { ...VENUE_OK, blockedAll: "EXCHANGE_UNREACHABLE" as const } }, ["EXCHANGE_UNREACHABLE"], "exchange_ok"],
    [{ venue: { ...VENUE_OK, unexplained: new Set(["BTCUSDT"]) } }, ["VENUE_UNEXPLAINED"], "exchange_ok"],
  ])("BLOCKs with a specific reason and gate: %o", (over, codes, gate) => {
    const { record, order } = decide(input(over), S);
    expect(record.decision).toBe("BLOCK");
    expect(record.reasonCodes).toEqual(codes);
    expect(record.gatingFlags[gate]).toBe(false);
    expect(order).toBeNull();
  });

  it.each([
    [{ hasOpenOrder: true }, "ORDER_PENDING"],
    [{ position: long }, "POSITION_EXISTS"],
    [{ openPositions: 2 }, "MAX_POSITIONS"],
    [{ lastEntryAt: 1_000_000 - 30_000 }, "COOLDOWN"],
    [{ signal: signal({ confidence: 0.3 }) }, "LOW_CONFIDENCE"],
    [{ marginFree: 0.5 }, "INSUFFICIENT_MARGIN"],
    [{ equity: 1 }, "SIZE_TOO_SMALL"],
  ])("SKIPs with a reason: %o → %s", (over, code) => {
    const { record, order } = decide(input(over), S);
    expect(record.decision).toBe("SKIP");
    expect(record.reasonCodes).toContain(code);
    expect(order).toBeNull();
  });

  it("lets exits through a pause and risk blocks, as reduce-only orders for the whole position", () => {
    const exit = signal({ side: "SELL", intent: "exit" });
    const { record, order } = decide(
      input({
        signal: exit,
        position: long,
        engineState: "PAUSED",
        risk: { ...NO_RISK, hardStop: true },
        regime: "LOW_LIQ",
        venue: { blockedAll: "EXCHANGE_UNREACHABLE", unexplained: new Set(["BTCUSDT"]) },
      }),
      S,
    );
    expect(record.decision).toBe("CREATE");
    expect(order).toMatchObject({ side: "SELL", qty: 2, reduceOnly: true });
    expect(decide(input({ signal: exit }), S).record.reasonCodes).toEqual(["NO_POSITION"]);
    expect(decide(input({ signal: exit, position: long, engineState: "STOPPED" }), S).record.decision).toBe("BLOCK");
  });

  it("halves size and doubles cooldown under a soft brake, and says so", () => {
    const braked = { ...NO_RISK, softBrake: true, sizeMultiplier: 0.5 };
    const { record, order } = decide(input({ risk: braked }), S);
    expect(record.reasonCodes).toEqual(["RISK_SOFT_BRAKE"]);
    expect(order?.qty).toBe(50);
    expect(decide(input({ risk: braked, lastEntryAt: 1_000_000 - 90_000 }), S).record.reasonCodes).toContain(
      "COOLDOWN",
    );
  });

  it("flips an opposite position in one order, and ignores a stop on the wrong side", () => {
    const { order } = decide(input({ signal: signal({ side: "SELL", stopLoss: 95 }), position: long }), S);
    // Wrong-side stop → default 1% stop at 101 → 100 units, plus the 2 held.
    expect(order).toMatchObject({ side: "SELL", qty: 102, stopLoss: 101 });
  });

  it("never CREATEs while a gate is shut, and always explains a non-CREATE (property)", () => {
    fc.assert(
      fc.property(
        fc.record({
          engineState: fc.constantFrom("RUNNING", "PAUSED", "STOPPED", "ERROR" as const),
          killswitch: fc.boolean(),
          hardStop: fc.boolean(),
          profitLocked: fc.boolean(),
          regime: fc.constantFrom("TREND", "RANGE", "LOW_LIQ", "STALE_DATA", null),
          symbolEnabled: fc.boolean(),
          exit: fc.boolean(),
          hasPosition: fc.boolean(),
          confidence: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        (c) => {
          const sig = signal({
            intent: c.exit ? "exit" : "entry",
            side: c.exit ? "SELL" : "BUY",
            confidence: c.confidence,
          });
          const { record, order } = decide(
            input({
              signal: sig,
              engineState: c.engineState,
              risk: { ...NO_RISK, killswitch: c.killswitch, hardStop: c.hardStop },
              profitLocked: c.profitLocked,
              regime: c.regime,
              symbolEnabled: c.symbolEnabled,
              position: c.hasPosition ? long : undefined,
            }),
            S,
          );
          const shut = Object.values(record.gatingFlags).some((v) => !v);
          if (shut) expect(record.decision).toBe("BLOCK");
          if (record.decision !== "CREATE") expect(record.reasonCodes.length).toBeGreaterThan(0);
          for (const code of record.reasonCodes) expect(REASON_CODE_LIST).toContain(code);
          expect(order === null).toBe(record.decision !== "CREATE");
          if (!c.exit && order !== null) expect(c.engineState === "RUNNING" && !c.killswitch && !c.hardStop).toBe(true);
        },
      ),
    );
  });
});
