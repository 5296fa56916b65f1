import type { Clock, TimerId } from "../clock";
import type { MarketRegime } from "../model/regime";
import { classifyRegime, type RegimeThresholds } from "./regime";
import type { SymbolMetrics, SymbolMetricsTracker } from "./symbol-metrics";

export interface ScannerOptions {
  readonly symbols: readonly string[];
  readonly clock: Clock;
  readonly metrics: SymbolMetricsTracker;
  readonly thresholds: RegimeThresholds;
  /** Time for one pass over every symbol. */
  readonly cycleMs: number;
  /** Timer steps per cycle; each step scans its share of the symbols. */
  readonly stepsPerCycle: number;
}

export interface RegimeChange {
  readonly symbol: string;
  readonly from: MarketRegime | null;
  readonly to: MarketRegime;
  readonly at: number;
  readonly metrics: SymbolMetrics | undefined;
}

/** The seed's multi_symbol block. */
export interface ScanState {
  readonly symbolsCount: number;
  readonly lastScannedSymbol: string | null;
  readonly scanCursor: number;
  /** When the last full pass over the symbols completed (epoch ms), null before the first. */
  readonly scanCycleTs: number | null;
  readonly cycles: number;
}

export interface SymbolScan {
  readonly symbol: string;
  readonly regime: MarketRegime;
  readonly metrics: SymbolMetrics | undefined;
  readonly scannedAt: number;
}

/**
 * Walks the symbols round-robin on the engine clock, classifying each one's regime from its rolling
 * metrics. A symbol that has had no tick yet is STALE_DATA.
 */
/** The longest a scanner goes without telling a cycle (its heartbeat). */
const CYCLE_REPORT_MS = 60_000;

export class MultiSymbolScanner {
  private readonly scans = new Map<string, SymbolScan>();
  private cursor = 0;
  private lastScanned: string | null = null;
  private cycleTs: number | null = null;
  private cycles = 0;
  private timer: TimerId | null = null;
  private onCycle: ((scans: readonly SymbolScan[], at: number) => void) | null = null;
  /** A regime changed since the last cycle reported, or when it was: cycles are told only then. */
  private changedSinceReport = true;
  private lastReportAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: ScannerOptions) {}

  start(onChange: (change: RegimeChange) => void, onCycle?: (scans: readonly SymbolScan[], at: number) => void): void {
    if (this.timer !== null) return;
    this.onCycle = onCycle ?? null;
    const { cycleMs, stepsPerCycle, symbols } = this.options;
    // Each symbol is scanned once per cycle: with fewer symbols than steps, fewer (longer) steps.
    const steps = Math.max(1, Math.min(stepsPerCycle, symbols.length));
    const perStep = Math.ceil(symbols.length / steps);
    this.timer = this.options.clock.setRepeating(() => this.scanNext(perStep, onChange), cycleMs / steps);
  }

  stop(): void {
    if (this.timer !== null) this.options.clock.clearTimer(this.timer);
    this.timer = null;
  }

  /** Scans the next `count` symbols from the cursor; exposed for replays and tests. */
  scanNext(count: number, onChange: (change: RegimeChange) => void): void {
    const { symbols, clock, metrics, thresholds } = this.options;
    if (symbols.length === 0) return;
    const now = clock.now();
    for (let i = 0; i < count; i++) {
      const symbol = symbols[this.cursor] as string;
      const m = metrics.get(symbol, now);
      const regime = m === undefined ? "STALE_DATA" : classifyRegime(m, thresholds);
      const previous = this.scans.get(symbol)?.regime ?? null;
      this.scans.set(symbol, { symbol, regime, metrics: m, scannedAt: now });
      this.lastScanned = symbol;
      if (previous !== regime) {
        this.changedSinceReport = true;
        onChange({ symbol, from: previous, to: regime, at: now, metrics: m });
      }
      this.cursor = (this.cursor + 1) % symbols.length;
      if (this.cursor === 0) {
        this.cycleTs = now;
        this.cycles++;
        // A cycle is told when a regime changed, and at least once a minute (the scanner's heartbeat):
        // a cycle a second that changed nothing would cost the replay more than all its trading.
        if (this.onCycle !== null && (this.changedSinceReport || now - this.lastReportAt >= CYCLE_REPORT_MS)) {
          this.changedSinceReport = false;
          this.lastReportAt = now;
          this.onCycle(this.all(), now);
        }
      }
    }
  }

  state(): ScanState {
    return {
      symbolsCount: this.options.symbols.length,
      lastScannedSymbol: this.lastScanned,
      scanCursor: this.cursor,
      scanCycleTs: this.cycleTs,
      cycles: this.cycles,
    };
  }

  scan(symbol: string): SymbolScan | undefined {
    return this.scans.get(symbol);
  }

  all(): SymbolScan[] {
    return this.options.symbols.flatMap((s) => {
      const scan = this.scans.get(s);
      return scan === undefined ? [] : [scan];
    });
  }
}
