import { describe, expect, it } from "vitest";
import { recallNow } from "./recall";

const card = (stability: number, lastReview: Date | null, state = 2) => ({
  due: new Date("2026-04-01T00:00:00Z"),
  stability,
  difficulty: 5,
  elapsedDays: 0,
  scheduledDays: 10,
  learningSteps: 0,
  reps: 3,
  lapses: 0,
  state,
  lastReview,
});

describe("recall now", () => {
  const now = new Date("2026-03-10T12:00:00Z");
  it("is 1 on the day of the review", () => {
    expect(recallNow(card(10, new Date("2026-03-10T08:00:00Z")), now)).toBe(1);
  });
  it("is 0.9 when the days since the review equal the stability (FSRS's definition of stability)", () => {
    expect(recallNow(card(10, new Date("2026-02-28T12:00:00Z")), now)).toBeCloseTo(0.9, 6);
  });
  it("falls below 0.7 long after the stability", () => {
    expect(recallNow(card(1, new Date("2025-03-10T12:00:00Z")), now)!).toBeLessThan(0.7);
  });
  it("is null, not NaN, for a card stored with stability 0 (mock-made cards of older versions)", () => {
    expect(recallNow(card(0, new Date("2026-03-09T12:00:00Z"), 1), now)).toBeNull();
  });
  it("is null for a card never reviewed", () => {
    expect(recallNow(card(0, null, 0), now)).toBeNull();
  });
});
