import type { EventBus } from "../bus";
import type { Clock } from "../clock";
import type { EngineEvent } from "../events";
import type { EngineStore } from "../ports";
import type { SymbolMetricsTracker } from "../scanner/symbol-metrics";
import type { TradingCore } from "../trading/trading-core";
import { ProfitCapture, type ProfitCaptureSettings } from "./profit-capture";
import { RiskGovernor, type RiskMeasurements } from "./risk-governor";
import type { RiskThresholds } from "./risk-rules";
import { RiskSupervisor } from "./risk-supervisor";

const RISK_EVALUATE_EVERY_MS = 1000;

const PROFIT_CAPTURE_OFF: ProfitCaptureSettings = {
  enabled: false,
  targetPct: 20,
  trailPct: 10,
  mode: "full",
  partialPct: 50,
  afterAction: "pause",
  continueRiskMult: 0.25,
};

/** Thresholds for a governor that only holds the killswitch (no rule is read when disabled). */
const UNUSED_THRESHOLDS: RiskThresholds = {
  drawdownSoftPct: 100,
  drawdownHardPct: 100,
  dailyLossPct: 100,
  volatilitySpikePct: 100,
  consecutiveLosses: Number.POSITIVE_INFINITY,
  rejectRatePct: 100,
  rejectMinOrders: Number.POSITIVE_INFINITY,
  staleDataSec: Number.POSITIVE_INFINITY,
  clearHoldMs: 0,
  quarantineHoldMs: 0,
};

export interface RiskWiring {
  readonly clock: Clock;
  readonly bus: EventBus<EngineEvent>;
  readonly store: EngineStore;
  readonly trading: TradingCore;
  readonly symbols: readonly string[];
  readonly metrics: SymbolMetricsTracker;
  /** The risk governor; without it, the binary killswitch alone (RISK_GOVERNOR_ENABLED=false). */
  readonly riskGovernor?: { readonly thresholds: RiskThresholds; readonly flattenOnHardStop: boolean };
  readonly profitCapture?: ProfitCaptureSettings;
  /** Ticks received so far: with order updates, what says the measurements moved. */
  readonly ticksReceived: () => number;
  /** The feed's failure, for FEED_ERROR; null while it runs. */
  readonly feedFailure: () => string | null;
  readonly pauseEngine: (reason: string) => Promise<void>;
}

/** The risk governor and profit capture, measuring the engine and acting on its trading. */
export function createRiskSupervisor(w: RiskWiring): RiskSupervisor {
  const { trading } = w;
  let orderUpdates = 0;
  const supervisor = new RiskSupervisor({
    clock: w.clock,
    bus: w.bus,
    store: w.store,
    governor: new RiskGovernor({
      enabled: w.riskGovernor !== undefined,
      thresholds: w.riskGovernor?.thresholds ?? UNUSED_THRESHOLDS,
    }),
    profit: new ProfitCapture(w.profitCapture ?? PROFIT_CAPTURE_OFF, trading.portfolio.account().startEquity),
    evaluateEveryMs: RISK_EVALUATE_EVERY_MS,
    flattenOnHardStop: w.riskGovernor?.flattenOnHardStop ?? false,
    measure: () => measure(w),
    activity: () => w.ticksReceived() + orderUpdates,
    cancelAllOrders: (reason) => trading.broker.cancelAll(reason),
    closePositions: (share, actor) => trading.closeAll(share, actor),
    pauseEngine: w.pauseEngine,
  });
  w.bus.subscribe("POSITION_CHANGED", (e) => {
    if (e.position === null) supervisor.onPositionClosed(e.realizedPnl);
  });
  w.bus.subscribe("ENGINE_STATE", (e) => supervisor.onEngineState(e.to));
  w.bus.subscribe("ORDER_UPDATE", () => {
    orderUpdates++;
  });
  return supervisor;
}

function measure(w: RiskWiring): RiskMeasurements {
  const now = w.clock.now();
  const counts = w.trading.activity.orderCounts5m(now);
  return {
    now,
    equity: w.trading.portfolio.equity(),
    symbols: w.symbols.map((symbol) => {
      const m = w.metrics.get(symbol, now);
      return {
        symbol,
        priceChange1mPct: m?.priceChange1mPct ?? 0,
        tickAgeSec: m?.lastTickAgeSec ?? Number.POSITIVE_INFINITY,
      };
    }),
    orders5m: counts.orders,
    rejects5m: counts.rejects,
    feedError: w.feedFailure(),
  };
}
