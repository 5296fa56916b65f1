// STRATEGIES and the per-strategy settings, parsed with the other settings (server/config).

import { isSymbol } from "../engine/model/symbols";
import {
  DEFAULT_STRATEGIES,
  isStrategyId,
  parseStrategyParams,
  STRATEGY_IDS,
  type StrategyConfig,
  StrategyConfigError,
  type StrategyId,
  type StrategyParams,
  type StrategySelection,
} from "../engine/strategy/registry";

export const strategySymbolsVar = (id: StrategyId): string => `STRATEGY_SYMBOLS_${id.toUpperCase()}`;
export const strategyParamsVar = (id: StrategyId): string => `STRATEGY_PARAMS_${id.toUpperCase()}`;

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
    if (!isSymbol(symbol)) {
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
