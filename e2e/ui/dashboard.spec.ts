import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import {
  DEFAULT_SYMBOLS,
  engineState,
  ensureRunning,
  HELD_POSITION_TIMEOUT_MS,
  heldSymbol,
  parsePrice,
} from "../support/engine";
import { expect, recordErrors, test } from "./fixtures";

// The dashboard at `/` as a person sees it: engine state, the live ticker table, the controls.

const ARTIFACTS = join(process.cwd(), "e2e-artifacts");

test.beforeEach(async ({ request }) => {
  await ensureRunning(request);
});

test.afterAll(async ({ request }) => {
  await ensureRunning(request);
});

async function prices(page: Page): Promise<number[]> {
  return Promise.all(
    DEFAULT_SYMBOLS.map(async (s) => parsePrice(await page.getByTestId(`ticker-price-${s}`).textContent())),
  );
}

test("dashboard shows engine state and a live price for every default symbol", async ({ page, consoleErrors }) => {
  await page.goto("/");
  await expect(page.getByTestId("engine-state")).toHaveText(/^\s*(RUNNING|PAUSED|STOPPED|ERROR)\s*$/);
  await expect(page.getByTestId("engine-state")).toHaveText(/RUNNING/);

  for (const symbol of DEFAULT_SYMBOLS) {
    await expect(page.getByTestId(`ticker-row-${symbol}`), `row ${symbol}`).toBeVisible();
    await expect(page.getByTestId(`ticker-row-${symbol}`).getByTestId(`ticker-price-${symbol}`)).toBeVisible();
  }
  await expect
    .poll(async () => (await prices(page)).filter((p) => Number.isFinite(p) && p > 0).length, {
      message: "every row shows a positive price",
    })
    .toBe(DEFAULT_SYMBOLS.length);

  // Each price at its symbol's tick size: BTCUSDT 0.1, ETHUSDT 0.01, DOGEUSDT 0.00001.
  await expect(page.getByTestId("ticker-price-BTCUSDT")).toHaveText(/^\d{1,3}(,\d{3})*\.\d$/);
  await expect(page.getByTestId("ticker-price-ETHUSDT")).toHaveText(/^\d{1,3}(,\d{3})*\.\d{2}$/);
  await expect(page.getByTestId("ticker-price-DOGEUSDT")).toHaveText(/^0\.\d{5}$/);

  // Prices move on screen without a reload: mark the document, then wait for a change.
  await page.evaluate(() => {
    (window as unknown as { __heanE2eMarker?: number }).__heanE2eMarker = 1;
  });
  const before = await prices(page);
  await expect
    .poll(async () => (await prices(page)).some((p, i) => p !== before[i]), {
      timeout: 15_000,
      intervals: [250],
      message: "a price changes on screen within 15 s",
    })
    .toBe(true);
  expect(
    await page.evaluate(() => (window as unknown as { __heanE2eMarker?: number }).__heanE2eMarker),
    "the page was not reloaded",
  ).toBe(1);

  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, "dashboard.png"), fullPage: true });
  expect(consoleErrors).toEqual([]);
});

test("pause and resume from the dashboard", async ({ page, request, consoleErrors }) => {
  await page.goto("/");
  const state = page.getByTestId("engine-state");
  await expect(state).toHaveText(/RUNNING/);

  await page.getByTestId("control-pause").click();
  await expect(state).toHaveText(/PAUSED/);
  expect(await engineState(request)).toBe("PAUSED");
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, "dashboard-paused.png"), fullPage: true });

  await page.getByTestId("control-resume").click();
  await expect(state).toHaveText(/RUNNING/);
  expect(await engineState(request)).toBe("RUNNING");
  expect(consoleErrors).toEqual([]);
});

test("account, risk, why and positions panels show the live engine", async ({ page, consoleErrors }) => {
  await page.goto("/");
  await expect(page.getByTestId("equity")).toHaveText(/^[\d,]+\.\d{2}$/);
  await expect(page.getByTestId("equity-curve").locator("canvas").first()).toBeVisible();
  await expect(page.getByTestId("risk-state")).toHaveText(/^(NORMAL|SOFT_BRAKE|QUARANTINE|HARD_STOP)$/);
  await expect(page.getByTestId("why-summary")).not.toBeEmpty();
  await expect(page.getByTestId("profit-capture")).toContainText(/off \(PROFIT_CAPTURE_ENABLED=false\)|armed|paused/);
  await expect(page.getByTestId("positions")).toBeVisible();
  await expect(page.getByTestId("orders")).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test("every control answer is a toast: done, and a refusal as a 409 state conflict", async ({
  page,
  consoleErrors,
}) => {
  await page.goto("/");
  await expect(page.getByTestId("engine-state")).toHaveText(/RUNNING/);
  await page.getByTestId("control-pause").click();
  await expect(page.getByText("Pause: done")).toBeVisible();
  await page.getByTestId("control-pause").click();
  await expect(page.getByText("Pause: state conflict (409)")).toBeVisible();
  await page.getByTestId("control-resume").click();
  await expect(page.getByText("Resume: done")).toBeVisible();
  await expect(page.getByTestId("engine-state")).toHaveText(/RUNNING/);
  expect(consoleErrors).toEqual([]);
});

test("kill from the dashboard shows HARD_STOP and why; Clear lifts it and start trades again", async ({
  page,
  request,
  consoleErrors,
}) => {
  await page.goto("/");
  page.once("dialog", (d) => void d.accept());
  await page.getByTestId("control-kill").click();
  await expect(page.getByTestId("risk-state")).toHaveText("HARD_STOP");
  await expect(page.getByTestId("risk-reasons")).toContainText("KILLSWITCH");
  await expect(page.getByTestId("why-summary")).toContainText("Killswitch triggered", { timeout: 5_000 });
  await page.getByTestId("risk-clear").click();
  await expect(page.getByTestId("risk-state")).not.toHaveText("HARD_STOP");
  await page.getByTestId("control-start").click();
  await expect(page.getByTestId("engine-state")).toHaveText(/RUNNING/);
  expect(await engineState(request)).toBe("RUNNING");
  expect(consoleErrors).toEqual([]);
});

test("10 rapid clicks across stop, restart and resume leave a working, consistent page", async ({
  page,
  request,
  consoleErrors,
}) => {
  await page.goto("/");
  const order = ["stop", "restart", "resume", "stop", "resume", "restart", "stop", "restart", "resume", "restart"];
  for (const command of order) await page.getByTestId(`control-${command}`).click({ noWaitAfter: true });
  await expect(page.getByTestId("engine-state")).toHaveText(/^(RUNNING|PAUSED|STOPPED)$/);
  await expect
    .poll(async () => (await page.getByTestId("engine-state").textContent())?.trim(), { timeout: 10_000 })
    .toBe(await engineState(request));
  await expect(page.getByTestId("ticker-row-BTCUSDT")).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test("the candlestick chart draws history and switches symbol and timeframe", async ({ page, consoleErrors }) => {
  await page.goto("/chart");
  const chart = page.getByTestId("market-chart");
  await expect(chart.locator("canvas").first()).toBeVisible();
  await expect
    .poll(async () => Number((await page.getByTestId("chart-bars").textContent())?.split(" ")[0]))
    .toBeGreaterThan(10);
  await page.getByTestId("chart-tf-5m").click();
  await expect(page.getByTestId("chart-tf-5m")).toHaveAttribute("aria-pressed", "true");
  await expect
    .poll(async () => Number((await page.getByTestId("chart-bars").textContent())?.split(" ")[0]))
    .toBeGreaterThan(2);
  await page.getByTestId("chart-symbol").selectOption("ETHUSDT");
  await expect
    .poll(async () => Number((await page.getByTestId("chart-bars").textContent())?.split(" ")[0]))
    .toBeGreaterThan(2);
  expect(consoleErrors).toEqual([]);
});

test("the decisions log pages the database's history and filters it", async ({ page, consoleErrors }) => {
  await page.goto("/decisions");
  const total = page.getByTestId("decisions-total");
  await expect(total).toHaveText(/^\d+ decisions · page 1 of \d+$/);
  // Times read both ways: local clock time and how long ago.
  await expect(page.getByTestId("decisions-rows").locator("time").first()).toHaveText(
    /^(\d{4}-\d{2}-\d{2} )?\d{2}:\d{2}:\d{2} · \d+(\.\d)? (s|min|h|d) ago$/,
  );
  await page.getByTestId("decisions-reason").selectOption("ENGINE_PAUSED");
  await expect(total).toHaveText(/^\d+ decisions · page 1 of \d+$/);
  const rows = page.getByTestId("decisions-rows").locator("tr");
  await expect
    .poll(async () =>
      (await rows.allTextContents()).every((t) => t.includes("ENGINE_PAUSED") || t.includes("No decision matches")),
    )
    .toBe(true);
  await page.getByTestId("decisions-reason").selectOption("");
  await page.getByTestId("decisions-kind").selectOption("CREATE");
  await expect(total).toHaveText(/page 1 of/);
  await page.getByTestId("decisions-symbol").fill("NOSUCHSYMBOL");
  await expect(total).toHaveText("0 decisions · page 1 of 1");
  await expect(page.getByTestId("decisions-rows")).toContainText("No decision matches");
  expect(consoleErrors).toEqual([]);
});

test("the symbols table lists every symbol with its regime, filters and sorts", async ({ page, consoleErrors }) => {
  await page.goto("/symbols");
  for (const symbol of DEFAULT_SYMBOLS) await expect(page.getByTestId(`symbols-row-${symbol}`)).toBeVisible();
  await expect(page.getByTestId("symbols-count")).toHaveText(`${DEFAULT_SYMBOLS.length} of ${DEFAULT_SYMBOLS.length}`);
  await page.getByTestId("symbols-sort-symbol").click(); // descending
  const first = await page.locator("[data-testid^=symbols-row-]").first().getAttribute("data-testid");
  expect(first).toBe(`symbols-row-${[...DEFAULT_SYMBOLS].sort().at(-1)}`);
  await page.getByTestId("symbols-filter-blocked").click();
  await expect(page.getByTestId("symbols-count")).toHaveText(new RegExp(`^\\d+ of ${DEFAULT_SYMBOLS.length}$`));
  expect(consoleErrors).toEqual([]);
});

test("two open pages see the same state change", async ({ page, browser, request, consoleErrors }) => {
  const context = await browser.newContext();
  const other = await context.newPage();
  const otherErrors = recordErrors(other);
  try {
    await page.goto("/");
    await other.goto("/chart"); // the top bar shows the engine state on every page
    await expect(other.getByTestId("status-engine")).toHaveText("RUNNING");

    await page.getByTestId("control-pause").click();
    await expect(page.getByTestId("engine-state")).toHaveText(/PAUSED/);
    await expect(other.getByTestId("status-engine")).toHaveText("PAUSED");
    expect(await engineState(request)).toBe("PAUSED");

    await page.getByTestId("control-resume").click();
    await expect(other.getByTestId("status-engine")).toHaveText("RUNNING");
    await expect(page.getByTestId("status-engine")).toHaveText("RUNNING");
  } finally {
    await context.close();
  }
  expect(otherErrors).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test("kill asks for confirmation, and dismissing it changes nothing", async ({ page, request, consoleErrors }) => {
  await page.goto("/");
  await expect(page.getByTestId("engine-state")).toHaveText(/RUNNING/);
  const controlCalls: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("engine.control")) controlCalls.push(r.url());
  });
  let asked = "";
  page.once("dialog", (d) => {
    asked = d.message();
    void d.dismiss();
  });
  await page.getByTestId("control-kill").click();
  await expect.poll(() => asked).toMatch(/kill/i);
  // The button's click handler has returned once the dialog is answered: a call would be on the wire.
  await expect(page.getByTestId("control-kill")).toBeEnabled();
  expect(controlCalls, "no control call after a dismissed confirmation").toEqual([]);
  expect(await engineState(request)).toBe("RUNNING");
  await expect(page.getByTestId("engine-state")).toHaveText(/RUNNING/);
  await expect(page.getByTestId("status-risk")).not.toHaveText("HARD_STOP");
  expect(consoleErrors).toEqual([]);
});

test("the decisions log's first page follows new decisions live", async ({ page, request, consoleErrors }) => {
  // A manual close is recorded as a decision: wait until the engine holds something to close.
  test.setTimeout(HELD_POSITION_TIMEOUT_MS + 60_000);
  const symbol = await heldSymbol(request);
  await page.goto("/decisions");
  await page.getByTestId("decisions-symbol").fill(symbol);
  const total = page.getByTestId("decisions-total");
  await expect(total).toHaveText(/^\d+ decisions/);
  // Count only once the filter has been applied (the held symbol has its entry decision at least).
  const rows = page.getByTestId("decisions-rows").locator("tr");
  await expect(rows.first()).toContainText(symbol);
  await expect.poll(async () => (await rows.allTextContents()).every((t) => t.includes(symbol))).toBe(true);
  const before = Number((await total.textContent())?.split(" ")[0]);

  const res = await request.post("/api/trpc/trading.closePosition", { data: { symbol } });
  expect(res.status(), await res.text()).toBe(200);
  await expect
    .poll(async () => Number((await total.textContent())?.split(" ")[0]), {
      message: "the new decision appears without a click",
    })
    .toBeGreaterThan(before);
  await expect(page.getByTestId("decisions-rows").locator("tr").first()).toContainText(symbol);
  expect(consoleErrors).toEqual([]);
});

test("a position's row opens its detail, and Close position closes it and says so", async ({
  page,
  request,
  consoleErrors,
}) => {
  test.setTimeout(HELD_POSITION_TIMEOUT_MS + 60_000);
  const symbol = await heldSymbol(request);
  await page.goto("/");
  await page.getByTestId(`position-row-${symbol}`).click();
  const modal = page.getByTestId("detail-modal");
  await expect(modal).toContainText(symbol);
  await expect(modal).toContainText("Entry");
  await expect(modal.locator("time")).toHaveText(/\d{2}:\d{2}:\d{2} · .* ago/);
  await modal.getByTestId("close-position").click();
  await expect(page.getByText("Close position: sent")).toBeVisible();
  await expect(modal).toHaveCount(0);
  // The symbol cools down after its exit, so the engine does not reopen it at once. The paper
  // broker fills a market close against each tick's top of book, so a large one (the allocation
  // rule gives a calm symbol up to twice the equal share) takes a number of ticks.
  await expect(page.getByTestId(`position-row-${symbol}`)).toHaveCount(0, { timeout: 60_000 });
  const after = (await (await request.get("/portfolio/summary")).json()) as { positions: { symbol: string }[] };
  expect(after.positions.map((x) => x.symbol)).not.toContain(symbol);
  expect(consoleErrors).toEqual([]);
});
