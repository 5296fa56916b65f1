import type { Server } from "node:http";
import type { TopicPublisher } from "../gateway/topic-publisher";
import type { HttpParts } from "./create-http-server";
import type { RuntimeParts } from "./create-runtime";
import type { Logger } from "./logger";

/**
 * Stop accepting, tell WebSocket clients to reconnect, stop the engine, write the store (or keep
 * what the database cannot take in the fallback journal), close the database: in that order, so
 * nothing acknowledged is lost.
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
  runtime.runtime.agents?.stop();
  await runtime.runtime.engine.shutdown(`server received ${signal}`);
  // The stop sent Bybit a cancel for each open order; the stream stays open until they are answered.
  if (runtime.runtime.exchange !== null) {
    await new Promise((r) => setTimeout(r, 1_000));
    runtime.runtime.exchange.close();
  }
  const stored = await runtime.store.close();
  if (stored.written) logger.info({ signal }, "every record is written to the database");
  else
    logger.warn(
      { signal, records: stored.spilled, files: stored.files, error: stored.error },
      `the database did not take the last records: ${stored.spilled} kept in the local fallback journal; the next start writes them first`,
    );
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
