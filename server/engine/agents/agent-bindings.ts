import type { EventBus } from "../bus";
import type { EngineEvent, RiskEvaluatedEvent, ScanCycleEvent } from "../events";
import type { Order, OrderUpdate } from "../model/trading";
import type { RiskTransition } from "../risk/risk-governor";
import type { RegimeThresholds } from "../scanner/regime";
import type { Signal } from "../strategy/strategy";
import type { Allocation } from "../trading/allocator";
import type { AgentRegistry } from "./agent-registry";
import { regimeConfidence } from "./regime-confidence";

export interface AgentBindingOptions {
  readonly bus: EventBus<EngineEvent>;
  readonly registry: AgentRegistry;
  readonly thresholds: RegimeThresholds;
  /** The broker's working orders, for ExecutionMind's "in flight". */
  readonly openOrders: () => readonly Order[];
}

const TRADABLE = new Set(["TREND", "RANGE"]);
const FIVE_MIN = 300_000;

/**
 * The agents that report engine components: each listens to the events its component publishes
 * when it works (a scan cycle, a regime change, a signal, an order update, a governor evaluation)
 * and reports only then. Returns the unsubscribe.
 */
export function bindEngineAgents(o: AgentBindingOptions): () => void {
  const { bus, registry } = o;
  const scout = scoutReporter(registry);
  const signals = signalReporter(registry);
  const execution = executionReporter(registry, o.openOrders);
  const risk = riskReporter(registry);
  const offs = [
    bus.subscribe("SCAN_CYCLE", scout),
    bus.subscribe("REGIME_CHANGED", (e) => {
      const confidence = regimeConfidence(e.to, e.metrics, o.thresholds);
      registry.report(
        "RegimeBrain",
        e.at,
        "working",
        `Classified ${e.symbol} as ${e.to} (confidence ${confidence.toFixed(2)})`,
        { action: "classify_market", result: { symbol: e.symbol, from: e.from, regime: e.to, confidence } },
      );
    }),
    bus.subscribe("SIGNAL", (e) => signals.onSignal(e.signal)),
    bus.subscribe("STRATEGY_STATE", (e) => signals.onState(e.strategyId, e.symbol, e.state, e.at)),
    bus.subscribe("ORDER_UPDATE", (e) => execution(e.update, e.at)),
    bus.subscribe("RISK_EVALUATED", risk.onEvaluated),
    bus.subscribe("RISK_STATE_UPDATE", (e) => risk.onTransition(e.transition)),
    bus.subscribe("ALLOCATION", (e) => reportAllocation(registry, e.at, e.mode, e.weights, true)),
  ];
  return () => {
    for (const off of offs) off();
  };
}

/** Scout: one step per scan cycle whose outcome differs from the last one's. */
function scoutReporter(registry: AgentRegistry) {
  let last = "";
  return (e: ScanCycleEvent) => {
    const candidates = e.scans.filter((s) => TRADABLE.has(s.regime)).map((s) => s.symbol);
    const excluded = e.scans
      .filter((s) => !TRADABLE.has(s.regime))
      .map((s) => ({ symbol: s.symbol, reason: s.regime }));
    const byReason = new Map<string, number>();
    for (const x of excluded) byReason.set(x.reason, (byReason.get(x.reason) ?? 0) + 1);
    const why = [...byReason].map(([reason, n]) => `${n} ${reason}`).join(", ");
    const task = `Scanned ${e.scans.length} symbols: ${candidates.length} candidate${candidates.length === 1 ? "" : "s"}${
      excluded.length > 0 ? `, ${excluded.length} excluded (${why})` : ""
    }`;
    const outcome = JSON.stringify([candidates, excluded]);
    const changed = outcome !== last;
    last = outcome;
    registry.report(
      "Scout",
      e.at,
      "working",
      task,
      changed ? { action: "scan_cycle", result: { scanned: e.scans.length, candidates, excluded } } : undefined,
    );
  };
}

/** SignalSynth: the strategies' signals, counted per strategy; idle while none is active. */
function signalReporter(registry: AgentRegistry) {
  const counts = new Map<string, number>();
  const active = new Set<string>();
  let last: Signal | null = null;
  const task = () => {
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const lastText =
      last === null ? "no signal yet" : `last ${last.strategyId} ${last.side} ${last.symbol} (${last.reason})`;
    return `${active.size} strateg${active.size === 1 ? "y" : "ies"} active, ${total} signal${total === 1 ? "" : "s"}: ${lastText}`;
  };
  return {
    onSignal(signal: Signal) {
      counts.set(signal.strategyId, (counts.get(signal.strategyId) ?? 0) + 1);
      last = signal;
      registry.report("SignalSynth", signal.ts, "working", task(), {
        action: "signal",
        result: {
          strategy: signal.strategyId,
          symbol: signal.symbol,
          side: signal.side,
          intent: signal.intent,
          confidence: signal.confidence,
          reason: signal.reason,
          signals_by_strategy: Object.fromEntries(counts),
        },
      });
    },
    onState(strategyId: string, symbol: string, state: "active" | "idle", at: number) {
      const key = `${strategyId}@${symbol}`;
      if (state === "active") active.add(key);
      else active.delete(key);
      registry.report("SignalSynth", at, active.size > 0 ? "working" : "idle", task());
    },
  };
}

/** ExecutionMind: orders in flight, fill latency and slippage, rejects over 5 minutes. */
function executionReporter(registry: AgentRegistry, openOrders: () => readonly Order[]) {
  const rejects: number[] = [];
  // The orders' own updates say what is in flight (an accepted order may not be listed yet).
  const working = new Set(openOrders().map((o) => o.clientOrderId));
  return (update: OrderUpdate, at: number) => {
    if (update.type === "ORDER_REJECTED") rejects.push(at);
    while (rejects.length > 0 && (rejects[0] as number) < at - FIVE_MIN) rejects.shift();
    const o = update.order;
    if (o.status === "NEW" || o.status === "PARTIALLY_FILLED") working.add(o.clientOrderId);
    else working.delete(o.clientOrderId);
    const inFlight = working.size;
    const result: Record<string, unknown> = {
      order: o.clientOrderId,
      symbol: o.symbol,
      side: o.side,
      type: o.type,
      status: o.status,
      qty: o.qty,
      filled_qty: o.filledQty,
    };
    if (update.type === "ORDER_FILLED") {
      result.fill_price = update.fill.price;
      result.latency_ms = update.fill.latencyMs;
      result.slippage_bps = Math.round(update.fill.slippage * 10_000 * 100) / 100;
    }
    if (update.type === "ORDER_REJECTED" || update.type === "ORDER_CANCELLED") result.reason = update.reason;
    const verb = {
      ORDER_ACCEPTED: "sent",
      ORDER_FILLED: "filled",
      ORDER_CANCELLED: "cancelled",
      ORDER_REJECTED: "rejected",
    }[update.type];
    registry.report(
      "ExecutionMind",
      at,
      inFlight > 0 ? "working" : "idle",
      `${inFlight} order${inFlight === 1 ? "" : "s"} in flight; last: ${o.side} ${o.qty} ${o.symbol} ${verb}; ${rejects.length} reject${rejects.length === 1 ? "" : "s"} in 5 min`,
      { action: `order_${verb}`, result },
    );
  };
}

/** RiskGovernor: its state and the metric nearest its threshold; a step per state change. */
function riskReporter(registry: AgentRegistry) {
  const watching = (e: RiskEvaluatedEvent) => {
    const n = e.nearest;
    if (n === null) return `${e.state}: nothing near a limit`;
    const where = n.symbol === null ? "" : ` on ${n.symbol}`;
    return `${e.state}: watching ${n.metric}${where} at ${Math.round(n.ratio * 100)} % of its limit`;
  };
  return {
    onEvaluated(e: RiskEvaluatedEvent) {
      registry.report("RiskGovernor", e.at, "working", watching(e));
    },
    onTransition(t: RiskTransition) {
      registry.report("RiskGovernor", t.at, "working", `${t.to}: ${t.status.reasonCodes.join(", ") || t.reason}`, {
        action: "risk_state_change",
        result: { from: t.from, to: t.to, reason_codes: [...t.status.reasonCodes], actor: t.actor, reason: t.reason },
      });
    },
  };
}

/** Allocator: the weights position sizing uses now; a step each time they move. */
export function reportAllocation(
  registry: AgentRegistry,
  at: number,
  mode: "volatility" | "equal",
  weights: readonly Allocation[],
  moved: boolean,
): void {
  const shares = weights.map((w) => `${w.symbol} ${(w.weight * 100).toFixed(1)} %`).join(", ");
  const waiting = weights.filter((w) => w.volatility === null).length;
  const task =
    weights.length === 0
      ? "No symbol has a strategy: nothing to allocate"
      : mode === "equal"
        ? `Equal shares of the risk budget (ALLOCATION_MODE=equal): ${shares}`
        : `Risk budget by inverse volatility: ${shares}${waiting > 0 ? ` (${waiting} without 20 one-minute bars yet: average weight)` : ""}`;
  registry.report(
    "Allocator",
    at,
    weights.length === 0 ? "idle" : "working",
    task,
    moved
      ? {
          action: "rebalance",
          result: {
            mode,
            weights: weights.map((w) => ({
              symbol: w.symbol,
              weight: w.weight,
              scale: w.scale,
              volatility: w.volatility,
            })),
          },
        }
      : undefined,
  );
}
