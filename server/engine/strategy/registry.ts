import type { z } from "zod";
import type { Clock } from "../clock";
import type { Candle } from "../model/market";
import { createEmaCross, EMA_CROSS_ID, type EmaCrossParams, emaCrossParams } from "./ema-cross";
import {
  createImpulseEngine,
  IMPULSE_ENGINE_ID,
  type ImpulseEngineParams,
  impulseEngineParams,
} from "./impulse-engine";
import {
  createMeanReversion,
  MEAN_REVERSION_ID,
  type MeanReversionParams,
  meanReversionParams,
} from "./mean-reversion";
import type { Strategy, StrategyContext } from "./strategy";

export const STRATEGY_IDS = [IMPULSE_ENGINE_ID, MEAN_REVERSION_ID, EMA_CROSS_ID] as const;
export type StrategyId = (typeof STRATEGY_IDS)[number];

/** Enabled when STRATEGIES is unset or blank. */
export const DEFAULT_STRATEGIES: readonly StrategyId[] = [IMPULSE_ENGINE_ID, MEAN_REVERSION_ID];

/** The zod schema of each strategy's parameters (defaults filled in by parsing). */
export const STRATEGY_PARAM_SCHEMAS = {
  impulse_engine: impulseEngineParams,
  mean_reversion: meanReversionParams,
  ema_cross: emaCrossParams,
} as const satisfies Record<StrategyId, z.ZodType>;

/** Validated parameters, per strategy. */
export interface StrategyParams {
  impulse_engine: ImpulseEngineParams;
  mean_reversion: MeanReversionParams;
  ema_cross: EmaCrossParams;
}

/** What a caller may pass: any subset of the fields; the rest take their defaults. */
export type StrategyParamsInput = { [K in StrategyId]: z.input<(typeof STRATEGY_PARAM_SCHEMAS)[K]> };

/** One enabled strategy: on which symbols (null: all), with which parameters. */
export type StrategyConfig = {
  [K in StrategyId]: {
    readonly id: K;
    readonly symbols: ReadonlySet<string> | null;
    readonly params: StrategyParams[K];
  };
}[StrategyId];

export interface StrategySelection {
  /** In the order STRATEGIES lists them. */
  readonly strategies: readonly StrategyConfig[];
}

/** A configuration error; the message names the variable (or strategy) and what is allowed. */
export class StrategyConfigError extends Error {
  override name = "StrategyConfigError";
}

export function isStrategyId(value: string): value is StrategyId {
  return (STRATEGY_IDS as readonly string[]).includes(value);
}

function assertStrategyId(id: string, label: string): asserts id is StrategyId {
  if (!isStrategyId(id)) {
    throw new StrategyConfigError(`${label}: unknown strategy "${id}" (allowed: ${STRATEGY_IDS.join(", ")})`);
  }
}

function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join(".");
      return path === "" ? issue.message : `${path} ${issue.message}`;
    })
    .join("; ");
}

/** Validates parameters for a strategy, filling defaults; throws a StrategyConfigError naming `label`. */
export function parseStrategyParams<K extends StrategyId>(
  id: K,
  raw: unknown,
  label = `${id} params`,
): StrategyParams[K] {
  const result = STRATEGY_PARAM_SCHEMAS[id].safeParse(raw ?? {});
  if (!result.success) throw new StrategyConfigError(`${label}: ${formatIssues(result.error)}`);
  return result.data as StrategyParams[K];
}

function instantiate(config: StrategyConfig, symbol: string): Strategy {
  switch (config.id) {
    case "impulse_engine":
      return createImpulseEngine(symbol, config.params);
    case "mean_reversion":
      return createMeanReversion(symbol, config.params);
    case "ema_cross":
      return createEmaCross(symbol, config.params);
  }
}

/** A new instance (own indicator state) of strategy `id` for `symbol`; params are validated first. */
export function createStrategy<K extends StrategyId>(id: K, symbol: string, params?: StrategyParamsInput[K]): Strategy;
export function createStrategy(id: string, symbol: string, params?: unknown): Strategy;
export function createStrategy(id: string, symbol: string, params?: unknown): Strategy {
  assertStrategyId(id, "strategy");
  if (symbol.trim() === "") throw new StrategyConfigError(`${id}: symbol must not be empty`);
  const parsed = parseStrategyParams(id, params);
  return instantiate({ id, symbols: null, params: parsed } as StrategyConfig, symbol);
}

/** Whether `selection` runs strategy `id` on `symbol`. */
export function isStrategyEnabled(selection: StrategySelection, id: string, symbol: string): boolean {
  return selection.strategies.some((c) => c.id === id && (c.symbols === null || c.symbols.has(symbol)));
}

/** New instances of every strategy `selection` enables on `symbol`, in selection order. */
export function strategiesFor(symbol: string, selection: StrategySelection): Strategy[] {
  const out: Strategy[] = [];
  for (const config of selection.strategies) {
    if (config.symbols === null || config.symbols.has(symbol)) out.push(instantiate(config, symbol));
  }
  return out;
}

/**
 * Feeds history (e.g. candles restored at start-up) through a strategy so its indicators are warm.
 * The bars are shown as STALE_DATA with no position, so no strategy opens or manages anything on them.
 */
export function warmUpStrategy(strategy: Strategy, symbol: string, bars: Iterable<Candle>, clock: Clock): void {
  if (strategy.onBar === undefined) return;
  const ctx: StrategyContext = { symbol, clock, regime: "STALE_DATA", metrics: undefined, position: null };
  for (const bar of bars) strategy.onBar(bar, ctx);
}
