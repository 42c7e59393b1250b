import { describe, expect, it } from "vitest";
import { parseTzOffset } from "./tz";

describe("the tz cookie", () => {
  it("holds whole minutes east of UTC", () => {
    expect(parseTzOffset("480")).toBe(480);
    expect(parseTzOffset("-300")).toBe(-300);
    expect(parseTzOffset("+330")).toBe(330);
  });
  it("falls back to UTC when absent, not a whole number or out of range", () => {
    expect(parseTzOffset(undefined)).toBe(0);
    expect(parseTzOffset("")).toBe(0);
    expect(parseTzOffset("8h")).toBe(0);
    expect(parseTzOffset("4.5")).toBe(0);
    expect(parseTzOffset("900")).toBe(0);
    expect(parseTzOffset("-721")).toBe(0);
  });
});
