import { expect, test } from "@playwright/test";
import WebSocket from "ws";

// The legacy /ws topic protocol (seed report sections 1 and 4), spoken by a plain Node client.

interface Message {
  type?: string;
  topic?: string;
  data?: { symbol?: unknown; price?: unknown; bid?: unknown; ask?: unknown };
  timestamp?: unknown;
}

test("/ws answers ping with pong and streams market_ticks after subscribe", async () => {
  const base = test.info().project.use.baseURL ?? "http://127.0.0.1:3000";
  const url = `${base.replace(/^http/, "ws").replace(/\/$/, "")}/ws`;
  const ws = new WebSocket(url, { handshakeTimeout: 5_000 });
  const inbox: Message[] = [];
  const waiters: Array<() => void> = [];
  ws.on("message", (raw) => {
    inbox.push(JSON.parse(String(raw)) as Message);
    for (const w of waiters.splice(0)) w();
  });
  const next = async (pred: (m: Message) => boolean, what: string, timeoutMs: number): Promise<Message> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = inbox.findIndex(pred);
      if (i >= 0) return inbox.splice(i, 1)[0] as Message;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  };

  try {
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });

    ws.send(JSON.stringify({ action: "ping" }));
    const pong = await next((m) => m.type === "pong", "pong", 5_000);
    expect(pong.timestamp).toBeDefined();

    ws.send(JSON.stringify({ action: "subscribe", topic: "market_ticks" }));
    const ack = await next((m) => m.type === "subscribed", "subscribed ack", 5_000);
    expect(ack.topic).toBe("market_ticks");

    const symbols = new Set<string>();
    const first = await next((m) => m.topic === "market_ticks", "market_ticks data", 5_000);
    for (let m: Message = first; ; ) {
      expect(m.timestamp, "data message timestamp").toBeDefined();
      expect(typeof m.data?.symbol, `symbol in ${JSON.stringify(m)}`).toBe("string");
      expect(typeof m.data?.price === "number" && m.data.price > 0, `price in ${JSON.stringify(m)}`).toBe(true);
      symbols.add(String(m.data?.symbol));
      if (symbols.size >= 2) break;
      m = await next((x) => x.topic === "market_ticks", "ticks for a second symbol", 5_000);
    }
  } finally {
    ws.close();
  }
});

test("/ws risk_governor: a kill and a clear each publish a RISK_STATE_UPDATE", async ({ request }) => {
  const base = test.info().project.use.baseURL ?? "http://127.0.0.1:3000";
  const ws = new WebSocket(`${base.replace(/^http/, "ws").replace(/\/$/, "")}/ws`, { handshakeTimeout: 5_000 });
  interface RiskUpdate {
    type?: string;
    state?: string;
    reason_codes?: string[];
  }
  const updates: RiskUpdate[] = [];
  ws.on("message", (raw) => {
    const m = JSON.parse(String(raw)) as { topic?: string; data?: RiskUpdate };
    if (m.topic === "risk_governor" && m.data?.type === "RISK_STATE_UPDATE") updates.push(m.data);
  });
  const waitFor = async (pred: () => boolean, what: string) => {
    const deadline = Date.now() + 10_000;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error(`no ${what}; got ${JSON.stringify(updates)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    ws.send(JSON.stringify({ action: "subscribe", topic: "risk_governor" }));
    await new Promise((r) => setTimeout(r, 300));
    expect((await request.post("/engine/kill", { data: { reason: "e2e ws" } })).status()).toBe(200);
    await waitFor(
      () => updates.some((u) => u.state === "HARD_STOP" && u.reason_codes?.includes("KILLSWITCH")),
      "HARD_STOP",
    );
    const cleared = await request.post("/risk/governor/clear", { data: { confirm: true } });
    expect(cleared.status(), await cleared.text()).toBe(200);
    await waitFor(() => updates.at(-1)?.state !== "HARD_STOP", "an update after the clear");
    expect((await request.post("/engine/start")).status()).toBe(200);
  } finally {
    ws.terminate();
  }
});

test("/ws ai_catalyst: the Critic's review publishes AGENT_STATUS and AGENT_STEP in the seed's shapes", async ({
  request,
}) => {
  const base = test.info().project.use.baseURL ?? "http://127.0.0.1:3000";
  const ws = new WebSocket(`${base.replace(/^http/, "ws").replace(/\/$/, "")}/ws`, { handshakeTimeout: 5_000 });
  const events: Record<string, unknown>[] = [];
  ws.on("message", (raw) => {
    const m = JSON.parse(String(raw)) as { topic?: string; data?: Record<string, unknown> };
    if (m.topic === "ai_catalyst" && m.data !== undefined) events.push(m.data);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    ws.send(JSON.stringify({ action: "subscribe", topic: "ai_catalyst" }));
    await new Promise((r) => setTimeout(r, 300));
    const review = await request.post("/api/trpc/system.review", { data: {} });
    expect(review.status(), await review.text()).toBe(200);
    await expect
      .poll(() => events.filter((e) => e.agent === "Critic").map((e) => e.type), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(["AGENT_STATUS", "AGENT_STEP"]));
    const status = events.find((e) => e.agent === "Critic" && e.type === "AGENT_STATUS");
    expect(status).toEqual({
      type: "AGENT_STATUS",
      agent: "Critic",
      status: expect.stringMatching(/^(working|idle)$/),
      current_task: expect.any(String),
      timestamp: expect.stringMatching(/Z$/),
    });
    const step = events.find((e) => e.agent === "Critic" && e.type === "AGENT_STEP");
    expect(step).toMatchObject({ type: "AGENT_STEP", agent: "Critic", action: "review", result: expect.any(Object) });
  } finally {
    ws.terminate();
  }
});
