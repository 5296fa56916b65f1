export {
  CLOSE_SERVICE_RESTART,
  DEFAULT_MAX_PAYLOAD_BYTES,
  DEFAULT_PING_INTERVAL_MS,
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  type LegacyWsLogger,
  LegacyWsServer,
  type LegacyWsServerOptions,
  type LegacyWsStats,
} from "./legacy-ws-server";
export {
  type AckMessage,
  CLIENT_ACTIONS,
  type DataMessage,
  ERROR_CODES,
  type ErrorMessage,
  type LegacyErrorCode,
  type LegacyServerMessage,
  type PongMessage,
  type ShutdownMessage,
  type WelcomeMessage,
} from "./protocol";
export {
  LegacyTopicSet,
  legacyTopicsFor,
  SEED_TOPICS,
  type SeedTopic,
  TICKER_TOPIC_PREFIX,
  tickerTopic,
} from "./topics";
