import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import WebSocket from "ws";
import { LegacyWsServer, type LegacyWsServerOptions } from "./legacy-ws-server";
import { legacyTopicsFor } from "./topics";

// Helpers for this folder's tests only: a real http server on 127.0.0.1 and a real ws client.

export const FIXED_NOW = Date.UTC(2026, 0, 22, 14, 0, 0, 250);
export const FIXED_ISO = "2026-01-22T14:00:00.250Z";

export interface TestServer {
  readonly legacy: LegacyWsServer;
  readonly http: Server;
  readonly url: string;
  close(): Promise<void>;
}

export async function startTestServer(options: Partial<LegacyWsServerOptions> = {}): Promise<TestServer> {
  const legacy = new LegacyWsServer({
    topics: legacyTopicsFor(["BTCUSDT", "ETHUSDT"]),
    maxBufferedBytes: 1024 * 1024,
    now: () => FIXED_NOW,
    ...options,
  });
  const http = createServer((_req, res) => res.end("not a websocket"));
  http.on("upgrade", (req, socket, head) => {
    if (req.url === "/ws") legacy.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    legacy,
    http,
    url: `ws://127.0.0.1:${port}/ws`,
    async close() {
      await legacy.shutdown();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

export type Json = Record<string, unknown>;

/** A ws client that records every message so a test can await them in order. */
export class TestClient {
  readonly received: Json[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private cursor = 0;
  private wake: (() => void) | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      this.received.push(JSON.parse(String(data)) as Json);
      this.wake?.();
    });
    this.closed = new Promise((resolve) => ws.on("close", (code, reason) => resolve({ code, reason: String(reason) })));
  }

  /** Connects and consumes the welcome message (returned). */
  static async connect(
    url: string,
    options: WebSocket.ClientOptions = {},
  ): Promise<{ client: TestClient; welcome: Json }> {
    const ws = new WebSocket(url, options);
    const client = new TestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    const welcome = await client.next();
    return { client, welcome };
  }

  send(message: Json | string): void {
    this.ws.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  /** The next message not yet returned; rejects after `timeoutMs`. */
  async next(timeoutMs = 2_000): Promise<Json> {
    const deadline = Date.now() + timeoutMs;
    while (this.cursor >= this.received.length) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no message within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    const message = this.received[this.cursor++];
    if (message === undefined) throw new Error("unreachable");
    return message;
  }

  /** Sends `message` and returns the reply. */
  async request(message: Json | string): Promise<Json> {
    this.send(message);
    return this.next();
  }

  /** Resolves if no new message arrives within `ms`, throws otherwise. */
  async expectSilence(ms: number): Promise<void> {
    const before = this.received.length;
    await new Promise((resolve) => setTimeout(resolve, ms));
    if (this.received.length !== before) {
      throw new Error(`expected no message, got ${JSON.stringify(this.received.slice(before))}`);
    }
  }

  close(): void {
    this.ws.terminate();
  }
}

export async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
