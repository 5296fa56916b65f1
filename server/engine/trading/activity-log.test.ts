import { describe, expect, it } from "vitest";
import type { ReasonCode } from "../model/reason-codes";
import type { DecisionRecord } from "../model/records";
import type { Fill, Order } from "../model/trading";
import { ActivityLog } from "./activity-log";

const decision = (at: number, codes: ReasonCode[]): DecisionRecord => ({
  id: `d${at}`,
  at,
  symbol: "BTCUSDT",
  strategyId: "s",
  decision: codes.length === 0 ? "CREATE" : "SKIP",
  reasonCodes: codes,
  gatingFlags: {},
  marketRegime: "RANGE",
  marketMetrics: {},
  side: "BUY",
  score: 1,
  confidence: 1,
  orderId: null,
});

const order = { clientOrderId: "o1" } as Order;
const fill = (ts: number, latencyMs: number, slippage: number) => ({ ts, latencyMs, slippage }) as Fill;

describe("ActivityLog", () => {
  it("counts reason codes of the last 5 minutes, most frequent first", () => {
    const log = new ActivityLog();
    log.onDecision(decision(0, ["COOLDOWN"]));
    log.onDecision(decision(200_000, ["COOLDOWN", "LOW_CONFIDENCE"]));
    log.onDecision(decision(250_000, ["COOLDOWN"]));
    log.onDecision(decision(260_000, []));
    expect(log.topReasonCodes(260_000)).toEqual([
      { code: "COOLDOWN", count: 3 },
      { code: "LOW_CONFIDENCE", count: 1 },
    ]);
    expect(log.topReasonCodes(301_000)).toEqual([
      { code: "COOLDOWN", count: 2 },
      { code: "LOW_CONFIDENCE", count: 1 },
    ]);
    expect(log.lastDecisionAt).toBe(260_000);
  });

  it("measures latency, slippage and reject rate from real order updates", () => {
    const log = new ActivityLog();
    log.onOrderUpdate({ type: "ORDER_ACCEPTED", order }, 1000);
    log.onOrderUpdate({ type: "ORDER_ACCEPTED", order }, 2000);
    log.onOrderUpdate({ type: "ORDER_ACCEPTED", order }, 3000);
    log.onOrderUpdate({ type: "ORDER_REJECTED", order, reason: "INSUFFICIENT_MARGIN" }, 4000);
    log.onOrderUpdate({ type: "ORDER_FILLED", order, fill: fill(1100, 20, 0.001) }, 1100);
    log.onOrderUpdate({ type: "ORDER_FILLED", order, fill: fill(2100, 40, 0.003) }, 2100);
    const q = log.executionQuality(5000);
    expect(q.avgLatencyMs).toBe(30);
    expect(q.slippageEst5m).toBeCloseTo(0.002, 12);
    expect(q.rejectRate5m).toBe(0.25);
    expect(log.lastFillAt).toBe(2100);
    expect(log.executionQuality(1_000_000)).toMatchObject({ avgLatencyMs: null, rejectRate5m: 0, fills5m: 0 });
  });
});
