// The seam between the engine process and the Next app: the one typed interface through which route
// handlers, tRPC routers and the dashboard read and command the running engine. Next's bundle holds
// its own copy of every module, so everything here is plain data: reads return payloads (or a
// Result when they can be refused), commands return answers, topics are typed by the catalog.
// Nothing that crosses is a class, and nothing on the Next side walks the engine's object graph.

import type { ChangelogResponse } from "../adapters/changelog/merge-changelog";
import type { DecisionFilter } from "../adapters/db/decision-history";
import type { TradingMode } from "../config/settings-schema";
import type { EngineCommand, EngineState } from "../engine/model/engine-state";
import type { BacktestRequest } from "../research/backtest-jobs";
import type { AccessGateway } from "./commands/access";
import type { AcknowledgeAnswer } from "./commands/acknowledge-venue";
import type { AdaptInput } from "./commands/adapt";
import type { Origin } from "./commands/audit";
import type { ClearAnswer, ClearRequest } from "./commands/clear-risk";
import type { ControlAnswer } from "./commands/engine-control";
import type { TradeActionAnswer } from "./commands/trading-actions";
import type { Result } from "./refusal";
import type { DecisionPayload, TopicName, TopicPayloads } from "./topic-catalog";
import type { adaptationsView, adaptPayload } from "./views/adaptations";
import type { systemAgents } from "./views/agents";
import type { AuditEntryPayload } from "./views/audit-states";
import type { ChangelogQuery } from "./views/changelog";
import type { fillsVsBook } from "./views/fills-vs-book";
import type { health } from "./views/health";
import type { CandlesQuery, getCandles, TickerPayload } from "./views/market";
import type { portfolioSummary } from "./views/portfolio";
import type { BacktestJobSummary, backtestJob, researchOverview } from "./views/research";
import type { riskGovernorStatus } from "./views/risk-governor";
import type { marketScan } from "./views/scanner";
import type { symbolsOverview } from "./views/symbols-overview";
import type { SystemStatus } from "./views/system-status";
import type { telemetryPing, telemetrySummary } from "./views/telemetry";
import type { TradesQuery, tradeHistory } from "./views/trades";
import type { tradingWhy } from "./views/trading-why";

export type { ChangelogResponse } from "../adapters/changelog/merge-changelog";
export type { DecisionFilter } from "../adapters/db/decision-history";
/** How the audit names a caller; a pure function, the same on both sides of the seam. */
export { describePrincipal } from "../auth/auth-service";
export type { AccessAnswer, Principal } from "./commands/access";
export type { AcknowledgeAnswer } from "./commands/acknowledge-venue";
export type { Origin } from "./commands/audit";
export type { ClearAnswer, ClearRequest } from "./commands/clear-risk";
export type { ControlAnswer } from "./commands/engine-control";
export type { TradeActionAnswer } from "./commands/trading-actions";
export type { Result } from "./refusal";
export type { DecisionPayload, TopicName, TopicPayloads } from "./topic-catalog";
export type { AuditEntryPayload } from "./views/audit-states";
export type { ChangelogQuery } from "./views/changelog";
export type { CandlesQuery } from "./views/market";
export type { TradesQuery } from "./views/trades";

export type HealthAnswer = Awaited<ReturnType<typeof health>>;
export type TradingWhy = ReturnType<typeof tradingWhy>;
export type PortfolioSummary = ReturnType<typeof portfolioSummary>;
export type FillsVsBookReport = ReturnType<typeof fillsVsBook>;
export type TradeHistory = Awaited<ReturnType<typeof tradeHistory>>;
export type SystemAgents = ReturnType<typeof systemAgents>;
export type AdaptationsView = ReturnType<typeof adaptationsView>;
export type AdaptPayload = ReturnType<typeof adaptPayload>;
export type ResearchOverview = ReturnType<typeof researchOverview>;
export type BacktestJobView = ReturnType<typeof backtestJob>;
export type SymbolRow = ReturnType<typeof symbolsOverview>[number];
export type RiskGovernorStatus = ReturnType<typeof riskGovernorStatus>;
export type Candles = ReturnType<typeof getCandles>;
export type MarketScan = ReturnType<typeof marketScan>;

export interface Instrument {
  readonly symbol: string;
  /** The price increment; null when the feed does not say (a recorded file). */
  readonly tick_size: number | null;
}

export interface DecisionHistoryPage {
  readonly total: number;
  readonly page: number;
  readonly page_size: number;
  readonly pages: number;
  /** Newest first, in the same shape as the live ORDER_DECISION on trading_events. */
  readonly decisions: readonly DecisionPayload[];
}

export interface EquityPoint {
  readonly at: string;
  readonly equity: number;
  readonly balance: number;
}

export interface TransitionRow {
  readonly id: number;
  readonly at: string;
  readonly command: string;
  readonly fromState: string;
  readonly toState: string;
  readonly ok: boolean;
  readonly errorCode: string | null;
  readonly actor: string;
  readonly reason: string | null;
  readonly message: string;
}

/** Live topics: subscribe (delivery on the next turn of the event loop) and the latest payload. */
export interface GatewayTopics {
  subscribe<K extends TopicName>(topic: K, listener: (topic: K, data: TopicPayloads[K]) => void): () => void;
  latest<K extends TopicName>(topic: K): TopicPayloads[K] | undefined;
}

export interface EngineGateway {
  readonly mode: TradingMode;
  /** The request limits the Next side applies too (tRPC batch size, body size). */
  readonly limits: { readonly trpcMaxBatch: number; readonly maxBodyBytes: number };
  /** The configured symbols, in order. */
  readonly symbols: readonly string[];

  // --- reads ---------------------------------------------------------------------------------
  /** GET /health: pings the database. */
  health(): Promise<HealthAnswer>;
  status(): SystemStatus;
  engineState(): { readonly engine_state: EngineState };
  ping(): ReturnType<typeof telemetryPing>;
  telemetry(): ReturnType<typeof telemetrySummary>;
  instruments(): readonly Instrument[];
  ticker(symbol: string): Result<TickerPayload>;
  tickers(): readonly TickerPayload[];
  candles(query: CandlesQuery): Result<Candles>;
  scan(): MarketScan;
  why(): Result<TradingWhy>;
  portfolio(): Result<PortfolioSummary>;
  /** Recent fills against the top of the book at the same moment (paper's honesty on a live feed). */
  fillsVsBook(): Result<FillsVsBookReport>;
  /** GET /system/changelog/today: the day's commits, changelog_today.json and HEAN's own events. */
  changelog(query: ChangelogQuery): Promise<Result<ChangelogResponse>>;
  /** Every closed trade from the recorded fills, filtered, with the Critic's tables for the same trades. */
  trades(query: TradesQuery): Promise<TradeHistory>;
  /** GET /system/agents: the eight agents, what each is doing and its recent steps. */
  agents(): SystemAgents;
  /** The Critic reviews the closed trades now; the agents after it. */
  reviewTrades(): Promise<SystemAgents>;
  symbolRows(): Result<readonly SymbolRow[]>;
  riskStatus(): Result<RiskGovernorStatus>;
  decisions(filter: DecisionFilter): Promise<DecisionHistoryPage>;
  /** Decisions recorded after the one with this id (oldest first), for a subscription that resumes. */
  decisionsAfter(decisionId: string, limit: number): Promise<readonly DecisionPayload[]>;
  equityCurve(limit: number): Promise<readonly EquityPoint[]>;
  transitions(limit: number): Promise<readonly TransitionRow[]>;

  // --- commands ------------------------------------------------------------------------------
  // Each command is recorded in the audit trail, with the origin when the caller gives it.
  control(command: EngineCommand, actor: string, reason?: string, origin?: Origin): Promise<ControlAnswer>;
  clearRisk(request: ClearRequest, actor: string, origin?: Origin): Promise<Result<ClearAnswer>>;
  closePosition(symbol: string, actor: string, origin?: Origin): Promise<Result<TradeActionAnswer>>;
  cancelOrder(clientOrderId: string, actor: string, origin?: Origin): Promise<Result<TradeActionAnswer>>;
  /** Lifts the reconciliation's hold on a symbol once a person has reviewed it at Bybit. */
  acknowledgeVenue(symbol: string, actor: string, origin?: Origin): Promise<Result<AcknowledgeAnswer>>;
  /** The data files a backtest can replay, and the recent backtests. */
  research(): ResearchOverview;
  /** One backtest with its report once done; null when unknown. */
  backtest(id: string): BacktestJobView;
  /** Starts a backtest in a worker thread (queued behind the one running). */
  startBacktest(request: BacktestRequest, actor: string, origin?: Origin): Promise<Result<BacktestJobSummary>>;
  /** The adaptable live settings with their limits, and the gate's recent verdicts. */
  adaptations(): AdaptationsView;
  /** A change of a live setting through the gate (recorded and published whatever the verdict). */
  adapt(input: AdaptInput, actor: string, origin?: Origin): Promise<Result<AdaptPayload>>;
  revertAdaptation(id: string, actor: string, origin?: Origin): Promise<Result<AdaptPayload>>;
  /** The operator audit trail, newest first. */
  audit(limit: number): Promise<readonly AuditEntryPayload[]>;

  // --- access --------------------------------------------------------------------------------
  /** Logins, the password, API tokens, the access log (each refusal is an answer, not a throw). */
  readonly access: AccessGateway;

  // --- live ----------------------------------------------------------------------------------
  readonly topics: GatewayTopics;
}
