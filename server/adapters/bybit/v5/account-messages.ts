import { z } from "zod";
import { executionItem, fastExecutionItem, orderItem, positionItem, walletItem } from "./account-items";
import { epochMs } from "./decimal";
import { type Parsed, parseWith } from "./envelope";

const stream = <T extends z.ZodType>(topic: string, item: T) =>
  z.object({ topic: z.literal(topic), id: z.string().optional(), creationTime: epochMs, data: z.array(item) });

export const orderStream = stream("order", orderItem);
export const executionStream = stream("execution", executionItem);
export const fastExecutionStream = stream("execution.fast", fastExecutionItem);
export const positionStream = stream("position", positionItem);
export const walletStream = stream("wallet", walletItem);

/** `order.create` (and amend, cancel) answers over the trade WebSocket. */
export const orderCommandAnswer = z.object({
  op: z.string().startsWith("order."),
  retCode: z.number().int(),
  retMsg: z.string(),
  reqId: z.string().optional(),
  data: z.object({ orderId: z.string().optional(), orderLinkId: z.string().optional() }).partial(),
});

export type PrivateMessage =
  | { readonly kind: "order"; readonly message: z.output<typeof orderStream> }
  | { readonly kind: "execution"; readonly message: z.output<typeof executionStream> }
  | { readonly kind: "execution.fast"; readonly message: z.output<typeof fastExecutionStream> }
  | { readonly kind: "position"; readonly message: z.output<typeof positionStream> }
  | { readonly kind: "wallet"; readonly message: z.output<typeof walletStream> };

const STREAMS = {
  order: orderStream,
  execution: executionStream,
  "execution.fast": fastExecutionStream,
  position: positionStream,
  wallet: walletStream,
} as const;

/** One private-stream message by its topic, validated. */
export function parsePrivateMessage(input: unknown): Parsed<PrivateMessage> {
  const topic = typeof input === "object" && input !== null ? (input as { topic?: unknown }).topic : undefined;
  if (typeof topic !== "string" || !(topic in STREAMS))
    return { ok: false, error: `not a private stream topic: ${JSON.stringify(topic)?.slice(0, 60)}` };
  const kind = topic as keyof typeof STREAMS;
  const r = parseWith(STREAMS[kind], input);
  return r.ok ? { ok: true, value: { kind, message: r.value } as PrivateMessage } : r;
}
