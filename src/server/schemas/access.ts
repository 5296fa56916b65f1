import { z } from "zod";

const password = z.string({ error: "password is required" }).min(1, { error: "password is required" }).max(200);

export const loginBody = z.object({ password }).strict();

export const setPasswordInput = z.object({ password, current: z.string().min(1).max(200).optional() }).strict();

export const tokenNameInput = z
  .object({ name: z.string().trim().min(1, { error: "name the token (what uses it)" }).max(60) })
  .strict();

export const tokenIdInput = z
  .object({ id: z.string().regex(/^[0-9a-f]{8}$/, { error: "a token id is 8 hex digits" }) })
  .strict();
