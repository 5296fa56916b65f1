// The hand-written `changelog_today.json` (seed §9, "manual updates"): a JSON array of entries, or an
// object with an `items` array (so a saved `/system/changelog/today` answer works too). No file is no
// entries; a file that cannot be read or fails the rule is an error for the caller to report beside
// the other sources, never a throw.
import { constants } from "node:fs";
import { open, stat } from "node:fs/promises";
import { basename } from "node:path";
import { z } from "zod";
import { changelogItemSchema, type SourceResult } from "./changelog-item";

export const MAX_CHANGELOG_FILE_BYTES = 1024 * 1024;
export const MAX_CHANGELOG_FILE_ITEMS = 1000;

const items = z.array(changelogItemSchema).max(MAX_CHANGELOG_FILE_ITEMS);
const fileSchema = z.union([items, z.object({ items })]);

/** The entries in the file at `path`, every entry checked against the item rule. */
export async function readChangelogFile(
  path: string,
  maxBytes: number = MAX_CHANGELOG_FILE_BYTES,
): Promise<SourceResult> {
  const name = basename(path);
  const read = await readBounded(path, maxBytes);
  if (read.kind === "missing") return { ok: true, items: [] };
  if (read.kind === "error") return { ok: false, error: `${name}: ${read.error}` };
  let json: unknown;
  try {
    json = JSON.parse(read.text);
  } catch {
    return { ok: false, error: `${name}: not valid JSON` };
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, error: `${name}: ${describeIssues(parsed.error, json)}` };
  return { ok: true, items: Array.isArray(parsed.data) ? parsed.data : parsed.data.items };
}

type Read =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "missing" }
  | { readonly kind: "error"; readonly error: string };

/** The file as UTF-8 text if it is a regular file of at most maxBytes; never blocks on a FIFO. */
async function readBounded(path: string, maxBytes: number): Promise<Read> {
  try {
    if (!(await stat(path)).isFile()) return { kind: "error", error: "not a regular file" };
    const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      if (!(await handle.stat()).isFile()) return { kind: "error", error: "not a regular file" };
      const buffer = Buffer.alloc(maxBytes + 1);
      let length = 0;
      while (length < buffer.length) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      if (length > maxBytes) return { kind: "error", error: `larger than ${maxBytes} bytes` };
      const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(buffer.subarray(0, length));
      return { kind: "text", text };
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ENOENT") return { kind: "missing" };
    if (code === "ERR_ENCODING_INVALID_ENCODED_DATA") return { kind: "error", error: "not valid UTF-8" };
    return { kind: "error", error: `cannot be read (${typeof code === "string" ? code : "unknown error"})` };
  }
}

/** The first few problems, each with where it is: "items.2.timestamp: Invalid ISO datetime". */
function describeIssues(error: z.ZodError, json: unknown): string {
  // A union reports both branches; name the one the file meant (array or object with items).
  const meant = Array.isArray(json) ? 0 : 1;
  const issues = error.issues.flatMap((issue) =>
    issue.code === "invalid_union" && issue.errors.length === 2 ? (issue.errors[meant] ?? []) : [issue],
  );
  const shown = issues.slice(0, 3).map((issue) => `${issue.path.join(".") || "(file)"}: ${issue.message}`);
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : "";
  return `${shown.join("; ")}${more}`;
}
