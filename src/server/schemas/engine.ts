import { z } from "zod";
import { ENGINE_COMMANDS } from "../../../server/engine/model/engine-state";

export const engineCommand = z.enum(ENGINE_COMMANDS, {
  error: `unknown engine command; allowed: ${ENGINE_COMMANDS.join(", ")}`,
});

export const controlBody = z
  .object({ reason: z.string().trim().min(1).max(500, { error: "reason must be at most 500 characters" }).optional() })
  .strict();
