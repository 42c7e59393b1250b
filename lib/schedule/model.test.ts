import fc from "fast-check";
import { createEmptyCard, fsrs, generatorParameters, Rating } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { DEFAULT_WEIGHTS, MemoryModel, mergeBranches, ratingsFromLogs, secondsFromDurations, type Branch } from "./model";

describe("seconds per rating from the learner's durations", () => {
  it("takes the median of each rating, the overall median for rare ratings, 40 s with too few", () => {
    const reviews = [
      ...[10, 12, 14, 16, 18].map((s) => ({ rating: 3, durationMs: s * 1000 })),
      ...[30, 40, 50, 60, 70].map((s) => ({ rating: 1, durationMs: s * 1000 })),
      { rating: 4, durationMs: 5000 },
    ];
    const s = secondsFromDurations(reviews);
    expect(s[3]).toBe(14);
    expect(s[1]).toBe(50);
    expect(s[4]).toBe(18); // one Easy: the overall median of 11 durations
    expect(secondsFromDurations([])).toEqual({ 1: 40, 2: 40, 3: 40, 4: 40 });
  });
  it("ignores cards left open for 30 minutes or more and non-positive durations", () => {
    const reviews = [10, 10, 10, 10, 10].map((s) => ({ rating: 3, durationMs: s * 1000 }));
    expect(secondsFromDurations([...reviews, { rating: 3, durationMs: 3_600_000 }, { rating: 3, durationMs: 0 }])[3]).toBe(10);
  });
});

describe("rating proportions from the log", () => {
  it("counts successes in Review state and first ratings of New cards; defaults below the minimum", () => {
    const logs = [...Array(30)].map((_, i) => ({ rating: i < 6 ? 2 : 3, state: 2 }));
    const m = ratingsFromLogs([...logs, { rating: 1, state: 2 }]);
    expect(m.success).toEqual({ hard: 0.2, good: 0.8, easy: 0 });
    expect(m.first).toEqual({ again: 0.3, hard: 0, good: 0.7, easy: 0 });
  });
});

const branch = fc.record({ p: fc.double({ min: 0.001, max: 1, noNaN: true }), stability: fc.double({ min: 0.01, max: 3000, noNaN: true }), difficulty: fc.double({ min: 1, max: 10, noNaN: true }) });

describe("branches of a card's memory", () => {
  it("merging keeps the total probability, at most `max` branches, stabilities within the range (property)", () => {
    fc.assert(
      fc.property(fc.array(branch, { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 6 }), (bs: Branch[], max) => {
        const out = mergeBranches(bs.map((b) => ({ ...b })), max);
        const total = bs.reduce((s, b) => s + b.p, 0);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out.reduce((s, b) => s + b.p, 0)).toBeCloseTo(total, 9);
        const lo = Math.min(...bs.map((b) => b.stability));
        const hi = Math.max(...bs.map((b) => b.stability));
        for (const b of out) {
          expect(b.stability).toBeGreaterThanOrEqual(lo * (1 - 1e-9));
          expect(b.stability).toBeLessThanOrEqual(hi * (1 + 1e-9));
        }
      }),
    );
  });
});

describe("the expected outcome of a review (ts-fsrs's own update)", () => {
  const model = new MemoryModel(DEFAULT_WEIGHTS, { success: { hard: 0.2, good: 0.7, easy: 0.1 }, first: { again: 0.3, hard: 0, good: 0.7, easy: 0 } }, { 1: 30, 2: 20, 3: 12, 4: 8 });
  it("keeps the probability, costs between the cheapest and dearest outcome, and a recall never lowers stability (property)", () => {
    fc.assert(
      fc.property(branch, fc.integer({ min: 1, max: 400 }), (b, days) => {
        const r = model.review([{ ...b, p: 1 }], days);
        expect(r.branches.reduce((s, x) => s + x.p, 0)).toBeCloseTo(1, 9);
        expect(r.seconds).toBeGreaterThanOrEqual(8 * 0.999);
        expect(r.seconds).toBeLessThanOrEqual(42 * 1.001);
        const recall = model.recall(days, b.stability);
        const good = model.next(b, days, Rating.Good);
        expect(good.stability).toBeGreaterThanOrEqual(b.stability * (1 - 1e-9));
        // the mixture's expected recall right after the review is at least the recall before it
        expect(r.branches.reduce((s, x) => s + x.p * model.recall(0, x.stability), 0)).toBeGreaterThanOrEqual(recall - 1e-9);
      }),
    );
  });
  it("a new card's first session is ts-fsrs's scheduler: first rating, then Good until it graduates", () => {
    const m = new MemoryModel(DEFAULT_WEIGHTS, { success: { hard: 0, good: 1, easy: 0 }, first: { again: 0, hard: 0, good: 1, easy: 0 } }, 10);
    const f = fsrs(generatorParameters({ enable_fuzz: false, enable_short_term: true }));
    const t = new Date("2026-01-01T00:00:00Z");
    let card = f.next(createEmptyCard(t), t, Rating.Good).card;
    card = f.next(card, card.due, Rating.Good).card;
    const first = m.first();
    expect(first.branches).toHaveLength(1);
    expect(first.branches[0].stability).toBeCloseTo(card.stability, 9);
    expect(first.branches[0].difficulty).toBeCloseTo(card.difficulty, 9);
    expect(first.seconds).toBe(20);
  });
  it("recall decays with time and is 90 % after `stability` days (FSRS's definition of stability)", () => {
    expect(model.recall(10, 10)).toBeCloseTo(0.9, 6);
    expect(model.recall(20, 10)).toBeLessThan(model.recall(5, 10));
  });
});
