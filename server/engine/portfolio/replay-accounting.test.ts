import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { readReplayFile } from "../../adapters/feeds/replay/replay-reader";
import type { Tick } from "../model/market";
import { checkAccounting, checkOrderFills } from "./testing/accounting-checks";
import { PaperDesk } from "./testing/paper-desk";

/** The real January 2022 BTC perpetual bars, beside the repository (resolved from the repo root). */
const FILE = fileURLToPath(new URL("../../../../shared/data/btc-perp-1m-2022-01.csv", import.meta.url));
const SYMBOL = "BTCUSDT";
const DAY_MS = 86_400_000;
const LOOKBACK = 60;
const LOT = 0.05;

async function firstDay(): Promise<Tick[]> {
  const ticks: Tick[] = [];
  for await (const tick of readReplayFile(FILE, { symbol: SYMBOL, spreadBps: 2 })) {
    const first = ticks[0];
    if (first !== undefined && tick.ts >= first.ts + DAY_MS) break;
    ticks.push(tick);
  }
  return ticks;
}

/**
 * A deterministic rule that exercises every accounting path: long LOT above the moving average of
 * the last LOOKBACK mids, short LOT below it (flipping through zero with one order), with a 0.5%
 * stop-loss and a 0.8% take-profit on each entry, plus a passive limit order every 200 ticks.
 */
function trade(desk: PaperDesk, tick: Tick, mids: number[], index: number): void {
  const mid = (tick.bid + tick.ask) / 2;
  mids.push(mid);
  if (mids.length > LOOKBACK) mids.shift();
  if (mids.length < LOOKBACK || desk.broker.openOrders().some((o) => o.type === "MARKET")) return;
  const average = mids.reduce((a, b) => a + b, 0) / mids.length;
  const position = desk.portfolio.position(SYMBOL);
  const signed = position === undefined ? 0 : position.side === "LONG" ? position.qty : -position.qty;
  const want = mid > average * 1.001 ? LOT : mid < average * 0.999 ? -LOT : signed;
  const delta = want - signed;
  if (Math.abs(delta) > 1e-12 && Math.sign(want) !== Math.sign(signed)) {
    const buy = delta > 0;
    desk.submit({
      symbol: SYMBOL,
      side: buy ? "BUY" : "SELL",
      type: "MARKET",
      qty: Math.abs(delta),
      reduceOnly: false,
      stopLoss: mid * (buy ? 0.995 : 1.005),
      takeProfit: mid * (buy ? 1.008 : 0.992),
    });
  }
  if (index % 200 === 0) {
    const buy = index % 400 === 0;
    desk.submit({
      symbol: SYMBOL,
      side: buy ? "BUY" : "SELL",
      type: "LIMIT",
      price: mid * (buy ? 0.999 : 1.001),
      qty: LOT / 2,
      reduceOnly: false,
    });
  }
}

describe("accounting over the first day of real BTC bars", () => {
  let ticks: Tick[] = [];
  beforeAll(async () => {
    ticks = await firstDay();
  });

  it("reconciles balance, equity, realized PnL and fees at every tick", () => {
    expect(ticks.length).toBe(1440 * 4);
    const desk = new PaperDesk({
      start: ticks[0]?.ts ?? 0,
      initialBalance: 10_000,
      leverage: 5,
      latencyMs: 250,
      slippage: { baseBps: 1, impactBps: 5 },
    });
    const mids: number[] = [];
    const startEquity = desk.portfolio.snapshot().equity;
    for (const [i, tick] of ticks.entries()) {
      desk.tick(tick);
      trade(desk, tick, mids, i);
      checkAccounting(desk.portfolio, desk.initialBalance, desk.fills, desk.effects);
    }
    checkOrderFills(
      [...desk.submitted.keys()].flatMap((id) => desk.broker.order(id) ?? []),
      desk.fills,
    );

    const s = desk.portfolio.snapshot();
    const changes = new Set(desk.effects.map((e) => e.change));
    for (const change of ["OPENED", "CLOSED", "FLIPPED", "INCREASED", "REDUCED"]) expect(changes).toContain(change);
    expect(desk.fills.some((f) => f.liquidity === "MAKER")).toBe(true);
    expect(desk.fills.some((f) => f.liquidity === "TAKER" && f.slippage > 0)).toBe(true);
    expect([...desk.submitted.values()].some((o) => o.strategyId === "protective_exit")).toBe(true);
    expect(s.feesPaid).toBeGreaterThan(0);
    // The day's result is exactly what trading and fees made of the start.
    expect(s.equity - startEquity).toBeCloseTo(s.realizedPnl + s.unrealizedPnl - s.feesPaid, 6);
  });
});
