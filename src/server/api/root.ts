import { accessRouter } from "./routers/access";
import { engineRouter } from "./routers/engine";
import { marketRouter } from "./routers/market";
import { researchRouter } from "./routers/research";
import { riskRouter } from "./routers/risk";
import { systemRouter } from "./routers/system";
import { tradingRouter } from "./routers/trading";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  system: systemRouter,
  market: marketRouter,
  engine: engineRouter,
  trading: tradingRouter,
  risk: riskRouter,
  access: accessRouter,
  research: researchRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side calls (tests, server components) through the same procedures. */
export const createCaller = createCallerFactory(appRouter);
