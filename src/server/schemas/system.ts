import { z } from "zod";

/** GET /system/changelog/today's query: a day and a time zone, both optional (checked in full on the server). */
export const changelogInput = z.object({
  date: z.string({ error: "date must be YYYY-MM-DD" }).max(32, { error: "date must be YYYY-MM-DD" }).optional(),
  tz: z.string({ error: "tz must be an IANA time zone" }).max(64, { error: "tz must be an IANA time zone" }).optional(),
});
