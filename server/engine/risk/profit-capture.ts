export interface ProfitCaptureSettings {
  readonly enabled: boolean;
  /** Gain over the start equity that triggers a capture, in percent. */
  readonly targetPct: number;
  /** Fall from the peak that triggers a capture while still in profit, in percent. */
  readonly trailPct: number;
  readonly mode: "full" | "partial";
  /** With mode partial: the share of each position closed, in percent. */
  readonly partialPct: number;
  readonly afterAction: "pause" | "continue";
  /** With after_action continue: entries are sized with this multiplier afterwards. */
  readonly continueRiskMult: number;
}

export type CaptureReason = "TARGET_REACHED" | "TRAIL_STOP";

export interface CaptureTrigger {
  readonly at: number;
  readonly reason: CaptureReason;
  readonly equity: number;
  readonly startEquity: number;
  readonly peakEquity: number;
  /** equity / start − 1, in percent. */
  readonly gainPct: number;
}

/** Persisted and shown in /trading/why (profit_capture_state). */
export interface ProfitCaptureSnapshot {
  readonly startEquity: number;
  readonly peakEquity: number;
  readonly triggered: boolean;
  /** The engine is paused by a capture and trading waits for a resume. */
  readonly locked: boolean;
  readonly riskMultiplier: number;
  readonly lastAction: string | null;
  readonly lastReason: string | null;
  readonly lastAt: number | null;
}

const percent = (x: number) => `${Number(x.toFixed(2))}%`;

/**
 * Locks in profit: armed from the start equity, it triggers at +target, or on a fall of trail from
 * the peak while still in profit. The engine then closes all (full) or a share (partial) of every
 * position and either pauses (locked until a resume) or continues with smaller risk. After each
 * capture the start equity moves to the equity at that moment, so the next target is measured anew.
 */
export class ProfitCapture {
  private s: ProfitCaptureSnapshot;

  constructor(
    readonly settings: ProfitCaptureSettings,
    startEquity: number,
  ) {
    this.s = {
      startEquity,
      peakEquity: startEquity,
      triggered: false,
      locked: false,
      riskMultiplier: 1,
      lastAction: null,
      lastReason: null,
      lastAt: null,
    };
  }

  /** Watching for a trigger: enabled and not waiting for a resume. */
  get armed(): boolean {
    return this.settings.enabled && !this.s.locked;
  }

  get locked(): boolean {
    return this.s.locked;
  }

  get riskMultiplier(): number {
    return this.s.riskMultiplier;
  }

  /** Follows equity; returns a trigger when a capture is due (the caller executes it, then executed()). */
  onEquity(at: number, equity: number): CaptureTrigger | null {
    if (equity > this.s.peakEquity) this.s = { ...this.s, peakEquity: equity };
    if (!this.armed || !(this.s.startEquity > 0)) return null;
    const { startEquity, peakEquity } = this.s;
    const gainPct = (equity / startEquity - 1) * 100;
    const trailStop = peakEquity * (1 - this.settings.trailPct / 100);
    let reason: CaptureReason | null = null;
    // Compared in equity, not in percent, so +20.00% of 1000 is 1200 exactly.
    if (equity >= startEquity * (1 + this.settings.targetPct / 100)) reason = "TARGET_REACHED";
    else if (peakEquity > startEquity && equity <= trailStop && equity > startEquity) reason = "TRAIL_STOP";
    return reason === null ? null : { at, reason, equity, startEquity, peakEquity, gainPct };
  }

  /** Records a capture the engine carried out; `closed` describes what it closed. */
  executed(t: CaptureTrigger, closed: string): void {
    const pause = this.settings.afterAction === "pause";
    const why =
      t.reason === "TARGET_REACHED"
        ? `equity ${t.equity.toFixed(2)} is ${percent(t.gainPct)} over the start ${t.startEquity.toFixed(2)} (target ${percent(this.settings.targetPct)})`
        : `equity ${t.equity.toFixed(2)} fell ${percent((1 - t.equity / t.peakEquity) * 100)} from the peak ${t.peakEquity.toFixed(2)} (trail ${percent(this.settings.trailPct)}), still ${percent(t.gainPct)} in profit`;
    this.s = {
      startEquity: t.equity,
      peakEquity: t.equity,
      triggered: true,
      locked: pause,
      riskMultiplier: pause ? this.s.riskMultiplier : this.settings.continueRiskMult,
      lastAction: `${this.settings.mode === "full" ? "CLOSE_ALL" : `CLOSE_${this.settings.partialPct}PCT`}_${pause ? "PAUSE" : "CONTINUE"}: ${closed}`,
      lastReason: `PROFIT_CAPTURED (${t.reason}): ${why}`,
      lastAt: t.at,
    };
  }

  /** The engine resumed after a capture paused it: trading is unlocked and the watch re-arms. */
  resume(at: number, equity: number): boolean {
    if (!this.s.locked) return false;
    this.s = { ...this.s, locked: false, startEquity: equity, peakEquity: equity, lastAt: at };
    return true;
  }

  snapshot(): ProfitCaptureSnapshot {
    return this.s;
  }

  restore(s: ProfitCaptureSnapshot): void {
    this.s = s;
  }
}
