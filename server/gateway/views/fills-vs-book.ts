import type { FillsVsBookRow } from "../../engine/execution/fills-vs-book";
import type { HeanRuntime } from "../../runtime";
import { round } from "./time";
import { requireTrading } from "./trading-why";

const rowPayload = (r: FillsVsBookRow) => ({
  key: r.key,
  fills: r.fills,
  mean_bps: round(r.meanBps, 4),
  worst_bps: round(r.worstBps, 4),
  best_bps: round(r.bestBps, 4),
  better_than_book_share: round(r.betterThanBookShare, 6),
  beyond_top_share: round(r.beyondTopShare, 6),
});

/**
 * The last 1000 fills against the top of the book at the same moment. On a live exchange feed with
 * paper trading, this is how far paper fills were from what the market offered.
 */
export function fillsVsBook(rt: HeanRuntime) {
  const trading = requireTrading(rt);
  const report = trading.fillsVsBook.report();
  const feed = rt.engine.status().feed;
  return {
    mode: rt.mode,
    feed: feed.name,
    live_book: feed.connection !== null,
    total: report.total === null ? null : rowPayload(report.total),
    by_symbol: report.bySymbol.map(rowPayload),
  };
}
