import { closedTrades, type ReviewRow, reviewTrades, type TradeFill, type TradeReview } from "../analytics";
import type { Clock, TimerId } from "../clock";
import type { AgentRegistry } from "./agent-registry";

export interface CriticOptions {
  readonly registry: AgentRegistry;
  readonly clock: Clock;
  /** The recorded fills, oldest first, with their orders' strategies. */
  readonly readFills: () => Promise<readonly TradeFill[]>;
  /** After each review that read new fills (an adaptation may follow, through the gate). */
  readonly onReview?: (review: TradeReview) => void;
}

const fmt = (x: number | null, digits = 2) => (x === null ? "—" : x.toFixed(digits));

function rowText(r: ReviewRow): string {
  return `${r.key} ${r.trades} trade${r.trades === 1 ? "" : "s"}, win ${fmt(r.winRate === null ? null : r.winRate * 100, 0)} %, expectancy ${fmt(r.expectancy)}`;
}

/**
 * The Critic: reviews every closed trade per strategy and per symbol (trades, win rate, expectancy,
 * profit factor, Sharpe, drawdown) from the recorded fills, on a schedule and on demand. A scheduled
 * review with no new fill since the last one does nothing.
 */
export class Critic {
  private lastFillCount = -1;
  private timer: TimerId | null = null;
  private running: Promise<TradeReview | null> | null = null;
  latest: TradeReview | null = null;

  constructor(private readonly o: CriticOptions) {}

  start(everyMs: number): void {
    if (this.timer !== null) return;
    this.timer = this.o.clock.setRepeating(() => void this.review("schedule"), everyMs);
    void this.review("schedule");
  }

  stop(): void {
    if (this.timer !== null) this.o.clock.clearTimer(this.timer);
    this.timer = null;
  }

  review(trigger: "schedule" | "demand"): Promise<TradeReview | null> {
    if (this.running !== null) return this.running;
    this.running = this.run(trigger)
      .catch((error: unknown) => {
        this.o.registry.report(
          "Critic",
          this.o.clock.now(),
          "error",
          `The review failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        return null;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async run(trigger: "schedule" | "demand"): Promise<TradeReview | null> {
    const { registry, clock } = this.o;
    let fills: readonly TradeFill[];
    try {
      fills = await this.o.readFills();
    } catch (error) {
      registry.report(
        "Critic",
        clock.now(),
        "error",
        `Could not read the fills: ${error instanceof Error ? error.message : String(error)}`,
      );
      return null;
    }
    if (trigger === "schedule" && fills.length === this.lastFillCount) return this.latest;
    this.lastFillCount = fills.length;
    registry.report("Critic", clock.now(), "working", `Reviewing ${fills.length} fills (${trigger})`);
    const { trades } = closedTrades(fills);
    const review = reviewTrades(trades);
    this.latest = review;
    const t = review.totals;
    const ranked = [...review.byStrategy].sort((a, b) => (b.expectancy ?? 0) - (a.expectancy ?? 0));
    const best = ranked[0];
    const worst = ranked.length > 1 ? ranked[ranked.length - 1] : undefined;
    const task =
      t.trades === 0
        ? `Reviewed ${fills.length} fills: no closed trade yet`
        : `Reviewed ${t.trades} trades: win ${fmt((t.winRate ?? 0) * 100, 0)} %, expectancy ${fmt(t.expectancy)}, profit factor ${t.profitFactorUnbounded ? "∞" : fmt(t.profitFactor)}, Sharpe ${fmt(t.sharpe)}, max drawdown ${fmt(t.maxDrawdown)}${best ? `; best ${rowText(best)}` : ""}${worst ? `; worst ${rowText(worst)}` : ""}`;
    registry.report("Critic", clock.now(), "idle", task, {
      action: "review",
      result: { trigger, fills: fills.length, totals: t, by_strategy: review.byStrategy, by_symbol: review.bySymbol },
    });
    this.o.onReview?.(review);
    return review;
  }
}
