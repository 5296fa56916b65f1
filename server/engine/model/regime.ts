/** The seed's market regimes, in its order of classification precedence. */
export const REGIMES = ["TREND", "RANGE", "LOW_LIQ", "STALE_DATA"] as const;
export type MarketRegime = (typeof REGIMES)[number];
