// The one rule for text that enters HEAN (REST, tRPC, WebSocket, settings, exchange messages).
//
// Text is accepted when it is well-formed Unicode without control characters, tab, line feed and
// carriage return excepted. That rules out what PostgreSQL refuses (NUL in text and jsonb, and lone
// UTF-16 surrogates, which have no UTF-8 encoding and break jsonb escapes) and what no field of
// HEAN has a use for (the other C0 controls, DEL and the C1 controls). Entry points refuse such
// input with a 400 that names the field; text HEAN cannot refuse (an exchange message) is
// normalised instead: each offending code unit becomes U+FFFD.
// Invalid UTF-8 in a request body never reaches here as such: decoding turns it into U+FFFD.

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\p{Surrogate}/u;
const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, "gu");

/** Why this text may not enter, or null when it may. */
export function textProblem(text: string): string | null {
  const match = FORBIDDEN.exec(text);
  if (match === null) return null;
  const unit = match[0].charCodeAt(0);
  const code = `U+${unit.toString(16).toUpperCase().padStart(4, "0")}`;
  const what =
    unit === 0
      ? "a NUL character (U+0000)"
      : unit >= 0xd800 && unit <= 0xdfff
        ? `a lone UTF-16 surrogate (${code})`
        : `the control character ${code}`;
  return `contains ${what} at position ${match.index}; text must be valid Unicode without control characters`;
}

/** The same text with every character the rule refuses replaced by U+FFFD. */
export function toStorableText(text: string): string {
  return FORBIDDEN.test(text) ? text.replace(FORBIDDEN_ALL, "\uFFFD") : text;
}

export interface TextViolation {
  /** Where the text is, as a dotted path ("reason", "0.json.symbol"); "" for the value itself. */
  readonly field: string;
  readonly problem: string;
}

/** Nesting beyond this is refused outright: no legitimate input of HEAN is that deep. */
const MAX_DEPTH = 32;

/**
 * The first string (value or object key) in a parsed JSON value, a query or a WebSocket message
 * that breaks the rule, or null when all of them are fine.
 */
export function findTextViolation(value: unknown, field = ""): TextViolation | null {
  return visit(value, field, 0);
}

function visit(value: unknown, field: string, depth: number): TextViolation | null {
  if (typeof value === "string") {
    const problem = textProblem(value);
    return problem === null ? null : { field, problem };
  }
  if (value === null || typeof value !== "object") return null;
  if (depth >= MAX_DEPTH) return { field, problem: `is nested deeper than ${MAX_DEPTH} levels` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = visit(value[i], join(field, String(i)), depth + 1);
      if (found !== null) return found;
    }
    return null;
  }
  for (const [key, inner] of Object.entries(value)) {
    const keyProblem = textProblem(key);
    if (keyProblem !== null) return { field, problem: `has a field name (${printable(key)}) that ${keyProblem}` };
    const found = visit(inner, join(field, key), depth + 1);
    if (found !== null) return found;
  }
  return null;
}

function join(parent: string, key: string): string {
  return parent === "" ? key : `${parent}.${key}`;
}

/** A field name fit to be echoed in an error message. */
function printable(key: string): string {
  const safe = toStorableText(key);
  return safe.length > 64 ? `${safe.slice(0, 64)}…` : safe;
}

/** "reason contains a NUL character ..." — the message a 400 carries. */
export function describeViolation(v: TextViolation, what = "input"): string {
  return `${v.field === "" ? what : v.field} ${v.problem}`;
}
