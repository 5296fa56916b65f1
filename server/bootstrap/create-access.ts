import Redis from "ioredis";
import type { PrismaClient } from "../../src/generated/prisma/client";
import { accessRecords } from "../adapters/db/access-records";
import { AuthService } from "../auth/auth-service";
import { RateLimits } from "../auth/rate-limits";
import { SettingsError } from "../config/load-settings";
import { maskUrlCredentials } from "../config/secrets";
import type { Settings } from "../config/settings-schema";
import type { HeanRuntime } from "../runtime";
import { isLoopbackHost } from "../transport/http/origin-policy";
import type { Logger } from "./logger";

/** How often an unprotected HEAN looks for a password set from the command line meanwhile. */
const PASSWORD_RECHECK_MS = 5_000;

/**
 * The owner's password, sessions, tokens and rate limits; and the start-up rule that HEAN never
 * listens beyond loopback, nor trades real money, without a password.
 */
export async function createAccess(
  settings: Settings,
  prisma: PrismaClient,
  logger: Logger,
): Promise<HeanRuntime["access"] & { close(): Promise<void> }> {
  const records = accessRecords(prisma);
  const auth = new AuthService(records, {
    sessionTtlMs: settings.SESSION_TTL_HOURS * 3_600_000,
    onAuditError: (error) => logger.warn({ err: error }, "access audit write failed"),
  });
  await auth.init();
  const loopback = isLoopbackHost(settings.HOST);
  const problems: string[] = [];
  if (!loopback && !auth.isConfigured())
    problems.push(
      `HOST=${settings.HOST} lets anyone who can reach this machine control HEAN, and no owner password is set. ` +
        "Set one first (npm run hean -- set-password), then create API tokens for scripts; or keep HOST=127.0.0.1 (the default).",
    );
  if (!settings.PAPER_MODE && !auth.isConfigured())
    problems.push("PAPER_MODE=false trades real orders: set an owner password first (npm run hean -- set-password).");
  if (problems.length > 0) throw new SettingsError(problems);
  const redis = settings.REDIS_URL === undefined ? undefined : connectRedis(settings.REDIS_URL, logger);
  const limits = new RateLimits({
    controlsPerMinute: settings.RATE_LIMIT_CONTROLS_PER_MIN,
    loginFailuresPerMinute: settings.RATE_LIMIT_LOGIN_FAILURES_PER_MIN,
    ...(redis === undefined ? {} : { redis, keyPrefix: "hean:ratelimit" }),
  });
  if (!auth.isConfigured())
    logger.warn("no owner password is set: anyone on this machine may control HEAN (npm run hean -- set-password)");
  const refresh = setInterval(() => {
    void auth.refresh().catch((error: unknown) => logger.warn({ err: error }, "access: password check failed"));
  }, PASSWORD_RECHECK_MS);
  refresh.unref();
  return {
    auth,
    limits,
    records,
    unprotected: () => loopback && !auth.isConfigured(),
    close: async () => {
      clearInterval(refresh);
      redis?.disconnect();
    },
  };
}

function connectRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
  redis.on("error", (error: Error) =>
    logger.warn({ err: maskUrlCredentials(error.message) }, "redis: connection problem"),
  );
  return redis;
}
