"use client";

import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { AppRouter } from "@/server/api/root";
import { connection } from "./connection-state";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** Queries and mutations over HTTP (batched); live subscriptions over one WebSocket that reconnects. */
export function createBrowserTrpcClient() {
  const wsClient = createWSClient({
    url: () => `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/api/trpc`,
    retryDelayMs: (attempt) => Math.min(500 * 2 ** attempt, 5000),
    keepAlive: { enabled: true, intervalMs: 5000, pongTimeoutMs: 3000 },
    onOpen: () => connection.set("open"),
    onClose: () => connection.set("reconnecting"),
  });
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: wsLink({ client: wsClient }),
        // The server takes at most TRPC_MAX_BATCH (10 by default) calls in one batch.
        false: httpBatchLink({ url: "/api/trpc", maxItems: 10, headers: { "x-hean-ui": "1" } }),
      }),
    ],
  });
}
