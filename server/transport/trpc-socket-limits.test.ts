import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import type { WebSocket } from "ws";
import type { Allowance } from "../auth/rate-limits";
import { limitTrpcSocket } from "./trpc-socket-limits";

function fakeSocket(o: { maxBatch?: number; maxSubscriptions?: number; controls?: number } = {}) {
  const ws = new EventEmitter() as EventEmitter & { sent: unknown[]; closed: [number, string] | null };
  ws.sent = [];
  ws.closed = null;
  Object.assign(ws, {
    send: (data: string) => ws.sent.push(JSON.parse(data)),
    close: (code: number, reason: string) => {
      ws.closed = [code, reason];
    },
  });
  let controls = o.controls ?? 100;
  limitTrpcSocket(ws as unknown as WebSocket, {
    maxBatch: o.maxBatch ?? 3,
    maxSubscriptions: o.maxSubscriptions ?? 2,
    controlAllowed: async (): Promise<Allowance> => (controls-- > 0 ? { ok: true } : { ok: false, retryAfterSec: 9 }),
  });
  const delivered: unknown[] = [];
  ws.on("message", (data: Buffer | string) =>
    delivered.push(String(data) === "PING" ? "PING" : JSON.parse(String(data))),
  );
  const send = async (frame: unknown) => {
    ws.emit("message", Buffer.from(typeof frame === "string" ? frame : JSON.stringify(frame)), false);
    await new Promise((r) => setTimeout(r, 5));
  };
  return { ws, delivered, send };
}

const q = (id: number, method = "query") => ({ id, method, params: { path: "engine.status" } });

describe("limitTrpcSocket", () => {
  it("passes frames within the limits unchanged, keep-alives included", async () => {
    const { delivered, send, ws } = fakeSocket();
    await send("PING");
    await send([q(1), q(2), q(3)]);
    expect(delivered).toEqual(["PING", [q(1), q(2), q(3)]]);
    expect(ws.closed).toBeNull();
  });

  it("closes with 1008 on more queries or mutations in one frame than TRPC_MAX_BATCH", async () => {
    const { delivered, send, ws } = fakeSocket();
    await send([q(1), q(2), q(3), q(4)]);
    expect(delivered).toEqual([]);
    expect(ws.closed?.[0]).toBe(1008);
  });

  it("a page's subscriptions may come in one frame; those beyond the cap are refused, the rest run", async () => {
    const { delivered, send, ws } = fakeSocket({ maxSubscriptions: 2 });
    await send([q(1, "subscription"), q(2, "subscription"), q(3, "subscription"), q(4)]);
    expect(ws.closed).toBeNull();
    expect(delivered).toEqual([[q(1, "subscription"), q(2, "subscription"), q(4)]]);
    expect(ws.sent).toEqual([
      expect.objectContaining({
        id: 3,
        error: expect.objectContaining({ data: expect.objectContaining({ httpStatus: 429 }) }),
      }),
    ]);
    await send({ id: 1, method: "subscription.stop" });
    await send(q(5, "subscription"));
    expect(delivered.at(-1)).toEqual(q(5, "subscription"));
  });

  it("a subscription tRPC refuses or stops frees its place", async () => {
    const { delivered, send, ws } = fakeSocket({ maxSubscriptions: 2 });
    await send([q(1, "subscription"), q(2, "subscription")]);
    (ws as unknown as { send(d: string): void }).send(JSON.stringify({ id: 1, error: { message: "bad input" } }));
    (ws as unknown as { send(d: string): void }).send(JSON.stringify({ id: 2, result: { type: "stopped" } }));
    await send([q(3, "subscription"), q(4, "subscription")]);
    expect(delivered.at(-1)).toEqual([q(3, "subscription"), q(4, "subscription")]);
    await send(q(5, "subscription"));
    expect(delivered).toHaveLength(2);
  });

  it("mutations beyond the client's control limit answer 429 and do not run", async () => {
    const { delivered, send, ws } = fakeSocket({ controls: 1 });
    await send(q(1, "mutation"));
    await send(q(2, "mutation"));
    expect(delivered).toEqual([q(1, "mutation")]);
    expect(ws.sent).toEqual([expect.objectContaining({ id: 2 })]);
  });
});
