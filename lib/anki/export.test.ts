import { describe, expect, it } from "vitest";
import { scheduleMaps, type ReviewRow } from "./export";

describe("scheduleMaps", () => {
  const card = { itemId: "close-wait-meaning", due: "2026-12-05T00:00:00.000Z", stability: 5, difficulty: 5, elapsedDays: 0, scheduledDays: 5, learningSteps: 0, reps: 2, lapses: 0, state: 2, lastReview: "2026-11-30T00:00:00.000Z" };
  const before = { due: "2026-11-30T00:00:00.000Z", stability: 2, difficulty: 5, elapsedDays: 0, scheduledDays: 2, learningSteps: 0, reps: 1, lapses: 0, state: 2, lastReview: "2026-11-28T00:00:00.000Z" };
  const row = (previousCard: string): ReviewRow => ({ itemId: card.itemId, rating: 3, review: "2026-11-30T00:00:00.000Z", durationMs: 1000, previousCard });

  it("reads each review's card-before with its dates", () => {
    const { cards, reviews } = scheduleMaps([card], [row(JSON.stringify(before))]);
    expect(cards.get(card.itemId)?.due).toEqual(new Date(card.due));
    expect(reviews.get(card.itemId)).toEqual([{ rating: 3, review: new Date("2026-11-30T00:00:00.000Z"), durationMs: 1000, before: { ...before, due: new Date(before.due), lastReview: new Date(before.lastReview) } }]);
  });

  it("leaves out a review whose card-before is not a card (never written by a rating) instead of failing the export", () => {
    const { reviews } = scheduleMaps([card], [row("{}"), row("not json"), row(JSON.stringify({ ...before, due: "no date" })), row(JSON.stringify(before))]);
    expect(reviews.get(card.itemId)).toHaveLength(1);
  });
});
