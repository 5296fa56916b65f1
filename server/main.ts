import { createHttpServer } from "./bootstrap/create-http-server";
import { createRuntime } from "./bootstrap/create-runtime";
import { createLogger } from "./bootstrap/logger";
import { shutdown } from "./bootstrap/shutdown";
import { loadSettings, SettingsError } from "./config/load-settings";
import { createGateway } from "./gateway/create-gateway";
import { publishGateway } from "./gateway/registry";
import { TopicPublisher } from "./gateway/topic-publisher";

/** The composition root: config → database → engine → Next → http server → WebSockets. */
async function main(): Promise<void> {
  const settings = loadSettings();
  const logger = createLogger(settings);
  const dev = settings.NODE_ENV !== "production";
  // A background task that failed without handling its error is a bug to log loudly, not a reason
  // to drop every connection and the live engine with it.
  process.on("unhandledRejection", (reason) =>
    logger.error({ err: reason }, "unhandled rejection in a background task (a bug: please report it)"),
  );

  const runtime = await createRuntime(settings, logger);
  const gateway = createGateway(runtime.runtime);
  publishGateway(gateway);
  const http = await createHttpServer(runtime.runtime, gateway, logger, dev);
  runtime.setTransport(http.transport);
  const publisher = new TopicPublisher(runtime.runtime, runtime.runtime.topics, runtime.clock, {
    marketTicksMinIntervalMs: 250,
    statusIntervalMs: 1000,
    tradingMetricsIntervalMs: 2000,
  });
  publisher.start(runtime.runtime.engine);

  await new Promise<void>((resolve, reject) => {
    http.server.once("error", reject);
    http.server.listen(settings.PORT, settings.HOST, () => resolve());
  });
  const address = http.server.address();
  const port = typeof address === "object" && address !== null ? address.port : settings.PORT;
  logger.info(
    {
      mode: runtime.runtime.mode,
      symbols: runtime.runtime.engine.symbols.length,
      database: runtime.runtime.database.kind,
    },
    `HEAN listening on http://${settings.HOST === "0.0.0.0" ? "localhost" : settings.HOST}:${port}`,
  );

  if (settings.ENGINE_AUTOSTART)
    await runtime.runtime.engine.control({ command: "start", actor: "system", reason: "ENGINE_AUTOSTART=true" });

  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const deadline = setTimeout(() => {
      logger.error({ signal }, `shutdown exceeded ${settings.SHUTDOWN_TIMEOUT_MS} ms; exiting`);
      process.exit(1);
    }, settings.SHUTDOWN_TIMEOUT_MS);
    deadline.unref();
    shutdown(signal, { runtime, http, publisher }, logger).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

main().catch((error: unknown) => {
  if (error instanceof SettingsError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error("HEAN failed to start:", error);
  process.exit(1);
});
