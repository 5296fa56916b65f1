import type { Clock } from "../clock";
import type { Tick, Ticker } from "../model/market";

const MINUTE_MS = 60_000;
const WINDOW_MINUTES = 1440;

/** Quote volume per minute over the trailing 24 hours: slot = minute mod 1440, tagged with its minute. */
class VolumeWindow {
  private readonly minutes = new Float64Array(WINDOW_MINUTES).fill(-1);
  private readonly volumes = new Float64Array(WINDOW_MINUTES);
  private sum = 0;
  /** Every minute before this one has been evicted. */
  private oldest = Number.NEGATIVE_INFINITY;
  private evictions = 0;

  add(minute: number, volume: number): void {
    this.evictBefore(minute - WINDOW_MINUTES + 1);
    if (minute < this.oldest || volume === 0) return;
    const slot = minute % WINDOW_MINUTES;
    if (this.minutes[slot] !== minute) {
      this.minutes[slot] = minute;
      this.volumes[slot] = 0;
    }
    this.volumes[slot] = (this.volumes[slot] ?? 0) + volume;
    this.sum += volume;
  }

  /** Total over the 1440 minutes ending with `minute` (the current, partial one included). */
  total(minute: number): number {
    this.evictBefore(minute - WINDOW_MINUTES + 1);
    return this.sum;
  }

  private evictBefore(firstKept: number): void {
    if (firstKept <= this.oldest) return;
    if (firstKept - this.oldest >= WINDOW_MINUTES) {
      for (let i = 0; i < WINDOW_MINUTES; i++) {
        if ((this.minutes[i] ?? -1) >= 0 && (this.minutes[i] ?? 0) < firstKept) this.evictSlot(i);
      }
    } else {
      for (let m = this.oldest; m < firstKept; m++) {
        const slot = m % WINDOW_MINUTES;
        if (this.minutes[slot] === m) this.evictSlot(slot);
      }
    }
    this.oldest = firstKept;
    // Subtraction is cheap but rounds; a full re-sum once per window's worth of evictions bounds it.
    if (this.evictions >= WINDOW_MINUTES) {
      this.evictions = 0;
      let s = 0;
      for (let i = 0; i < WINDOW_MINUTES; i++) s += this.volumes[i] ?? 0;
      this.sum = s;
    }
  }

  private evictSlot(slot: number): void {
    this.sum = Math.max(0, this.sum - (this.volumes[slot] ?? 0));
    this.minutes[slot] = -1;
    this.volumes[slot] = 0;
    this.evictions++;
  }
}

interface SymbolState {
  readonly symbol: string;
  bid: number;
  ask: number;
  last: number;
  ts: number;
  readonly volume: VolumeWindow;
}

export interface TickerBookOptions {
  /** When given, the 24h window ends at clock.now(); otherwise at the newest tick seen for any symbol. */
  readonly clock?: Clock;
}

/** The latest price of every symbol with its trailing 24-hour quote volume. */
export class TickerBook {
  private readonly bySymbol = new Map<string, SymbolState>();
  private readonly clock: Clock | undefined;
  private newestTs = Number.NEGATIVE_INFINITY;

  constructor({ clock }: TickerBookOptions = {}) {
    this.clock = clock;
  }

  onTick(tick: Tick): void {
    let state = this.bySymbol.get(tick.symbol);
    if (state === undefined) {
      state = {
        symbol: tick.symbol,
        bid: 0,
        ask: 0,
        last: 0,
        ts: Number.NEGATIVE_INFINITY,
        volume: new VolumeWindow(),
      };
      this.bySymbol.set(tick.symbol, state);
    }
    if (tick.volume > 0 && Number.isFinite(tick.volume)) state.volume.add(Math.floor(tick.ts / MINUTE_MS), tick.volume);
    // A late tick still counts toward volume but never moves the price backwards in time.
    if (tick.ts >= state.ts) {
      state.bid = tick.bid;
      state.ask = tick.ask;
      state.last = tick.last;
      state.ts = tick.ts;
    }
    if (tick.ts > this.newestTs) this.newestTs = tick.ts;
  }

  get(symbol: string): Ticker | undefined {
    const state = this.bySymbol.get(symbol);
    return state === undefined ? undefined : this.toTicker(state, this.currentMinute());
  }

  all(): Ticker[] {
    const minute = this.currentMinute();
    return [...this.bySymbol.values()].map((s) => this.toTicker(s, minute));
  }

  lastTickAt(symbol: string): number | undefined {
    return this.bySymbol.get(symbol)?.ts;
  }

  private currentMinute(): number {
    return Math.floor((this.clock?.now() ?? this.newestTs) / MINUTE_MS);
  }

  private toTicker(s: SymbolState, minute: number): Ticker {
    return { symbol: s.symbol, price: s.last, bid: s.bid, ask: s.ask, volume24h: s.volume.total(minute), ts: s.ts };
  }
}
