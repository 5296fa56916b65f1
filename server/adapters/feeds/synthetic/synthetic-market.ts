import type { Tick } from "../../../engine/model/market";
import { hashString, mix32, Rng } from "./prng";
import { SymbolProcess, type SyntheticRegime } from "./symbol-process";
import { DEFAULT_SYMBOLS, profileFor, type SymbolProfile, tickSizeOf } from "./symbol-profiles";

export interface SyntheticMarketOptions {
  readonly symbols?: readonly string[];
  readonly seed?: number;
  /** Step assumed before a symbol's first tick (later steps use the time between ticks). */
  readonly tickIntervalMs?: number;
}

/**
 * A deterministic multi-symbol market with no clock: the caller supplies each tick's time. Each symbol
 * has its own random stream derived from (seed, symbol), so adding a symbol does not change the others.
 */
export class SyntheticMarket {
  readonly symbols: readonly string[];
  private readonly processes: SymbolProcess[];
  private readonly bySymbol = new Map<string, SymbolProcess>();

  constructor({ symbols = DEFAULT_SYMBOLS, seed = 1, tickIntervalMs = 250 }: SyntheticMarketOptions = {}) {
    if (new Set(symbols).size !== symbols.length) throw new RangeError("symbols must be unique");
    this.symbols = [...symbols];
    this.processes = this.symbols.map((symbol) => {
      const rng = new Rng(mix32(hashString(symbol) ^ mix32(seed)));
      const process = new SymbolProcess(profileFor(symbol), rng, tickIntervalMs / 1000);
      this.bySymbol.set(symbol, process);
      return process;
    });
  }

  /** One tick per symbol at time ts, except symbols in a quiet spell. */
  step(ts: number): Tick[] {
    const out: Tick[] = [];
    for (const p of this.processes) {
      const tick = p.next(ts);
      if (tick !== undefined) out.push(tick);
    }
    return out;
  }

  /** The symbol's next tick at ts, or undefined while it is quiet. */
  nextTick(symbol: string, ts: number): Tick | undefined {
    return this.process(symbol).next(ts);
  }

  /** Continues each listed symbol from its price; symbols not listed keep their own. */
  resumeFrom(lastPrices: ReadonlyMap<string, number>): void {
    for (const [symbol, price] of lastPrices) this.bySymbol.get(symbol)?.resumeAt(price);
  }

  regime(symbol: string): SyntheticRegime {
    return this.process(symbol).regime;
  }

  profile(symbol: string): SymbolProfile {
    return this.process(symbol).profile;
  }

  tickSize(symbol: string): number {
    return tickSizeOf(this.process(symbol).profile);
  }

  private process(symbol: string): SymbolProcess {
    const p = this.bySymbol.get(symbol);
    if (p === undefined) throw new RangeError(`unknown synthetic symbol ${symbol}`);
    return p;
  }
}
