import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import { ClientSession } from "./client-session";
import {
  ackMessage,
  type ClientCommand,
  dataMessage,
  errorMessage,
  type LegacyErrorCode,
  parseClientMessage,
  pongMessage,
  shutdownMessage,
  welcomeMessage,
} from "./protocol";
import { SubscriptionIndex } from "./subscription-index";
import type { LegacyTopicSet } from "./topics";

/** The subset of pino's API this module uses. */
export interface LegacyWsLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface LegacyWsServerOptions {
  readonly topics: LegacyTopicSet;
  /** A client whose unsent backlog exceeds this when a message is due is dropped. */
  readonly maxBufferedBytes: number;
  /** Epoch ms; used for the `timestamp` field of every message. */
  readonly now?: () => number;
  readonly logger?: LegacyWsLogger;
  /** Protocol-level ping period; a client that has not answered the previous ping is terminated. */
  readonly pingIntervalMs?: number;
  /** Largest incoming message; a bigger one closes the connection with 1009. */
  readonly maxPayloadBytes?: number;
  /** Defaults to the number of topics, i.e. every topic. */
  readonly maxSubscriptionsPerClient?: number;
  /** How long shutdown() waits for clients to finish the close handshake before terminating them. */
  readonly shutdownTimeoutMs?: number;
}

export interface LegacyWsStats {
  clients: number;
  subscriptions: number;
  connections_total: number;
  messages_sent: number;
  messages_received: number;
  protocol_errors: number;
  dropped_slow: number;
  dropped_unresponsive: number;
  upgrades_refused: number;
}

export const DEFAULT_PING_INTERVAL_MS = 30_000;
export const DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 5_000;
/** "Service Restart": tells clients the server is going away and coming back. */
export const CLOSE_SERVICE_RESTART = 1012;

const noopLogger: LegacyWsLogger = { info() {}, warn() {}, error() {} };

function requirePositiveInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0)
    throw new RangeError(`LegacyWsServer: ${name} must be a positive integer`);
  return value;
}

function rawDataToText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data).toString("utf8");
}

/** The legacy `/ws` topic protocol of the seed report: subscribe/unsubscribe/ping and `{topic,data,timestamp}` pushes. */
export class LegacyWsServer {
  private readonly topics: LegacyTopicSet;
  private readonly maxBufferedBytes: number;
  private readonly maxSubscriptions: number;
  private readonly shutdownTimeoutMs: number;
  private readonly now: () => number;
  private readonly logger: LegacyWsLogger;
  private readonly wss: WebSocketServer;
  private readonly sessions = new Set<ClientSession>();
  private readonly index = new SubscriptionIndex<ClientSession>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly unknownPublishTopics = new Set<string>();
  private readonly drainWaiters: Array<() => void> = [];
  private accepting = true;
  private shutdownPromise: Promise<void> | undefined;
  private nextClientId = 1;
  private readonly counters = {
    connections_total: 0,
    messages_sent: 0,
    messages_received: 0,
    protocol_errors: 0,
    dropped_slow: 0,
    dropped_unresponsive: 0,
    upgrades_refused: 0,
  };

  constructor(options: LegacyWsServerOptions) {
    this.topics = options.topics;
    this.maxBufferedBytes = requirePositiveInt("maxBufferedBytes", options.maxBufferedBytes);
    this.maxSubscriptions = requirePositiveInt(
      "maxSubscriptionsPerClient",
      options.maxSubscriptionsPerClient ?? Math.max(1, options.topics.size),
    );
    this.shutdownTimeoutMs = requirePositiveInt(
      "shutdownTimeoutMs",
      options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS,
    );
    const pingIntervalMs = requirePositiveInt("pingIntervalMs", options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS);
    const maxPayload = requirePositiveInt("maxPayloadBytes", options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES);
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? noopLogger;
    this.wss = new WebSocketServer({ noServer: true, clientTracking: false, perMessageDeflate: false, maxPayload });
    this.heartbeat = setInterval(() => this.checkLiveness(), pingIntervalMs);
    this.heartbeat.unref();
  }

  /** For the http server's `upgrade` event on `/ws`. Refuses with 503 once shutdown has begun. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!this.accepting) {
      this.counters.upgrades_refused++;
      refuseUpgrade(socket, 503, "Service Unavailable", "server is shutting down");
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req));
  }

  /** Completes the handshake only to close with 1008 and why (a client without the credentials reads need). */
  refuseAfterHandshake(req: IncomingMessage, socket: Duplex, head: Buffer, reason: string): void {
    this.counters.upgrades_refused++;
    this.wss.handleUpgrade(req, socket, head, (ws) => ws.close(1008, reason));
  }

  /**
   * Sends `{topic,data,timestamp}` to every subscriber of `topic` (matched case-insensitively), serialized
   * once. Returns how many clients it was sent to. `undefined` data is sent as null so `data` is always present.
   */
  publish(topic: string, data: unknown): number {
    const canonical = this.topics.resolve(topic);
    if (canonical === undefined) {
      if (!this.unknownPublishTopics.has(topic)) {
        this.unknownPublishTopics.add(topic);
        this.logger.warn({ topic }, "legacy ws: publish to a topic that is not in the topic set; ignored");
      }
      return 0;
    }
    const subscribers = this.index.subscribersOf(canonical);
    if (subscribers === undefined || !this.accepting) return 0;

    let frame: Buffer;
    try {
      frame = Buffer.from(dataMessage(canonical, data === undefined ? null : data, this.timestamp()), "utf8");
    } catch (err) {
      this.logger.error({ topic: canonical, err }, "legacy ws: could not serialize published data");
      return 0;
    }
    let sent = 0;
    for (const session of subscribers) if (this.sendTo(session, frame)) sent++;
    return sent;
  }

  clientCount(): number {
    return this.sessions.size;
  }

  subscriberCount(topic: string): number {
    const canonical = this.topics.resolve(topic);
    return canonical === undefined ? 0 : this.index.countFor(canonical);
  }

  stats(): LegacyWsStats {
    return { clients: this.sessions.size, subscriptions: this.index.total(), ...this.counters };
  }

  /**
   * Stops accepting upgrades, tells every client to reconnect and closes it with 1012; resolves when all
   * are closed, terminating those still open after shutdownTimeoutMs. Safe to call more than once.
   */
  shutdown(message = "Server is restarting; reconnect shortly"): Promise<void> {
    this.shutdownPromise ??= this.closeAll(message);
    return this.shutdownPromise;
  }

  private async closeAll(message: string): Promise<void> {
    this.accepting = false;
    clearInterval(this.heartbeat);
    const count = this.sessions.size;
    this.logger.info({ clients: count }, "legacy ws: shutting down");
    const notice = Buffer.from(shutdownMessage(message, this.timestamp()), "utf8");
    for (const session of [...this.sessions]) {
      this.sendTo(session, notice);
      session.close(CLOSE_SERVICE_RESTART, "server restart");
    }
    if (!(await this.waitForNoSessions(this.shutdownTimeoutMs))) {
      this.logger.warn({ clients: this.sessions.size }, "legacy ws: clients did not close in time; terminating");
      for (const session of [...this.sessions]) {
        session.terminate();
        this.detach(session);
      }
    }
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.logger.info({ clients: count }, "legacy ws: shut down");
  }

  private accept(ws: WebSocket, req: IncomingMessage): void {
    if (!this.accepting) {
      // The handshake completed after shutdown began.
      ws.close(CLOSE_SERVICE_RESTART, "server restart");
      return;
    }
    const session = new ClientSession(
      this.nextClientId++,
      req.socket.remoteAddress,
      this.now(),
      ws,
      this.maxBufferedBytes,
    );
    this.sessions.add(session);
    this.counters.connections_total++;
    ws.on("message", (data, isBinary) => this.onMessage(session, data, isBinary));
    ws.on("pong", () => session.markAlive());
    ws.on("error", (err) => this.logger.warn({ client_id: session.id, err: err.message }, "legacy ws: socket error"));
    ws.on("close", (code) => {
      this.detach(session);
      this.logger.info(
        { client_id: session.id, code, duration_ms: this.now() - session.connectedAt },
        "legacy ws: client disconnected",
      );
    });
    this.logger.info({ client_id: session.id, remote: session.remoteAddress }, "legacy ws: client connected");
    this.sendTo(session, welcomeMessage(this.topics.list(), this.timestamp()));
  }

  private onMessage(session: ClientSession, data: RawData, isBinary: boolean): void {
    this.counters.messages_received++;
    if (isBinary) {
      this.sendError(session, "INVALID_MESSAGE", "binary frames are not supported; send JSON text");
      return;
    }
    const result = parseClientMessage(rawDataToText(data));
    if (!result.ok) {
      this.sendError(session, result.code, result.message);
      return;
    }
    this.execute(session, result.command);
  }

  private execute(session: ClientSession, command: ClientCommand): void {
    if (command.kind === "ping") {
      this.sendTo(session, pongMessage(this.timestamp()));
      return;
    }
    const topic = this.topics.resolve(command.topic);
    if (topic === undefined) {
      const shown = JSON.stringify(command.topic.slice(0, 64));
      this.sendError(session, "UNKNOWN_TOPIC", `unknown topic ${shown}; available topics: ${this.topics.describe()}`);
      return;
    }
    if (command.kind === "subscribe") {
      if (!this.index.has(topic, session) && this.index.topicCountOf(session) >= this.maxSubscriptions) {
        this.sendError(
          session,
          "TOO_MANY_SUBSCRIPTIONS",
          `a connection may hold at most ${this.maxSubscriptions} subscriptions; unsubscribe from one first`,
        );
        return;
      }
      this.index.add(topic, session);
      this.sendTo(session, ackMessage("subscribed", topic, this.timestamp()));
      return;
    }
    this.index.remove(topic, session);
    this.sendTo(session, ackMessage("unsubscribed", topic, this.timestamp()));
  }

  private sendError(session: ClientSession, code: LegacyErrorCode, message: string): void {
    this.counters.protocol_errors++;
    this.sendTo(session, errorMessage(code, message, this.timestamp()));
  }

  private sendTo(session: ClientSession, frame: Buffer | string): boolean {
    const outcome = session.send(frame);
    if (outcome === "sent") {
      this.counters.messages_sent++;
      return true;
    }
    if (outcome === "slow") {
      this.counters.dropped_slow++;
      this.logger.warn(
        { client_id: session.id, buffered_bytes: session.bufferedAmount, max_buffered_bytes: this.maxBufferedBytes },
        "legacy ws: dropped a client that is not keeping up",
      );
      this.detach(session);
    }
    return false;
  }

  private checkLiveness(): void {
    for (const session of this.sessions) {
      if (session.pingOrTerminate()) continue;
      this.counters.dropped_unresponsive++;
      this.logger.warn({ client_id: session.id }, "legacy ws: terminated a client that did not answer ping");
      this.detach(session);
    }
  }

  /** Forgets a session; idempotent, as both a drop and the later `close` event call it. */
  private detach(session: ClientSession): void {
    if (!this.sessions.delete(session)) return;
    this.index.removeAll(session);
    if (this.sessions.size === 0) for (const wake of this.drainWaiters.splice(0)) wake();
  }

  private waitForNoSessions(timeoutMs: number): Promise<boolean> {
    if (this.sessions.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.drainWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private timestamp(): string {
    return new Date(this.now()).toISOString();
  }
}

function refuseUpgrade(socket: Duplex, status: number, statusText: string, body: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.once("finish", () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
