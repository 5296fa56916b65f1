import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import {
  freePort,
  killGroup,
  printLog,
  type ServerProcess,
  startServer,
  waitForHealth,
} from "../../scripts/lib/server-process.mjs";
import { parsePrice } from "../support/engine";
import { recordErrors } from "./fixtures";

// The server restarts under an open page: the page says it is reconnecting and marks its figures as
// stale, then resyncs by itself (no reload) to the new process's state. This test runs its own
// server (same port and database across the restart), so the shared one is not disturbed.

const HEALTH_TIMEOUT_MS = 90_000;
// While the server is down the browser reports the refused connections; nothing else may be logged.
const OUTAGE_NOISE = /WebSocket connection to .* failed|ERR_CONNECTION_REFUSED|Failed to load resource|Failed to fetch/;

test.describe.configure({ timeout: 240_000 });

const uptimeSeconds = (text: string | null) => {
  const m = /^(?:(\d+)h )?(?:(\d+)m ?)?(?:(\d+)s)?$/.exec((text ?? "").trim());
  return m === null ? Number.NaN : Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
};

test("a server restart under an open page shows reconnecting, then resyncs without a reload", async ({ page }) => {
  const errors = recordErrors(page, OUTAGE_NOISE);

  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "hean-e2e-restart-"));
  const env = { PGLITE_DATA_DIR: join(dir, "pglite") };
  let server: ServerProcess = startServer(port, env);
  try {
    expect(await waitForHealth(server, HEALTH_TIMEOUT_MS)).toBeNull();
    await page.goto(`${server.base}/`);
    await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "open");
    await expect(page.getByTestId("engine-state")).toHaveText(/RUNNING/);
    await page.evaluate(() => {
      (window as unknown as { __heanRestartMarker?: number }).__heanRestartMarker = 1;
    });

    // A state the next process will not have: it starts RUNNING (ENGINE_AUTOSTART).
    await page.getByTestId("control-pause").click();
    await expect(page.getByTestId("engine-state")).toHaveText(/PAUSED/);
    await expect
      .poll(async () => uptimeSeconds(await page.getByTestId("engine-uptime").textContent()))
      .toBeGreaterThan(3);

    server.child.kill("SIGTERM");
    await server.exited;
    await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "reconnecting");
    await expect(page.getByTestId("connection-lost")).toContainText("Reconnecting");
    await expect(page.getByTestId("live-content")).toHaveAttribute("data-stale", "true");

    server = startServer(port, env);
    expect(await waitForHealth(server, HEALTH_TIMEOUT_MS)).toBeNull();
    await expect(page.getByTestId("connection-state")).toHaveAttribute("data-state", "open", { timeout: 30_000 });
    await expect(page.getByTestId("connection-lost")).toHaveCount(0);
    await expect(page.getByTestId("live-content")).toHaveAttribute("data-stale", "false");

    // Resynced to the new process: its state and uptime, not the old page's.
    await expect(page.getByTestId("engine-state")).toHaveText(/RUNNING/);
    await expect(page.getByTestId("status-engine")).toHaveText("RUNNING");
    const health = async () =>
      (await (await page.request.get(`${server.base}/health`)).json()) as { engine_state: string; uptime_sec: number };
    expect((await health()).engine_state).toBe("RUNNING");
    // The uptime on screen is the new process's (how long the restart took does not matter).
    await expect
      .poll(async () =>
        Math.abs(uptimeSeconds(await page.getByTestId("engine-uptime").textContent()) - (await health()).uptime_sec),
      )
      .toBeLessThanOrEqual(2);
    // ...and it is live, not a frozen figure that happens to be close.
    const shown = uptimeSeconds(await page.getByTestId("engine-uptime").textContent());
    await expect
      .poll(async () => uptimeSeconds(await page.getByTestId("engine-uptime").textContent()))
      .toBeGreaterThan(shown);
    // And live again: a price moves on screen.
    const before = parsePrice(await page.getByTestId("ticker-price-BTCUSDT").textContent());
    await expect
      .poll(async () => parsePrice(await page.getByTestId("ticker-price-BTCUSDT").textContent()), { timeout: 15_000 })
      .not.toBe(before);
    expect(await page.evaluate(() => (window as unknown as { __heanRestartMarker?: number }).__heanRestartMarker)).toBe(
      1,
    );
  } catch (error) {
    printLog(server, "restart test failed");
    throw error;
  } finally {
    killGroup(server.child, "SIGKILL");
    await server.exited;
    rmSync(dir, { recursive: true, force: true });
  }
  expect(errors, "console errors other than the outage's refused connections").toEqual([]);
});
