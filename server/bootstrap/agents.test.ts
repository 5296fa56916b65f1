import { describe, expect, it } from "vitest";
import { createStartedRuntime } from "../../src/server/testing/runtime-fixture";
import { fill, order } from "../adapters/db/testing/trading-fixtures";
import type { Strategy } from "../engine/strategy/strategy";

type T = Awaited<ReturnType<typeof createStartedRuntime>>;

const agent = async (t: T, name: string) => {
  const found = (await t.caller.system.agents()).agents.find((a) => a.name === name);
  if (found === undefined) throw new Error(`no agent ${name}`);
  return found;
};

/** What a person reading the agents sees: everything but the heartbeats. */
const seen = async (t: T) =>
  (await t.caller.system.agents()).agents.map((a) => [a.name, a.status, a.current_task, a.recent_steps.length]);

/** A strategy that wishes to buy on every tick above 10 100: real signals through the real funnel. */
const buyAbove101: Strategy = {
  id: "buy_above_101",
  version: 1,
  onTick: (tick) =>
    tick.last > 10_100
      ? {
          symbol: tick.symbol,
          strategyId: "buy_above_101",
          ts: tick.ts,
          side: "BUY",
          intent: "entry",
          score: 1,
          confidence: 0.9,
          reason: "above 10 100",
        }
      : null,
};

describe("the eight agents report their components' real work", () => {
  it("answers GET /system/agents in the seed's shape, each agent bound to its component", async () => {
    const t = await createStartedRuntime();
    const answer = await t.caller.system.agents();
    expect(answer).toMatchObject({ status: "ok", enabled: true, agents_count: 8 });
    expect(answer.agents.map((a) => [a.name, a.role])).toEqual([
      ["Scout", "market_scanner"],
      ["RegimeBrain", "regime_detection"],
      ["SignalSynth", "signal_generation"],
      ["ExecutionMind", "order_execution"],
      ["RiskGovernor", "risk_monitoring"],
      ["Allocator", "portfolio_allocation"],
      ["Critic", "performance_analysis"],
      ["Engineer", "strategy_improvement"],
    ]);
    for (const a of answer.agents) {
      expect(["working", "idle", "error", "disabled"]).toContain(a.status);
      expect(typeof a.current_task).toBe("string");
    }
    expect(await agent(t, "Engineer")).toMatchObject({
      status: "disabled",
      current_task: "The strategy factory is off (AI_FACTORY_ENABLED=false)",
    });
  });

  it("Scout and RegimeBrain: a scan cycle and a regime change; then nothing new while nothing happens", async () => {
    const t = await createStartedRuntime();
    const published: unknown[] = [];
    t.gateway.topics.subscribe("ai_catalyst", (_, e) => published.push(e));
    t.quote("BTCUSDT", 1, 100);
    t.quote("ETHUSDT", 1, 100);
    t.clock.advanceBy(2_000);
    const scout = await agent(t, "Scout");
    expect(scout.status).toBe("working");
    expect(scout.current_task).toMatch(/^Scanned 2 symbols: /);
    expect(scout.recent_steps[0]).toMatchObject({ action: "scan_cycle", result: { scanned: 2 } });
    const brain = await agent(t, "RegimeBrain");
    expect(brain.current_task).toMatch(/^Classified (BTCUSDT|ETHUSDT) as [A-Z_]+ \(confidence [01]\.\d+\)$/);
    const confidence = (brain.recent_steps[0]?.result as { confidence?: number } | undefined)?.confidence;
    expect(confidence).toBeGreaterThan(0);
    expect(confidence).toBeLessThanOrEqual(1);

    // The same market, the same scans: the agents say nothing new.
    t.quote("BTCUSDT", 3, 100);
    t.quote("ETHUSDT", 3, 100);
    t.clock.advanceBy(1_000);
    await new Promise((r) => setImmediate(r)); // topics deliver on the next turn
    const before = await seen(t);
    const events = published.length;
    t.quote("BTCUSDT", 4.5, 100);
    t.quote("ETHUSDT", 4.5, 100);
    t.clock.advanceBy(1_000);
    await new Promise((r) => setImmediate(r));
    expect(await seen(t)).toEqual(before);
    expect(published.slice(events).filter((e) => (e as { type: string }).type === "AGENT_STEP")).toEqual([]);
  });

  it("SignalSynth, ExecutionMind: a signal, an order in flight, its fill", async () => {
    const t = await createStartedRuntime(["BTCUSDT"], {
      strategies: new Map([["BTCUSDT", [buyAbove101]]]),
      env: { MIN_SIGNAL_CONFIDENCE: "0.5" },
    });
    // A tight book (1 on 10 000), so the symbol is tradable.
    t.quote("BTCUSDT", 1, 10_000);
    expect((await agent(t, "SignalSynth")).current_task).toMatch(/no signal yet/);
    t.quote("BTCUSDT", 2, 10_101);
    const synth = await agent(t, "SignalSynth");
    expect(synth.recent_steps[0]).toMatchObject({
      action: "signal",
      result: { strategy: "buy_above_101", side: "BUY", symbol: "BTCUSDT", signals_by_strategy: { buy_above_101: 1 } },
    });
    expect(synth.current_task).toMatch(/1 signal: last buy_above_101 BUY BTCUSDT/);
    const sent = await agent(t, "ExecutionMind");
    expect(sent.status).toBe("working");
    expect(sent.current_task).toMatch(/^1 order in flight; last: BUY [\d.]+ BTCUSDT sent; 0 rejects in 5 min$/);
    t.quote("BTCUSDT", 2.5, 10_100); // filled after its 50 ms; above the stop
    const filled = await agent(t, "ExecutionMind");
    expect(filled.status).toBe("idle");
    expect(filled.recent_steps[0]).toMatchObject({ action: "order_filled", result: { latency_ms: 50 } });
  });

  it("Allocator: the weights sizing uses, moved by the symbols' volatility", async () => {
    const noop: Strategy = { id: "noop", version: 1 };
    const t = await createStartedRuntime(undefined, {
      strategies: new Map([
        ["BTCUSDT", [noop]],
        ["ETHUSDT", [noop]],
      ]),
    });
    expect((await agent(t, "Allocator")).current_task).toBe(
      "Risk budget by inverse volatility: BTCUSDT 50.0 %, ETHUSDT 50.0 % (2 without 20 one-minute bars yet: average weight)",
    );
    // ETH swings three times as much as BTC, minute after minute.
    for (let m = 0; m < 25; m++) {
      const up = m % 2 === 0 ? 1 : -1;
      t.quote("BTCUSDT", m * 60 + 30, 10_000 * (1 + up * 0.001));
      t.quote("ETHUSDT", m * 60 + 30, 10_000 * (1 + up * 0.003));
    }
    const allocator = await agent(t, "Allocator");
    expect(allocator.status).toBe("working");
    expect(allocator.current_task).toMatch(
      /^Risk budget by inverse volatility: BTCUSDT (\d+\.\d) %, ETHUSDT (\d+\.\d) %$/,
    );
    const step = allocator.recent_steps[0]?.result as { weights: { weight: number }[] } | undefined;
    const [btc, eth] = step?.weights ?? [];
    expect(btc?.weight).toBeGreaterThan(0.7);
    expect((btc?.weight ?? 0) + (eth?.weight ?? 0)).toBeCloseTo(1, 12);
    expect(t.engine.trading?.allocation()?.weights.map((w) => w.scale)).toEqual([
      expect.closeTo(2 * (btc?.weight ?? 0), 12),
      expect.closeTo(2 * (eth?.weight ?? 0), 12),
    ]);
  });

  it("RiskGovernor: what it watches, from its own evaluation", async () => {
    const t = await createStartedRuntime();
    t.quote("BTCUSDT", 1, 100);
    t.clock.advanceBy(6_000);
    const g = await agent(t, "RiskGovernor");
    expect(g.status).toBe("working");
    expect(g.current_task).toMatch(/^NORMAL: (watching .+ at \d+ % of its limit|nothing near a limit)$/);
    expect(g.last_heartbeat).not.toBeNull();
    // A governor transition (the killswitch) is a step of its own, with its reason codes.
    await t.caller.engine.control({ command: "kill", reason: "agents test" });
    const killed = await agent(t, "RiskGovernor");
    expect(killed.current_task).toMatch(/^HARD_STOP: KILLSWITCH/);
    expect(killed.recent_steps[0]).toMatchObject({
      action: "risk_state_change",
      result: { from: "NORMAL", to: "HARD_STOP", reason_codes: ["KILLSWITCH"] },
    });
  });

  it("Critic: its review of a known list of trades equals the figures computed here", async () => {
    const t = await createStartedRuntime();
    // Three round trips of strategy "a" on BTCUSDT, one of "b" on ETHUSDT (price, qty, fee each).
    const trips: [string, string, number, number, number, number][] = [
      ["a", "BTCUSDT", 100, 110, 1, 0.1], // +10
      ["a", "BTCUSDT", 100, 95, 2, 0.2], // −10
      ["a", "BTCUSDT", 100, 104, 1, 0.05], // +4
      ["b", "ETHUSDT", 50, 60, 1, 0.01], // +10
    ];
    let ts = t.clock.now() - 1_000_000;
    trips.forEach(([strategy, symbol, entry, exit, qty, fee], i) => {
      for (const [leg, side, price] of [
        ["in", "BUY", entry],
        ["out", "SELL", exit],
      ] as const) {
        const id = `${i}-${leg}`;
        t.store.enqueue({ kind: "order", order: order(id, { symbol, side, strategyId: strategy, status: "FILLED" }) });
        t.store.enqueue({
          kind: "fill",
          fill: fill(`f-${id}`, { orderId: id, symbol, side, qty, price, fee, ts: ts++ }),
        });
      }
    });
    await t.caller.system.review();
    const critic = await agent(t, "Critic");
    const step = critic.recent_steps[0]?.result as {
      totals: {
        trades: number;
        wins: number;
        netPnl: number;
        expectancy: number;
        profitFactor: number;
        sharpe: number;
        maxDrawdown: number;
      };
      by_strategy: { key: string; trades: number; netPnl: number }[];
    };
    // Independently: net = gross − 2 × fee per trip.
    const net = trips.map(([, , entry, exit, qty, fee]) => (exit - entry) * qty - 2 * fee);
    const returns = trips.map(([, , entry, , qty], i) => ((net[i] as number) / (entry * qty)) * 100);
    const meanR = returns.reduce((a, b) => a + b, 0) / returns.length;
    const sdR = Math.sqrt(returns.reduce((a, r) => a + (r - meanR) ** 2, 0) / (returns.length - 1));
    const wins = net.filter((x) => x > 0);
    const losses = net.filter((x) => x < 0);
    let peak = 0;
    let cum = 0;
    let dd = 0;
    for (const x of net) {
      cum += x;
      peak = Math.max(peak, cum);
      dd = Math.max(dd, peak - cum);
    }
    expect(step.totals.trades).toBe(4);
    expect(step.totals.wins).toBe(3);
    expect(step.totals.netPnl).toBeCloseTo(
      net.reduce((a, b) => a + b, 0),
      9,
    );
    expect(step.totals.expectancy).toBeCloseTo(net.reduce((a, b) => a + b, 0) / 4, 9);
    expect(step.totals.profitFactor).toBeCloseTo(
      wins.reduce((a, b) => a + b, 0) / -losses.reduce((a, b) => a + b, 0),
      9,
    );
    expect(step.totals.sharpe).toBeCloseTo(meanR / sdR, 9);
    expect(step.totals.maxDrawdown).toBeCloseTo(dd, 9);
    expect(step.by_strategy.map((r) => [r.key, r.trades])).toEqual([
      ["a", 3],
      ["b", 1],
    ]);
    expect(critic.current_task).toMatch(/^Reviewed 4 trades: win 75 %/);
    // The Trades page reads the same trades.
    const trades = await t.caller.trading.trades({ strategy: "a" });
    expect(trades.count).toBe(3);
    expect(trades.trades.map((x) => x.realized_pnl)).toEqual(
      [net[2], net[1], net[0]].map((x) => expect.closeTo(x as number, 8)),
    );
    expect(trades.totals.net_pnl).toBeCloseTo((net[0] as number) + (net[1] as number) + (net[2] as number), 8);
  });

  it("AI_CATALYST_ENABLED=false: no agents, trading the same", async () => {
    const t = await createStartedRuntime(undefined, { env: { AI_CATALYST_ENABLED: "false" } });
    expect(await t.caller.system.agents()).toEqual({ status: "ok", enabled: false, agents_count: 0, agents: [] });
  });
});
