import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { getGateway } from "@/server/engine-gateway";
import { callerOf, UI_HEADER } from "@/server/http/caller";
import { errorResponse } from "@/server/http/json-route";

export const dynamic = "force-dynamic";

/** The body as a stream cut at `max` bytes (tRPC answers 413 PAYLOAD_TOO_LARGE), never held whole. */
function limitBody(req: Request, max: number): Request {
  if (req.body === null) return req;
  let size = 0;
  const body = req.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength;
        if (size > max)
          controller.error(
            new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: `Request body is larger than ${max} bytes` }),
          );
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Request(req, { body, duplex: "half" } as RequestInit);
}

const handler = (req: Request) => {
  let gateway: ReturnType<typeof getGateway>;
  try {
    gateway = getGateway();
  } catch (error) {
    return errorResponse(error);
  }
  const caller = callerOf(req);
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: limitBody(req, gateway.limits.maxBodyBytes),
    router: appRouter,
    maxBatchSize: gateway.limits.trpcMaxBatch,
    createContext: () => ({
      gateway,
      actor: caller.actor("trpc"),
      principal: caller.principal,
      address: caller.address,
      session: caller.session,
      origin: {
        via: req.headers.get(UI_HEADER) === "1" ? ("dashboard" as const) : ("trpc" as const),
        address: caller.address,
      },
    }),
  });
};

export { handler as GET, handler as POST };
