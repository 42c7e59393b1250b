import fc from "fast-check";
import { default_w, forgetting_curve, State } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { fromFsrs, serializeCard, type StoredCard } from "@/lib/srs/mapper";
import { newCard, rate, scheduler, type RatingValue } from "@/lib/srs/scheduler";
import { brierScore } from "./calibration";
import { cardInfo, forgettingCurve, mockPredictions, readinessByTopic, recallAt, replayCard, reviewPredictions, type ReviewRow } from "./evidence";

const DAY = 86_400_000;
const T0 = new Date("2026-03-01T09:00:00Z");
const at = (days: number, minutes = 0) => new Date(T0.getTime() + days * DAY + minutes * 60_000);

/**
 * A card rated through the app's own scheduler (lib/srs/scheduler `rate`, the path practice takes),
 * with the review rows the data layer would store: the card before each rating as JSON.
 */
function history(itemId: string, steps: [Date, RatingValue, boolean?][]): { card: StoredCard; logs: ReviewRow[] } {
  let card = newCard(steps[0][0]);
  const logs: ReviewRow[] = [];
  steps.forEach(([when, rating, undone], i) => {
    const before = card;
    const after = rate(card, rating, when).card;
    logs.push({ id: `${itemId}-${i}`, itemId, rating, review: when, durationMs: 1000 * (i + 1), previousCard: serializeCard(fromFsrs(before)), undoneAt: undone ? at(99) : null });
    if (!undone) card = after;
  });
  return { card: fromFsrs(card), logs };
}

const STEPS: [Date, RatingValue][] = [
  [at(0), 1],
  [at(0, 1), 3],
  [at(0, 11), 3],
  [at(3), 3],
  [at(12), 1],
  [at(12, 10), 3],
  [at(20), 2],
  [at(45), 3],
];

describe("predictions before each review", () => {
  const { logs } = history("a", STEPS);

  it("replaying the log through ts-fsrs gives exactly the cards the app stored", () => {
    const replay = replayCard(logs);
    expect(replay).toHaveLength(logs.length);
    replay.forEach((r, i) => {
      if (i + 1 < logs.length) {
        const stored = JSON.parse(logs[i + 1].previousCard) as { stability: number; difficulty: number; due: string };
        expect(r.after.stability).toBe(stored.stability);
        expect(r.after.difficulty).toBe(stored.difficulty);
        expect(r.after.due.toISOString()).toBe(stored.due);
      }
    });
  });

  it("equal ts-fsrs's get_retrievability of the card before each review, whole days apart only", () => {
    const preds = reviewPredictions(logs);
    // reviews at days 3, 12, 20, 45 follow a review a day or more before; the others are same-day steps
    expect(preds.map((p) => p.at.getTime())).toEqual([at(3), at(12), at(20), at(45)].map((d) => d.getTime()));
    for (const p of preds) {
      const log = logs.find((l) => l.review.getTime() === p.at.getTime())!;
      const before = JSON.parse(log.previousCard) as { stability: number; lastReview: string; state: number };
      const expected = scheduler().get_retrievability({ ...rate(newCard(T0), 3, T0).card, stability: before.stability, last_review: new Date(before.lastReview), state: before.state }, p.at, false);
      expect(p.p).toBe(expected);
      expect(p.p).toBeCloseTo(forgetting_curve(default_w, Math.floor((p.at.getTime() - new Date(before.lastReview).getTime()) / DAY), before.stability), 6);
      expect(p.recalled).toBe(log.rating > 1);
    }
    expect(preds.map((p) => p.recalled)).toEqual([true, false, true, true]);
  });

  it("are the same when the stored card is unreadable (the log is replayed)", () => {
    const broken = logs.map((l) => ({ ...l, previousCard: "not json" }));
    expect(reviewPredictions(broken).map((p) => p.p)).toEqual(reviewPredictions(logs).map((p) => p.p));
  });

  it("leave out undone ratings", () => {
    const { logs: withUndo } = history("b", [...STEPS.slice(0, 4), [at(5), 1, true], ...STEPS.slice(4)]);
    expect(withUndo.filter((l) => l.undoneAt)).toHaveLength(1);
    expect(reviewPredictions(withUndo).map((p) => p.p)).toEqual(reviewPredictions(logs).map((p) => p.p));
  });

  it("give the Brier score of a hand-computed case", () => {
    const preds = reviewPredictions(logs);
    // outcomes: recalled, forgotten, recalled, recalled
    const [a, b, c, d] = preds.map((p) => p.p);
    const hand = ((1 - a) ** 2 + b ** 2 + (1 - c) ** 2 + (1 - d) ** 2) / 4;
    expect(brierScore(preds)).toBeCloseTo(hand, 12);
    expect(brierScore([{ p: 0.9, recalled: true }, { p: 0.8, recalled: false }])).toBeCloseTo((0.01 + 0.64) / 2, 12);
  });
});

describe("mock answers", () => {
  const { card, logs } = history("m", [
    [at(0), 3],
    [at(0, 10), 3],
    [at(10), 3],
  ]);
  const cards = new Map([["m", card]]);

  it("before any practice are not predictions: they are counted apart", () => {
    const r = mockPredictions([{ itemId: "m", answeredAt: at(-1), passed: true }, { itemId: "x", answeredAt: at(1), passed: false }], cards, logs);
    expect(r.predictions).toEqual([]);
    expect(r.unseen).toEqual({ answered: 2, passed: 1 });
  });

  it("between reviews use the card as stored before the next review; after the last, the card now", () => {
    const r = mockPredictions(
      [
        { itemId: "m", answeredAt: at(4), passed: true },
        { itemId: "m", answeredAt: at(30), passed: false },
      ],
      cards,
      logs,
    );
    const mid = JSON.parse(logs[2].previousCard) as { stability: number };
    // last review at day 0 + 10 min: at day 4 that is 3 whole days (ts-fsrs floors 24-hour periods)
    expect(r.predictions[0].p).toBeCloseTo(forgetting_curve(default_w, 3, mid.stability), 6);
    expect(r.predictions[0].days).toBe(3);
    expect(r.predictions[1].p).toBeCloseTo(forgetting_curve(default_w, 20, card.stability), 6);
    expect(r.predictions.map((p) => p.recalled)).toEqual([true, false]);
  });
});

describe("readiness by topic", () => {
  const { card } = history("r1", [
    [at(0), 3],
    [at(0, 10), 3],
    [at(4), 3],
  ]);
  const items = [
    { id: "r1", topic: "t" },
    { id: "r2", topic: "t" },
  ];
  const cards = new Map([["r1", card]]);
  const now = at(10);

  it("without an interview date is the mean recall now, the never-studied item counting 0", () => {
    const [t] = readinessByTopic([{ id: "t" }], items, cards, now);
    const r = forgetting_curve(default_w, 6, card.stability);
    expect(t).toMatchObject({ topic: "t", total: 2, seen: 1 });
    expect(t.predicted).toBeCloseTo(r / 2, 6);
    expect(t.predictedSeen).toBeCloseTo(r, 6);
  });

  it("with an interview date is the mean recall on that date, lower the later it is", () => {
    const [soon] = readinessByTopic([{ id: "t" }], items, cards, at(20));
    const [late] = readinessByTopic([{ id: "t" }], items, cards, at(60));
    expect(soon.predicted).toBeCloseTo(forgetting_curve(default_w, 16, card.stability) / 2, 6);
    expect(late.predicted).toBeLessThan(soon.predicted);
  });

  it("is 0 for a topic never studied and for one without items", () => {
    expect(readinessByTopic([{ id: "t" }, { id: "empty" }], items, new Map(), now).map((t) => [t.predicted, t.predictedSeen])).toEqual([
      [0, null],
      [0, null],
    ]);
  });
});

describe("card info", () => {
  const { card, logs } = history("c", [
    [at(0), 3],
    [at(0, 10), 3],
    [at(3), 1, true],
    [at(3, 1), 3],
  ]);

  it("lists every rating newest first with its interval, the undone one marked and its interval recomputed", () => {
    const info = cardInfo({ card, logs, now: at(5), interview: null });
    expect(info.reviews.map((r) => [r.rating, r.undone])).toEqual([
      [3, false],
      [1, true],
      [3, false],
      [3, false],
    ]);
    expect(info.reviews[0].intervalMs).toBe(card.due.getTime() - at(3, 1).getTime());
    // the undone Again would have set the 10-minute relearning step
    expect(info.reviews[1].intervalMs).toBe(10 * 60_000);
    expect(info.reviews[3].intervalMs).toBe(10 * 60_000);
    expect(info.reviews.map((r) => r.durationMs)).toEqual([4000, 3000, 2000, 1000]);
    expect(info.recallAtInterview).toBeNull();
    expect(info.recallNow).toBe(recallAt(card, at(5)));
  });

  it("gives recall on the interview date, and nothing of it for a date already past", () => {
    const info = cardInfo({ card, logs, now: at(5), interview: at(30) });
    // last review at day 3 + 1 min: day 30 is 26 whole days later
    expect(info.recallAtInterview).toBeCloseTo(forgetting_curve(default_w, 26, card.stability), 6);
    expect(info.interviewDays).toBeCloseTo(27 - 1 / 1440, 6);
    expect(cardInfo({ card, logs, now: at(5), interview: at(4) }).recallAtInterview).toBeNull();
  });

  it("of an item never rated has no memory, no curve and no reviews", () => {
    const info = cardInfo({ card: null, logs: [], now: at(5), interview: at(30) });
    expect(info).toMatchObject({ state: State.New, stability: null, difficulty: null, recallNow: null, recallAtInterview: null, curve: [], reviews: [] });
  });

  it("the forgetting curve starts at 1, never rises and passes 90 % at the stability (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 3000, noNaN: true }), fc.double({ min: 1, max: 5000, noNaN: true }), (s, span) => {
        const pts = forgettingCurve(s, span);
        expect(pts[0].recall).toBe(1);
        for (let i = 1; i < pts.length; i++) expect(pts[i].recall).toBeLessThanOrEqual(pts[i - 1].recall);
        const atS = forgettingCurve(s, Math.max(1, s), default_w, 1)[1];
        expect(atS.recall).toBeCloseTo(forgetting_curve(default_w, Math.max(1, s), s), 12);
        if (s >= 1) expect(atS.recall).toBeCloseTo(0.9, 6);
      }),
    );
  });
});
