import type { PrismaClient } from "../src/generated/prisma/client";
import type { VenueSyncStatus } from "./adapters/bybit/broker/venue-sync";
import type { AccessRecords } from "./adapters/db/access-records";
import type { StoreHealth } from "./adapters/db/store-health";
import type { AuthService } from "./auth/auth-service";
import type { RateLimits } from "./auth/rate-limits";
import type { AgentsRuntime } from "./bootstrap/create-agents";
import type { LatencySummary } from "./bootstrap/latency-monitor";
import type { Settings, TradingMode } from "./config/settings-schema";
import type { AdaptationGate } from "./engine/agents/adaptation-gate";
import type { TradeFill } from "./engine/analytics";
import type { Engine } from "./engine/engine";
import type { AuditRecord } from "./engine/model/records";
import type { EngineStore } from "./engine/ports";
import type { TopicHub } from "./gateway/topic-hub";
import type { BacktestJobs } from "./research/backtest-jobs";

/**
 * The running process's parts, on the server side only: the gateway's views and commands read them;
 * the Next side sees none of it (it has the gateway, server/gateway/contract.ts). Created once in
 * server/main.ts: a second engine in one process would be a bug.
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
  /** Who may do what: the owner's password, sessions, tokens, rate limits. */
  readonly access: {
    readonly auth: AuthService;
    readonly limits: RateLimits;
    readonly records: AccessRecords;
    /** Loopback and no password yet: anyone on this machine may control HEAN. */
    unprotected(): boolean;
  };
  /** The Bybit session when trading on the exchange (PAPER_MODE=false); null for paper trading. */
  readonly exchange: {
    status(): VenueSyncStatus;
    /** A person reviewed what Bybit shows on the symbol; false when nothing was held there. */
    acknowledge(symbol: string, actor: string): boolean;
    /** Stops the reconciliation and closes the private stream (shutdown). */
    close(): void;
  } | null;
  /** Every recorded fill, oldest first, with its order's strategy: what closed trades are built from. */
  readTradeFills(): Promise<readonly TradeFill[]>;
  /** The operator audit trail, newest first. */
  readAudit(limit: number): Promise<readonly AuditRecord[]>;
  /** Backtests for the Research page, in worker threads. */
  readonly research: BacktestJobs;
  /** The one gate every change of a live setting passes (null without trading). */
  readonly adaptations: AdaptationGate | null;
  /** The AI agents (null with AI_CATALYST_ENABLED=false). */
  readonly agents: AgentsRuntime | null;
  isShuttingDown(): boolean;
}
