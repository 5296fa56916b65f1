import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Tick } from "../../../../server/engine/model/market";
import type { OrderRequest } from "../../../../server/engine/model/trading";
import type { Signal, Strategy } from "../../../../server/engine/strategy/strategy";
import { createTestRuntime } from "../../testing/runtime-fixture";

const SYMBOLS = ["BTCUSDT", "ETHUSDT"] as const;

/** Emits, on its symbol's next tick, the signal the test queued for it. */
class ScriptedStrategy implements Strategy {
  readonly id = "scripted";
  readonly version = 1 as const;
  next: Omit<Signal, "ts" | "symbol" | "strategyId"> | null = null;
  constructor(private readonly symbol: string) {}
  onTick(tick: Tick): Signal | null {
    const s = this.next;
    this.next = null;
    return s === null ? null : { ...s, ts: tick.ts, symbol: this.symbol, strategyId: this.id };
  }
}

const command = fc.oneof(
  fc.record({
    kind: fc.constant("tick" as const),
    symbol: fc.constantFrom(...SYMBOLS),
    move: fc.double({ min: -0.02, max: 0.02, noNaN: true }),
  }),
  fc.record({ kind: fc.constant("spike" as const), symbol: fc.constantFrom(...SYMBOLS), up: fc.boolean() }),
  fc.record({
    kind: fc.constant("signal" as const),
    symbol: fc.constantFrom(...SYMBOLS),
    side: fc.constantFrom("BUY" as const, "SELL" as const),
    intent: fc.constantFrom("entry" as const, "exit" as const),
  }),
  fc.constant({ kind: "kill" as const }),
  fc.constant({ kind: "clear" as const }),
  fc.constant({ kind: "wait" as const }),
);

describe("risk governor on the real order path (property)", () => {
  it("never lets an order add exposure in HARD_STOP, under the killswitch, or on a quarantined symbol", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 60 }), async (commands) => {
        const scripted = new Map(SYMBOLS.map((s) => [s, new ScriptedStrategy(s)]));
        const t = createTestRuntime([...SYMBOLS], {
          cooldownMs: 0,
          env: { RISK_VOLATILITY_SPIKE_PCT: "3", RISK_DRAWDOWN_SOFT_PCT: "2", RISK_DRAWDOWN_HARD_PCT: "4" },
          strategies: new Map(SYMBOLS.map((s) => [s, [scripted.get(s) as Strategy]])),
        });
        const risk = t.engine.risk;
        if (risk === null) throw new Error("no risk supervisor");
        const violations: string[] = [];
        const submit = t.broker.submit.bind(t.broker);
        t.broker.submit = (req: OrderRequest) => {
          const v = risk.view();
          const blockedAll = v.killswitch || v.hardStop || v.dailyLossHit;
          if (!req.reduceOnly && (blockedAll || v.quarantined.has(req.symbol)))
            violations.push(`${req.symbol} ${req.side} ${req.qty} while ${JSON.stringify(risk.status().reasonCodes)}`);
          return submit(req);
        };
        await t.engine.boot();
        await t.engine.control({ command: "start", actor: "test" });
        const prices = new Map<string, number>([
          ["BTCUSDT", 100],
          ["ETHUSDT", 50],
        ]);
        let second = 0;
        const tickAll = () => {
          second += 1;
          for (const s of SYMBOLS) t.quote(s, second, prices.get(s) as number);
        };
        for (let i = 0; i < 65; i++) tickAll(); // a minute of data: metrics and regimes are fresh
        for (const c of commands) {
          switch (c.kind) {
            case "tick":
              prices.set(c.symbol, (prices.get(c.symbol) as number) * (1 + c.move));
              tickAll();
              break;
            case "spike":
              prices.set(c.symbol, (prices.get(c.symbol) as number) * (c.up ? 1.05 : 0.95));
              tickAll();
              break;
            case "signal":
              (scripted.get(c.symbol) as ScriptedStrategy).next = {
                side: c.side,
                intent: c.intent,
                score: 1,
                confidence: 1,
                reason: "scripted",
              };
              tickAll();
              break;
            case "kill":
              await t.engine.control({ command: "kill", actor: "test" });
              break;
            case "clear":
              try {
                await t.engine.clearRisk("test", "property");
                await t.engine.control({ command: "start", actor: "test" });
              } catch {
                // refused while a condition persists: fine
              }
              break;
            case "wait":
              for (let i = 0; i < 30; i++) tickAll();
              break;
          }
        }
        const p = t.portfolio.snapshot();
        expect(p.balance + p.unrealizedPnl).toBeCloseTo(p.equity, 6);
        expect(violations).toEqual([]);
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});

describe("partial closes (property)", () => {
  it("keep the books balanced: cash = initial + realized − fees, equity = cash + unrealized, after every step", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({
              kind: fc.constant("open" as const),
              side: fc.constantFrom("BUY" as const, "SELL" as const),
              qty: fc.double({ min: 0.01, max: 5, noNaN: true }),
            }),
            fc.record({ kind: fc.constant("partial" as const), share: fc.double({ min: 0.05, max: 1, noNaN: true }) }),
            fc.record({ kind: fc.constant("move" as const), pct: fc.double({ min: -0.03, max: 0.03, noNaN: true }) }),
          ),
          { minLength: 1, maxLength: 40 },
        ),
        async (steps) => {
          const t = createTestRuntime(["BTCUSDT"], { env: { RISK_GOVERNOR_ENABLED: "false" } });
          await t.engine.boot();
          await t.engine.control({ command: "start", actor: "test" });
          let price = 10_000;
          let second = 0;
          const tick = () => t.quote("BTCUSDT", ++second, price);
          tick();
          let n = 0;
          for (const step of steps) {
            if (step.kind === "open")
              t.broker.submit({
                clientOrderId: `o-${n++}`,
                symbol: "BTCUSDT",
                side: step.side,
                type: "MARKET",
                qty: step.qty,
                reduceOnly: false,
                strategyId: "test",
                decisionId: null,
              });
            if (step.kind === "partial")
              t.engine.trading?.closePosition("BTCUSDT", "test", step.share, "profit_capture");
            if (step.kind === "move") price *= 1 + step.pct;
            tick();
            tick(); // past the paper latency: the order has filled
            const s = t.portfolio.snapshot();
            expect(s.balance).toBeCloseTo(10_000 + s.realizedPnl - s.feesPaid, 6);
            expect(s.equity).toBeCloseTo(s.balance + s.unrealizedPnl, 6);
            for (const p of s.positions) expect(p.qty).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 80 },
    );
  }, 120_000);
});
