import type { RiskView } from "../decision/decision-pipeline";
import type { KillswitchState } from "../model/engine-state";
import { RISK_STATES, type RiskCode, type RiskState } from "../model/risk";
import { FindingSet } from "./finding-set";
import {
  adviceFor,
  type RiskThresholds,
  type RuleAdvice,
  type RuleReading,
  readRules,
  type SymbolRiskInput,
} from "./risk-rules";

/** A rule that fired and has not been lifted yet. */
export interface RiskFinding extends Omit<RuleReading, "breached" | "clearing">, RuleAdvice {
  /** When it fired. */
  readonly since: number;
  /** Since when its clear condition has held without a break; null while it does not. */
  readonly clearingSince: number | null;
}

/** What the engine measures for each evaluation; the governor adds its own baselines. */
export interface RiskMeasurements {
  readonly now: number;
  readonly equity: number;
  readonly symbols: readonly SymbolRiskInput[];
  readonly orders5m: number;
  readonly rejects5m: number;
  readonly feedError: string | null;
}

export interface RiskStatus {
  readonly state: RiskState;
  readonly level: number;
  readonly reasonCodes: readonly RiskCode[];
  /** The leading finding's reading (the highest level, the oldest first); null in NORMAL. */
  readonly metric: string | null;
  readonly value: number | null;
  readonly threshold: number | null;
  readonly recommendedAction: string | null;
  readonly clearRule: string | null;
  readonly quarantinedSymbols: readonly string[];
  /** When the governor left NORMAL (epoch ms); null in NORMAL. */
  readonly blockedAt: number | null;
  /** A manual clear would lift something now (conditions that persist stay active). */
  readonly canClear: boolean;
  readonly findings: readonly RiskFinding[];
  readonly enabled: boolean;
}

/** The rule nearest its threshold without firing: what the governor watches most closely. */
export interface RiskWatch {
  readonly code: RiskCode;
  readonly metric: string;
  readonly symbol: string | null;
  readonly value: number;
  readonly threshold: number;
  /** value / threshold: 1 fires. */
  readonly ratio: number;
}

/** A change of state, reasons or quarantined symbols, or a manual clear: persisted and published. */
export interface RiskTransition {
  readonly at: number;
  readonly from: RiskState;
  readonly to: RiskState;
  readonly status: RiskStatus;
  readonly actor: string;
  readonly reason: string;
}

/** Everything the governor needs to resume after a restart. */
export interface RiskGovernorSnapshot {
  readonly findings: readonly RiskFinding[];
  readonly peakEquity: number;
  readonly dayStartEquity: number;
  /** The UTC day (days since the epoch) dayStartEquity belongs to. */
  readonly day: number;
  readonly consecutiveLosses: number;
  readonly blockedAt: number | null;
}

export interface RiskGovernorOptions {
  /** false: the legacy binary killswitch only (RISK_GOVERNOR_ENABLED=false). */
  readonly enabled: boolean;
  readonly thresholds: RiskThresholds;
}

/** A manual clear: lifted (with the transition it made), or refused with what holds it. */
export type ClearOutcome =
  | { readonly ok: true; readonly transition: RiskTransition }
  | { readonly ok: false; readonly reason: string };

const NOT_KILLED: KillswitchState = { triggered: false, reasons: [], triggeredAt: null };

const DAY_MS = 86_400_000;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const visibleKey = (s: RiskStatus) => `${s.state}|${s.reasonCodes.join()}|${s.quarantinedSymbols.join()}`;

/**
 * Killswitch 2.0: rules over measured metrics raise findings at levels 1–3; the state is the highest
 * level held. A finding lifts itself only after its clear condition has held for its hold time; a
 * manual clear lifts every finding at once when each one allows it, and restarts the baselines it
 * was measured from (peak equity, the day's start equity, the losing streak).
 */
export class RiskGovernor {
  /** Mutated in place on every evaluation (the hot part); status() and snapshot() hand out copies. */
  private readonly active = new FindingSet<Mutable<RiskFinding>>();
  private peakEquity = 0;
  private dayStartEquity = 0;
  private day = -1;
  private consecutiveLosses = 0;
  private watch: RiskWatch | null = null;
  private blockedAt: number | null = null;
  private changeCount = 0;
  /** Grows when a finding is added or removed: only then can the state, codes or quarantine change. */
  private membership = 0;
  /** What was last published: compared to decide whether a change is a transition. */
  private visible = { state: "NORMAL" as RiskState, key: "" };

  constructor(private readonly o: RiskGovernorOptions) {}

  /** Grows whenever the snapshot changes (a baseline, a finding, the streak): persist when it moved. */
  get changes(): number {
    return this.changeCount;
  }

  get hasFindings(): boolean {
    return this.active.size > 0;
  }

  get enabled(): boolean {
    return this.o.enabled;
  }

  /** After an evaluation: the rule nearest its threshold that does not fire (null before one, or none). */
  nearest(): RiskWatch | null {
    return this.watch;
  }

  /** Reads every rule against the measurements; a transition when anything visible changed. */
  evaluate(m: RiskMeasurements): RiskTransition | null {
    this.updateBaselines(m.now, m.equity);
    if (!this.o.enabled) return null;
    const before = this.membership;
    const readings = readRules(
      {
        now: m.now,
        equity: m.equity,
        symbols: m.symbols,
        orders5m: m.orders5m,
        rejects5m: m.rejects5m,
        feedError: m.feedError,
        peakEquity: this.peakEquity,
        dayStartEquity: this.dayStartEquity,
        dayStartedAt: this.day * DAY_MS,
        consecutiveLosses: this.consecutiveLosses,
      },
      this.o.thresholds,
    );
    for (const r of readings) this.apply(r, m.now);
    this.watch = nearestReading(readings);
    return this.membership === before ? null : this.transition(m.now, "risk_governor", "measured", false);
  }

  /** POST /engine/kill: HARD_STOP until a manual clear. */
  kill(at: number, reasons: readonly string[], actor: string): RiskTransition | null {
    const reading: Omit<RuleReading, "breached" | "clearing"> = {
      code: "KILLSWITCH",
      level: 3,
      symbol: null,
      metric: "killswitch",
      value: 1,
      threshold: 1,
      holdMs: 0,
      manualClearOk: true,
      detail: reasons.join(", ") || "manual",
    };
    this.active.set({
      ...reading,
      ...adviceFor({ ...reading, breached: true, clearing: false }, this.o.thresholds),
      since: at,
      clearingSince: null,
    });
    this.changeCount++;
    this.membership++;
    return this.transition(at, actor, `killswitch: ${reasons.join(", ") || "manual"}`, false);
  }

  /**
   * Lifts every finding a manual clear may lift and restarts the baselines they were measured from.
   * Conditions that persist (a spike still running, stale data, a failed feed) stay; when nothing
   * could be lifted, the clear is refused with what holds it.
   */
  clear(at: number, equity: number, actor: string, reason: string): ClearOutcome {
    const findings = this.active.values();
    const stuck = findings.filter((f) => !f.manualClearOk);
    if (stuck.length > 0 && stuck.length === findings.length)
      return { ok: false, reason: `Cannot clear now: ${describeFindings(stuck)}` };
    this.changeCount++;
    this.membership++;
    for (const f of findings) if (f.manualClearOk) this.active.delete(f.code, f.symbol);
    this.peakEquity = equity;
    this.dayStartEquity = equity;
    this.consecutiveLosses = 0;
    const kept = stuck.length === 0 ? "" : `; still active: ${describeFindings(stuck)}`;
    return { ok: true, transition: this.transition(at, actor, `${reason}${kept}`, true) as RiskTransition };
  }

  /** A position closed (fully) with this realized PnL: losing streaks feed CONSECUTIVE_LOSSES. */
  onClose(realizedPnl: number): void {
    const before = this.consecutiveLosses;
    if (realizedPnl < 0) this.consecutiveLosses++;
    else if (realizedPnl > 0) this.consecutiveLosses = 0;
    if (this.consecutiveLosses !== before) this.changeCount++;
  }

  get killswitchActive(): boolean {
    return this.active.has("KILLSWITCH", null);
  }

  /** The killswitch, as the one place that holds it: the KILLSWITCH finding. */
  killswitch(): KillswitchState {
    const f = this.active.get("KILLSWITCH", null);
    return f === undefined ? NOT_KILLED : { triggered: true, reasons: [f.detail ?? "manual"], triggeredAt: f.since };
  }

  /**
   * The equity the UTC day started from (or the last clear restarted it from): the baseline of the
   * daily loss rule and of every daily PnL figure. A new day starts from `equity`.
   */
  dailyBaseline(now: number, equity: number): number {
    this.updateBaselines(now, equity);
    return this.dayStartEquity;
  }

  /** The decision pipeline's view of the governor. */
  view(): RiskView {
    const findings = [...this.active.values()];
    const softBrake = findings.some((f) => f.level === 1);
    return {
      killswitch: this.killswitchActive,
      hardStop: findings.some((f) => f.level === 3 && f.code !== "KILLSWITCH" && f.code !== "DAILY_LOSS_LIMIT"),
      quarantined: new Set(findings.filter((f) => f.level === 2 && f.symbol !== null).map((f) => f.symbol as string)),
      softBrake,
      dailyLossHit: findings.some((f) => f.code === "DAILY_LOSS_LIMIT"),
      sizeMultiplier: softBrake ? 0.5 : 1,
    };
  }

  status(): RiskStatus {
    const findings = [...this.active.values()]
      .map((f) => ({ ...f }))
      .sort((a, b) => b.level - a.level || a.since - b.since);
    const lead = findings[0];
    const level = lead?.level ?? 0;
    return {
      state: RISK_STATES[level] as RiskState,
      level,
      reasonCodes: [...new Set(findings.map((f) => f.code))],
      metric: lead?.metric ?? null,
      value: lead?.value ?? null,
      threshold: lead?.threshold ?? null,
      recommendedAction: lead?.recommendedAction ?? null,
      clearRule: lead?.clearRule ?? null,
      quarantinedSymbols: [
        ...new Set(findings.filter((f) => f.level === 2 && f.symbol !== null).map((f) => f.symbol as string)),
      ].sort(),
      blockedAt: level === 0 ? null : this.blockedAt,
      canClear: findings.some((f) => f.manualClearOk),
      findings,
      enabled: this.o.enabled,
    };
  }

  snapshot(): RiskGovernorSnapshot {
    return {
      findings: [...this.active.values()].map((f) => ({ ...f })),
      peakEquity: this.peakEquity,
      dayStartEquity: this.dayStartEquity,
      day: this.day,
      consecutiveLosses: this.consecutiveLosses,
      blockedAt: this.blockedAt,
    };
  }

  restore(s: RiskGovernorSnapshot): void {
    this.active.clear();
    for (const f of s.findings) if (this.o.enabled || f.code === "KILLSWITCH") this.active.set({ ...f });
    this.peakEquity = s.peakEquity;
    this.dayStartEquity = s.dayStartEquity;
    this.day = s.day;
    this.consecutiveLosses = s.consecutiveLosses;
    this.blockedAt = s.blockedAt;
    const now = this.status();
    this.visible = { state: now.state, key: visibleKey(now) };
  }

  private updateBaselines(now: number, equity: number): void {
    const day = Math.floor(now / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.dayStartEquity = equity;
      this.changeCount++;
    }
    if (equity > this.peakEquity) {
      this.peakEquity = equity;
      this.changeCount++;
    }
  }

  private apply(r: RuleReading, now: number): void {
    const current = this.active.get(r.code, r.symbol);
    if (current === undefined) {
      if (!r.breached) return;
      const { breached: _b, clearing: _c, ...reading } = r;
      this.active.set({ ...reading, ...adviceFor(r, this.o.thresholds), since: now, clearingSince: null });
      this.changeCount++;
      this.membership++;
      return;
    }
    const mayLift = r.clearsOnlyIfSinceBefore === undefined || current.since < r.clearsOnlyIfSinceBefore;
    const clearingSince = r.breached || !r.clearing || !mayLift ? null : (current.clearingSince ?? now);
    if (clearingSince !== null && now - clearingSince >= r.holdMs) {
      this.active.delete(r.code, r.symbol);
      this.changeCount++;
      this.membership++;
      return;
    }
    if (clearingSince !== current.clearingSince) this.changeCount++;
    current.value = r.value;
    current.threshold = r.threshold;
    current.manualClearOk = r.manualClearOk;
    current.clearingSince = clearingSince;
  }

  /** A transition when the state, the codes or the quarantined symbols changed (always for a clear). */
  private transition(at: number, actor: string, reason: string, always: boolean): RiskTransition | null {
    if (this.active.size === 0) this.blockedAt = null;
    else if (this.visible.state === "NORMAL" || this.blockedAt === null) this.blockedAt = at;
    const after = this.status();
    const key = visibleKey(after);
    const from = this.visible.state;
    if (!always && key === this.visible.key) return null;
    this.visible = { state: after.state, key };
    return { at, from, to: after.state, status: after, actor, reason };
  }
}

function describeFindings(findings: readonly RiskFinding[]): string {
  return findings.map((f) => `${f.code}${f.symbol ? ` on ${f.symbol}` : ""} (${f.clearRule})`).join("; ");
}

function nearestReading(readings: readonly RuleReading[]): RiskWatch | null {
  let best: RiskWatch | null = null;
  for (const r of readings) {
    if (r.breached || !(r.threshold > 0) || !Number.isFinite(r.value)) continue;
    const ratio = r.value / r.threshold;
    if (best === null || ratio > best.ratio)
      best = { code: r.code, metric: r.metric, symbol: r.symbol, value: r.value, threshold: r.threshold, ratio };
  }
  return best;
}
