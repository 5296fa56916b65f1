import { createHash } from "node:crypto";
import { MemoryEngineStore } from "../adapters/memory/memory-engine-store";
import { analysisOptions } from "../bootstrap/analysis-options";
import { paperTrading } from "../bootstrap/create-runtime";
import { parseSettings } from "../config/load-settings";
import {
  type ClosedTrade,
  closedTrades,
  maxDrawdown,
  profitFactor,
  reviewTrades,
  sharpeRatio,
  sortinoRatio,
  type TradeFill,
} from "../engine/analytics";
import { ManualClock } from "../engine/clock";
import { Engine } from "../engine/engine";
import type { Tick } from "../engine/model/market";
import type { Fill } from "../engine/model/trading";
import type { MarketDataFeed } from "../engine/ports";
import { strategiesFor } from "../engine/strategy/registry";

export interface BacktestOptions {
  /** Settings as environment variables (fees, slippage, sizing, governor...), the server's defaults otherwise. */
  readonly env?: Readonly<Record<string, string>>;
  /** Strategy ids to run on every symbol of the data; the settings' STRATEGIES when absent. */
  readonly strategies?: readonly string[];
  /** Called now and then with the share of ticks replayed (0..1). */
  readonly onProgress?: (done: number) => void;
}

const DAY = 86_400_000;

/**
 * A backtest on the live kernel: the same engine, strategies, decisions, paper broker, portfolio
 * and governor as the server, fed recorded ticks on a ManualClock. Positions still open at the end
 * are closed at the last price as trades of their own, so that final equity = initial equity + Σ
 * realised PnL − Σ fees − funding.
 */
export async function runBacktest(ticks: readonly Tick[], o: BacktestOptions = {}) {
  const first = ticks[0];
  const lastTick = ticks[ticks.length - 1];
  if (first === undefined || lastTick === undefined) throw new Error("no ticks to replay");
  const symbols = [...new Set(ticks.map((t) => t.symbol))].sort();
  const settings = parseSettings({
    SYMBOLS: symbols.join(","),
    ...o.env,
    // A backtest trades on paper whatever the server does.
    PAPER_MODE: "true",
    ...(o.strategies === undefined ? {} : { STRATEGIES: o.strategies.join(",") }),
  });
  const selection = settings.strategySelection.strategies.map((s) => s.id);
  const clock = new ManualClock(first.ts - 1);
  let sink: ((t: Tick) => void) | null = null;
  const feed: MarketDataFeed = {
    name: "backtest",
    symbols,
    start: (s) => {
      sink = s;
    },
    stop: () => {
      sink = null;
    },
    done: new Promise(() => {}),
  };
  const strategies = new Map(symbols.map((s) => [s, strategiesFor(s, settings.strategySelection)]));
  const store = new MemoryEngineStore();
  const engine = new Engine({
    clock,
    feed,
    store,
    symbols,
    candleHistoryLimit: settings.CANDLE_HISTORY_LIMIT,
    analysis: analysisOptions(settings),
    trading: paperTrading(settings, clock, "paper", strategies),
  });
  await engine.boot();
  const started = await engine.control({ command: "start", actor: "backtest", reason: "backtest" });
  if (!started.ok) throw new Error(`the engine did not start: ${started.message}`);
  const trading = engine.trading;
  if (trading === null) throw new Error("trading is off");
  const deliver = sink as ((t: Tick) => void) | null;
  if (deliver === null) throw new Error("the feed did not start");

  const fills: Fill[] = [];
  const strategyOf = new Map<string, string>();
  const reasons: Record<string, number> = {};
  const decisions = { CREATE: 0, SKIP: 0, BLOCK: 0 };
  const equity: { at: number; equity: number }[] = [];
  let heldMs = 0;
  let lastAt = first.ts;
  engine.bus.subscribe("ORDER_UPDATE", ({ update }) => {
    strategyOf.set(update.order.clientOrderId, update.order.strategyId ?? "unattributed");
    if (update.type === "ORDER_FILLED") fills.push(update.fill);
  });
  engine.bus.subscribe("ORDER_DECISION", ({ decision }) => {
    decisions[decision.decision]++;
    for (const code of decision.reasonCodes) reasons[code] = (reasons[code] ?? 0) + 1;
  });
  engine.bus.subscribe("EQUITY", ({ snapshot }) => {
    const lastPoint = equity[equity.length - 1];
    // One point a minute is enough for the curve and the drawdown.
    if (lastPoint === undefined || snapshot.at - lastPoint.at >= 60_000)
      equity.push({ at: snapshot.at, equity: snapshot.equity });
  });
  const initialEquity = trading.portfolio.snapshot().equity;
  const step = Math.max(1, Math.floor(ticks.length / 100));
  for (let i = 0; i < ticks.length; i++) {
    const t = ticks[i] as Tick;
    if (trading.portfolio.positions().length > 0) heldMs += t.ts - lastAt;
    lastAt = t.ts;
    clock.advanceTo(t.ts);
    deliver(t);
    if (i % step === 0) o.onProgress?.(i / ticks.length);
  }
  o.onProgress?.(1);
  const end = trading.portfolio.snapshot();
  const funding = store.fundingPayments().reduce((s, f) => s + f.amount, 0);
  await engine.shutdown("backtest done");

  // What was still open is closed at the last mark, without a fee: a trade of its own.
  const closing: TradeFill[] = end.positions.map((p, i) => ({
    orderId: `end-${i}`,
    symbol: p.symbol,
    side: p.side === "LONG" ? "SELL" : "BUY",
    qty: p.qty,
    price: p.markPrice,
    fee: 0,
    ts: lastTick.ts,
    strategyId: null,
    exitReason: "end_of_data",
  }));
  const tradeFills: TradeFill[] = [
    ...fills.map((f) => ({
      ...f,
      strategyId: strategyOf.get(f.orderId) ?? null,
      exitReason: strategyOf.get(f.orderId) ?? null,
    })),
    ...closing,
  ];
  const { trades } = closedTrades(tradeFills);
  const review = reviewTrades(trades);
  const realised = trades.reduce((s, t) => s + t.grossPnl, 0);
  const fees = trades.reduce((s, t) => s + t.fees, 0);
  equity.push({ at: lastTick.ts, equity: end.equity });
  const curve = equity.map((p) => p.equity);
  const dd = maxDrawdown(curve);
  const daily = dailyReturns(equity);
  const pnls = trades.map((t) => t.netPnl);
  const pf = profitFactor(pnls);
  return {
    file_ticks: ticks.length,
    symbols,
    strategies: [...selection],
    from: new Date(first.ts).toISOString(),
    to: new Date(lastTick.ts).toISOString(),
    initial_equity: initialEquity,
    final_equity: end.equity,
    realised_pnl: realised,
    fees,
    funding,
    trades_count: trades.length,
    win_rate: review.totals.winRate,
    expectancy: review.totals.expectancy,
    profit_factor: pf.value,
    profit_factor_unbounded: pf.unbounded,
    sharpe_daily_annualised: sharpeRatio(daily, 365),
    sortino_daily_annualised: sortinoRatio(daily, 365),
    max_drawdown_pct: dd?.fraction === null || dd === null ? null : dd.fraction.depth * 100,
    max_drawdown: dd?.absolute.depth ?? 0,
    exposure_pct: (heldMs / Math.max(1, lastTick.ts - first.ts)) * 100,
    decisions,
    decisions_by_reason: reasons,
    by_strategy: review.byStrategy,
    by_symbol: review.bySymbol,
    equity_curve: equity,
    trades: trades.map(tradeRow),
    fingerprint: fingerprint(fills, trades),
  };
}

export type BacktestReport = Awaited<ReturnType<typeof runBacktest>>;

function tradeRow(t: ClosedTrade) {
  return {
    symbol: t.symbol,
    side: t.side,
    strategy: t.strategyId,
    qty: t.qty,
    entry_time: new Date(t.entryAt).toISOString(),
    entry_price: t.entryPrice,
    exit_time: new Date(t.exitAt).toISOString(),
    exit_price: t.exitPrice,
    fees: t.fees,
    realised_pnl: t.grossPnl,
    net_pnl: t.netPnl,
    exit_reason: t.exitReason,
  };
}

/** Day-over-day returns of the equity curve (the last point of each UTC day). */
function dailyReturns(points: readonly { at: number; equity: number }[]): number[] {
  const closes = new Map<number, number>();
  for (const p of points) closes.set(Math.floor(p.at / DAY), p.equity);
  const days = [...closes.values()];
  const out: number[] = [];
  for (let i = 1; i < days.length; i++) out.push((days[i] as number) / (days[i - 1] as number) - 1);
  return out;
}

/** A hash over every fill and every closed trade: the same inputs and code give the same value. */
export function fingerprint(fills: readonly Fill[], trades: readonly ClosedTrade[]): string {
  const h = createHash("sha256");
  for (const f of fills) h.update(`${f.ts}|${f.symbol}|${f.side}|${f.qty}|${f.price}|${f.fee}\n`);
  for (const t of trades) h.update(`${t.symbol}|${t.side}|${t.entryAt}|${t.exitAt}|${t.qty}|${t.netPnl}\n`);
  return h.digest("hex").slice(0, 16);
}
