import { describe, expect, it } from "vitest";
import {
  dayIso,
  forecast,
  heatLevel,
  heatmap,
  masteryByTopic,
  mockTrend,
  readinessLevel,
  reviewsOn,
  reviewStreaks,
  timePerDay,
  trueRetention,
  weakest,
  weekday,
  type DayBucket,
} from "./figures";

// 2026-03-10 (a Tuesday) is day 20522 since 1970-01-01.
const TODAY = 20522;
const bucket = (day: number, reviews: number, extra: Partial<DayBucket> = {}): DayBucket => ({
  day,
  reviews,
  durationMs: 0,
  mature: 0,
  maturePassed: 0,
  ...extra,
});

describe("day helpers", () => {
  it("day 20522 is the calendar date 2026-03-10", () => {
    expect(dayIso(TODAY)).toBe("2026-03-10");
  });
  it("weekday counts Monday as 0, so 2026-03-10 (a Tuesday) is 1 and 1970-01-01 (a Thursday) is 3", () => {
    expect(weekday(TODAY)).toBe(1);
    expect(weekday(0)).toBe(3);
    expect(weekday(TODAY + 5)).toBe(6);
  });
});

describe("heatmap", () => {
  it("has 365 days ending today with zeros where nothing was reviewed", () => {
    const h = heatmap([bucket(TODAY, 4), bucket(TODAY - 2, 6)], TODAY);
    expect(h.days).toHaveLength(365);
    expect(h.days[0].day).toBe(TODAY - 364);
    expect(h.days[364]).toEqual({ day: TODAY, count: 4 });
    expect(h.days[362]).toEqual({ day: TODAY - 2, count: 6 });
    expect(h.days[363]).toEqual({ day: TODAY - 1, count: 0 });
  });
  it("counts total, active days and the busiest day only inside the window", () => {
    const h = heatmap([bucket(TODAY - 400, 99), bucket(TODAY - 364, 3), bucket(TODAY - 10, 7), bucket(TODAY, 7)], TODAY);
    expect(h.total).toBe(17);
    expect(h.activeDays).toBe(3);
    expect(h.max).toBe(7);
    // equal counts: the latest day wins
    expect(h.busiest).toEqual({ day: TODAY, count: 7 });
  });
  it("has no busiest day and a max of 0 without reviews", () => {
    const h = heatmap([], TODAY);
    expect(h.busiest).toBeNull();
    expect(h.max).toBe(0);
    expect(h.total).toBe(0);
  });
  it("shades cells in quarters of the busiest day", () => {
    expect(heatLevel(0, 20)).toBe(0);
    expect(heatLevel(1, 20)).toBe(1);
    expect(heatLevel(5, 20)).toBe(1);
    expect(heatLevel(6, 20)).toBe(2);
    expect(heatLevel(15, 20)).toBe(3);
    expect(heatLevel(16, 20)).toBe(4);
    expect(heatLevel(20, 20)).toBe(4);
  });
});

describe("true retention", () => {
  it("is passed over total of mature reviews in today and the 29 days before", () => {
    const buckets = [
      bucket(TODAY, 10, { mature: 4, maturePassed: 3 }),
      bucket(TODAY - 29, 5, { mature: 6, maturePassed: 6 }),
      // day 30 back is outside the window
      bucket(TODAY - 30, 5, { mature: 10, maturePassed: 0 }),
    ];
    const r = trueRetention(buckets, TODAY);
    expect(r).toEqual({ passed: 9, total: 10, rate: 0.9 });
  });
  it("has no rate without mature reviews", () => {
    expect(trueRetention([bucket(TODAY, 10)], TODAY)).toEqual({ passed: 0, total: 0, rate: null });
  });
});

describe("reviews today and streaks", () => {
  it("reviews today are the bucket of today only", () => {
    expect(reviewsOn([bucket(TODAY - 1, 3), bucket(TODAY, 8)], TODAY)).toBe(8);
    expect(reviewsOn([bucket(TODAY - 1, 3)], TODAY)).toBe(0);
  });
  it("the current streak runs back from today and the longest is the longest run", () => {
    const days = [TODAY, TODAY - 1, TODAY - 2, TODAY - 10, TODAY - 11, TODAY - 12, TODAY - 13];
    expect(reviewStreaks(days.map((d) => bucket(d, 1)), TODAY)).toEqual({ current: 3, longest: 4 });
  });
  it("a streak is not broken until today ends without a review", () => {
    expect(reviewStreaks([bucket(TODAY - 1, 1), bucket(TODAY - 2, 1)], TODAY)).toEqual({ current: 2, longest: 2 });
    expect(reviewStreaks([bucket(TODAY - 2, 1)], TODAY)).toEqual({ current: 0, longest: 1 });
  });
});

describe("time per day", () => {
  it("lists the last 30 days, oldest first, with the summed answer time", () => {
    const t = timePerDay([bucket(TODAY, 2, { durationMs: 90_000 }), bucket(TODAY - 29, 1, { durationMs: 30_000 }), bucket(TODAY - 30, 1, { durationMs: 5 })], TODAY);
    expect(t).toHaveLength(30);
    expect(t[0]).toEqual({ day: TODAY - 29, durationMs: 30_000, reviews: 1 });
    expect(t[29]).toEqual({ day: TODAY, durationMs: 90_000, reviews: 2 });
    expect(t[15]).toEqual({ day: TODAY - 14, durationMs: 0, reviews: 0 });
  });
});

describe("forecast", () => {
  const now = new Date("2026-03-10T12:00:00Z");
  it("counts due cards per day for 30 days, overdue cards on today, new cards never", () => {
    const cards = [
      { due: new Date("2026-03-01T00:00:00Z"), state: 2 }, // overdue → today
      { due: new Date("2026-03-10T23:00:00Z"), state: 2 }, // later today
      { due: new Date("2026-03-11T08:00:00Z"), state: 1 }, // tomorrow
      { due: new Date("2026-04-08T08:00:00Z"), state: 2 }, // day 29 → last day
      { due: new Date("2026-04-09T08:00:00Z"), state: 2 }, // day 30 → outside
      { due: new Date("2026-03-10T00:00:00Z"), state: 0 }, // new → never
    ];
    const f = forecast(cards, now, 0);
    expect(f).toHaveLength(30);
    expect(f[0]).toEqual({ day: TODAY, due: 2 });
    expect(f[1]).toEqual({ day: TODAY + 1, due: 1 });
    expect(f[29]).toEqual({ day: TODAY + 29, due: 1 });
    expect(f.reduce((a, d) => a + d.due, 0)).toBe(4);
  });
  it("uses the learner's days: 23:00 UTC is tomorrow in Beijing (UTC+8)", () => {
    const f = forecast([{ due: new Date("2026-03-10T23:00:00Z"), state: 2 }], now, 480);
    expect(f[0].due).toBe(0);
    expect(f[1].due).toBe(1);
  });
});

describe("mastery per topic", () => {
  const topics = [{ id: "a" }, { id: "b" }, { id: "c" }];
  const items = [
    { id: "a1", topic: "a" },
    { id: "a2", topic: "a" },
    { id: "a3", topic: "a" },
    { id: "a4", topic: "a" },
    { id: "b1", topic: "b" },
    { id: "b2", topic: "b" },
  ];
  it("averages recall over all the topic's items, counting unseen items as 0", () => {
    const recall = new Map([
      ["a1", 1],
      ["a2", 0.9],
      ["a3", 0.5],
      ["b1", 0.8],
      ["b2", 0.7],
    ]);
    const m = masteryByTopic(topics, items, recall);
    // a: (1 + 0.9 + 0.5 + 0) / 4 = 0.6; below 0.7: a3 and the unseen a4
    expect(m[0]).toEqual({ topic: "a", total: 4, seen: 3, mastery: 0.6, below: 2, evidenced: 3, weakSeen: 1 });
    // b: (0.8 + 0.7) / 2 = 0.75; 0.7 itself is not below
    expect(m[1]).toEqual({ topic: "b", total: 2, seen: 2, mastery: 0.75, below: 0, evidenced: 2, weakSeen: 0 });
    // a topic without items has mastery 0
    expect(m[2]).toEqual({ topic: "c", total: 0, seen: 0, mastery: 0, below: 0, evidenced: 0, weakSeen: 0 });
  });
  it("readiness: not started, ready, weak at a third or more below, nearly ready under a third", () => {
    expect(readinessLevel({ total: 9, evidenced: 0, weakSeen: 0 })).toBe("not-started");
    expect(readinessLevel({ total: 9, evidenced: 9, weakSeen: 0 })).toBe("ready");
    expect(readinessLevel({ total: 9, evidenced: 9, weakSeen: 3 })).toBe("weak");
    expect(readinessLevel({ total: 9, evidenced: 9, weakSeen: 2 })).toBe("nearly");
  });
  it("readiness: five of ten items practised and all remembered is nearly ready, not weak (the other five are not started)", () => {
    const ten = Array.from({ length: 10 }, (_, i) => ({ id: `x${i}`, topic: "x" }));
    const recall = new Map(ten.slice(0, 5).map((i) => [i.id, 0.95] as const));
    const [m] = masteryByTopic([{ id: "x" }], ten, recall);
    expect(m).toMatchObject({ evidenced: 5, weakSeen: 0 });
    expect(readinessLevel(m)).toBe("nearly");
  });
  it("readiness: mock answers count as evidence for items never practised", () => {
    const two = [{ id: "y1", topic: "y" }, { id: "y2", topic: "y" }];
    const passed = masteryByTopic([{ id: "y" }], two, new Map(), new Map([["y1", true], ["y2", true]]))[0];
    expect(readinessLevel(passed)).toBe("ready");
    const failed = masteryByTopic([{ id: "y" }], two, new Map(), new Map([["y1", false]]))[0];
    expect(readinessLevel(failed)).toBe("weak");
  });
});

describe("weakest questions", () => {
  it("are the five lowest recalls, ties broken by more lapses then by id", () => {
    const seen = [
      { itemId: "f", recall: 0.95, lapses: 0 },
      { itemId: "e", recall: 0.4, lapses: 0 },
      { itemId: "d", recall: 0.4, lapses: 3 },
      { itemId: "c", recall: 0.6, lapses: 1 },
      { itemId: "b", recall: 0.6, lapses: 1 },
      { itemId: "a", recall: 0.99, lapses: 9 },
      { itemId: "g", recall: 0.1, lapses: 0 },
    ];
    expect(weakest(seen).map((s) => s.itemId)).toEqual(["g", "d", "e", "b", "c"]);
  });
  it("returns fewer when fewer were seen", () => {
    expect(weakest([{ itemId: "x", recall: 0.5, lapses: 0 }])).toHaveLength(1);
  });
});

describe("mock trend", () => {
  it("orders finished interviews by end time and gives latest, best, recent average and change", () => {
    const at = (d: string) => new Date(`2026-03-${d}T10:00:00Z`);
    const t = mockTrend([
      { endedAt: at("06"), score: 70 },
      { endedAt: at("01"), score: 40 },
      { endedAt: at("02"), score: 50 },
      { endedAt: at("03"), score: 90 },
      { endedAt: at("04"), score: 60 },
      { endedAt: at("05"), score: 80 },
    ]);
    expect(t.points.map((p) => p.score)).toEqual([40, 50, 90, 60, 80, 70]);
    expect(t.latest).toBe(70);
    expect(t.best).toBe(90);
    // last five: 50, 90, 60, 80, 70 → 350 / 5
    expect(t.recentAverage).toBe(70);
    expect(t.change).toBe(-10);
  });
  it("is empty without interviews and has no change with one", () => {
    expect(mockTrend([])).toEqual({ points: [], latest: null, best: null, recentAverage: null, change: null });
    expect(mockTrend([{ endedAt: new Date(0), score: 55 }]).change).toBeNull();
  });
});
