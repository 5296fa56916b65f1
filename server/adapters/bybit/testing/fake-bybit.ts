import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type WebSocket, WebSocketServer } from "ws";
import { FakeAccount } from "./fake-account";
import { midPrice, minuteBar, roundToTick, tickSizeOf } from "./price-path";

/** The real v5 messages the fake answers with, as templates (../shared/fixtures/bybit). */
export const FIXTURES_DIR = fileURLToPath(new URL("../../../../../shared/fixtures/bybit/", import.meta.url));
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(FIXTURES_DIR, `${name}.json`), "utf8")) as Record<string, unknown>;

export interface FakeBybitOptions {
  readonly symbols: readonly string[];
  /** How often each subscribed symbol gets a book, trade and ticker message. */
  readonly pushIntervalMs?: number;
  readonly now?: () => number;
  /** The one API key the private side accepts (requests are checked against its HMAC signature). */
  readonly apiKey?: string;
  readonly apiSecret?: string;
  readonly initialBalance?: number;
}

export const FAKE_API_KEY = "fakeBybitKey01";
export const FAKE_API_SECRET = "fakeBybitSecret0123456789";

export interface FakeBybitStats {
  readonly publicConnections: number;
  readonly connectionsOpened: number;
  readonly subscriptions: readonly string[];
  readonly pings: number;
  readonly restRequests: Readonly<Record<string, number>>;
  readonly privateConnections: number;
}

interface PublicClient {
  readonly ws: WebSocket;
  readonly topics: Set<string>;
  /** Per book topic: the top last sent and its update id (Bybit's u counts per book). */
  readonly bookSent: Map<string, { bid: number; ask: number; u: number }>;
}

/**
 * A local server that speaks Bybit v5 (REST market endpoints and the public linear WebSocket) on
 * 127.0.0.1, for tests: prices come from a deterministic path, and a test can inject faults (no
 * a connection gone silent, dropped connections, an order-book gap, REST errors). Also controllable over HTTP under
 * /__fake/ when it runs as its own process (scripts/fake-bybit.ts).
 */
export class FakeBybit {
  private readonly clients = new Set<PublicClient>();
  private readonly restCounts: Record<string, number> = {};
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private silentConnections = new Set<WebSocket>();
  private pings = 0;
  private opened = 0;
  private restStatus: { http: number; retCode: number } | null = null;
  private seq = 1_000_000;
  private readonly gaps = new Set<string>();
  private frozen = false;
  private privateMuted = false;
  /** What /v5/user/query-api says the key may do: trade contracts, bound to loopback, nothing more. */
  private keyInfo: Record<string, unknown> = {
    id: "1",
    note: "hean-fake",
    apiKey: "",
    readOnly: 0,
    secret: "",
    permissions: { ContractTrade: ["Order", "Position"], Spot: [], Wallet: [], Options: [], Derivatives: [] },
    ips: ["127.0.0.1"],
    type: 1,
    uta: 1,
  };
  private down = false;
  private readonly snapshots = new Map<string, { bid: number; ask: number; bidSize: number; askSize: number }>();
  private readonly privateClients = new Map<WebSocket, Set<string>>();
  private createAnswersToLose = 0;
  readonly account: FakeAccount;
  restUrl = "";
  wsPublicUrl = "";
  wsPrivateUrl = "";

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    private readonly o: FakeBybitOptions,
  ) {
    this.now = o.now ?? Date.now;
    this.account = new FakeAccount(
      (symbol) => this.book(symbol),
      (topic, data) => this.pushPrivate(topic, data),
      this.now,
      o.initialBalance,
    );
  }

  static async start(o: FakeBybitOptions, port = 0): Promise<FakeBybit> {
    const http = createServer();
    const wss = new WebSocketServer({ noServer: true });
    const fake = new FakeBybit(http, wss, o);
    http.on("request", (req, res) => fake.onRequest(req, res));
    http.on("upgrade", (req, socket, head) => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      if (fake.down || (path !== "/v5/public/linear" && path !== "/v5/private")) {
        socket.destroy();
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => (path === "/v5/private" ? fake.onPrivate(ws) : fake.onPublic(ws)));
    });
    await new Promise<void>((resolve) => http.listen(port, "127.0.0.1", resolve));
    const { port: bound } = http.address() as AddressInfo;
    fake.restUrl = `http://127.0.0.1:${bound}`;
    fake.wsPublicUrl = `ws://127.0.0.1:${bound}/v5/public/linear`;
    fake.wsPrivateUrl = `ws://127.0.0.1:${bound}/v5/private`;
    fake.timer = setInterval(() => fake.push(), o.pushIntervalMs ?? 200);
    return fake;
  }

  /**
   * A half-open connection: it stays open, but no pong and no data come any more (any message
   * proves a connection alive, so a client notices only when both stop). New connections work.
   */
  setSilent(on: boolean): void {
    this.silentConnections = on ? new Set([...this.clients].map((c) => c.ws)) : new Set();
  }

  /** Closes every public connection at once, as a network cut would. */
  dropConnections(): void {
    for (const c of this.clients) c.ws.terminate();
    for (const ws of this.privateClients.keys()) ws.terminate();
  }

  /** The exchange is down: connections are cut and refused, REST answers 503, until it is up again. */
  setDown(on: boolean): void {
    this.down = on;
    if (on) this.dropConnections();
  }

  /** The next `n` order creations are carried out, but their HTTP answers never arrive. */
  loseCreateResponses(n: number): void {
    this.createAnswersToLose = n;
  }

  /** Changes what the key may do (readOnly, permissions, ips), as a test needs. */
  setKeyInfo(over: Record<string, unknown>): void {
    this.keyInfo = { ...this.keyInfo, ...over };
  }

  /** Drops (or delivers again) the private stream's messages: what happens at the venue goes unheard. */
  mutePrivate(on: boolean): void {
    this.privateMuted = on;
  }

  /** Stops (or resumes) the periodic pushes; answers to subscriptions still come. */
  freeze(on: boolean): void {
    this.frozen = on;
  }

  /** Sends every client one book delta for the symbol that skips update ids, now. */
  sendBookGap(symbol: string): void {
    this.gaps.add(symbol); // held while sending, so every client's delta skips
    const topic = `orderbook.1.${symbol}`;
    for (const c of this.clients) if (c.topics.has(topic)) this.sendBook(c, topic, symbol, this.now());
    this.gaps.delete(symbol);
  }

  /** The top of the last book snapshot sent for the symbol. */
  lastSnapshot(symbol: string) {
    return this.snapshots.get(symbol) ?? null;
  }

  /** REST answers this HTTP status and retCode (403 ban, 10006 rate limit) until reset with null. */
  setRestError(error: { http: number; retCode: number } | null): void {
    this.restStatus = error;
  }

  stats(): FakeBybitStats {
    return {
      publicConnections: this.clients.size,
      connectionsOpened: this.opened,
      subscriptions: [...new Set([...this.clients].flatMap((c) => [...c.topics]))].sort(),
      pings: this.pings,
      restRequests: { ...this.restCounts },
      privateConnections: this.privateClients.size,
    };
  }

  /** What the fake's book shows for a symbol now (what a rebuilt book must equal). */
  book(symbol: string, ts = this.now()): { bid: number; ask: number; bidSize: number; askSize: number } {
    const mid = midPrice(symbol, ts);
    const tick = tickSizeOf(symbol);
    return {
      bid: roundToTick(mid - tick, tick),
      ask: roundToTick(mid + tick, tick),
      bidSize: 1 + (Math.floor(ts / 1000) % 7),
      askSize: 1 + (Math.floor(ts / 1000) % 5),
    };
  }

  async close(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    for (const c of this.clients) c.ws.terminate();
    for (const ws of this.privateClients.keys()) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  // --- WebSocket -------------------------------------------------------------------------------

  private get apiKey(): string {
    return this.o.apiKey ?? FAKE_API_KEY;
  }

  private get apiSecret(): string {
    return this.o.apiSecret ?? FAKE_API_SECRET;
  }

  /** The private stream: `auth` (HMAC of "GET/realtime" + expires), then order/execution/position/wallet. */
  private onPrivate(ws: WebSocket): void {
    let authed = false;
    const topics = new Set<string>();
    ws.on("close", () => this.privateClients.delete(ws));
    ws.on("message", (raw) => {
      let msg: { op?: unknown; args?: unknown; req_id?: unknown };
      try {
        msg = JSON.parse(String(raw)) as typeof msg;
      } catch {
        return;
      }
      const reqId = typeof msg.req_id === "string" ? msg.req_id : undefined;
      const args = Array.isArray(msg.args) ? msg.args : [];
      if (msg.op === "ping") {
        if (!this.silentConnections.has(ws))
          send(ws, { req_id: reqId, op: "pong", args: [String(this.now())], conn_id: "fake-private" });
        return;
      }
      if (msg.op === "auth") {
        const [key, expires, signature] = args.map(String);
        const expected = createHmac("sha256", this.apiSecret).update(`GET/realtime${expires}`).digest("hex");
        authed = key === this.apiKey && signature === expected && Number(expires) > this.now();
        send(ws, { ...fixture(authed ? "ws_auth_success" : "ws_auth_failure"), req_id: reqId });
        if (authed) this.privateClients.set(ws, topics);
        return;
      }
      if (msg.op === "subscribe") {
        if (!authed) {
          send(ws, { success: false, ret_msg: "Request not authorized", op: "subscribe", req_id: reqId });
          return;
        }
        for (const topic of args) topics.add(String(topic));
        send(ws, { success: true, ret_msg: "", op: "subscribe", req_id: reqId, conn_id: "fake-private" });
      }
    });
  }

  private pushPrivate(topic: "order" | "execution" | "position" | "wallet", data: unknown[]): void {
    if (this.privateMuted) return;
    const message = { id: `fake-${this.seq++}`, topic, creationTime: this.now(), data };
    for (const [ws, topics] of this.privateClients)
      if (topics.has(topic) && !this.silentConnections.has(ws)) send(ws, message);
  }

  private onPublic(ws: WebSocket): void {
    const client: PublicClient = { ws, topics: new Set(), bookSent: new Map() };
    this.clients.add(client);
    this.opened++;
    const connId = `fake-${this.opened}`;
    ws.on("close", () => this.clients.delete(client));
    ws.on("message", (raw) => {
      let msg: { op?: unknown; args?: unknown; req_id?: unknown };
      try {
        msg = JSON.parse(String(raw)) as typeof msg;
      } catch {
        return;
      }
      const reqId = typeof msg.req_id === "string" ? msg.req_id : undefined;
      if (msg.op === "ping") {
        this.pings++;
        if (!this.silentConnections.has(ws))
          send(ws, { success: true, ret_msg: "pong", conn_id: connId, req_id: reqId, op: "ping" });
        return;
      }
      if (msg.op === "subscribe" || msg.op === "unsubscribe") {
        const args = Array.isArray(msg.args) ? msg.args.filter((a): a is string => typeof a === "string") : [];
        const bad = args.find((a) => !this.knownTopic(a));
        if (bad !== undefined) {
          send(ws, {
            ...fixture("ws_subscription_failure"),
            ret_msg: `Invalid topic: ${bad}`,
            conn_id: connId,
            req_id: reqId,
          });
          return;
        }
        for (const topic of args) {
          if (msg.op === "subscribe") client.topics.add(topic);
          else client.topics.delete(topic);
          if (msg.op === "subscribe") client.bookSent.delete(topic);
        }
        send(ws, { success: true, ret_msg: "", conn_id: connId, req_id: reqId, op: msg.op });
        if (msg.op === "subscribe") this.pushTo(client, true);
      }
    });
  }

  private knownTopic(topic: string): boolean {
    const m = /^(orderbook\.1|publicTrade|tickers|kline\.1)\.([A-Z0-9]+)$/.exec(topic);
    return m !== null && this.o.symbols.includes(m[2] ?? "");
  }

  private push(): void {
    if (this.frozen) return;
    this.account.onBook();
    for (const client of this.clients) if (!this.silentConnections.has(client.ws)) this.pushTo(client, false);
  }

  private pushTo(client: PublicClient, first: boolean): void {
    const ts = this.now();
    for (const topic of client.topics) {
      const [kind, ...rest] = topic.split(".");
      const symbol = rest.at(-1) ?? "";
      if (kind === "orderbook") this.sendBook(client, topic, symbol, ts);
      else if (kind === "publicTrade" && !first) this.sendTrade(client.ws, topic, symbol, ts);
      else if (kind === "tickers") this.sendTicker(client.ws, topic, symbol, ts, first);
      else if (kind === "kline") this.sendKline(client.ws, topic, symbol, ts);
    }
  }

  private sendBook(client: PublicClient, topic: string, symbol: string, ts: number): void {
    const top = this.book(symbol, ts);
    const sent = client.bookSent.get(topic);
    const bids: [string, string][] = [[String(top.bid), String(top.bidSize)]];
    const asks: [string, string][] = [[String(top.ask), String(top.askSize)]];
    let type: "snapshot" | "delta" = "snapshot";
    if (sent !== undefined) {
      type = "delta";
      if (sent.bid !== top.bid) bids.push([String(sent.bid), "0"]);
      if (sent.ask !== top.ask) asks.push([String(sent.ask), "0"]);
    }
    // A snapshot starts the ids again; a gap skips some, as if the client had missed messages.
    const u = sent === undefined ? 1 : sent.u + (this.gaps.has(symbol) ? 5 : 1);
    client.bookSent.set(topic, { bid: top.bid, ask: top.ask, u });
    if (type === "snapshot") this.snapshots.set(symbol, top);
    send(client.ws, {
      topic,
      type,
      ts,
      data: { s: symbol, b: bids, a: asks, u, seq: this.seq++ },
      cts: ts,
    });
  }

  private sendTrade(ws: WebSocket, topic: string, symbol: string, ts: number): void {
    const mid = midPrice(symbol, ts);
    const buy = Math.floor(ts / 100) % 2 === 0;
    send(ws, {
      topic,
      type: "snapshot",
      ts,
      data: [
        {
          T: ts,
          s: symbol,
          S: buy ? "Buy" : "Sell",
          v: String(Number((0.01 + (ts % 97) / 100).toFixed(3))),
          p: String(mid),
          L: buy ? "PlusTick" : "MinusTick",
          i: `fake-${symbol}-${ts}`,
          BT: false,
        },
      ],
    });
  }

  private sendTicker(ws: WebSocket, topic: string, symbol: string, ts: number, snapshot: boolean): void {
    const top = this.book(symbol, ts);
    const template = fixture("ws_ticker_linear") as { data: Record<string, unknown> };
    const mid = midPrice(symbol, ts);
    const live = {
      symbol,
      lastPrice: String(mid),
      markPrice: String(mid),
      indexPrice: String(mid),
      bid1Price: String(top.bid),
      bid1Size: String(top.bidSize),
      ask1Price: String(top.ask),
      ask1Size: String(top.askSize),
      fundingRate: "0.0001",
      nextFundingTime: String(Math.ceil(ts / 28_800_000) * 28_800_000),
    };
    send(ws, {
      topic,
      type: snapshot ? "snapshot" : "delta",
      data: snapshot ? { ...template.data, ...live } : live,
      cs: this.seq++,
      ts,
    });
  }

  private sendKline(ws: WebSocket, topic: string, symbol: string, ts: number): void {
    const start = Math.floor(ts / 60_000) * 60_000;
    const [, open, high, low, close, volume, turnover] = minuteBar(symbol, start);
    send(ws, {
      topic,
      type: "snapshot",
      ts,
      data: [
        {
          start,
          end: start + 59_999,
          interval: "1",
          open: String(open),
          close: String(close),
          high: String(high),
          low: String(low),
          volume: String(volume),
          turnover: String(turnover),
          confirm: false,
          timestamp: ts,
        },
      ],
    });
  }

  // --- REST ------------------------------------------------------------------------------------

  private onRequest(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname.startsWith("/__fake/")) return this.control(url, res);
    this.restCounts[url.pathname] = (this.restCounts[url.pathname] ?? 0) + 1;
    if (this.down) return answer(res, 503, { retCode: 10_016, retMsg: "service unavailable" });
    if (this.restStatus !== null) {
      const { http, retCode } = this.restStatus;
      if (http !== 200) return answer(res, http, { retCode, retMsg: "access denied" });
      return answer(res, 200, { retCode, retMsg: "Too many visits!", result: {}, retExtInfo: {}, time: this.now() });
    }
    const q = (name: string) => url.searchParams.get(name);
    const ok = (result: unknown) =>
      answer(res, 200, { retCode: 0, retMsg: "OK", result, retExtInfo: {}, time: this.now() });
    if (/^\/v5\/(order|execution|position|account|user)\//.test(url.pathname)) {
      void readBody(req).then((body) => this.onPrivateRest(req, res, url, body));
      return;
    }
    switch (url.pathname) {
      case "/v5/market/time": {
        const now = this.now();
        return ok({ timeSecond: String(Math.floor(now / 1000)), timeNano: `${now}000000` });
      }
      case "/v5/market/instruments-info":
        return ok(this.instruments(q("symbol")));
      case "/v5/market/kline":
        return ok(
          this.klines(
            q("symbol") ?? "",
            Number(q("start") ?? 0),
            Number(q("end") ?? this.now()),
            Number(q("limit") ?? 200),
          ),
        );
      case "/v5/market/tickers":
        return ok({
          category: "linear",
          list: this.o.symbols
            .filter((s) => q("symbol") === null || s === q("symbol"))
            .map((s) => {
              const top = this.book(s);
              return {
                symbol: s,
                lastPrice: String(midPrice(s, this.now())),
                bid1Price: String(top.bid),
                bid1Size: String(top.bidSize),
                ask1Price: String(top.ask),
                ask1Size: String(top.askSize),
                markPrice: String(midPrice(s, this.now())),
                fundingRate: "0.0001",
                volume24h: "1000",
                turnover24h: "1000000",
              };
            }),
        });
      default:
        return answer(res, 404, { retCode: 10_404, retMsg: `fake Bybit does not serve ${url.pathname}` });
    }
  }

  /** Signed REST: X-BAPI-SIGN = HMAC(secret, timestamp + key + recvWindow + query or body). */
  private onPrivateRest(req: IncomingMessage, res: ServerResponse, url: URL, body: string) {
    const header = (name: string) => String(req.headers[name] ?? "");
    const payload = req.method === "GET" ? url.search.replace(/^\?/, "") : body;
    const expected = createHmac("sha256", this.apiSecret)
      .update(`${header("x-bapi-timestamp")}${header("x-bapi-api-key")}${header("x-bapi-recv-window")}${payload}`)
      .digest("hex");
    const fail = (retCode: number, retMsg: string) =>
      answer(res, 200, { retCode, retMsg, result: {}, retExtInfo: {}, time: this.now() });
    if (header("x-bapi-api-key") !== this.apiKey) return fail(10003, "API key is invalid.");
    if (header("x-bapi-sign") !== expected) return fail(10004, "error sign! origin_string mismatch");
    const ok = (result: unknown) =>
      answer(res, 200, { retCode: 0, retMsg: "OK", result, retExtInfo: {}, time: this.now() });
    let input: Record<string, unknown> = {};
    try {
      input = body === "" ? {} : (JSON.parse(body) as Record<string, unknown>);
    } catch {
      return fail(10001, "request body is not JSON");
    }
    const q = (name: string) => url.searchParams.get(name);
    const page = (list: unknown[]) => ({ category: "linear", nextPageCursor: "", list });
    switch (url.pathname) {
      case "/v5/order/create": {
        const outcome = this.account.create(input);
        if (!outcome.ok) return fail(outcome.retCode, outcome.retMsg);
        if (this.createAnswersToLose > 0) {
          this.createAnswersToLose--;
          res.destroy(); // carried out, but the answer is lost on the way
          return;
        }
        return ok({ orderId: outcome.orderId, orderLinkId: outcome.orderLinkId });
      }
      case "/v5/order/cancel": {
        const outcome = this.account.cancel(input);
        return outcome.ok
          ? ok({ orderId: outcome.orderId, orderLinkId: outcome.orderLinkId })
          : fail(outcome.retCode, outcome.retMsg);
      }
      case "/v5/order/realtime":
        return ok(page(this.account.openOrders({ orderLinkId: q("orderLinkId"), symbol: q("symbol") })));
      case "/v5/execution/list":
        return ok(
          page(this.account.executionList({ startTime: Number(q("startTime") ?? 0), orderLinkId: q("orderLinkId") })),
        );
      case "/v5/position/list":
        return ok(page(this.account.positionList()));
      case "/v5/account/wallet-balance":
        return ok({ list: [this.account.wallet()] });
      case "/v5/account/info":
        return ok((fixture("http_get_account_info") as { result: object }).result);
      case "/v5/user/query-api":
        return ok(this.keyInfo);
      default:
        return answer(res, 404, { retCode: 10_404, retMsg: `fake Bybit does not serve ${url.pathname}` });
    }
  }

  private instruments(symbol: string | null) {
    const template = fixture("http_get_instruments_linear") as { result: { list: Record<string, unknown>[] } };
    const base = template.result.list[0] ?? {};
    return {
      category: "linear",
      nextPageCursor: "",
      list: this.o.symbols
        .filter((s) => symbol === null || s === symbol)
        .map((s) => ({
          ...base,
          symbol: s,
          baseCoin: s.replace(/USDT$/, ""),
          priceFilter: { minPrice: String(tickSizeOf(s)), maxPrice: "10000000", tickSize: String(tickSizeOf(s)) },
        })),
    };
  }

  private klines(symbol: string, start: number, end: number, limit: number) {
    const list: string[][] = [];
    const last = Math.min(Math.floor(end / 60_000) * 60_000, Math.floor(this.now() / 60_000) * 60_000 - 60_000);
    for (let t = last; t >= start && list.length < Math.min(limit, 1000); t -= 60_000)
      list.push(minuteBar(symbol, t).map(String)); // newest first, as Bybit serves them
    return { category: "linear", symbol, list };
  }

  private control(url: URL, res: ServerResponse) {
    const on = url.searchParams.get("on");
    switch (url.pathname) {
      case "/__fake/silent":
        this.setSilent(on !== "0");
        break;
      case "/__fake/drop":
        this.dropConnections();
        break;
      case "/__fake/down":
        this.setDown(on !== "0");
        break;
      case "/__fake/gap":
        this.sendBookGap(url.searchParams.get("symbol") ?? "");
        break;
      case "/__fake/rest-error": {
        const http = Number(url.searchParams.get("http") ?? 0);
        this.setRestError(http === 0 ? null : { http, retCode: Number(url.searchParams.get("retCode") ?? 0) });
        break;
      }
      case "/__fake/lose-create":
        this.loseCreateResponses(Number(url.searchParams.get("n") ?? 1));
        break;
      case "/__fake/stats":
        break;
      default:
        return answer(res, 404, { error: "unknown control" });
    }
    answer(res, 200, this.stats());
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = "";
    req.on("data", (chunk) => (body += String(chunk)));
    req.on("end", () => resolve(body));
    req.on("error", () => resolve(body));
  });
}

function send(ws: WebSocket, message: unknown): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
