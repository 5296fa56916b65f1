import { decisionHistory, decisionsAfter } from "../adapters/db/decision-history";
import { equityCurve } from "../adapters/db/equity-curve";
import { recentEngineTransitions } from "../adapters/db/transition-history";
import type { HeanRuntime } from "../runtime";
import { accessCommands } from "./commands/access";
import { acknowledgeVenue } from "./commands/acknowledge-venue";
import { adapt, revertAdaptation } from "./commands/adapt";
import { audited } from "./commands/audit";
import { clearRisk } from "./commands/clear-risk";
import { confirmDurable } from "./commands/durability";
import { controlEngine } from "./commands/engine-control";
import { cancelOrder, closePosition } from "./commands/trading-actions";
import type { EngineGateway } from "./contract";
import { attempt, attemptAsync } from "./refusal";
import { adaptationsView } from "./views/adaptations";
import { systemAgents } from "./views/agents";
import { auditPayload, engineState, heldState, orderState, positionState, riskState } from "./views/audit-states";
import { changelogToday } from "./views/changelog";
import { fillsVsBook } from "./views/fills-vs-book";
import { health } from "./views/health";
import { getCandles, getTicker, listTickers } from "./views/market";
import { portfolioSummary } from "./views/portfolio";
import { backtestJob, jobSummary, researchOverview } from "./views/research";
import { riskGovernorStatus } from "./views/risk-governor";
import { marketScan } from "./views/scanner";
import { symbolsOverview } from "./views/symbols-overview";
import { systemStatus } from "./views/system-status";
import { telemetryPing, telemetrySummary } from "./views/telemetry";
import { tradeHistory } from "./views/trades";
import { decisionPayload } from "./views/trading-payloads";
import { tradingWhy } from "./views/trading-why";

/** The gateway over a running engine: every answer built on the server side, as plain data. */
export function createGateway(rt: HeanRuntime): EngineGateway {
  const prisma = () => rt.database.prisma;
  return {
    mode: rt.mode,
    limits: { trpcMaxBatch: rt.settings.TRPC_MAX_BATCH, maxBodyBytes: rt.settings.HTTP_MAX_BODY_BYTES },
    symbols: [...rt.engine.symbols],
    health: () => health(rt),
    status: () => systemStatus(rt),
    engineState: () => ({ engine_state: rt.engine.state }),
    ping: () => telemetryPing(rt),
    telemetry: () => telemetrySummary(rt),
    instruments: () => rt.engine.symbols.map((symbol) => ({ symbol, tick_size: rt.engine.tickSize(symbol) })),
    ticker: (symbol) => attempt(() => getTicker(rt, { symbol })),
    tickers: () => listTickers(rt),
    candles: (query) => attempt(() => getCandles(rt, query)),
    scan: () => marketScan(rt),
    why: () => attempt(() => tradingWhy(rt)),
    portfolio: () => attempt(() => portfolioSummary(rt)),
    fillsVsBook: () => attempt(() => fillsVsBook(rt)),
    changelog: (query) => attemptAsync(() => changelogToday(rt, query)),
    trades: async (query) => {
      // The fills just published may not be written yet: write them first (bounded wait).
      await confirmDurable(rt);
      return tradeHistory(rt, query);
    },
    agents: () => systemAgents(rt),
    reviewTrades: async () => {
      await rt.agents?.review();
      return systemAgents(rt);
    },
    symbolRows: () => attempt(() => symbolsOverview(rt)),
    riskStatus: () => attempt(() => riskGovernorStatus(rt)),
    decisions: async (filter) => {
      const page = await decisionHistory(prisma(), filter);
      return {
        total: page.total,
        page: page.page,
        page_size: page.pageSize,
        pages: page.pages,
        decisions: page.decisions.map(decisionPayload),
      };
    },
    decisionsAfter: async (id, limit) => {
      // What is recorded but not yet written must be found too: write it first (bounded wait).
      await confirmDurable(rt);
      return (await decisionsAfter(prisma(), id, limit)).map(decisionPayload);
    },
    equityCurve: (limit) => equityCurve(prisma(), limit),
    transitions: (limit) => recentEngineTransitions(prisma(), limit),
    control: (command, actor, reason, origin) =>
      audited(
        rt,
        `engine.${command}`,
        actor,
        origin,
        engineState(rt),
        () => controlEngine(rt, command, actor, reason),
        reason,
      ),
    clearRisk: (request, actor, origin) =>
      audited(rt, "risk.clear", actor, origin, riskState(rt), () => attemptAsync(() => clearRisk(rt, request, actor))),
    closePosition: (symbol, actor, origin) =>
      audited(rt, "trading.close_position", actor, origin, positionState(rt, symbol), () =>
        attemptAsync(() => closePosition(rt, symbol, actor)),
      ),
    cancelOrder: (id, actor, origin) =>
      audited(rt, "trading.cancel_order", actor, origin, orderState(rt, id), () =>
        attemptAsync(() => cancelOrder(rt, id, actor)),
      ),
    acknowledgeVenue: (symbol, actor, origin) =>
      audited(rt, "exchange.acknowledge", actor, origin, heldState(rt, symbol), () =>
        attemptAsync(() => acknowledgeVenue(rt, symbol, actor)),
      ),
    research: () => researchOverview(rt),
    backtest: (id) => backtestJob(rt, id),
    startBacktest: (request, actor, origin) =>
      audited(
        rt,
        "research.backtest",
        actor,
        origin,
        () => null,
        async () => {
          const started = rt.research.start(request, actor);
          return started.ok
            ? { ok: true as const, value: jobSummary(started.job) }
            : { ok: false as const, code: "BAD_REQUEST" as const, message: started.message };
        },
      ),
    adaptations: () => adaptationsView(rt),
    adapt: (input, actor, origin) => attemptAsync(() => adapt(rt, input, actor, origin)),
    revertAdaptation: (id, actor, origin) => attemptAsync(() => revertAdaptation(rt, id, actor, origin)),
    audit: async (limit) => {
      await confirmDurable(rt);
      return (await rt.readAudit(limit)).map(auditPayload);
    },
    access: accessCommands(rt.access.auth, rt.access.limits, rt.access.records, rt.access.unprotected),
    topics: {
      subscribe: (topic, listener) => rt.topics.subscribe(topic, listener),
      latest: (topic) => rt.topics.latest(topic),
    },
  };
}
