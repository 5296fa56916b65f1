import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeViolation, findTextViolation, textProblem, toStorableText } from "./storable-text";

describe("textProblem", () => {
  it("accepts ordinary text, tabs, newlines and characters beyond the BMP", () => {
    for (const ok of ["", "manual stop", "line\nbreak\ttab\r", "ümlaut 日本 🚀", "\uFFFD", "a\uD83D\uDE80b"])
      expect(textProblem(ok)).toBeNull();
  });

  it("names NUL, lone surrogates and control characters with their position", () => {
    expect(textProblem("x\u0000")).toBe(
      "contains a NUL character (U+0000) at position 1; text must be valid Unicode without control characters",
    );
    expect(textProblem("\uD800")).toMatch(/^contains a lone UTF-16 surrogate \(U\+D800\) at position 0/);
    expect(textProblem("ab\uDC00")).toMatch(/lone UTF-16 surrogate \(U\+DC00\) at position 2/);
    expect(textProblem("\uDE80\uD83D")).toMatch(/U\+DE80/);
    expect(textProblem("bell\u0007")).toMatch(/the control character U\+0007 at position 4/);
    expect(textProblem("\u007F")).toMatch(/U\+007F/);
    expect(textProblem("\u0085")).toMatch(/U\+0085/);
  });

  it("finds any refused unit wherever it is put, and reports its position", () => {
    const bad = fc.oneof(
      fc.integer({ min: 0, max: 0x1f }).filter((c) => c !== 9 && c !== 10 && c !== 13),
      fc.integer({ min: 0x7f, max: 0x9f }),
      fc.integer({ min: 0xd800, max: 0xdfff }),
    );
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), bad, fc.nat(), (text, unit, at) => {
        // Split between code points, and keep a lone surrogate lone: "|" after it cannot pair.
        const points = Array.from(toStorableText(text));
        const cut = at % (points.length + 1);
        const before = points.slice(0, cut).join("");
        const i = before.length;
        const s = `${before}${String.fromCharCode(unit)}|${points.slice(cut).join("")}`;
        const problem = textProblem(s);
        expect(problem).not.toBeNull();
        expect(problem).toContain(`at position ${i}`);
      }),
    );
  });
});

describe("toStorableText", () => {
  it("replaces each refused code unit with U+FFFD and keeps the rest", () => {
    expect(toStorableText("a\u0000b\uD800c\u0007")).toBe("a\uFFFDb\uFFFDc\uFFFD");
    expect(toStorableText("🚀 ok")).toBe("🚀 ok");
  });

  it("always yields text the rule accepts, of the same length", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const out = toStorableText(s);
        expect(textProblem(out)).toBeNull();
        expect(out.length).toBe(s.length);
      }),
    );
  });
});

describe("findTextViolation", () => {
  it("finds the first bad string in nested values and names its path", () => {
    expect(findTextViolation({ reason: "fine", more: [1, { note: "x\u0000" }] })).toEqual({
      field: "more.1.note",
      problem: expect.stringContaining("NUL"),
    });
    expect(findTextViolation("\uD800")?.field).toBe("");
    expect(findTextViolation({ a: 1, b: true, c: null, d: [2, 3] })).toBeNull();
  });

  it("checks object keys too", () => {
    const v = findTextViolation({ nested: { "bad\u0000key": 1 } });
    expect(v?.field).toBe("nested");
    expect(v?.problem).toMatch(/has a field name \(bad\uFFFDkey\) that contains a NUL/);
  });

  it("refuses absurd nesting instead of walking it", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(findTextViolation(deep)?.problem).toMatch(/nested deeper than 32 levels/);
  });

  it("describes a violation as a 400 message", () => {
    expect(describeViolation({ field: "reason", problem: "contains X" })).toBe("reason contains X");
    expect(describeViolation({ field: "", problem: "contains X" }, "message")).toBe("message contains X");
  });
});
