import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Duplex } from "node:stream";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import next from "next";
import { WebSocketServer } from "ws";
import { appRouter } from "../../src/server/api/root";
import type { EngineGateway } from "../gateway/contract";
import type { HeanRuntime } from "../runtime";
import { answerClientErrors, limitRequestTime } from "../transport/http/client-errors";
import { sendJsonError } from "../transport/http/json-answer";
import { refuseUnserved } from "../transport/http/request-guard";
import { LegacyWsServer } from "../transport/legacy-ws/legacy-ws-server";
import { legacyTopicsFor } from "../transport/legacy-ws/topics";
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

/** One port: Next pages and route handlers, tRPC over WebSocket, and the legacy /ws protocol. */
export async function createHttpServer(
  runtime: HeanRuntime,
  gateway: EngineGateway,
  logger: Logger,
  dev: boolean,
): Promise<HttpParts> {
  const app = next({ dev, dir: process.cwd(), hostname: runtime.settings.HOST, port: runtime.settings.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const nextUpgrade = app.getUpgradeHandler();

  const server = createServer(
    // Stalled requests are noticed within a second of their deadline (limitRequestTime).
    { connectionsCheckingInterval: 1_000 },
    (req, res) => {
      if (refuseUnserved(req, res, pathOf(req))) return;
      handle(req, res).catch((error: unknown) => {
        logger.error({ err: error, url: req.url }, "request failed");
        if (res.headersSent) res.end();
        else sendJsonError(res, 500, "INTERNAL", "Internal server error");
      });
    },
  );
  limitRequestTime(server);
  answerClientErrors(server);

  const legacy = new LegacyWsServer({
    topics: legacyTopicsFor([...runtime.engine.symbols]),
    maxBufferedBytes: runtime.settings.WS_MAX_BUFFERED_BYTES,
    now: () => Date.now(),
    logger: logger.child({ component: "legacy-ws" }),
  });
  runtime.topics.subscribeAll((topic, data) => legacy.publish(topic, data));

  const trpcWss = new WebSocketServer({ noServer: true, maxPayload: TRPC_MAX_PAYLOAD });
  const trpcHandler = applyWSSHandler({
    wss: trpcWss,
    router: appRouter,
    createContext: () => ({ gateway, actor: "trpc" }),
    keepAlive: { enabled: true, pingMs: 20_000, pongWaitMs: 5_000 },
  });

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = pathOf(req);
    if (runtime.isShuttingDown()) {
      socket.destroy();
      return;
    }
    if (path === "/ws") legacy.handleUpgrade(req, socket, head);
    else if (path === "/api/trpc")
      trpcWss.handleUpgrade(req, socket, head, (ws) => trpcWss.emit("connection", ws, req));
    else if (dev && path.startsWith("/_next/")) void nextUpgrade(req, socket, head);
    else socket.destroy();
  });

  return {
    server,
    legacy,
    transport: {
      wsClients: () => legacy.clientCount() + trpcWss.clients.size,
      wsStats: () => ({ ...legacy.stats(), trpc_clients: trpcWss.clients.size }),
    },
    closeTrpcClients: async () => {
      trpcHandler.broadcastReconnectNotification();
      await new Promise((r) => setTimeout(r, 100));
      for (const client of trpcWss.clients) client.close(1012, "server restarting");
      await new Promise<void>((resolve) => trpcWss.close(() => resolve()));
    },
    closeNext: () => app.close(),
  };
}
