import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Duplex } from "node:stream";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import next from "next";
import { type WebSocket, WebSocketServer } from "ws";
import { appRouter } from "../../src/server/api/root";
import type { TrpcContext } from "../../src/server/api/trpc";
import { describePrincipal, type Principal } from "../auth/auth-service";
import { MAX_REST_BODY_BYTES } from "../boundary/limits";
import type { EngineGateway } from "../gateway/contract";
import type { HeanRuntime } from "../runtime";
import { AccessGate, SESSION_COOKIE } from "../transport/http/access-gate";
import { answerClientErrors, limitRequestTime } from "../transport/http/client-errors";
import { sendJsonError, writeRawJsonError } from "../transport/http/json-answer";
import { OriginPolicy } from "../transport/http/origin-policy";
import { cookieValue } from "../transport/http/request-facts";
import { refuseUnserved } from "../transport/http/request-guard";
import { applySecurityHeaders, securityHeaders } from "../transport/http/security-headers";
import { LegacyWsServer } from "../transport/legacy-ws/legacy-ws-server";
import { legacyTopicsFor } from "../transport/legacy-ws/topics";
import { limitTrpcSocket } from "../transport/trpc-socket-limits";
import type { Logger } from "./logger";

export interface HttpParts {
  readonly server: Server;
  readonly legacy: LegacyWsServer;
  readonly transport: HeanRuntime["transport"];
  /** Tells tRPC clients to reconnect, then closes their sockets. */
  closeTrpcClients(): Promise<void>;
  closeNext(): Promise<void>;
}

const TRPC_MAX_PAYLOAD = 1 << 20;

function pathOf(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? "/", "http://localhost").pathname;
  } catch {
    return "/";
  }
}

/**
 * One port: Next pages and route handlers, tRPC over WebSocket, and the legacy /ws protocol, each
 * behind the access gate (host, origin, body, credentials, rate limits) before anything else runs.
 */
export async function createHttpServer(
  runtime: HeanRuntime,
  gateway: EngineGateway,
  logger: Logger,
  dev: boolean,
): Promise<HttpParts> {
  const { settings } = runtime;
  const app = next({ dev, dir: process.cwd(), hostname: settings.HOST, port: settings.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const nextUpgrade = app.getUpgradeHandler();
  const gate = new AccessGate({
    listenHost: settings.HOST,
    reads: settings.AUTH_READS,
    trustProxy: settings.TRUST_PROXY,
    maxBodyBytes: settings.HTTP_MAX_BODY_BYTES,
    restMaxBodyBytes: MAX_REST_BODY_BYTES,
    origins: new OriginPolicy({
      listenHost: settings.HOST,
      allowedHosts: settings.ALLOWED_HOSTS,
      corsOrigins: settings.CORS_ORIGINS,
    }),
    auth: runtime.access.auth,
    limits: runtime.access.limits,
  });

  const fail = (req: IncomingMessage, res: import("node:http").ServerResponse) => (error: unknown) => {
    logger.error({ err: error, url: req.url }, "request failed");
    if (res.headersSent) res.end();
    else sendJsonError(res, 500, "INTERNAL", "Internal server error");
  };
  const headers = securityHeaders(dev);
  const server = createServer(
    // Stalled requests are noticed within a second of their deadline (limitRequestTime).
    { connectionsCheckingInterval: 1_000 },
    (req, res) => {
      applySecurityHeaders(res, headers);
      const path = pathOf(req);
      gate
        .check(req, res, path)
        .then((decision) => {
          if (!decision.ok || refuseUnserved(req, res, path)) return;
          return handle(req, res);
        })
        .catch(fail(req, res));
    },
  );
  limitRequestTime(server);
  answerClientErrors(server);

  const legacy = new LegacyWsServer({
    topics: legacyTopicsFor([...runtime.engine.symbols]),
    maxBufferedBytes: settings.WS_MAX_BUFFERED_BYTES,
    now: () => Date.now(),
    logger: logger.child({ component: "legacy-ws" }),
  });
  runtime.topics.subscribeAll((topic, data) => legacy.publish(topic, data));

  // Who each tRPC connection is, from its upgrade request (createContext receives that request).
  const callers = new WeakMap<IncomingMessage, { principal: Principal; address: string }>();
  const trpcWss = new WebSocketServer({ noServer: true, maxPayload: TRPC_MAX_PAYLOAD });
  const trpcHandler = applyWSSHandler({
    wss: trpcWss,
    router: appRouter,
    createContext: ({ req }): TrpcContext => {
      const caller = callers.get(req);
      return {
        gateway,
        actor: `trpc:${caller === undefined ? "unknown" : describePrincipal(caller.principal)}`,
        principal: caller?.principal ?? null,
        address: caller?.address ?? null,
        origin: { via: "trpc", address: caller?.address ?? null },
        session:
          cookieValue(typeof req.headers.cookie === "string" ? req.headers.cookie : null, SESSION_COOKIE) ?? null,
      };
    },
    keepAlive: { enabled: true, pingMs: 20_000, pongWaitMs: 5_000 },
  });
  // A client that never reads is dropped, not buffered without end.
  const slowReaders = setInterval(() => {
    for (const ws of trpcWss.clients)
      if (ws.bufferedAmount > settings.WS_MAX_BUFFERED_BYTES) {
        logger.warn({ buffered: ws.bufferedAmount }, "tRPC ws: dropped a client that is not keeping up");
        ws.terminate();
      }
  }, 1_000);
  slowReaders.unref();

  const acceptTrpc = (req: IncomingMessage, ws: WebSocket, principal: Principal, address: string) => {
    callers.set(req, { principal, address });
    limitTrpcSocket(ws, {
      maxBatch: settings.TRPC_MAX_BATCH,
      maxSubscriptions: settings.WS_MAX_SUBSCRIPTIONS,
      controlAllowed: () => gate.controlAllowed(principal, address),
    });
    trpcWss.emit("connection", ws, req);
  };

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = pathOf(req);
    if (runtime.isShuttingDown()) {
      socket.destroy();
      return;
    }
    if (path !== "/ws" && path !== "/api/trpc") {
      if (dev && path.startsWith("/_next/")) void nextUpgrade(req, socket, head);
      else socket.destroy();
      return;
    }
    gate.checkUpgrade(req, path).then(
      (decision) => {
        if (decision.kind === "refuse") {
          writeRawJsonError(socket, decision.status, decision.error, decision.message);
          return;
        }
        if (path === "/ws") {
          if (decision.kind === "close") legacy.refuseAfterHandshake(req, socket, head, decision.reason);
          else legacy.handleUpgrade(req, socket, head);
          return;
        }
        trpcWss.handleUpgrade(req, socket, head, (ws) => {
          if (decision.kind === "close") ws.close(1008, decision.reason);
          else acceptTrpc(req, ws, decision.principal, decision.address);
        });
      },
      (error: unknown) => {
        logger.error({ err: error }, "websocket upgrade failed");
        socket.destroy();
      },
    );
  });

  return {
    server,
    legacy,
    transport: {
      wsClients: () => legacy.clientCount() + trpcWss.clients.size,
      wsStats: () => ({ ...legacy.stats(), trpc_clients: trpcWss.clients.size }),
    },
    closeTrpcClients: async () => {
      clearInterval(slowReaders);
      trpcHandler.broadcastReconnectNotification();
      await new Promise((r) => setTimeout(r, 100));
      for (const client of trpcWss.clients) client.close(1012, "server restarting");
      await new Promise<void>((resolve) => trpcWss.close(() => resolve()));
    },
    closeNext: () => app.close(),
  };
}
