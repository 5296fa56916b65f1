import { symbolSchema } from "@server/boundary/symbol-schema";
import { z } from "zod";
import { REASON_CODE_LIST, type ReasonCode } from "../../../server/engine/model/reason-codes";

/** trading.decisions: the decision history, filtered and paged (newest first). */
export const decisionsInput = z.object({
  symbol: symbolSchema.optional(),
  decision: z.enum(["CREATE", "SKIP", "BLOCK"], { error: "decision must be CREATE, SKIP or BLOCK" }).optional(),
  reasonCode: z.enum(REASON_CODE_LIST as [ReasonCode, ...ReasonCode[]], { error: "unknown reason code" }).optional(),
  strategy: z.string().trim().min(1).max(60).optional(),
  page: z.number().int().min(1, { error: "page starts at 1" }).default(1),
  pageSize: z.number().int().min(1).max(200, { error: "pageSize must be at most 200" }).default(50),
});
