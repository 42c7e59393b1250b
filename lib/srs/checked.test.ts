import { describe, expect, it } from "vitest";
import { checkedAt, parseChecked, withChecked, CHECKED_KEEP } from "./checked";

const entry = (itemId: string, correct: boolean | null = false) => ({ itemId, answer: { type: "flashcard" }, responseMs: 1000, correct });

describe("checked answers of a session", () => {
  it("keeps the first check at a position: a second attempt does not replace it", () => {
    const m1 = withChecked({}, 3, entry("a", false));
    const m2 = withChecked(m1, 3, entry("a", true));
    expect(checkedAt(m2, 3, "a")!.correct).toBe(false);
  });
  it("finds nothing for another item at the same position", () => {
    expect(checkedAt(withChecked({}, 3, entry("a")), 3, "b")).toBeNull();
  });
  it("keeps only the last positions", () => {
    let m = {};
    for (let i = 0; i < CHECKED_KEEP + 5; i++) m = withChecked(m, i, entry(`i${i}`));
    expect(Object.keys(m)).toHaveLength(CHECKED_KEEP);
    expect(checkedAt(m, CHECKED_KEEP + 4, `i${CHECKED_KEEP + 4}`)).not.toBeNull();
    expect(checkedAt(m, 0, "i0")).toBeNull();
  });
  it("reads damaged or foreign JSON as empty", () => {
    expect(parseChecked("{")).toEqual({});
    expect(parseChecked("[1]")).toEqual({});
    expect(parseChecked(JSON.stringify({ x: entry("a"), 2: { itemId: 5 } }))).toEqual({});
    expect(parseChecked(JSON.stringify({ 2: entry("a") }))).toEqual({ 2: entry("a") });
  });
});
