import { toStorableText } from "../../../boundary/storable-text";
import { isSymbol, SYMBOL_RULE } from "../../../engine/model/symbols";
import { parseTimestamp } from "./timestamp";

/** "bars": one-minute OHLCV, no symbol column. "quotes": top-of-book updates per symbol. */
export type ReplayFormat = "bars" | "quotes";

export interface ReplayBar {
  readonly kind: "bar";
  readonly ts: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Quote-currency volume. */
  readonly volume: number;
}

export interface ReplayQuote {
  readonly kind: "quote";
  readonly ts: number;
  readonly symbol: string;
  readonly bid: number;
  readonly ask: number;
  readonly bidSize: number;
  readonly askSize: number;
}

export type ReplayRecord = ReplayBar | ReplayQuote;

const HEADERS: Record<ReplayFormat, string> = {
  bars: "timestamp,open,high,low,close,volume",
  quotes: "timestamp,symbol,bid,ask,bid_size,ask_size",
};

/** A recorded file that cannot be replayed, with the place and the reason. */
export class ReplayFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = "ReplayFileError";
  }
}

export function detectReplayFormat(header: string): ReplayFormat | undefined {
  const normalized = header
    .replace(/^\uFEFF/, "")
    .replace(/\s+/g, "")
    .toLowerCase();
  if (normalized === HEADERS.bars) return "bars";
  if (normalized === HEADERS.quotes) return "quotes";
  return undefined;
}

export function expectedHeaders(): string {
  return `"${HEADERS.bars}" or "${HEADERS.quotes}"`;
}

/** Thrown by parseReplayLine; the reader adds the file and line number. */
export class ReplayLineError extends Error {}

/** Parses one data line (not the header) of a file in `format`; throws ReplayLineError saying what is wrong. */
export function parseReplayLine(format: ReplayFormat, line: string): ReplayRecord {
  const cols = line.split(",");
  if (cols.length !== 6) throw new ReplayLineError(`expected 6 comma-separated columns, got ${cols.length}`);
  const rawTs = cols[0] ?? "";
  const ts = parseTimestamp(rawTs);
  if (ts === undefined) {
    throw new ReplayLineError(
      `timestamp "${rawTs}" is not YYYY-MM-DD HH:MM:SS[.ffffff] (UTC), ISO-8601 or epoch milliseconds`,
    );
  }
  return format === "bars" ? parseBar(ts, cols) : parseQuote(ts, cols);
}

function parseBar(ts: number, cols: string[]): ReplayBar {
  const open = positive(cols[1], "open");
  const high = positive(cols[2], "high");
  const low = positive(cols[3], "low");
  const close = positive(cols[4], "close");
  const volume = nonNegative(cols[5], "volume");
  if (high < Math.max(open, close, low)) throw new ReplayLineError(`high ${high} is below open, close or low`);
  if (low > Math.min(open, close)) throw new ReplayLineError(`low ${low} is above open or close`);
  return { kind: "bar", ts, open, high, low, close, volume };
}

function parseQuote(ts: number, cols: string[]): ReplayQuote {
  const symbol = (cols[1] ?? "").trim().toUpperCase();
  if (symbol === "") throw new ReplayLineError("symbol is empty");
  if (!isSymbol(symbol))
    throw new ReplayLineError(`symbol ${JSON.stringify(toStorableText(symbol.slice(0, 40)))} must be ${SYMBOL_RULE}`);
  const bid = positive(cols[2], "bid");
  const ask = positive(cols[3], "ask");
  if (bid > ask) throw new ReplayLineError(`crossed quote: bid ${bid} is above ask ${ask}`);
  return {
    kind: "quote",
    ts,
    symbol,
    bid,
    ask,
    bidSize: nonNegative(cols[4], "bid_size"),
    askSize: nonNegative(cols[5], "ask_size"),
  };
}

function number(raw: string | undefined, column: string): number {
  const text = (raw ?? "").trim();
  const value = Number(text);
  if (text === "" || !Number.isFinite(value)) throw new ReplayLineError(`${column} "${text}" is not a number`);
  return value;
}

function positive(raw: string | undefined, column: string): number {
  const value = number(raw, column);
  if (value <= 0) throw new ReplayLineError(`${column} ${value} must be positive`);
  return value;
}

function nonNegative(raw: string | undefined, column: string): number {
  const value = number(raw, column);
  if (value < 0) throw new ReplayLineError(`${column} ${value} must not be negative`);
  return value;
}
