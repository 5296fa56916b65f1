/** The seed's ten default symbols: the SYMBOLS default, and what the synthetic market simulates first. */
export const DEFAULT_SYMBOLS = [
  "BTCUSDT",
  "ETHUSDT",
  "SOLUSDT",
  "BNBUSDT",
  "XRPUSDT",
  "ADAUSDT",
  "DOGEUSDT",
  "AVAXUSDT",
  "LINKUSDT",
  "TRXUSDT",
] as const;

/** An exchange symbol as HEAN spells it: upper-case letters and digits, e.g. BTCUSDT. */
export const SYMBOL_PATTERN = /^[A-Z0-9]{2,20}$/;
export const SYMBOL_RULE = "2-20 letters or digits, e.g. BTCUSDT";

export function isSymbol(text: string): boolean {
  return SYMBOL_PATTERN.test(text);
}
