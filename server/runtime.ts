import type { PrismaClient } from "../src/generated/prisma/client";
import type { StoreHealth } from "./adapters/db/store-health";
import type { LatencySummary } from "./bootstrap/latency-monitor";
import type { Settings, TradingMode } from "./config/settings-schema";
import type { Engine } from "./engine/engine";
import type { EngineStore } from "./engine/ports";
import type { TopicHub } from "./realtime/topic-hub";

/**
 * Everything the Next side may reach of the running process. Created once in server/main.ts and
 * published on globalThis, because Next's bundle loads its own copies of every module: a second
 * engine in one process would be a bug.
 */
export interface HeanRuntime {
  readonly settings: Settings;
  readonly mode: TradingMode;
  readonly version: string;
  readonly startedAt: number;
  readonly engine: Engine;
  readonly database: {
    readonly kind: "pglite" | "postgresql";
    readonly prisma: PrismaClient;
    ping(): Promise<void>;
  };
  /** The engine's store, and what it says about its own health. */
  readonly store: EngineStore & { health(): StoreHealth };
  readonly topics: TopicHub;
  /** Hot-path latency of the live engine (tick handling, tick to decision, event loop delay). */
  readonly latency: { summary(): LatencySummary };
  readonly transport: {
    /** Open WebSocket connections, legacy /ws and tRPC together. */
    wsClients(): number;
    wsStats(): Record<string, number>;
  };
  isShuttingDown(): boolean;
}

const KEY = "__heanRuntime__";
type RuntimeGlobal = typeof globalThis & { [KEY]?: HeanRuntime };

export function publishRuntime(runtime: HeanRuntime): void {
  const g = globalThis as RuntimeGlobal;
  if (g[KEY] !== undefined) throw new Error("A HEAN runtime is already running in this process");
  g[KEY] = runtime;
}

export function findRuntime(): HeanRuntime | undefined {
  return (globalThis as RuntimeGlobal)[KEY];
}

export function unpublishRuntime(): void {
  delete (globalThis as RuntimeGlobal)[KEY];
}
