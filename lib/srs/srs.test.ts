import fc from "fast-check";
import { createEmptyCard, fsrs, generatorParameters, Rating } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { deserializeCard, fromFsrs, serializeCard, toFsrs } from "./mapper";
import { buildQueue, interleave, limitTopicRuns, MAX_RUN, type NewCandidate } from "./queue";
import { formatInterval, newCard, previewIntervals, rate, retrievability } from "./scheduler";
import { dayNumber, estimateMinutes, streaks } from "./stats";

const fresh = (itemId: string, topic: string, extra: Partial<NewCandidate> = {}): NewCandidate => ({
  itemId,
  topic,
  frequency: 2,
  difficulty: 1,
  parents: [],
  ...extra,
});

describe("building the queue", () => {
  it("puts due reviews first in order of lowest retrievability", () => {
    const q = buildQueue({
      due: [
        { itemId: "a", topic: "t1", retrievability: 0.8 },
        { itemId: "b", topic: "t2", retrievability: 0.3 },
        { itemId: "c", topic: "t3", retrievability: 0.6 },
      ],
      fresh: [],
      learned: new Set(),
      newLimit: 10,
      reviewLimit: 10,
    });
    expect(q.map((e) => e.itemId)).toEqual(["b", "c", "a"]);
  });

  it("respects the review limit by dropping the least overdue", () => {
    const due = ["a", "b", "c"].map((id, i) => ({ itemId: id, topic: `t${i}`, retrievability: i / 10 }));
    expect(buildQueue({ due, fresh: [], learned: new Set(), newLimit: 0, reviewLimit: 2 }).map((e) => e.itemId)).toEqual(["a", "b"]);
  });

  it("interleaves new items evenly among the reviews", () => {
    expect(interleave(["r1", "r2", "r3", "r4"], ["n1", "n2"])).toEqual(["r1", "r2", "n1", "r3", "r4", "n2"]);
    expect(interleave([], ["n1"])).toEqual(["n1"]);
    expect(interleave(["r1"], [])).toEqual(["r1"]);
  });

  it("offers new items by interview frequency, then easier first, up to the daily limit", () => {
    const q = buildQueue({
      due: [],
      fresh: [fresh("rare", "t1", { frequency: 1 }), fresh("hard", "t2", { frequency: 3, difficulty: 3 }), fresh("easy", "t3", { frequency: 3, difficulty: 1 })],
      learned: new Set(),
      newLimit: 2,
      reviewLimit: 0,
    });
    expect(q.map((e) => e.itemId)).toEqual(["easy", "hard"]);
  });

  it("holds a follow-up back until the question it follows has been learned", () => {
    const candidates = [fresh("base", "t1"), fresh("deeper", "t2", { parents: ["base"] })];
    expect(buildQueue({ due: [], fresh: candidates, learned: new Set(), newLimit: 10, reviewLimit: 10 }).map((e) => e.itemId)).toEqual(["base"]);
    expect(
      buildQueue({ due: [], fresh: [candidates[1]], learned: new Set(["base"]), newLimit: 10, reviewLimit: 10 }).map((e) => e.itemId),
    ).toEqual(["deeper"]);
  });

  it("never puts more than three items of one topic in a row when another topic is left", () => {
    const entries = ["a", "a", "a", "a", "a", "b", "b"].map((topic, i) => ({ topic, id: i }));
    const out = limitTopicRuns(entries, MAX_RUN);
    expect(out.map((e) => e.topic).join("")).toBe("aaabaab");
  });

  it("keeps every entry and bounds topic runs, for any input (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "b", "c"), { maxLength: 40 }), (topics) => {
        const entries = topics.map((topic, id) => ({ topic, id }));
        const out = limitTopicRuns(entries, MAX_RUN);
        expect(out.map((e) => e.id).sort((x, y) => x - y)).toEqual(entries.map((e) => e.id));
        // A run longer than MAX_RUN may only happen at the tail, when nothing else is left.
        for (let i = MAX_RUN; i < out.length; i++) {
          const run = out.slice(i - MAX_RUN, i + 1).every((e) => e.topic === out[i].topic);
          if (run) expect(out.slice(i).every((e) => e.topic === out[i].topic)).toBe(true);
        }
      }),
    );
  });
});

describe("scheduling through ts-fsrs", () => {
  it("gives exactly the intervals ts-fsrs computes on its own for a fixed sequence of ratings", () => {
    const ratings = [Rating.Good, Rating.Good, Rating.Again, Rating.Hard, Rating.Good, Rating.Easy, Rating.Good] as const;
    const reference = fsrs(generatorParameters({ request_retention: 0.9, enable_fuzz: false, enable_short_term: true }));
    let ours = newCard(new Date("2026-01-01T09:00:00Z"));
    let theirs = createEmptyCard(new Date("2026-01-01T09:00:00Z"));
    let now = new Date("2026-01-01T09:00:00Z");
    for (const r of ratings) {
      // through the database mapper, as the app stores it between ratings
      ours = toFsrs(deserializeCard(serializeCard(fromFsrs(rate(ours, r, now).card))));
      theirs = reference.next(theirs, now, r).card;
      expect(ours.due.toISOString()).toBe(theirs.due.toISOString());
      expect(ours.stability).toBe(theirs.stability);
      expect(ours.difficulty).toBe(theirs.difficulty);
      expect(ours.scheduled_days).toBe(theirs.scheduled_days);
      now = new Date(theirs.due.getTime() + 60_000);
    }
  });

  it("schedules a new card rated Good in 10 minutes and again Good in 2 days (golden values)", () => {
    const start = new Date("2026-05-01T12:00:00Z");
    const first = rate(newCard(start), 3, start).card;
    expect(first.due.getTime() - start.getTime()).toBe(10 * 60_000);
    const second = rate(first, 3, first.due).card;
    expect(Math.round((second.due.getTime() - first.due.getTime()) / 86_400_000)).toBe(2);
  });

  it("previews one due date per rating, later for better ratings", () => {
    const now = new Date("2026-05-01T12:00:00Z");
    const p = previewIntervals(newCard(now), now);
    expect(p[1].getTime()).toBeLessThanOrEqual(p[2].getTime());
    expect(p[2].getTime()).toBeLessThanOrEqual(p[3].getTime());
    expect(p[3].getTime()).toBeLessThan(p[4].getTime());
    expect(formatInterval(now, p[3])).toBe("10m");
  });

  it("gives a recall probability of 0, not an error, for a learning card never reviewed", () => {
    const now = new Date("2026-05-01T12:00:00Z");
    expect(retrievability({ ...newCard(now), state: 1 }, now)).toBe(0);
  });

  it("formats intervals compactly", () => {
    const t = new Date(0);
    expect(formatInterval(t, new Date(90_000))).toBe("2m");
    expect(formatInterval(t, new Date(5 * 3_600_000))).toBe("5h");
    expect(formatInterval(t, new Date(3 * 86_400_000))).toBe("3d");
    expect(formatInterval(t, new Date(90 * 86_400_000))).toBe("3mo");
    expect(formatInterval(t, new Date(400 * 86_400_000))).toBe("1.1y");
  });
});

describe("streaks and estimates", () => {
  it("counts the current streak back from today, or from yesterday before today's first review", () => {
    expect(streaks([10, 11, 12], 12)).toEqual({ current: 3, longest: 3 });
    expect(streaks([10, 11, 12], 13)).toEqual({ current: 3, longest: 3 });
    expect(streaks([10, 11, 12], 14)).toEqual({ current: 0, longest: 3 });
    expect(streaks([1, 2, 3, 4, 8, 9], 9)).toEqual({ current: 2, longest: 4 });
    expect(streaks([], 5)).toEqual({ current: 0, longest: 0 });
  });

  it("cuts days in the learner's time zone", () => {
    const at = new Date("2026-03-01T20:00:00Z");
    expect(dayNumber(at, 480) - dayNumber(at, 0)).toBe(1); // already 04:00 next day in UTC+8
  });

  it("estimates minutes from the median review time, 40 s per item until there are five", () => {
    expect(estimateMinutes(0, [])).toBe(0);
    expect(estimateMinutes(3, [])).toBe(2);
    expect(estimateMinutes(10, [60_000, 60_000, 60_000, 1_000, 120_000])).toBe(10);
  });
});
