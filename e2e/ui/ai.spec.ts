import { ensureRunning, HELD_POSITION_TIMEOUT_MS, heldSymbol } from "../support/engine";
import { expect, test } from "./fixtures";

// The AI page as a person sees it: the eight agents, updated live by their components' work; the
// Critic's review on demand; a control just made, in the day's changelog.

test.beforeEach(async ({ request }) => {
  await ensureRunning(request);
});

test.afterAll(async ({ request }) => {
  await ensureRunning(request);
});

const AGENTS = [
  "Scout",
  "RegimeBrain",
  "SignalSynth",
  "ExecutionMind",
  "RiskGovernor",
  "Allocator",
  "Critic",
  "Engineer",
];

test("the AI page shows the eight agents, live, and the control just made in the changelog", async ({
  page,
  request,
  consoleErrors,
}) => {
  await page.goto("/ai");
  for (const name of AGENTS) {
    await expect(page.getByTestId(`agent-${name}`), name).toBeVisible();
    await expect(page.getByTestId(`agent-${name}-status`)).toHaveText(/^(working|idle|error|disabled)$/);
  }
  await expect(page.getByTestId("agent-Engineer-task")).toHaveText(
    "The strategy factory is off (AI_FACTORY_ENABLED=false)",
  );
  await expect(page.getByTestId("agent-Scout-task")).toHaveText(/^Scanned 10 symbols: \d+ candidates?/);

  // Live: some agent's task or steps change while the page is open (the market moves, the components work).
  const board = page.getByTestId("agents-board");
  const before = await board.innerText();
  await expect.poll(async () => (await board.innerText()) !== before, { timeout: 30_000 }).toBe(true);

  // The Critic reviews on demand.
  await page.getByTestId("critic-review").click();
  await expect(page.getByTestId("agent-Critic-task")).toHaveText(
    /^Reviewed \d+ (fills: no closed trade yet|trades: win)/,
  );

  // A control made now is in the day's changelog, with who made it.
  const reason = `ai page check ${Date.now()}`;
  expect((await request.post("/engine/pause", { data: { reason } })).status()).toBe(200);
  expect((await request.post("/engine/resume")).status()).toBe(200);
  await expect(page.getByTestId("changelog-item").filter({ hasText: reason })).toHaveText(
    new RegExp(`pause: RUNNING → PAUSED \\(${reason}\\)`),
    { timeout: 20_000 },
  );
  // ...and in the audit trail: what, who, through which interface, the outcome, before and after.
  const audited = page.getByTestId("audit-row").filter({ hasText: reason });
  await expect(audited).toContainText("engine.pause", { timeout: 20_000 });
  await expect(audited).toContainText("api:local");
  await expect(audited).toContainText("rest");
  await expect(audited).toContainText("ok");
  // Before and after (the database keeps JSON keys in its own order).
  await expect(audited).toContainText(/"engine_state":"RUNNING".* → .*"engine_state":"PAUSED"/);
  expect(consoleErrors).toEqual([]);
});

test("the Trades page lists closed trades with totals and the Critic's tables", async ({
  page,
  request,
  consoleErrors,
}) => {
  test.setTimeout(HELD_POSITION_TIMEOUT_MS + 60_000);
  await page.goto("/trades");
  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "open");
  await expect(page.getByTestId("trades-totals")).toBeVisible();
  await expect(page.getByTestId("review-strategy")).toBeVisible();
  await expect(page.getByTestId("review-symbol")).toBeVisible();
  // A position closed by hand now is a closed trade, shown live (the page follows the fills).
  const symbol = await heldSymbol(request);
  const closedByHand = () => page.getByTestId("trade-row").filter({ hasText: symbol }).filter({ hasText: "manual:" });
  const before = await closedByHand().count();
  expect((await request.post("/api/trpc/trading.closePosition", { data: { symbol } })).status()).toBe(200);
  await expect.poll(() => closedByHand().count(), { timeout: 20_000 }).toBeGreaterThan(before);
  // Each row's PnL is a number; the totals are the sum of the rows (all of them are listed here).
  const money = (t: string) => Number(t.replace("−", "-").replace(/[+,]/g, ""));
  const pnl = (await page.getByTestId("trade-pnl").allTextContents()).map(money);
  expect(pnl.every(Number.isFinite), pnl.join(" ")).toBe(true);
  const net = money((await page.getByTestId("trades-net-pnl").textContent()) ?? "");
  expect(Math.abs(net - pnl.reduce((a, b) => a + b, 0))).toBeLessThanOrEqual(0.005 * pnl.length + 1e-9);
  expect(consoleErrors).toEqual([]);
});
