// Engine records as JSON text, exactly: JSON has no NaN, ±Infinity or -0, which records may hold
// (prices of a broken feed, say), so those numbers travel as {"$n": "NaN"}. The text is always
// storable: JSON.stringify escapes NUL and lone surrogates as \u sequences.

export function encodeRecordJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0))
      ? { $n: Object.is(v, -0) ? "-0" : String(v) }
      : v,
  );
}

export function decodeRecordJson(text: string): unknown {
  return JSON.parse(text, (_, v: unknown) => {
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const n = (v as { $n?: unknown }).$n;
      if (typeof n === "string" && Object.keys(v).length === 1) return Number(n);
    }
    return v;
  });
}
