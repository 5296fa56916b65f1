import type { EventBus } from "../bus";
import type { Clock, TimerId } from "../clock";
import type { RiskView } from "../decision/decision-pipeline";
import type { EngineEvent } from "../events";
import type { EngineState, KillswitchState } from "../model/engine-state";
import type { EngineStore } from "../ports";
import type { CaptureTrigger, ProfitCapture, ProfitCaptureSnapshot } from "./profit-capture";
import type {
  ClearOutcome,
  RiskGovernor,
  RiskGovernorSnapshot,
  RiskMeasurements,
  RiskStatus,
  RiskTransition,
} from "./risk-governor";

export const GOVERNOR_STATE_ID = "risk_governor";
export const PROFIT_CAPTURE_STATE_ID = "profit_capture";
/** The longest a time-only change (a symbol going stale, a hold time ending) waits to be seen. */
export const IDLE_EVALUATE_MS = 15_000;

export interface RiskSupervisorOptions {
  readonly clock: Clock;
  readonly bus: EventBus<EngineEvent>;
  readonly store: EngineStore;
  readonly governor: RiskGovernor;
  readonly profit: ProfitCapture;
  /** How often the rules and the profit watch are evaluated, in engine time. */
  readonly evaluateEveryMs: number;
  /** HARD_STOP also closes every position (RISK_HARD_STOP_FLATTEN). */
  readonly flattenOnHardStop: boolean;
  readonly measure: () => RiskMeasurements;
  /**
   * Grows with every tick and order update. While it stands still the measurements move only with
   * time, so a full evaluation every IDLE_EVALUATE_MS is enough.
   */
  readonly activity: () => number;
  readonly cancelAllOrders: (reason: string) => number;
  /** Closes `share` (0..1] of every open position; returns what it closed, in words. */
  readonly closePositions: (share: number, actor: string) => string;
  /** Pauses the engine (profit capture's after_action pause). */
  readonly pauseEngine: (reason: string) => Promise<void>;
}

/**
 * Puts the risk governor and profit capture on the order path: evaluates them on the engine clock,
 * carries out what they decide (cancel, flatten, close, pause), and records and publishes every
 * change so the database, the `risk_governor` topic and /trading/why always agree.
 */
/** The longest the governor goes without telling what it watches (its heartbeat). */
const EVALUATION_REPORT_MS = 60_000;

export class RiskSupervisor {
  private timer: TimerId | null = null;
  private persistedChanges = -1;
  private persistedProfitPeak = Number.NaN;
  private lastActivity = -1;
  private lastFullAt = Number.NEGATIVE_INFINITY;
  private lastReported: { changes: number; code: string | null; symbol: string | null; percent: number } | null = null;
  private lastReportedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly o: RiskSupervisorOptions) {}

  start(): void {
    if (this.timer !== null) return;
    this.timer = this.o.clock.setRepeating(() => this.evaluate(), this.o.evaluateEveryMs);
  }

  stop(): void {
    if (this.timer !== null) this.o.clock.clearTimer(this.timer);
    this.timer = null;
  }

  get governor(): RiskGovernor {
    return this.o.governor;
  }

  get profit(): ProfitCapture {
    return this.o.profit;
  }

  status(): RiskStatus {
    return this.o.governor.status();
  }

  /** What the decision pipeline sees: the governor's gates, sizes shrunk by a continuing capture. */
  view(): RiskView {
    const v = this.o.governor.view();
    return { ...v, sizeMultiplier: v.sizeMultiplier * this.o.profit.riskMultiplier };
  }

  profitLocked(): boolean {
    return this.o.profit.locked;
  }

  evaluate(): void {
    const now = this.o.clock.now();
    const activity = this.o.activity();
    // Equity and prices move only with activity; hold timers and tick ages can wait a few seconds.
    if (activity === this.lastActivity && now - this.lastFullAt < IDLE_EVALUATE_MS) return;
    this.lastActivity = activity;
    this.lastFullAt = now;
    const m = this.o.measure();
    const t = this.o.governor.evaluate(m);
    if (t !== null) this.onTransition(t);
    else if (this.o.governor.changes !== this.persistedChanges) this.persistGovernor();
    if (this.o.governor.enabled) this.reportEvaluation(m.now);
    const trigger = this.o.profit.onEquity(m.now, m.equity);
    if (trigger !== null) this.capture(trigger);
    // A new peak moves the trailing stop: kept, so a restart trails from the true peak.
    else if (this.o.profit.snapshot().peakEquity !== this.persistedProfitPeak) this.persistProfit();
  }

  /**
   * What the governor watches, told when the watched rule or the state changes and at least once a
   * minute: an evaluation a second that changed nothing is not news.
   */
  private reportEvaluation(now: number): void {
    const nearest = this.o.governor.nearest();
    const last = this.lastReported;
    const same =
      last !== null &&
      last.changes === this.o.governor.changes &&
      last.code === (nearest?.code ?? null) &&
      last.symbol === (nearest?.symbol ?? null) &&
      last.percent === (nearest === null ? -1 : Math.round(nearest.ratio * 100));
    if (same && now - this.lastReportedAt < EVALUATION_REPORT_MS) return;
    this.lastReported = {
      changes: this.o.governor.changes,
      code: nearest?.code ?? null,
      symbol: nearest?.symbol ?? null,
      percent: nearest === null ? -1 : Math.round(nearest.ratio * 100),
    };
    this.lastReportedAt = now;
    this.o.bus.publish({ type: "RISK_EVALUATED", at: now, state: this.o.governor.status().state, nearest });
  }

  kill(reasons: readonly string[], actor: string): void {
    const t = this.o.governor.kill(this.o.clock.now(), reasons, actor);
    if (t !== null) this.onTransition(t);
  }

  /** Lifts what a manual clear may lift, or says what holds it when nothing could be lifted. */
  clear(actor: string, reason: string): ClearOutcome {
    const m = this.o.measure();
    const outcome = this.o.governor.clear(m.now, m.equity, actor, reason);
    if (outcome.ok) this.onTransition(outcome.transition);
    return outcome;
  }

  killswitch(): KillswitchState {
    return this.o.governor.killswitch();
  }

  /** The day's start equity (see RiskGovernor.dailyBaseline): the one baseline of daily PnL. */
  dailyBaseline(equity: number): number {
    return this.o.governor.dailyBaseline(this.o.clock.now(), equity);
  }

  onPositionClosed(realizedPnl: number): void {
    this.o.governor.onClose(realizedPnl);
  }

  /** A resume (or start) after a capture paused the engine unlocks trading and re-arms the watch. */
  onEngineState(to: EngineState): void {
    if (to !== "RUNNING") return;
    const now = this.o.clock.now();
    if (this.o.profit.resume(now, this.o.measure().equity)) this.persistProfit();
  }

  restore(states: Readonly<Record<string, unknown>>): void {
    const governor = states[GOVERNOR_STATE_ID] as RiskGovernorSnapshot | undefined;
    const profit = states[PROFIT_CAPTURE_STATE_ID] as ProfitCaptureSnapshot | undefined;
    if (governor !== undefined) this.o.governor.restore(governor);
    if (profit !== undefined) this.o.profit.restore(profit);
  }

  private onTransition(t: RiskTransition): void {
    const { store, bus } = this.o;
    store.enqueue({ kind: "risk_event", event: t });
    this.persistGovernor();
    bus.publish({ type: "RISK_STATE_UPDATE", transition: t });
    if (t.to === "HARD_STOP" && t.from !== "HARD_STOP") {
      this.o.cancelAllOrders("RISK_HARD_STOP");
      if (this.o.flattenOnHardStop) this.o.closePositions(1, "risk_governor");
    }
  }

  private capture(trigger: CaptureTrigger): void {
    const { settings } = this.o.profit;
    const share = settings.mode === "full" ? 1 : settings.partialPct / 100;
    const closed = this.o.closePositions(share, "profit_capture");
    this.o.profit.executed(trigger, closed);
    this.persistProfit();
    const state = this.o.profit.snapshot();
    this.o.bus.publish({ type: "PROFIT_CAPTURE_EXECUTED", at: trigger.at, trigger, state });
    if (settings.afterAction === "pause")
      void this.o.pauseEngine(`${state.lastReason ?? "PROFIT_CAPTURED"}; resume with POST /engine/resume`);
  }

  private persistGovernor(): void {
    this.persistedChanges = this.o.governor.changes;
    this.o.store.enqueue({
      kind: "risk_state",
      id: GOVERNOR_STATE_ID,
      at: this.o.clock.now(),
      snapshot: this.o.governor.snapshot(),
    });
  }

  private persistProfit(): void {
    this.persistedProfitPeak = this.o.profit.snapshot().peakEquity;
    this.o.store.enqueue({
      kind: "risk_state",
      id: PROFIT_CAPTURE_STATE_ID,
      at: this.o.clock.now(),
      snapshot: this.o.profit.snapshot(),
    });
  }
}
