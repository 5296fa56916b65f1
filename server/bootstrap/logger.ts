import pino from "pino";
import type { Settings } from "../config/settings-schema";

export function createLogger(settings: Pick<Settings, "LOG_LEVEL">) {
  return pino({ level: settings.LOG_LEVEL, base: { app: "hean" } });
}

export type Logger = ReturnType<typeof createLogger>;
