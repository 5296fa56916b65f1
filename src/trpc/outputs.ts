import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

/** What every procedure answers, as the server types it: components name their data from here. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
