import pino from "pino";
import type { Settings } from "../config/settings-schema";

/** Field names whose values never reach a log line, at any of the first three levels of an object. */
const SECRET_KEYS = [
  "password",
  "current",
  "token",
  "secret",
  "apiKey",
  "api_key",
  "apiSecret",
  "api_secret",
  "key",
  "authorization",
  "cookie",
  "set-cookie",
  "BYBIT_API_KEY",
  "BYBIT_API_SECRET",
];

export const REDACTED_PATHS = SECRET_KEYS.flatMap((k) => {
  const field = /^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`;
  const sep = field.startsWith("[") ? "" : ".";
  return [field, `*${sep}${field}`, `*.*${sep}${field}`];
});

export function createLogger(settings: Pick<Settings, "LOG_LEVEL">, destination?: pino.DestinationStream) {
  const options = {
    level: settings.LOG_LEVEL,
    base: { app: "hean" },
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}

export type Logger = ReturnType<typeof createLogger>;
