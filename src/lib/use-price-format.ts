"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import { useTRPC } from "@/trpc/client";
import { formatPrice } from "./format";

/** Formats a symbol's prices at its tick size (from market.instruments; by magnitude until known). */
export function usePriceFormat(): {
  price: (symbol: string, value: number) => string;
  tickSize: (symbol: string) => number | null;
} {
  const trpc = useTRPC();
  const instruments = useQuery({ ...trpc.market.instruments.queryOptions(), staleTime: Number.POSITIVE_INFINITY });
  const ticks = useMemo(
    () => new Map((instruments.data ?? []).map((i) => [i.symbol, i.tick_size] as const)),
    [instruments.data],
  );
  const tickSize = useCallback((symbol: string) => ticks.get(symbol) ?? null, [ticks]);
  const price = useCallback((symbol: string, value: number) => formatPrice(value, ticks.get(symbol)), [ticks]);
  return { price, tickSize };
}
