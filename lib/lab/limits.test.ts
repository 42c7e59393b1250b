import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_TRACE_BYTES, MAX_TRACE_LINES, checkTraceSize, countLines, utf8Length } from "./limits";

describe("trace size limits", () => {
  it("counts UTF-8 bytes exactly as TextEncoder does, for any text", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), (s) => {
      expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
    }), { numRuns: 200 });
    expect(utf8Length("握手")).toBe(6);
  });

  it("accepts exactly 1 MB and refuses one byte more, saying how to cut the capture in both languages", () => {
    expect(checkTraceSize("a".repeat(MAX_TRACE_BYTES)).ok).toBe(true);
    const r = checkTraceSize("a".repeat(MAX_TRACE_BYTES + 1));
    expect(r).toMatchObject({ ok: false, code: "too_many_bytes" });
    if (!r.ok) {
      expect(r.message.en).toMatch(/at most 1 MB/);
      expect(r.message.zh).toMatch(/最多读取 1 MB/);
    }
  });

  it("counts multi-byte characters towards the megabyte", () => {
    const r = checkTraceSize("握".repeat(Math.floor(MAX_TRACE_BYTES / 3) + 1));
    expect(r).toMatchObject({ ok: false, code: "too_many_bytes" });
  });

  it("accepts 100,000 lines and refuses 100,001", () => {
    expect(checkTraceSize("x\n".repeat(MAX_TRACE_LINES))).toMatchObject({ ok: true, lines: MAX_TRACE_LINES });
    const r = checkTraceSize("x\n".repeat(MAX_TRACE_LINES) + "x");
    expect(r).toMatchObject({ ok: false, code: "too_many_lines", lines: MAX_TRACE_LINES + 1 });
    if (!r.ok) expect(r.message.en).toContain("100,001");
  });

  it("does not count a final newline as a line, and counts blank lines", () => {
    expect(countLines("")).toBe(0);
    expect(countLines("a")).toBe(1);
    expect(countLines("a\n")).toBe(1);
    expect(countLines("a\n\nb")).toBe(3);
    expect(countLines("\n")).toBe(1);
  });
});
