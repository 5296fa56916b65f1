import { describe, expect, it } from "vitest";
import { type ClosedTrade, closedTrades } from "./closed-trades";
import { type ReviewRow, reviewTrades, UNATTRIBUTED } from "./trade-review";

let seq = 0;

function trade(strategyId: string | null, symbol: string, netPnl: number, fees = 1): ClosedTrade {
  seq++;
  const notional = 1000;
  return {
    symbol,
    side: "LONG",
    strategyId,
    entryAt: seq * 10,
    exitAt: seq * 10 + 5,
    entryPrice: 100,
    exitPrice: 100 + (netPnl + fees) / 10,
    qty: 10,
    maxQty: 10,
    fees,
    grossPnl: netPnl + fees,
    netPnl,
    returnPct: (netPnl / notional) * 100,
    durationMs: 5,
    exitReason: null,
    entryOrderIds: [`e${seq}`],
    exitOrderIds: [`x${seq}`],
    fillCount: 2,
  };
}

/** The row computed by plain loops, independently of the module. */
function expectedRow(key: string, trades: readonly ClosedTrade[]) {
  let wins = 0;
  let net = 0;
  let fees = 0;
  let grossWin = 0;
  let grossLoss = 0;
  let peak = 0;
  let level = 0;
  let dd = 0;
  for (const t of trades) {
    if (t.netPnl > 0) {
      wins++;
      grossWin += t.netPnl;
    } else if (t.netPnl < 0) grossLoss -= t.netPnl;
    net += t.netPnl;
    fees += t.fees;
    level += t.netPnl;
    peak = Math.max(peak, level);
    dd = Math.max(dd, peak - level);
  }
  const n = trades.length;
  let sumR = 0;
  for (const t of trades) sumR += t.returnPct;
  const meanR = sumR / n;
  let ss = 0;
  for (const t of trades) ss += (t.returnPct - meanR) ** 2;
  return {
    key,
    trades: n,
    wins,
    winRate: wins / n,
    netPnl: net,
    fees,
    expectancy: net / n,
    profitFactor: grossLoss > 0 ? grossWin / grossLoss : null,
    profitFactorUnbounded: grossLoss === 0 && grossWin > 0,
    sharpe: n > 1 ? meanR / Math.sqrt(ss / (n - 1)) : null,
    maxDrawdown: dd,
  };
}

function expectRow(actual: ReviewRow | undefined, expected: ReturnType<typeof expectedRow>) {
  expect(actual).toBeDefined();
  const row = actual as ReviewRow;
  for (const [field, value] of Object.entries(expected)) {
    const got = row[field as keyof ReviewRow];
    if (typeof value === "number") expect(got, field).toBeCloseTo(value, 10);
    else expect(got, field).toEqual(value);
  }
}

describe("reviewTrades", () => {
  const a1 = trade("ema_cross", "BTCUSDT", 30);
  const a2 = trade("ema_cross", "ETHUSDT", -12);
  const b1 = trade("mean_reversion", "BTCUSDT", 8);
  const a3 = trade("ema_cross", "BTCUSDT", -20);
  const n1 = trade(null, "SOLUSDT", 5, 0.5);
  const a4 = trade("ema_cross", "ETHUSDT", 25);
  const b2 = trade("mean_reversion", "ETHUSDT", 4);
  const all = [a1, a2, b1, a3, n1, a4, b2];

  it("one row per strategy, sorted by key, each matching a plain computation", () => {
    const review = reviewTrades(all);
    expect(review.byStrategy.map((r) => r.key)).toEqual(["ema_cross", "mean_reversion", UNATTRIBUTED]);
    expectRow(review.byStrategy[0], expectedRow("ema_cross", [a1, a2, a3, a4]));
    expectRow(review.byStrategy[1], expectedRow("mean_reversion", [b1, b2]));
    expectRow(review.byStrategy[2], expectedRow(UNATTRIBUTED, [n1]));
  });

  it("known values for one strategy: 30, −12, −20, 25", () => {
    const row = reviewTrades(all).byStrategy[0] as ReviewRow;
    expect(row).toMatchObject({ trades: 4, wins: 2, winRate: 0.5, fees: 4, profitFactorUnbounded: false });
    expect(row.netPnl).toBeCloseTo(23, 12);
    expect(row.expectancy).toBeCloseTo(5.75, 12);
    expect(row.profitFactor).toBeCloseTo(55 / 32, 12);
    expect(row.maxDrawdown).toBeCloseTo(32, 12); // 30 → −2
  });

  it("one row per symbol and a totals row", () => {
    const review = reviewTrades(all);
    expect(review.bySymbol.map((r) => r.key)).toEqual(["BTCUSDT", "ETHUSDT", "SOLUSDT"]);
    expectRow(review.bySymbol[0], expectedRow("BTCUSDT", [a1, b1, a3]));
    expectRow(review.bySymbol[1], expectedRow("ETHUSDT", [a2, a4, b2]));
    expectRow(review.totals, expectedRow("total", all));
  });

  it("follows the exit order for the drawdown whatever order it is given", () => {
    const shuffled = [b2, a3, a1, n1, a4, b1, a2];
    expect(reviewTrades(shuffled)).toEqual(reviewTrades(all));
  });

  it("all wins: unbounded profit factor, no drawdown; a single trade has no Sharpe ratio", () => {
    const wins = [trade("s", "BTCUSDT", 1), trade("s", "BTCUSDT", 2)];
    const row = reviewTrades(wins).totals;
    expect(row).toMatchObject({ wins: 2, winRate: 1, profitFactor: null, profitFactorUnbounded: true, maxDrawdown: 0 });
    expect(reviewTrades(wins.slice(0, 1)).totals.sharpe).toBeNull();
  });

  it("no trades: empty groups, a zero totals row", () => {
    expect(reviewTrades([])).toEqual({
      byStrategy: [],
      bySymbol: [],
      totals: {
        key: "total",
        trades: 0,
        wins: 0,
        winRate: null,
        netPnl: 0,
        fees: 0,
        expectancy: null,
        profitFactor: null,
        profitFactorUnbounded: false,
        sharpe: null,
        maxDrawdown: 0,
      },
    });
  });

  it("reviews trades built from fills, as plain data", () => {
    const base = { symbol: "BTCUSDT", fee: 0.1 } as const;
    const { trades } = closedTrades([
      { ...base, orderId: "1", side: "BUY", qty: 1, price: 100, ts: 1, strategyId: "s" },
      { ...base, orderId: "2", side: "SELL", qty: 1, price: 105, ts: 2 },
      { ...base, orderId: "3", side: "SELL", qty: 1, price: 105, ts: 3, strategyId: "s" },
      { ...base, orderId: "4", side: "BUY", qty: 1, price: 107, ts: 4 },
    ]);
    const review = reviewTrades(trades);
    expect(review.totals.netPnl).toBeCloseTo(5 - 0.2 - 2 - 0.2, 12);
    expect(review.byStrategy[0]?.maxDrawdown).toBeCloseTo(2.2, 12);
    expect(JSON.parse(JSON.stringify(review))).toEqual(review);
  });
});
