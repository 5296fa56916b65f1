import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

/** What every procedure answers, as the server types it: components name their data from here. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** What a subscription yields. */
export type Streamed<T> = T extends AsyncIterable<infer Item> ? Item : never;
