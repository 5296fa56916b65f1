import { expect, test } from "@playwright/test";
import { ensureRunning } from "../support/engine";

// One failing panel must never blank the page: the server's answer for the positions query is
// corrupted on its way to the browser, so that panel's rendering throws.

const PORTFOLIO = "trading.portfolio";

test("a panel that fails shows its error and a retry; every other panel keeps working", async ({ page, request }) => {
  await ensureRunning(request);
  const uncaught: string[] = [];
  page.on("pageerror", (e) => uncaught.push(e.message));

  let corrupt = true;
  await page.route(/\/api\/trpc\/[^?]*trading\.portfolio/, async (route) => {
    const response = await route.fetch();
    if (!corrupt) return route.fulfill({ response });
    const paths = new URL(route.request().url()).pathname.replace(/^\/api\/trpc\//, "").split(",");
    const body = (await response.json()) as unknown[];
    body[paths.indexOf(PORTFOLIO)] = { result: { data: { positions: null, open_orders: null } } };
    return route.fulfill({ response, json: body });
  });

  await page.goto("/");
  const positions = page.locator('[data-panel="Positions and orders"]');
  await expect(positions.getByTestId("panel-failed")).toContainText("This panel failed");
  // The rest of the page is alive.
  await expect(page.getByTestId("engine-state")).toHaveText(/RUNNING/);
  await expect(page.getByTestId("equity")).toHaveText(/\d/);
  const price = page.getByTestId("ticker-price-BTCUSDT");
  const first = await price.textContent();
  await expect.poll(() => price.textContent(), { timeout: 15_000 }).not.toBe(first);
  await page.getByTestId("control-pause").click();
  await expect(page.getByTestId("engine-state")).toHaveText(/PAUSED/);
  await page.getByTestId("control-resume").click();
  await expect(page.getByTestId("engine-state")).toHaveText(/RUNNING/);

  // Once the server's answers are sound again, Retry brings the panel back.
  corrupt = false;
  await positions.getByTestId("panel-retry").click();
  await expect(positions.getByTestId("panel-failed")).toHaveCount(0);
  await expect(positions.getByTestId("positions")).toBeVisible();
  await expect(positions.getByTestId("positions")).not.toContainText("Loading");
  expect(uncaught, "uncaught errors").toEqual([]);
});
