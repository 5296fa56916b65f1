import { expect, test } from "./fixtures";

// The Research page: a backtest started from the dashboard runs in a worker thread, shows its
// progress, and then its report, equity curve and trades; the live dashboard keeps answering.

test("a backtest started on the Research page runs, and its report, curve and trades are shown", async ({
  page,
  request,
  consoleErrors,
}) => {
  await page.goto("/research");
  await expect(page.getByTestId("research-file")).toHaveValue("btc-perp-1m-2022-01.csv");
  await page.getByTestId("research-to").fill("2022-01-03");
  await page.getByTestId("research-start").click();
  const status = page.getByTestId("research-job-status").first();
  // While it runs, the API answers at once (the replay is off the live loop).
  const t0 = Date.now();
  expect((await request.get("/health")).status()).toBeLessThan(500);
  expect(Date.now() - t0).toBeLessThan(2_000);
  await expect(status).toHaveText("done", { timeout: 60_000 });
  const metrics = page.getByTestId("research-metrics");
  await expect(metrics).toContainText("Trades");
  await expect(metrics).toContainText(/Fingerprint[0-9a-f]{16}/);
  await expect(page.getByTestId("backtest-chart")).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
