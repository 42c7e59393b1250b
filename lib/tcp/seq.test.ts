import { describe, expect, it } from "vitest";
import { seqAdd, seqDiff, seqGe, seqGt, seqInWindow, seqLe, seqLt, seqMax } from "./seq";

describe("sequence numbers modulo 2^32 (RFC 9293 §3.4)", () => {
  it("adding past 2^32 wraps around to small numbers", () => {
    expect(seqAdd(0xffff_fffe, 3)).toBe(1);
    expect(seqAdd(0, -1)).toBe(0xffff_ffff);
  });
  it("a number just below the wrap is less than a small number just after it", () => {
    expect(seqLt(0xffff_fff0, 5)).toBe(true);
    expect(seqGt(5, 0xffff_fff0)).toBe(true);
    expect(seqLe(0xffff_ffff, 0)).toBe(true);
    expect(seqGe(0, 0xffff_ffff)).toBe(true);
  });
  it("the signed distance across the wrap is small and positive", () => {
    expect(seqDiff(10, 0xffff_fff6)).toBe(20);
  });
  it("a window that straddles the wrap contains numbers on both sides", () => {
    expect(seqInWindow(0xffff_ffff, 0xffff_fff0, 100)).toBe(true);
    expect(seqInWindow(50, 0xffff_fff0, 100)).toBe(true);
    expect(seqInWindow(90, 0xffff_fff0, 100)).toBe(false);
    expect(seqInWindow(7, 7, 0)).toBe(false);
  });
  it("the maximum respects wrapping order", () => {
    expect(seqMax(0xffff_fff0, 3)).toBe(3);
  });
});
