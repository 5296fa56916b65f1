import type { EngineState } from "../model/engine-state";
import type { GatingFlags } from "../model/gating";
import type { ReasonCode } from "../model/reason-codes";
import type { DecisionKind, DecisionRecord } from "../model/records";
import type { MarketRegime } from "../model/regime";
import type { OrderRequest, Position } from "../model/trading";
import type { SymbolMetrics } from "../scanner/symbol-metrics";
import type { Signal } from "../strategy/strategy";
import type { VenueView } from "../trading/venue-view";

export interface DecisionSettings {
  /** Share of equity risked per trade (between entry and stop), in percent. */
  readonly riskPerTradePct: number;
  /** Stop distance assumed when a signal gives no stop-loss, in percent of price. */
  readonly defaultStopPct: number;
  readonly cooldownMs: number;
  readonly maxOpenPositions: number;
  readonly minConfidence: number;
  /** Orders below this quote notional are not worth placing. */
  readonly minOrderNotional: number;
  /** Never commit more than this share of free margin to one order, in percent. */
  readonly maxMarginUsePct: number;
  readonly leverage: number;
  readonly staleAfterSec: number;
}

/** What the risk governor and killswitch say right now. */
export interface RiskView {
  readonly killswitch: boolean;
  readonly hardStop: boolean;
  readonly quarantined: ReadonlySet<string>;
  readonly softBrake: boolean;
  readonly dailyLossHit: boolean;
  /** 1 normally; less under a soft brake or after a profit capture that continues trading. */
  readonly sizeMultiplier: number;
}

export const NO_RISK: RiskView = {
  killswitch: false,
  hardStop: false,
  quarantined: new Set(),
  softBrake: false,
  dailyLossHit: false,
  sizeMultiplier: 1,
};

export interface DecisionInput {
  readonly id: string;
  readonly signal: Signal;
  readonly now: number;
  readonly engineState: EngineState;
  readonly risk: RiskView;
  readonly profitLocked: boolean;
  readonly regime: MarketRegime | null;
  readonly metrics: SymbolMetrics | undefined;
  readonly symbolEnabled: boolean;
  readonly position: Position | undefined;
  readonly hasOpenOrder: boolean;
  readonly openPositions: number;
  readonly lastEntryAt: number | undefined;
  readonly equity: number;
  readonly marginFree: number;
  /** Reference price (mid of the latest quote), undefined without a quote. */
  readonly price: number | undefined;
  readonly venue: VenueView;
  /** The allocation rule's scale for the symbol (1: the equal share of the risk budget). */
  readonly allocation?: number;
}

export interface DecisionOutcome {
  readonly record: DecisionRecord;
  readonly order: OrderRequest | null;
}

const significant = (x: number): number => Number(x.toPrecision(6));

/** Turns one signal into an ORDER_DECISION: BLOCK (a gate is shut), SKIP (not now), or CREATE (an order). */
export function decide(input: DecisionInput, s: DecisionSettings): DecisionOutcome {
  const { signal } = input;
  const exit = signal.intent === "exit";
  const gates = gatesFor(input, s, exit);
  const blocked = blockReasons(input, gates);
  if (blocked.length > 0) return outcome(input, "BLOCK", blocked, gates, null);

  const skipped = exit ? exitSkipReasons(input) : entrySkipReasons(input, s);
  if (skipped.length > 0) return outcome(input, "SKIP", skipped, gates, null);

  if (exit) {
    const position = input.position as Position;
    return outcome(input, "CREATE", [], gates, {
      clientOrderId: `hean-${input.id}`,
      symbol: signal.symbol,
      side: position.side === "LONG" ? "SELL" : "BUY",
      type: "MARKET",
      qty: position.qty,
      reduceOnly: true,
      strategyId: signal.strategyId,
      decisionId: input.id,
    });
  }

  const sized = sizeEntry(input, s);
  if ("skip" in sized) return outcome(input, "SKIP", [sized.skip], gates, null);
  const notes: ReasonCode[] = input.risk.softBrake ? ["RISK_SOFT_BRAKE"] : [];
  return outcome(input, "CREATE", notes, gates, {
    clientOrderId: `hean-${input.id}`,
    symbol: signal.symbol,
    side: signal.side,
    type: "MARKET",
    qty: sized.qty,
    reduceOnly: false,
    strategyId: signal.strategyId,
    decisionId: input.id,
    stopLoss: sized.stopLoss,
    takeProfit: signal.takeProfit,
  });
}

/** Everything a decision reads but the signal: what the engine knows about a symbol right now. */
export type DecisionContext = Omit<DecisionInput, "id" | "signal">;

/** What would decline a new entry: the gates that BLOCK it, then what would SKIP it. */
export interface EntryBlockers {
  readonly blocked: readonly ReasonCode[];
  readonly skipped: readonly ReasonCode[];
}

/**
 * What would hold back a new entry on `symbol` right now, whatever the side: the same gates and
 * skips a decision applies, so the symbols table and /trading/why say exactly what a signal would
 * be told. Both empty when an entry could go through.
 */
export function entryBlockers(symbol: string, ctx: DecisionContext, s: DecisionSettings): EntryBlockers {
  const probe: DecisionInput = {
    ...ctx,
    id: "probe",
    signal: { symbol, strategyId: "", ts: ctx.now, side: "BUY", intent: "entry", score: 1, confidence: 1, reason: "" },
    // Side-dependent skips (an existing position, its flip) are not a property of the symbol.
    position: undefined,
  };
  const gates = gatesFor(probe, s, false);
  const skips = entrySkipReasons(probe, s).filter((c) => c !== "LOW_CONFIDENCE" && c !== "POSITION_EXISTS");
  return {
    blocked: blockReasons(probe, gates),
    // A symbol that holds a position takes no new slot: MAX_POSITIONS is not its blocker.
    skipped: skips.filter((c) => c !== "MAX_POSITIONS" || ctx.position === undefined),
  };
}

function gatesFor(input: DecisionInput, s: DecisionSettings, exit: boolean): GatingFlags {
  const { risk, metrics, regime, engineState, signal } = input;
  const running = engineState === "RUNNING" || (exit && engineState === "PAUSED");
  const riskBlocked = risk.killswitch || risk.hardStop || risk.quarantined.has(signal.symbol) || risk.dailyLossHit;
  const fresh = metrics !== undefined && metrics.lastTickAgeSec <= s.staleAfterSec && regime !== "STALE_DATA";
  // Exits reduce risk, so only a stopped engine or stale data may hold them back.
  return {
    risk_ok: exit || !riskBlocked,
    data_fresh_ok: fresh,
    profit_lock_ok: exit || !input.profitLocked,
    engine_running_ok: running,
    symbol_enabled_ok: exit || input.symbolEnabled,
    liquidity_ok: exit || regime !== "LOW_LIQ",
    exchange_ok: exit || (input.venue.blockedAll === null && !input.venue.unexplained.has(signal.symbol)),
  };
}

function blockReasons(input: DecisionInput, g: GatingFlags): ReasonCode[] {
  const r: ReasonCode[] = [];
  const { risk, signal } = input;
  if (!g.engine_running_ok) r.push(input.engineState === "PAUSED" ? "ENGINE_PAUSED" : "ENGINE_STOPPED");
  if (!g.risk_ok) {
    if (risk.killswitch) r.push("KILLSWITCH_ACTIVE");
    if (risk.hardStop) r.push("RISK_HARD_STOP");
    if (risk.quarantined.has(signal.symbol)) r.push("RISK_QUARANTINE");
    if (risk.dailyLossHit) r.push("DAILY_LOSS_LIMIT");
  }
  if (!g.profit_lock_ok) r.push("PROFIT_LOCK");
  if (!g.data_fresh_ok) r.push("DATA_STALE");
  if (!g.liquidity_ok) r.push("LOW_LIQUIDITY");
  if (!g.symbol_enabled_ok) r.push("SYMBOL_DISABLED");
  if (!g.exchange_ok) {
    if (input.venue.blockedAll !== null) r.push(input.venue.blockedAll);
    if (input.venue.unexplained.has(signal.symbol)) r.push("VENUE_UNEXPLAINED");
  }
  return r;
}

function exitSkipReasons(input: DecisionInput): ReasonCode[] {
  const p = input.position;
  const closingSide = p === undefined ? null : p.side === "LONG" ? "SELL" : "BUY";
  if (p === undefined || closingSide !== input.signal.side) return ["NO_POSITION"];
  return input.hasOpenOrder ? ["ORDER_PENDING"] : [];
}

function entrySkipReasons(input: DecisionInput, s: DecisionSettings): ReasonCode[] {
  const r: ReasonCode[] = [];
  const p = input.position;
  const sameSide = p !== undefined && (p.side === "LONG") === (input.signal.side === "BUY");
  if (input.hasOpenOrder) r.push("ORDER_PENDING");
  if (sameSide) r.push("POSITION_EXISTS");
  if (p === undefined && input.openPositions >= s.maxOpenPositions) r.push("MAX_POSITIONS");
  const cooldown = s.cooldownMs * (input.risk.softBrake ? 2 : 1);
  if (input.lastEntryAt !== undefined && input.now - input.lastEntryAt < cooldown) r.push("COOLDOWN");
  if (input.signal.confidence < s.minConfidence) r.push("LOW_CONFIDENCE");
  return r;
}

function sizeEntry(
  input: DecisionInput,
  s: DecisionSettings,
): { qty: number; stopLoss: number } | { skip: ReasonCode } {
  const price = input.price;
  if (price === undefined || !(price > 0)) return { skip: "DATA_STALE" };
  const long = input.signal.side === "BUY";
  const fallbackStop = price * (1 + ((long ? -1 : 1) * s.defaultStopPct) / 100);
  const proposed = input.signal.stopLoss;
  const stopOnRightSide = proposed !== undefined && (long ? proposed < price : proposed > price);
  const stopLoss = stopOnRightSide ? proposed : fallbackStop;
  const riskAmount = (input.equity * s.riskPerTradePct * input.risk.sizeMultiplier * (input.allocation ?? 1)) / 100;
  let qty = riskAmount / Math.abs(price - stopLoss);
  const maxNotional = (Math.max(0, input.marginFree) * s.maxMarginUsePct * s.leverage) / 100;
  const capped = qty * price > maxNotional;
  if (capped) qty = maxNotional / price;
  if (qty * price < s.minOrderNotional) return { skip: capped ? "INSUFFICIENT_MARGIN" : "SIZE_TOO_SMALL" };
  // An entry against a held position flips it: close that side and open this one in one order.
  const flip = input.position !== undefined ? input.position.qty : 0;
  return { qty: significant(qty + flip), stopLoss };
}

function outcome(
  input: DecisionInput,
  decision: DecisionKind,
  reasonCodes: ReasonCode[],
  gates: GatingFlags,
  order: OrderRequest | null,
): DecisionOutcome {
  const m = input.metrics;
  return {
    order,
    record: {
      id: input.id,
      at: input.now,
      symbol: input.signal.symbol,
      strategyId: input.signal.strategyId,
      decision,
      reasonCodes,
      gatingFlags: { ...gates },
      marketRegime: input.regime ?? "STALE_DATA",
      marketMetrics:
        m === undefined
          ? {}
          : {
              spread_pct: m.spreadPct,
              vol_1m: m.volume1m,
              last_tick_age_sec: m.lastTickAgeSec,
              price_change_1m_pct: m.priceChange1mPct,
            },
      side: input.signal.side,
      score: input.signal.score,
      confidence: input.signal.confidence,
      orderId: order?.clientOrderId ?? null,
    },
  };
}
