export type { SyntheticRegime } from "./symbol-process";
export { DEFAULT_SYMBOLS, profileFor, type SymbolProfile, tickSizeOf } from "./symbol-profiles";
export { SyntheticFeed, type SyntheticFeedOptions } from "./synthetic-feed";
export { SyntheticMarket, type SyntheticMarketOptions } from "./synthetic-market";
