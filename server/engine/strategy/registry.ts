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

export const strategySymbolsVar = (id: StrategyId): string => `STRATEGY_SYMBOLS_${id.toUpperCase()}`;
export const strategyParamsVar = (id: StrategyId): string => `STRATEGY_PARAMS_${id.toUpperCase()}`;

const SYMBOL = /^[A-Z0-9]{2,20}$/;
const SYMBOLS_PREFIX = "STRATEGY_SYMBOLS_";
const PARAMS_PREFIX = "STRATEGY_PARAMS_";

export interface StrategySelectionOptions {
  /** The symbols the engine scans; a per-strategy symbol outside them is an error. */
  readonly symbols?: readonly string[];
}

/**
 * Reads the strategy configuration from environment-style variables:
 * - `STRATEGIES`: comma-separated ids (case-insensitive), default `impulse_engine,mean_reversion`;
 *   `none` enables no strategy.
 * - `STRATEGY_SYMBOLS_<ID>`: comma-separated symbols the strategy trades; unset, blank or `*` = all.
 * - `STRATEGY_PARAMS_<ID>`: a JSON object of parameters; unset or blank = defaults.
 * Every `STRATEGY_SYMBOLS_*` / `STRATEGY_PARAMS_*` variable is checked, also for disabled strategies,
 * and one naming no strategy is an error (a typo must not be silently ignored).
 */
export function parseStrategySelection(
  raw: { STRATEGIES?: string; [key: string]: string | undefined },
  options: StrategySelectionOptions = {},
): StrategySelection {
  const enabled = parseEnabled(raw.STRATEGIES);
  const known = new Set(STRATEGY_IDS.flatMap((id) => [strategySymbolsVar(id), strategyParamsVar(id)]));
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined || known.has(key)) continue;
    if (key.startsWith(SYMBOLS_PREFIX) || key.startsWith(PARAMS_PREFIX)) {
      const prefix = key.startsWith(SYMBOLS_PREFIX) ? SYMBOLS_PREFIX : PARAMS_PREFIX;
      throw new StrategyConfigError(
        `${key}: names no strategy (allowed: ${STRATEGY_IDS.map((id) => prefix + id.toUpperCase()).join(", ")})`,
      );
    }
  }
  const configs = new Map<StrategyId, StrategyConfig>();
  for (const id of STRATEGY_IDS) {
    const symbols = parseSymbols(strategySymbolsVar(id), raw[strategySymbolsVar(id)], options.symbols);
    const params = parseParamsVar(id, raw[strategyParamsVar(id)]);
    configs.set(id, { id, symbols, params } as StrategyConfig);
  }
  const strategies: StrategyConfig[] = [];
  for (const id of enabled) {
    const config = configs.get(id);
    if (config !== undefined) strategies.push(config);
  }
  return { strategies };
}

function parseEnabled(value: string | undefined): StrategyId[] {
  const allowed = `allowed: ${STRATEGY_IDS.join(", ")}, or none`;
  if (value === undefined || value.trim() === "") return [...DEFAULT_STRATEGIES];
  const names = value
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== "");
  if (names.length === 0) throw new StrategyConfigError(`STRATEGIES: lists no strategy (${allowed})`);
  if (names.includes("none")) {
    if (names.length > 1) throw new StrategyConfigError(`STRATEGIES: "none" cannot be combined with strategies`);
    return [];
  }
  const ids: StrategyId[] = [];
  for (const name of names) {
    if (!isStrategyId(name)) throw new StrategyConfigError(`STRATEGIES: unknown strategy "${name}" (${allowed})`);
    if (!ids.includes(name)) ids.push(name);
  }
  return ids;
}

function parseSymbols(
  name: string,
  value: string | undefined,
  scanned: readonly string[] | undefined,
): ReadonlySet<string> | null {
  const trimmed = value?.trim() ?? "";
  if (trimmed === "" || trimmed === "*") return null;
  const symbols = new Set<string>();
  for (const part of trimmed.split(",")) {
    const symbol = part.trim().toUpperCase();
    if (symbol === "") continue;
    if (!SYMBOL.test(symbol)) {
      throw new StrategyConfigError(
        `${name}: "${part.trim()}" is not a symbol (comma-separated, 2-20 letters or digits each, e.g. BTCUSDT,ETHUSDT; or * for all)`,
      );
    }
    if (scanned !== undefined && !scanned.includes(symbol)) {
      throw new StrategyConfigError(`${name}: ${symbol} is not one of the scanned SYMBOLS (${scanned.join(",")})`);
    }
    symbols.add(symbol);
  }
  if (symbols.size === 0) throw new StrategyConfigError(`${name}: lists no symbol (leave it unset or * for all)`);
  return symbols;
}

function parseParamsVar<K extends StrategyId>(id: K, value: string | undefined): StrategyParams[K] {
  const name = strategyParamsVar(id);
  const trimmed = value?.trim() ?? "";
  if (trimmed === "") return parseStrategyParams(id, {}, name);
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new StrategyConfigError(`${name}: not valid JSON (${why}); expected an object such as {"lookback":30}`);
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new StrategyConfigError(`${name}: must be a JSON object such as {"lookback":30}`);
  }
  return parseStrategyParams(id, json, name);
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
