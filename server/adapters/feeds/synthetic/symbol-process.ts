import type { Tick } from "../../../engine/model/market";
import type { Rng } from "./prng";
import type { SymbolProfile } from "./symbol-profiles";

export type SyntheticRegime = "trend_up" | "trend_down" | "range";

const SECONDS_PER_YEAR = 365 * 24 * 3600;
// GARCH(1,1) weights per tick: alpha on the last squared shock, beta on the last variance.
const GARCH_ALPHA = 0.05;
const GARCH_BETA = 0.945;
const MEAN_REGIME_SECONDS: Record<SyntheticRegime, number> = { trend_up: 1200, trend_down: 1200, range: 2400 };
const REGIME_VOL: Record<SyntheticRegime, number> = { trend_up: 1.25, trend_down: 1.25, range: 0.8 };
const REGIME_VOLUME: Record<SyntheticRegime, number> = { trend_up: 1.4, trend_down: 1.4, range: 0.8 };
/** Range phases pull the price back to where the range began on this time scale. */
const RANGE_REVERSION_SECONDS = 600;
/** A very weak pull to the reference price, so a long run stays near real levels. */
const REFERENCE_REVERSION_SECONDS = 3 * 24 * 3600;
const MEAN_SECONDS_BETWEEN_JUMPS = 4 * 3600;
const MEAN_SECONDS_BETWEEN_QUIET = 30 * 60;
/** Largest time step simulated at once, so a long pause cannot produce an absurd move. */
const MAX_STEP_SECONDS = 60;

/** One symbol's price, volatility, regime and liquidity; advanced by next(ts). Pure: no clock, no I/O. */
export class SymbolProcess {
  private readonly baseVariance: number;
  private readonly priceScale: number;
  private readonly volumePerSecond: number;
  private logPrice: number;
  private readonly logReference: number;
  private variance: number;
  private regimeNow: SyntheticRegime = "range";
  private drift = 0;
  private rangeAnchor: number;
  private lastTs = Number.NaN;
  private quietUntil = Number.NEGATIVE_INFINITY;
  private wokeUp = false;

  constructor(
    readonly profile: SymbolProfile,
    private readonly rng: Rng,
    private readonly firstStepSeconds: number,
  ) {
    this.baseVariance = profile.annualVolatility ** 2 / SECONDS_PER_YEAR;
    this.variance = this.baseVariance;
    this.priceScale = 10 ** profile.tickDecimals / profile.tickMultiplier;
    this.volumePerSecond = profile.dailyQuoteVolume / 86_400;
    this.logReference = Math.log(profile.referencePrice);
    this.logPrice = this.logReference;
    this.rangeAnchor = this.logPrice;
    if (rng.next() < 0.5) this.enter(rng.next() < 0.5 ? "trend_up" : "trend_down");
  }

  /** Moves the process to this price (a restart continuing the market it left). */
  resumeAt(price: number): void {
    if (!(price > 0)) throw new RangeError(`resume price must be positive, got ${price}`);
    this.logPrice = Math.log(price);
    this.rangeAnchor = this.logPrice;
  }

  get regime(): SyntheticRegime {
    return this.regimeNow;
  }

  /** The next tick at time ts, or undefined while the symbol is in a quiet spell. */
  next(ts: number): Tick | undefined {
    if (ts < this.quietUntil) return undefined;
    const rng = this.rng;
    const dt = Number.isNaN(this.lastTs)
      ? this.firstStepSeconds
      : Math.min(MAX_STEP_SECONDS, Math.max(0.001, (ts - this.lastTs) / 1000));
    this.lastTs = ts;

    // A spell never follows a spell directly, so one silence lasts a few seconds, not a minute.
    if (rng.next() < dt / MEAN_SECONDS_BETWEEN_QUIET && !this.wokeUp) {
      this.quietUntil = ts + rng.uniform(2000, 8000);
      this.wokeUp = true;
      return undefined;
    }
    this.wokeUp = false;
    if (rng.next() < 1 - Math.exp(-dt / MEAN_REGIME_SECONDS[this.regimeNow])) this.switchRegime();

    const shock = Math.sqrt(this.variance * dt) * rng.normal();
    let move = shock + this.drift * dt + ((this.logReference - this.logPrice) * dt) / REFERENCE_REVERSION_SECONDS;
    if (this.regimeNow === "range") move += ((this.rangeAnchor - this.logPrice) * dt) / RANGE_REVERSION_SECONDS;
    let jumped = false;
    if (rng.next() < dt / MEAN_SECONDS_BETWEEN_JUMPS) {
      const oneMinuteSigma = Math.sqrt(this.baseVariance * 60);
      move += (rng.next() < 0.5 ? -1 : 1) * rng.uniform(3, 8) * oneMinuteSigma;
      jumped = true;
    }
    this.logPrice += move;

    const target = this.baseVariance * REGIME_VOL[this.regimeNow];
    this.variance =
      (1 - GARCH_ALPHA - GARCH_BETA) * target + (GARCH_ALPHA * shock * shock) / dt + GARCH_BETA * this.variance;
    if (jumped) this.variance *= 5;
    this.variance = Math.min(50 * this.baseVariance, Math.max(0.05 * this.baseVariance, this.variance));

    return this.quote(ts, dt);
  }

  private quote(ts: number, dt: number): Tick {
    const rng = this.rng;
    const mid = Math.exp(this.logPrice);
    const stress = Math.sqrt(this.variance / this.baseVariance);
    const spreadFraction = (this.profile.baseSpreadBps / 10_000) * stress * rng.lognormal(0.25);
    const scale = this.priceScale;
    const spreadTicks = Math.max(1, Math.round(mid * spreadFraction * scale));
    const bidTicks = Math.max(1, Math.floor(mid * scale - spreadTicks / 2));
    const bid = this.toPrice(bidTicks);
    const ask = this.toPrice(bidTicks + spreadTicks);

    const buyChance = this.regimeNow === "trend_up" ? 0.56 : this.regimeNow === "trend_down" ? 0.44 : 0.5;
    const last = rng.next() < buyChance ? ask : bid;
    const volume = this.volumePerSecond * dt * stress * REGIME_VOLUME[this.regimeNow] * rng.lognormal(0.9);
    const depthQuote = this.volumePerSecond * 20;
    return {
      symbol: this.profile.symbol,
      ts,
      bid,
      ask,
      last,
      bidSize: roundSize((depthQuote * rng.lognormal(0.6)) / mid),
      askSize: roundSize((depthQuote * rng.lognormal(0.6)) / mid),
      volume: Math.round(volume * 100) / 100,
    };
  }

  /** Integer ticks to an exact decimal price: dividing an integer by a power of ten rounds correctly. */
  private toPrice(ticks: number): number {
    return (ticks * this.profile.tickMultiplier) / 10 ** this.profile.tickDecimals;
  }

  private switchRegime(): void {
    const u = this.rng.next();
    if (this.regimeNow === "range") this.enter(u < 0.5 ? "trend_up" : "trend_down");
    else if (u < 0.75) this.enter("range");
    else this.enter(this.regimeNow === "trend_up" ? "trend_down" : "trend_up");
  }

  private enter(regime: SyntheticRegime): void {
    this.regimeNow = regime;
    this.rangeAnchor = this.logPrice;
    // Drift in units of the per-second volatility: over a 20-minute trend it moves the price 1-2.5 sigma.
    const strength = this.rng.uniform(0.03, 0.07) * Math.sqrt(this.baseVariance);
    this.drift = regime === "trend_up" ? strength : regime === "trend_down" ? -strength : 0;
  }
}

function roundSize(size: number): number {
  const digits = Math.max(0, 3 - Math.floor(Math.log10(Math.max(size, 1e-9))));
  const f = 10 ** Math.min(8, digits);
  return Math.max(1 / f, Math.round(size * f) / f);
}
