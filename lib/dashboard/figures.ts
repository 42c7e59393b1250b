/**
 * The dashboard's figures, computed from data the data layer has already aggregated (pure: no
 * Prisma, Next.js or React; `now` and the learner's UTC offset in minutes are parameters).
 *
 * Days are calendar days in the learner's zone, numbered as in lib/srs/stats (`dayNumber`).
 * Review-log figures start from day buckets (one row per day with at least one review, summed
 * in SQL by the data layer); undone ratings are never in them.
 */
import { dayNumber, streaks, DAY_MS } from "@/lib/srs/stats";

/** A review whose card was on an interval of at least this many days is "mature" (as in Anki). */
export const MATURE_DAYS = 21;
/** True retention looks at the last 30 days (today and the 29 before it). */
export const RETENTION_WINDOW_DAYS = 30;
export const HEATMAP_DAYS = 365;
export const FORECAST_DAYS = 30;
export const TIME_DAYS = 30;
/** An item below this probability of recall counts against a topic's readiness. */
export const RECALL_THRESHOLD = 0.7;

/** One learner day of non-undone review logs. */
export interface DayBucket {
  day: number;
  reviews: number;
  durationMs: number;
  /** reviews whose log says the card's interval before the review was >= MATURE_DAYS */
  mature: number;
  /** of those, the ones rated Hard, Good or Easy (rating > 1) */
  maturePassed: number;
}

/** The calendar date ("2026-03-01") of a learner day number. */
export function dayIso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day of the week of a day number: 0 Monday … 6 Sunday (day 0, 1970-01-01, was a Thursday). */
export function weekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

export interface HeatmapDay {
  day: number;
  count: number;
}

export interface Heatmap {
  /** HEATMAP_DAYS entries, oldest first, today last; days without reviews have count 0 */
  days: HeatmapDay[];
  total: number;
  activeDays: number;
  max: number;
  /** the day with the most reviews (the latest of equals), null without reviews */
  busiest: HeatmapDay | null;
}

export function heatmap(buckets: readonly DayBucket[], today: number, length = HEATMAP_DAYS): Heatmap {
  const first = today - length + 1;
  const byDay = new Map<number, number>();
  for (const b of buckets) if (b.day >= first && b.day <= today) byDay.set(b.day, (byDay.get(b.day) ?? 0) + b.reviews);
  const days: HeatmapDay[] = [];
  let total = 0;
  let activeDays = 0;
  let busiest: HeatmapDay | null = null;
  for (let day = first; day <= today; day++) {
    const count = byDay.get(day) ?? 0;
    days.push({ day, count });
    total += count;
    if (count > 0) activeDays++;
    if (count > 0 && (!busiest || count >= busiest.count)) busiest = { day, count };
  }
  return { days, total, activeDays, max: busiest?.count ?? 0, busiest };
}

/** Shade of a heatmap cell: 0 for no reviews, else 1–4 in quarters of the busiest day. */
export function heatLevel(count: number, max: number): 0 | 1 | 2 | 3 | 4 {
  if (count <= 0 || max <= 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((4 * count) / max))) as 1 | 2 | 3 | 4;
}

export interface Retention {
  passed: number;
  total: number;
  /** passed / total; null when there was no mature review in the window */
  rate: number | null;
}

/**
 * True retention: the pass rate (rating > 1) of mature reviews — the card's scheduled interval
 * before the review (`ReviewLog.scheduledDays`) was at least 21 days — over the last 30 days.
 */
export function trueRetention(buckets: readonly DayBucket[], today: number, window = RETENTION_WINDOW_DAYS): Retention {
  let passed = 0;
  let total = 0;
  for (const b of buckets) {
    if (b.day > today - window && b.day <= today) {
      passed += b.maturePassed;
      total += b.mature;
    }
  }
  return { passed, total, rate: total > 0 ? passed / total : null };
}

export function reviewsOn(buckets: readonly DayBucket[], day: number): number {
  return buckets.reduce((n, b) => (b.day === day ? n + b.reviews : n), 0);
}

export function reviewStreaks(buckets: readonly DayBucket[], today: number): { current: number; longest: number } {
  return streaks(
    buckets.filter((b) => b.reviews > 0 && b.day <= today).map((b) => b.day),
    today,
  );
}

export interface DayTime {
  day: number;
  durationMs: number;
  reviews: number;
}

/** Time spent answering (the sum of the logs' durationMs) on each of the last `length` days. */
export function timePerDay(buckets: readonly DayBucket[], today: number, length = TIME_DAYS): DayTime[] {
  const byDay = new Map(buckets.map((b) => [b.day, b]));
  const out: DayTime[] = [];
  for (let day = today - length + 1; day <= today; day++) {
    const b = byDay.get(day);
    out.push({ day, durationMs: b?.durationMs ?? 0, reviews: b?.reviews ?? 0 });
  }
  return out;
}

export interface ForecastCard {
  due: Date;
  /** ts-fsrs State: 0 New (never due), 1 Learning, 2 Review, 3 Relearning */
  state: number;
}

export interface ForecastDay {
  day: number;
  due: number;
}

/**
 * Due reviews on each of the next `length` days, today first. Cards already overdue count on
 * today; cards never reviewed (state New) are not reviews and are left out.
 */
export function forecast(cards: readonly ForecastCard[], now: Date, tzOffset: number, length = FORECAST_DAYS): ForecastDay[] {
  const today = dayNumber(now, tzOffset);
  const counts = new Array<number>(length).fill(0);
  for (const c of cards) {
    if (c.state === 0) continue;
    const offset = Math.max(0, dayNumber(c.due, tzOffset) - today);
    if (offset < length) counts[offset]++;
  }
  return counts.map((due, i) => ({ day: today + i, due }));
}

export interface TopicMastery {
  topic: string;
  /** live items of the topic in the bank */
  total: number;
  /** of those, items reviewed at least once */
  seen: number;
  /** average probability of recall now over ALL the topic's items, unseen items counting as 0 */
  mastery: number;
  /** items with recall below RECALL_THRESHOLD (unseen items included) */
  below: number;
  /** items with evidence (reviewed in practice, or answered in a finished mock interview) */
  evidenced: number;
  /** of the evidenced items, those that are weak: recall below RECALL_THRESHOLD, or (never practised) failed in a mock */
  weakSeen: number;
}

/**
 * Mastery per topic: the average retrievability now of the topic's items. `recall` holds the
 * retrievability of every seen item; an item missing from it was never reviewed and counts as 0.
 */
export function masteryByTopic(
  topics: readonly { id: string }[],
  items: readonly { id: string; topic: string }[],
  recall: ReadonlyMap<string, number>,
  /** the last mock-interview verdict on items (true: passed), the evidence for items never practised */
  mock: ReadonlyMap<string, boolean> = new Map(),
): TopicMastery[] {
  return topics.map(({ id }) => {
    const mine = items.filter((i) => i.topic === id);
    let sum = 0;
    let seen = 0;
    let below = 0;
    let evidenced = 0;
    let weakSeen = 0;
    for (const item of mine) {
      const r = recall.get(item.id);
      if (r !== undefined) seen++;
      sum += r ?? 0;
      if ((r ?? 0) < RECALL_THRESHOLD) below++;
      const m = mock.get(item.id);
      if (r !== undefined) {
        evidenced++;
        if (r < RECALL_THRESHOLD) weakSeen++;
      } else if (m !== undefined) {
        evidenced++;
        if (!m) weakSeen++;
      }
    }
    return { topic: id, total: mine.length, seen, mastery: mine.length > 0 ? sum / mine.length : 0, below, evidenced, weakSeen };
  });
}

export type ReadinessLevel = "not-started" | "weak" | "nearly" | "ready";

/**
 * How ready a topic is, judged on the items there is evidence for (practised, or answered in a
 * mock interview) — an item never started is not started, not weak: not started (no evidence at
 * all), weak (a third or more of the evidenced items weak), ready (every item evidenced and none
 * weak), nearly ready otherwise (a few weak, or some items not started yet).
 */
export function readinessLevel(m: Pick<TopicMastery, "total" | "evidenced" | "weakSeen">): ReadinessLevel {
  if (m.evidenced === 0) return "not-started";
  if (m.weakSeen * 3 >= m.evidenced && m.weakSeen > 0) return "weak";
  return m.weakSeen === 0 && m.evidenced === m.total ? "ready" : "nearly";
}

export interface WeakCandidate {
  itemId: string;
  recall: number;
  lapses: number;
}

/** The `n` seen items with the lowest recall now; ties go to more lapses, then to the item id. */
export function weakest<T extends WeakCandidate>(seen: readonly T[], n = 5): T[] {
  return [...seen]
    .sort((a, b) => a.recall - b.recall || b.lapses - a.lapses || (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0))
    .slice(0, n);
}

export interface MockResult {
  endedAt: Date;
  score: number;
}

export interface MockTrend {
  /** finished interviews, oldest first */
  points: MockResult[];
  latest: number | null;
  best: number | null;
  /** mean of the last (up to) 5 scores */
  recentAverage: number | null;
  /** latest minus the one before it; null with fewer than two */
  change: number | null;
}

export function mockTrend(results: readonly MockResult[]): MockTrend {
  const points = [...results].sort((a, b) => a.endedAt.getTime() - b.endedAt.getTime());
  if (points.length === 0) return { points, latest: null, best: null, recentAverage: null, change: null };
  const recent = points.slice(-5);
  const latest = points[points.length - 1].score;
  return {
    points,
    latest,
    best: Math.max(...points.map((p) => p.score)),
    recentAverage: recent.reduce((a, p) => a + p.score, 0) / recent.length,
    change: points.length >= 2 ? latest - points[points.length - 2].score : null,
  };
}
