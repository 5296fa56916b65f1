/** Where HEAN talks to Bybit: chosen by network, each overridable (a local fake server in tests). */
export interface BybitEndpoints {
  readonly rest: string;
  readonly wsPublic: string;
  readonly wsPrivate: string;
}

const NETWORKS = {
  mainnet: {
    rest: "https://api.bybit.com",
    wsPublic: "wss://stream.bybit.com/v5/public/linear",
    wsPrivate: "wss://stream.bybit.com/v5/private",
  },
  testnet: {
    rest: "https://api-testnet.bybit.com",
    wsPublic: "wss://stream-testnet.bybit.com/v5/public/linear",
    wsPrivate: "wss://stream-testnet.bybit.com/v5/private",
  },
} as const;

export function bybitEndpoints(o: {
  readonly network: "mainnet" | "testnet";
  readonly rest?: string | undefined;
  readonly wsPublic?: string | undefined;
  readonly wsPrivate?: string | undefined;
}): BybitEndpoints {
  const base = NETWORKS[o.network];
  return {
    rest: (o.rest ?? base.rest).replace(/\/+$/, ""),
    wsPublic: o.wsPublic ?? base.wsPublic,
    wsPrivate: o.wsPrivate ?? base.wsPrivate,
  };
}
