import { describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntimeOptions } from "../testing/test-runtime";
import type { EngineGateway } from "./contract";
import { accountMetrics } from "./views/metrics";

// One trading state, read everywhere: in every state below, /health, /trading/why,
// /risk/governor/status, the status topic and the start/resume answers must tell the same story.

type Runtime = ReturnType<typeof createTestRuntime>;

async function started(options: TestRuntimeOptions = {}): Promise<Runtime> {
  const t = createTestRuntime(["BTCUSDT", "ETHUSDT"], options);
  await t.engine.boot();
  await t.engine.control({ command: "start", actor: "test" });
  return t;
}

/** A minute of calm quotes, so both symbols are fresh and liquid. */
function calm(t: Runtime, from = 1, to = 62, btc = 100, eth = 50): void {
  for (let s = from; s <= to; s++) {
    t.quote("BTCUSDT", s, btc);
    t.quote("ETHUSDT", s, eth);
  }
}

function buy(t: Runtime, qty: number): void {
  t.broker.submit({
    clientOrderId: `buy-${qty}-${t.clock.now()}`,
    symbol: "BTCUSDT",
    side: "BUY",
    type: "MARKET",
    qty,
    reduceOnly: false,
    strategyId: "test",
    decisionId: null,
  });
}

const settle = () => new Promise((r) => setImmediate(r));

interface Row {
  readonly name: string;
  readonly env?: Record<string, string>;
  readonly drive: (t: Runtime) => Promise<void> | void;
  /** What every view must agree on. */
  readonly expect: {
    readonly engine: string;
    readonly risk: string;
    readonly killswitch: boolean;
    readonly healthy: boolean;
    readonly startRefusal: string | null;
    readonly resumeOk: boolean;
    /** A sentence of /trading/why that must be there. */
    readonly why: RegExp | null;
  };
}

const ROWS: Row[] = [
  {
    name: "normal",
    drive: (t) => calm(t),
    expect: {
      engine: "RUNNING",
      risk: "NORMAL",
      killswitch: false,
      healthy: true,
      startRefusal: "ALREADY_RUNNING",
      resumeOk: false,
      why: null,
    },
  },
  {
    name: "killswitch",
    drive: async (t) => {
      calm(t);
      await t.engine.control({ command: "kill", actor: "test", reason: "drill" });
    },
    expect: {
      engine: "STOPPED",
      risk: "HARD_STOP",
      killswitch: true,
      healthy: true,
      startRefusal: "KILLSWITCH_ACTIVE",
      resumeOk: false,
      why: /^Killswitch triggered \(drill\): clear it with POST \/risk\/governor\/clear/,
    },
  },
  {
    name: "soft brake (drawdown)",
    env: { RISK_DRAWDOWN_SOFT_PCT: "1", RISK_DRAWDOWN_HARD_PCT: "50", RISK_VOLATILITY_SPIKE_PCT: "100" },
    drive: (t) => {
      calm(t, 1, 61);
      buy(t, 50);
      calm(t, 62, 63);
      calm(t, 64, 70, 97); // -3 % on 5,000 notional: -150, 1.5 % below the peak
    },
    expect: {
      engine: "RUNNING",
      risk: "SOFT_BRAKE",
      killswitch: false,
      healthy: true,
      startRefusal: "ALREADY_RUNNING",
      resumeOk: false,
      why: /^Risk governor SOFT_BRAKE \(MAX_DRAWDOWN_SOFT\)/,
    },
  },
  {
    name: "quarantine (volatility spike)",
    env: { RISK_VOLATILITY_SPIKE_PCT: "3" },
    drive: (t) => {
      calm(t);
      t.quote("BTCUSDT", 63, 105);
      t.quote("ETHUSDT", 63, 50);
      t.clock.advanceBy(1_000);
    },
    expect: {
      engine: "RUNNING",
      risk: "QUARANTINE",
      killswitch: false,
      healthy: true,
      startRefusal: "ALREADY_RUNNING",
      resumeOk: false,
      why: /quarantined: BTCUSDT/,
    },
  },
  {
    name: "hard stop (drawdown)",
    env: { RISK_DRAWDOWN_SOFT_PCT: "1", RISK_DRAWDOWN_HARD_PCT: "2", RISK_VOLATILITY_SPIKE_PCT: "100" },
    drive: (t) => {
      calm(t, 1, 61);
      buy(t, 50);
      calm(t, 62, 63);
      calm(t, 64, 70, 94); // -6 % on 5,000: 3 % below the peak
    },
    expect: {
      engine: "RUNNING",
      risk: "HARD_STOP",
      killswitch: false,
      healthy: true,
      startRefusal: "ALREADY_RUNNING",
      resumeOk: false,
      why: /^Risk governor HARD_STOP \(MAX_DRAWDOWN_HARD, MAX_DRAWDOWN_SOFT\)/,
    },
  },
  {
    name: "feed error",
    drive: async (t) => {
      calm(t);
      t.breakFeed("connection reset");
      await settle();
      t.clock.advanceBy(1_000);
    },
    expect: {
      engine: "ERROR",
      risk: "HARD_STOP",
      killswitch: false,
      healthy: false,
      // Not the killswitch: a start is how a failed feed is retried.
      startRefusal: null,
      resumeOk: false,
      why: /^Risk governor HARD_STOP \(FEED_ERROR\)/,
    },
  },
  {
    name: "profit capture pause",
    env: {
      PROFIT_CAPTURE_ENABLED: "true",
      PROFIT_CAPTURE_TARGET_PCT: "5",
      RISK_DRAWDOWN_SOFT_PCT: "50",
      RISK_DRAWDOWN_HARD_PCT: "60",
      RISK_VOLATILITY_SPIKE_PCT: "100",
    },
    drive: async (t) => {
      calm(t, 1, 61);
      buy(t, 20);
      calm(t, 62, 63);
      calm(t, 64, 66, 130); // +600 on 10,000
      await settle();
    },
    expect: {
      engine: "PAUSED",
      risk: "NORMAL",
      killswitch: false,
      healthy: true,
      startRefusal: "ALREADY_RUNNING",
      resumeOk: true,
      why: /^Profit capture paused the engine/,
    },
  },
];

function unwrapped<T>(r: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

async function views(g: EngineGateway) {
  return {
    health: await g.health(),
    status: g.status(),
    why: unwrapped(g.why()),
    risk: unwrapped(g.riskStatus()),
  };
}

describe("every view reads the one trading state", () => {
  it.each(ROWS)("$name", async (row) => {
    const t = await started({ env: row.env });
    await row.drive(t);
    const { health, status, why, risk } = await views(t.gateway);
    const e = row.expect;

    for (const engine of [health.engine_state, status.engine_state, why.engine_state]) expect(engine).toBe(e.engine);
    expect(risk.risk_state).toBe(e.risk);
    expect(why.killswitch_state).toEqual(status.killswitch_state);
    expect(why.killswitch_state.triggered).toBe(e.killswitch);
    expect(risk.reason_codes.includes("KILLSWITCH")).toBe(e.killswitch);
    expect(health.status === "ok").toBe(e.healthy);
    expect(status.health.status === "ok").toBe(e.healthy);
    if (e.why === null) expect(why.not_trading_because.filter((s) => !s.startsWith("No symbol"))).toEqual([]);
    else
      expect(
        why.not_trading_because.some((s) => e.why?.test(s)),
        why.not_trading_because.join(" | "),
      ).toBe(true);
    // A state the governor holds is named in the why, in its own words.
    if (e.risk !== "NORMAL" && !e.killswitch) expect(why.not_trading_because.join(" ")).toContain(e.risk);

    // The answers agree with what was read (asked last: they change the state).
    const resume = await t.gateway.control("resume", "test");
    expect(resume.ok).toBe(e.resumeOk);
    const start = await t.gateway.control("start", "test");
    if (e.startRefusal === null) expect(start).toMatchObject({ ok: true });
    else expect(start).toMatchObject({ ok: false, error_code: e.resumeOk ? "ALREADY_RUNNING" : e.startRefusal });
  });
});

describe("the day's PnL", () => {
  it("after a restart, the dashboard's daily PnL is the governor's daily figure, from the persisted day start", async () => {
    const t = await started({ env: { RISK_VOLATILITY_SPIKE_PCT: "100" } });
    calm(t, 1, 61);
    buy(t, 10);
    calm(t, 62, 63);
    calm(t, 64, 70, 103); // +30
    await settle();
    const before = unwrapped(t.gateway.riskStatus()).daily;
    expect(before?.daily_pnl).toBeGreaterThan(20);
    await t.engine.shutdown("restart");

    // The new process starts at a higher equity than the day did: its first equity is not the day's start.
    const again = createTestRuntime(["BTCUSDT", "ETHUSDT"], { store: t.store, startAt: t.clock.now() + 5_000 });
    await again.engine.boot();
    again.quote("BTCUSDT", 80, 103);
    again.quote("ETHUSDT", 80, 50);
    const risk = unwrapped(again.gateway.riskStatus()).daily;
    expect(risk?.day_start_equity).toBe(before?.day_start_equity);
    expect(risk?.daily_pnl).toBeGreaterThan(20);
    // The metrics topic (the dashboard's Daily PnL) is built from the same baseline.
    expect(accountMetrics(again.runtime).daily_pnl).toBe(risk?.daily_pnl);
  });
});
