import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { DEFAULT_SYMBOLS, ensureRunning } from "../support/engine";
import { expect, test } from "./fixtures";

// Every page of the dashboard, on a laptop and on a tablet: it loads with no console errors, shows
// live data, fits the width (tables scroll inside their panels, the page never scrolls sideways),
// and leaves a screenshot in e2e-artifacts/pages/ for people to look at.

const SHOTS = join(process.cwd(), "e2e-artifacts", "pages");

const PAGES = [
  {
    path: "/",
    name: "overview",
    ready: async (p: Page) => {
      await expect(p.getByTestId("equity")).toHaveText(/\d/);
      await expect(p.getByTestId("ticker-price-BTCUSDT")).toHaveText(/\d/);
      await expect(p.getByTestId("positions")).not.toContainText("Loading");
    },
  },
  {
    path: "/chart",
    name: "chart",
    ready: (p: Page) =>
      expect
        .poll(async () => Number((await p.getByTestId("chart-bars").textContent())?.split(" ")[0]))
        .toBeGreaterThan(10),
  },
  { path: "/symbols", name: "symbols", ready: (p: Page) => expect(p.getByTestId("symbols-row-BTCUSDT")).toBeVisible() },
  {
    path: "/decisions",
    name: "decisions",
    ready: (p: Page) => expect(p.getByTestId("decisions-total")).toHaveText(/^\d+ decisions/),
  },
  { path: "/trades", name: "trades", ready: (p: Page) => expect(p.getByTestId("trades-totals")).toBeVisible() },
  {
    path: "/ai",
    name: "ai",
    ready: (p: Page) => expect(p.getByTestId("agent-Scout-task")).toHaveText(/^Scanned \d+ symbols/),
  },
  { path: "/research", name: "research", ready: (p: Page) => expect(p.getByTestId("research-start")).toBeVisible() },
  { path: "/access", name: "access", ready: (p: Page) => expect(p.getByTestId("password-form")).toBeVisible() },
] as const;

const VIEWPORTS = [
  { name: "laptop", width: 1280, height: 800 },
  { name: "tablet", width: 768, height: 1024 },
] as const;

test.beforeEach(async ({ request }) => {
  await ensureRunning(request);
});

for (const viewport of VIEWPORTS)
  for (const p of PAGES)
    test(`${p.name} page at ${viewport.width} px: live, no console errors, no sideways scroll`, async ({
      page,
      consoleErrors,
    }) => {
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await page.goto(p.path);
      await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "open");
      await expect(page.getByTestId(`nav-${p.name}`)).toHaveAttribute("aria-current", "page");
      await expect(page.getByTestId("status-engine")).toHaveText("RUNNING");
      await expect(page.getByTestId("status-risk")).toHaveText(/^(NORMAL|SOFT_BRAKE|QUARANTINE|HARD_STOP)$/);
      await expect(page.getByTestId("status-heartbeat")).toHaveText(/^♥ (<1|\d+) s$/);
      await p.ready(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, "the page scrolls sideways by this many pixels").toBeLessThanOrEqual(0);
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, `${p.name}-${viewport.width}.png`), fullPage: true });
      expect(consoleErrors).toEqual([]);
    });

test("the top bar moves between pages without reloading, and the live link stays open", async ({
  page,
  consoleErrors,
}) => {
  await page.goto("/");
  await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "open");
  await page.evaluate(() => {
    (window as unknown as { __heanNavMarker?: number }).__heanNavMarker = 1;
  });
  for (const p of [...PAGES.slice(1), PAGES[0]]) {
    await page.getByTestId(`nav-${p.name}`).click();
    await expect(page).toHaveURL(new RegExp(`${p.path === "/" ? "/$" : `${p.path}$`}`));
    await p.ready(page);
    await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "open");
  }
  expect(await page.evaluate(() => (window as unknown as { __heanNavMarker?: number }).__heanNavMarker)).toBe(1);
  for (const symbol of DEFAULT_SYMBOLS) await expect(page.getByTestId(`ticker-row-${symbol}`)).toBeVisible();
  expect(consoleErrors).toEqual([]);
});
