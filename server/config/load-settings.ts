import { existsSync, readFileSync } from "node:fs";
import { parse as parseDotenv } from "dotenv";
import type { z } from "zod";
import { textProblem } from "../boundary/storable-text";
import { StrategyConfigError } from "../engine/strategy/registry";
import { showSetting } from "./secrets";
import { activeSymbols, type Settings, settingsSchema } from "./settings-schema";
import { parseStrategySelection } from "./strategy-settings";

export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "SettingsError";
  }
}

/** Environment wins over `.env`, as with dotenv; `.env` is optional. */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env, envFile = ".env"): Record<string, string> {
  const fromFile = existsSync(envFile) ? parseDotenv(readFileSync(envFile)) : {};
  const merged: Record<string, string> = { ...fromFile };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) merged[k] = v;
  return merged;
}

export function parseSettings(raw: Record<string, string | undefined>): Settings {
  const unreadable = Object.keys(settingsSchema.shape).flatMap((name) => {
    const problem = raw[name] === undefined ? null : textProblem(raw[name]);
    return problem === null ? [] : [`${name}: ${problem}`];
  });
  if (unreadable.length > 0) throw new SettingsError(unreadable);
  const result = settingsSchema.safeParse(raw);
  if (!result.success) throw new SettingsError(result.error.issues.map((i) => describeIssue(i, raw)));
  checkCrossField(result.data);
  try {
    return { ...result.data, strategySelection: parseStrategySelection(raw, { symbols: activeSymbols(result.data) }) };
  } catch (error) {
    if (error instanceof StrategyConfigError) throw new SettingsError([error.message]);
    throw error;
  }
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env, envFile = ".env"): Settings {
  return parseSettings(readEnvironment(env, envFile));
}

function describeIssue(issue: z.core.$ZodIssue, raw: Record<string, string | undefined>): string {
  const name = String(issue.path[0] ?? "?");
  const value = raw[name];
  return `${name}=${value === undefined ? "(unset)" : JSON.stringify(showSetting(name, value))}: ${issue.message}`;
}

function checkCrossField(s: z.output<typeof settingsSchema>): void {
  const problems: string[] = [];
  if (s.MARKET_FEED === "replay" && s.REPLAY_FILE === undefined)
    problems.push("REPLAY_FILE=(unset): must name a CSV file when MARKET_FEED=replay");
  if (!s.PAPER_MODE) problems.push(...liveTradingProblems(s));
  if (problems.length > 0) throw new SettingsError(problems);
}

/** The value LIVE_TRADING_CONFIRM must hold before HEAN sends an order to an exchange. */
export const LIVE_TRADING_CONFIRMATION = "I_ACCEPT_REAL_MONEY_RISK";

/** Values of a key or secret that are someone's example, not a key: an empty or default secret is refused. */
const PLACEHOLDER =
  /^(x+|\*+|0+|changeme|change[-_]?me|secret|key|api[-_]?key|api[-_]?secret|test|example|placeholder|your[-_ ].*|<.*>)$/i;

function liveTradingProblems(s: z.output<typeof settingsSchema>): string[] {
  const problems: string[] = [];
  for (const [name, value] of [
    ["BYBIT_API_KEY", s.BYBIT_API_KEY],
    ["BYBIT_API_SECRET", s.BYBIT_API_SECRET],
  ] as const) {
    if (value === undefined) problems.push(`PAPER_MODE=false: ${name} must be set to trade on Bybit`);
    else if (PLACEHOLDER.test(value) || value.length < 8)
      problems.push(`PAPER_MODE=false: ${name} is empty or an example value, not a key; set the key Bybit gave you`);
  }
  if (s.MARKET_FEED !== "bybit")
    problems.push(
      `PAPER_MODE=false: MARKET_FEED=${s.MARKET_FEED} cannot trade on Bybit; set MARKET_FEED=bybit (orders are priced and checked against Bybit's own market)`,
    );
  if (s.LIVE_TRADING_CONFIRM !== LIVE_TRADING_CONFIRMATION)
    problems.push(
      `PAPER_MODE=false trades with real orders: set LIVE_TRADING_CONFIRM=${LIVE_TRADING_CONFIRMATION} to confirm (and set an owner password: npm run hean -- set-password)`,
    );
  return problems;
}
