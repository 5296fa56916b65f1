"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useEffect, useState } from "react";
import { createBrowserTrpcClient, TRPCProvider } from "./client";
import { connection } from "./connection-state";

export function TrpcReactProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, retry: 1, refetchOnWindowFocus: false } } }),
  );
  const [trpcClient] = useState(createBrowserTrpcClient);

  // After a reconnect (e.g. the server restarted), every query is refetched: no stale numbers.
  useEffect(() => {
    let seen = connection.opens();
    return connection.subscribe(() => {
      if (connection.opens() > seen) {
        seen = connection.opens();
        if (seen > 1) void queryClient.invalidateQueries();
      }
    });
  }, [queryClient]);

  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
