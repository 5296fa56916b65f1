import { describe, expect, it } from "vitest";
import type { Tick } from "../../../../server/engine/model/market";
import { REASON_CODE_LIST } from "../../../../server/engine/model/reason-codes";
import type { Signal, Strategy } from "../../../../server/engine/strategy/strategy";
import { createStartedRuntime, type TestRuntimeOptions } from "../../testing/runtime-fixture";

/** Buys BTCUSDT on every tick it is asked to. */
class BuyOnDemand implements Strategy {
  readonly id = "buy_on_demand";
  readonly version = 1 as const;
  armed = false;
  onTick(tick: Tick): Signal | null {
    if (!this.armed) return null;
    this.armed = false;
    return {
      symbol: tick.symbol,
      strategyId: this.id,
      ts: tick.ts,
      side: "BUY",
      intent: "entry",
      score: 1,
      confidence: 1,
      reason: "test",
    };
  }
}

const BASE = 10_000;
const TOP = BASE * 1.0028 ** 121;

/** A minute of flat quotes, a buy, then `path` (price by second from 64 to 184). */
async function rally(options: TestRuntimeOptions, path = (s: number) => TOP * (1.0028 ** (s - 63) / 1.0028 ** 121)) {
  const buyer = new BuyOnDemand();
  const t = await createStartedRuntime(["BTCUSDT"], { ...options, strategies: new Map([["BTCUSDT", [buyer]]]) });
  // Quotes are price ± 0.5: at 10,000 the spread is 0.01 %, liquid enough to trade.
  for (let s = 1; s <= 61; s++) t.quote("BTCUSDT", s, BASE);
  buyer.armed = true;
  t.quote("BTCUSDT", 62, BASE);
  t.quote("BTCUSDT", 63, BASE);
  // By default +40 % over two minutes, in small steps.
  for (let s = 64; s <= 184; s++) t.quote("BTCUSDT", s, path(s));
  await new Promise((r) => setImmediate(r));
  return { ...t, buyer };
}

describe("the seed's profit-freeze root causes cannot happen again", () => {
  it("1. capture off (the default) never stops trading, and /trading/why says it is off", async () => {
    const t = await rally({ env: { RISK_VOLATILITY_SPIKE_PCT: "100" } });
    const why = await t.caller.trading.why();
    expect(why.equity).toBeGreaterThan(10_000);
    expect(why.engine_state).toBe("RUNNING");
    expect(why.profit_capture_state).toMatchObject({ enabled: false, armed: false, triggered: false, locked: false });
    expect(why.not_trading_because).toEqual([]);
    t.buyer.armed = true;
    t.quote("BTCUSDT", 185, TOP);
    expect(t.store.decisions().at(-1)?.gatingFlags).toMatchObject({ profit_lock_ok: true });
  });

  it("2. a capture that pauses is never silent: the reason and the way to resume are in /trading/why", async () => {
    const t = await rally({
      env: { PROFIT_CAPTURE_ENABLED: "true", PROFIT_CAPTURE_TARGET_PCT: "3", RISK_VOLATILITY_SPIKE_PCT: "100" },
    });
    const why = await t.caller.trading.why();
    expect(why.engine_state).toBe("PAUSED");
    expect(why.profit_capture_state.last_reason).toMatch(/^PROFIT_CAPTURED/);
    expect(why.profit_capture_state.resume_hint).toBe("POST /engine/resume");
    expect(why.not_trading_because.join(" ")).toMatch(
      /Profit capture paused the engine: PROFIT_CAPTURED .* POST \/engine\/resume/,
    );
    // While it is locked, a new signal is declined with the specific gate and code.
    t.buyer.armed = true;
    t.quote("BTCUSDT", 185, TOP);
    const last = t.store.decisions().at(-1);
    expect(last?.decision).toBe("BLOCK");
    expect(last?.gatingFlags).toMatchObject({ profit_lock_ok: false });
    expect(last?.reasonCodes).toEqual(expect.arrayContaining(["ENGINE_PAUSED", "PROFIT_LOCK"]));
  });

  it("3. a risk block always names its rule: there is no generic RISK_BLOCKED code", async () => {
    expect(REASON_CODE_LIST).not.toContain("RISK_BLOCKED");
    // The entry's stop (1 % below) is hit on a 2 % fall: about 0.5 % of equity lost, over a 0.3 % limit.
    const t = await rally({ env: { RISK_DAILY_LOSS_PCT: "0.3", RISK_VOLATILITY_SPIKE_PCT: "100" } }, (s) =>
      s < 100 ? BASE : BASE * 0.98,
    );
    expect((await t.caller.risk.status()).reason_codes).toContain("DAILY_LOSS_LIMIT");
    t.buyer.armed = true;
    t.quote("BTCUSDT", 185, BASE * 0.98);
    const last = t.store.decisions().at(-1);
    expect(last?.decision).toBe("BLOCK");
    expect(last?.gatingFlags).toMatchObject({ risk_ok: false });
    expect(last?.reasonCodes).toContain("DAILY_LOSS_LIMIT");
    expect(last?.reasonCodes).not.toContain("RISK_BLOCKED");
  });
});
