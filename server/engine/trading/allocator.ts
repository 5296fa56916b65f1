import type { Candle } from "../model/market";

/** How many one-minute returns a symbol's volatility is measured over. */
const WINDOW = 60;
/** Fewer returns than this: the symbol's volatility is not known yet (it gets the average weight). */
const MIN_RETURNS = 20;
/** A symbol's scale stays within these bounds of the equal share: no symbol is starved or doubled beyond. */
const MIN_SCALE = 0.5;
const DEFAULT_MAX_SCALE = 2;

export interface Allocation {
  readonly symbol: string;
  /** Share of the risk budget, Σ = 1. */
  readonly weight: number;
  /** weight × number of symbols: what a trade's risk is multiplied by (1 = the equal share). */
  readonly scale: number;
  /** Standard deviation of one-minute log returns; null while not known. */
  readonly volatility: number | null;
}

/**
 * The allocation rule position sizing uses: inverse-volatility (risk-parity) weights across the
 * symbols that trade, each scale capped to [0.5, 2] × the equal share (the cap is adaptable), so a calm symbol takes a
 * larger position for the same risk and a wild one a smaller. "equal" keeps every scale at 1.
 */
export class Allocator {
  private readonly closes = new Map<string, number[]>();
  /** Each symbol's volatility, measured again only when its own bar closes. */
  private readonly vols = new Map<string, number | null>();
  private weights: Allocation[];
  /** The most one symbol may take, in equal shares (an adaptation may change it live). */
  private maxScaleValue = DEFAULT_MAX_SCALE;

  constructor(
    private readonly symbols: readonly string[],
    readonly mode: "volatility" | "equal" = "volatility",
  ) {
    this.weights = symbols.map((symbol) => ({ symbol, weight: 1 / symbols.length, scale: 1, volatility: null }));
  }

  /** A closed one-minute bar; true when the weights changed. */
  onBar(bar: Candle): boolean {
    if (bar.timeframe !== "1m" || !this.symbols.includes(bar.symbol) || this.mode === "equal") return false;
    let list = this.closes.get(bar.symbol);
    if (list === undefined) {
      list = [];
      this.closes.set(bar.symbol, list);
    }
    list.push(bar.close);
    if (list.length > WINDOW + 1) list.shift();
    this.vols.set(bar.symbol, volatility(list));
    const before = this.weights;
    this.weights = this.compute();
    return before.some((w, i) => Math.abs(w.weight - (this.weights[i]?.weight ?? 0)) > 1e-12);
  }

  get maxScale(): number {
    return this.maxScaleValue;
  }

  /** Sets the cap of one symbol's share and shares the budget again. */
  setMaxScale(value: number): void {
    this.maxScaleValue = value;
    if (this.mode === "volatility") this.weights = this.compute();
  }

  scale(symbol: string): number {
    return this.weights.find((w) => w.symbol === symbol)?.scale ?? 1;
  }

  current(): readonly Allocation[] {
    return this.weights;
  }

  private compute(): Allocation[] {
    const n = this.symbols.length;
    const vols = this.symbols.map((s) => this.vols.get(s) ?? null);
    const known = vols.filter((v): v is number => v !== null && v > 0);
    if (known.length === 0)
      return this.symbols.map((symbol, i) => ({ symbol, weight: 1 / n, scale: 1, volatility: vols[i] ?? null }));
    // A symbol without a measured volatility counts as the average inverse volatility.
    const inverse = known.reduce((a, v) => a + 1 / v, 0) / known.length;
    const raw = vols.map((v) => (v !== null && v > 0 ? 1 / v : inverse));
    const weights = capped(raw, MIN_SCALE / n, Math.max(1, this.maxScaleValue) / n);
    return this.symbols.map((symbol, i) => ({
      symbol,
      weight: weights[i] as number,
      scale: (weights[i] as number) * n,
      volatility: vols[i] ?? null,
    }));
  }
}

function volatility(closes: readonly number[]): number | null {
  if (closes.length - 1 < MIN_RETURNS) return null;
  const r: number[] = [];
  for (let i = 1; i < closes.length; i++) r.push(Math.log((closes[i] as number) / (closes[i - 1] as number)));
  const mean = r.reduce((a, b) => a + b, 0) / r.length;
  return Math.sqrt(r.reduce((a, x) => a + (x - mean) ** 2, 0) / (r.length - 1));
}

/**
 * Normalised weights within [lo, hi]: those above hi are fixed there first, then those below lo,
 * each time the rest sharing what is left in proportion to raw.
 */
export function capped(raw: readonly number[], lo: number, hi: number): number[] {
  const out = raw.map(() => 0);
  const free = new Set(raw.map((_, i) => i));
  let budget = 1;
  for (let round = 0; round < 2 * raw.length + 1 && free.size > 0; round++) {
    const total = [...free].reduce((a, i) => a + (raw[i] as number), 0);
    const share = (i: number) => (budget * (raw[i] as number)) / total;
    const over = [...free].filter((i) => share(i) > hi);
    const under = over.length > 0 ? [] : [...free].filter((i) => share(i) < lo);
    const fix = over.length > 0 ? over : under;
    if (fix.length === 0) {
      for (const i of free) out[i] = share(i);
      break;
    }
    const bound = over.length > 0 ? hi : lo;
    for (const i of fix) {
      out[i] = bound;
      budget -= bound;
      free.delete(i);
    }
  }
  return out;
}
