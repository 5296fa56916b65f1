import type { Server } from "node:http";
import type { TopicPublisher } from "../realtime/topic-publisher";
import type { HttpParts } from "./create-http-server";
import type { RuntimeParts } from "./create-runtime";
import type { Logger } from "./logger";

/**
 * Stop accepting, tell WebSocket clients to reconnect, stop the engine, flush the store, close the
 * database: in that order, so nothing acknowledged is lost.
 */
export async function shutdown(
  signal: string,
  parts: { runtime: RuntimeParts; http: HttpParts; publisher: TopicPublisher },
  logger: Logger,
): Promise<void> {
  const { runtime, http, publisher } = parts;
  logger.info({ signal }, "shutting down");
  runtime.markShuttingDown();
  const closed = closeServer(http.server);
  publisher.publishStatus();
  await Promise.all([http.legacy.shutdown(), http.closeTrpcClients()]);
  publisher.stop();
  await runtime.runtime.engine.shutdown(`server received ${signal}`);
  await runtime.store.close();
  await runtime.closeDatabase();
  http.server.closeAllConnections();
  await closed;
  await http.closeNext().catch(() => undefined);
  logger.info({ signal }, "shutdown complete");
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
