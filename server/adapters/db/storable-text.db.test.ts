import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { textProblem, toStorableText } from "../../boundary/storable-text";
import type { Database } from "./open-database";
import { BACKENDS, openMigratedTestDatabase, type TestBackend } from "./testing/backends";

// The boundary rule (server/boundary/storable-text.ts) must let through nothing the database
// refuses: whatever it accepts round-trips through text and jsonb unchanged, on both backends.
describe.each(BACKENDS)("the boundary text rule on %s", (kind) => {
  let backend: TestBackend;
  let db: Database;

  beforeAll(async () => {
    ({ backend, db } = await openMigratedTestDatabase(kind));
    await db.sql.exec("CREATE TABLE text_probe (id serial PRIMARY KEY, t text, j jsonb)");
  });

  afterAll(async () => {
    await db?.close();
    await backend?.dispose();
  });

  async function roundTrip(s: string): Promise<{ t: string; j: { v: string } }> {
    const [row] = await db.sql.query<{ t: string; j: { v: string } }>(
      "INSERT INTO text_probe (t, j) VALUES ($1, $2::jsonb) RETURNING t, j",
      [s, JSON.stringify({ v: s })],
    );
    if (row === undefined) throw new Error("no row");
    return row;
  }

  it("stores every text it accepts, exactly, in text and jsonb", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 40 }), async (raw) => {
        const s = toStorableText(raw);
        expect(textProblem(s)).toBeNull();
        const row = await roundTrip(s);
        expect(row.t).toBe(s);
        expect(row.j.v).toBe(s);
      }),
      { numRuns: 150 },
    );
  });

  it("refuses what the database refuses: NUL and lone surrogates", async () => {
    for (const bad of ["x\u0000", "\uD800", "a\uDC00b"]) {
      expect(textProblem(bad)).not.toBeNull();
      await expect(roundTrip(bad)).rejects.toThrow();
    }
  });
});
