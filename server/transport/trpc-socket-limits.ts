import type { WebSocket } from "ws";
import type { Allowance } from "../auth/rate-limits";

export interface TrpcSocketLimits {
  /** Calls in one frame (tRPC accepts an array of messages). */
  readonly maxBatch: number;
  readonly maxSubscriptions: number;
  /** Every mutation counts against the client's control limit. */
  readonly controlAllowed: () => Promise<Allowance>;
}

interface Call {
  readonly id?: unknown;
  readonly method?: unknown;
}

/**
 * Limits on one tRPC WebSocket, applied before tRPC sees a frame: too many queries and mutations
 * in a frame closes
 * the connection (1008); a subscription beyond the cap, or a mutation beyond the rate limit, is
 * answered with a tRPC error and not run. Frames keep their order.
 */
export function limitTrpcSocket(ws: WebSocket, limits: TrpcSocketLimits): void {
  const subscriptions = new Set<string>();
  const deliver = ws.emit.bind(ws);
  let queue: Promise<unknown> = Promise.resolve();
  const reply = (id: unknown, code: string, httpStatus: number, message: string) =>
    ws.send(
      JSON.stringify({
        id,
        error: { message, code: httpStatus === 429 ? -32029 : -32600, data: { code, httpStatus } },
      }),
    );

  /** The frame to hand tRPC (without the calls refused here), or null when nothing of it runs. */
  const admit = async (frame: unknown): Promise<unknown> => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(frame));
    } catch {
      return frame; // keep-alive "PING", or malformed JSON, which tRPC answers itself
    }
    const batch = Array.isArray(parsed);
    const calls = (batch ? parsed : [parsed]) as Call[];
    // The browser's client sends every pending call in one frame: a page's subscriptions (capped
    // below) come together, so only queries and mutations count against the batch limit.
    const work = calls.filter((c) => c?.method === "query" || c?.method === "mutation").length;
    if (work > limits.maxBatch || calls.length > limits.maxBatch + 2 * limits.maxSubscriptions) {
      ws.close(1008, `at most ${limits.maxBatch} calls in one frame`);
      return null;
    }
    const admitted: Call[] = [];
    for (const call of calls) {
      const id = String(call?.id);
      if (call?.method === "subscription.stop") subscriptions.delete(id);
      else if (call?.method === "subscription") {
        if (!subscriptions.has(id) && subscriptions.size >= limits.maxSubscriptions) {
          reply(call.id, "TOO_MANY_REQUESTS", 429, `at most ${limits.maxSubscriptions} subscriptions per connection`);
          continue;
        }
        subscriptions.add(id);
      } else if (call?.method === "mutation") {
        const allowed = await limits.controlAllowed();
        if (!allowed.ok) {
          reply(call.id, "TOO_MANY_REQUESTS", 429, `Too many controls; try again in ${allowed.retryAfterSec} s`);
          continue;
        }
      }
      admitted.push(call);
    }
    if (admitted.length === calls.length) return frame;
    if (admitted.length === 0) return null;
    return Buffer.from(JSON.stringify(batch ? admitted : admitted[0]));
  };

  // A subscription tRPC refused (bad input) or ended no longer counts against the cap.
  const send = ws.send.bind(ws) as (data: unknown, ...rest: unknown[]) => void;
  ws.send = ((data: unknown, ...rest: unknown[]) => {
    if (typeof data === "string" && (data.includes('"error"') || data.includes('"stopped"'))) {
      try {
        const out = JSON.parse(data) as { id?: unknown; error?: unknown; result?: { type?: unknown } };
        if (out.error !== undefined || out.result?.type === "stopped") subscriptions.delete(String(out.id));
      } catch {
        // not JSON: nothing to count
      }
    }
    send(data, ...rest);
  }) as typeof ws.send;

  ws.emit = ((event: string, ...args: unknown[]) => {
    if (event !== "message") return deliver(event, ...args);
    queue = queue
      .then(async () => {
        const frame = await admit(args[0]);
        if (frame !== null) deliver(event, frame, ...args.slice(1));
      })
      // A limiter that fails refuses the frame (fail closed) and keeps the connection serving.
      .catch(() => ws.close(1011, "limits unavailable"));
    return true;
  }) as typeof ws.emit;
}
