import { describe, expect, it } from "vitest";
import { RATING, suggestRating, suggestRatingFromCoverage } from "./index";

describe("suggestRating for objective answers", () => {
  it("a wrong answer is Again however fast it was", () => {
    expect(suggestRating({ correct: false, responseMs: 1_000, expectedMs: 10_000 })).toBe(RATING.Again);
  });

  it("a right answer within the expected time is Good", () => {
    expect(suggestRating({ correct: true, responseMs: 10_000, expectedMs: 10_000 })).toBe(RATING.Good);
    expect(suggestRating({ correct: true, responseMs: 15_000, expectedMs: 10_000 })).toBe(RATING.Good);
  });

  it("a right answer slower than one and a half times the expected time is Hard", () => {
    expect(suggestRating({ correct: true, responseMs: 15_001, expectedMs: 10_000 })).toBe(RATING.Hard);
  });

  it("a right answer in half the expected time or less is Easy", () => {
    expect(suggestRating({ correct: true, responseMs: 5_000, expectedMs: 10_000 })).toBe(RATING.Easy);
    expect(suggestRating({ correct: true, responseMs: 0, expectedMs: 10_000 })).toBe(RATING.Easy);
  });

  it("a right answer whose time cannot be judged is Good", () => {
    for (const [responseMs, expectedMs] of [[NaN, 1000], [-1, 1000], [500, 0], [500, Infinity]]) {
      expect(suggestRating({ correct: true, responseMs, expectedMs })).toBe(RATING.Good);
    }
  });
});

describe("suggestRatingFromCoverage for open answers", () => {
  it("less than half the key points is Again", () => {
    expect(suggestRatingFromCoverage(0)).toBe(RATING.Again);
    expect(suggestRatingFromCoverage(1 / 3)).toBe(RATING.Again);
  });

  it("half up to three quarters is Hard", () => {
    expect(suggestRatingFromCoverage(0.5)).toBe(RATING.Hard);
    expect(suggestRatingFromCoverage(2 / 3)).toBe(RATING.Hard);
  });

  it("three quarters or more is Good, and full coverage is Good without timing", () => {
    expect(suggestRatingFromCoverage(0.75)).toBe(RATING.Good);
    expect(suggestRatingFromCoverage(1)).toBe(RATING.Good);
  });

  it("full coverage given fast is Easy, partial coverage never is", () => {
    expect(suggestRatingFromCoverage(1, { responseMs: 20_000, expectedMs: 60_000 })).toBe(RATING.Easy);
    expect(suggestRatingFromCoverage(0.8, { responseMs: 20_000, expectedMs: 60_000 })).toBe(RATING.Good);
    expect(suggestRatingFromCoverage(1, { responseMs: 50_000, expectedMs: 60_000 })).toBe(RATING.Good);
  });

  it("a coverage outside 0..1 or not a number is clamped", () => {
    expect(suggestRatingFromCoverage(NaN)).toBe(RATING.Again);
    expect(suggestRatingFromCoverage(-1)).toBe(RATING.Again);
    expect(suggestRatingFromCoverage(7)).toBe(RATING.Good);
  });
});
