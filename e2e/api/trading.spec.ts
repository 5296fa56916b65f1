import { expect, test } from "@playwright/test";

// Done-when of the trading core: with defaults the engine trades on paper within minutes, and
// /trading/why and /portfolio/summary tell one consistent story, checked on the live server.

const close = (a: number, b: number, what: string) =>
  expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(a), Math.abs(b)));

test("the engine trades on paper and its accounts reconcile on the live server", async ({ request }) => {
  test.setTimeout(240_000);
  let why: Record<string, unknown> = {};
  await expect
    .poll(
      async () => {
        why = await (await request.get("/trading/why")).json();
        return why.last_fill_ts;
      },
      { timeout: 200_000, intervals: [2000], message: "no paper fill within 200 s of a fresh start" },
    )
    .not.toBeNull();

  for (let i = 0; i < 5; i++) {
    const w = await (await request.get("/trading/why")).json();
    close(w.balance + w.unreal_pnl, w.equity, "why: balance + unreal_pnl = equity");
    close(w.equity - w.margin_used, w.margin_free, "why: equity - margin_used = margin_free");
    expect(w.execution_quality.avg_latency_ms).toBeGreaterThan(0);
    expect(w.top_reason_codes_last_5m).toEqual(expect.any(Array));

    const p = await (await request.get("/portfolio/summary")).json();
    close(p.balance + p.unrealized_pnl, p.equity, "portfolio: balance + unrealized = equity");
    close(p.start_equity + p.realized_pnl - p.fees_paid, p.balance, "portfolio: start + realized - fees = balance");
    expect(p.fees_paid).toBeGreaterThan(0);
    const positionsUpnl = p.positions.reduce((sum: number, x: { unrealized_pnl: number }) => sum + x.unrealized_pnl, 0);
    close(positionsUpnl, p.unrealized_pnl, "portfolio: sum of position uPnL = unrealized_pnl");
    for (const pos of p.positions) {
      expect(pos.qty).toBeGreaterThan(0);
      expect(["LONG", "SHORT"]).toContain(pos.side);
    }
    // Two requests, one engine: the counts agree unless a fill landed in between.
    expect(Math.abs(w.active_positions_count - p.positions.length)).toBeLessThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 500));
  }
});
