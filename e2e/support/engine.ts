import { type APIRequestContext, expect } from "@playwright/test";

export { DEFAULT_SYMBOLS } from "../../server/config/settings-schema";

export const ENGINE_STATES = ["RUNNING", "PAUSED", "STOPPED", "ERROR"] as const;

export const CONTROL_COMMANDS = ["start", "stop", "pause", "resume", "kill", "restart"] as const;
export type ControlCommand = (typeof CONTROL_COMMANDS)[number];

/** The standardized answer of every POST /engine/<command> (seed report, section 7). */
export interface ControlAnswer {
  ok: boolean;
  engine_state: string;
  message: string | null;
  error_code: string | null;
}

export interface ControlResult {
  status: number;
  body: ControlAnswer;
}

export function expectControlShape(body: unknown): asserts body is ControlAnswer {
  expect(body, "control answer").toEqual(
    expect.objectContaining({
      ok: expect.any(Boolean),
      engine_state: expect.any(String),
    }),
  );
  const b = body as Record<string, unknown>;
  expect("message" in b && "error_code" in b, `message and error_code present in ${JSON.stringify(b)}`).toBe(true);
}

export async function control(request: APIRequestContext, command: ControlCommand): Promise<ControlResult> {
  const res = await request.post(`/engine/${command}`);
  const body: unknown = await res.json();
  expectControlShape(body);
  return { status: res.status(), body };
}

export async function engineState(request: APIRequestContext): Promise<string> {
  const res = await request.get("/health");
  expect(res.status(), "GET /health status").toBe(200);
  const body = (await res.json()) as { engine_state?: unknown };
  return String(body.engine_state);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Brings the engine back to RUNNING from whatever state an earlier test left it in. */
export async function ensureRunning(request: APIRequestContext, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let state = await engineState(request);
  let last = "";
  while (state !== "RUNNING") {
    if (Date.now() > deadline)
      throw new Error(`engine did not return to RUNNING within ${timeoutMs} ms (is ${state}; last answer: ${last})`);
    const next: ControlCommand = state === "PAUSED" ? "resume" : state === "STOPPED" ? "start" : "restart";
    const { status, body } = await control(request, next);
    expect(status, `POST /engine/${next} while ${state}`).toBeLessThan(500);
    last = `${next} → ${status} ${JSON.stringify(body)}`;
    await sleep(250);
    state = await engineState(request);
  }
}

/** The numeric value shown in a price cell ("$98,250.50" → 98250.5), or NaN. */
export function parsePrice(text: string | null): number {
  const match = /\d[\d,]*(?:\.\d+)?/.exec(text ?? "");
  return match ? Number(match[0].replaceAll(",", "")) : Number.NaN;
}

/**
 * Waits until the paper engine holds a position, and answers its symbol. Strategies act on bar
 * closes, so a new position can take a couple of minutes: callers give their test time for it.
 */
export const HELD_POSITION_TIMEOUT_MS = 150_000;

export async function heldSymbol(request: APIRequestContext): Promise<string> {
  let symbol = "";
  await expect
    .poll(
      async () => {
        const p = (await (await request.get("/portfolio/summary")).json()) as {
          positions: { symbol: string }[];
          open_orders: { symbol: string }[];
        };
        // A position another test is already closing (its close order still open) is not one to use.
        const busy = new Set(p.open_orders.map((o) => o.symbol));
        symbol = p.positions.find((x) => !busy.has(x.symbol))?.symbol ?? "";
        return symbol;
      },
      { timeout: HELD_POSITION_TIMEOUT_MS, message: "the engine opens a position" },
    )
    .not.toBe("");
  return symbol;
}
