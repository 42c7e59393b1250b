import "server-only";
import { STORED_CARD_SELECT } from "@/lib/srs/mapper";
import type { Bilingual } from "@/lib/tcp";
import {
  FORECAST_DAYS,
  forecast,
  heatmap,
  masteryByTopic,
  mockTrend,
  reviewsOn,
  reviewStreaks,
  timePerDay,
  trueRetention,
  weakest,
  type DayBucket,
  type ForecastDay,
  type DayTime,
  type Heatmap,
  type MockTrend,
  type Retention,
  type TopicMastery,
} from "@/lib/dashboard/figures";
import { recallNow } from "@/lib/dashboard/recall";
import { POOR } from "@/lib/mock/report";
import { DAY_BUCKETS_SQL, DAY_BUCKETS_SQL_POSTGRES } from "@/lib/dashboard/sql";
import { dayNumber, dueToday } from "@/lib/srs/stats";
import { getBank } from "./bank";
import { getPrisma } from "./prisma";
import { dialect } from "./store";
import { readinessByTopic, type TopicReadiness } from "@/lib/schedule/evidence";
import { interviewDateOf } from "./interview-date";
import { learnerWeights } from "./learner-weights";

/**
 * The dashboard's data layer. Review-log figures come from ONE aggregate query that buckets the
 * learner's non-undone reviews by day in SQL (so 100,000 logs never reach JavaScript); card
 * figures from the learner's cards (at most one per bank item); the mock trend from finished
 * interviews. Only the columns the figures need are read.
 */

export interface WeakQuestion {
  itemId: string;
  topic: string;
  prompt: Bilingual;
  recall: number;
  lapses: number;
}

export interface LeechQuestion {
  itemId: string;
  topic: string;
  prompt: Bilingual;
  failures: number;
}

export interface DashboardData {
  today: number;
  tzOffset: number;
  desiredRetention: number;
  /** every non-undone review ever, from the day buckets */
  totalReviews: number;
  reviewsToday: number;
  streak: { current: number; longest: number };
  heatmap: Heatmap;
  retention: Retention;
  timePerDay: DayTime[];
  forecast: ForecastDay[];
  /** lib/srs/stats.ts dueToday: the same figure the Today page shows */
  dueToday: { total: number; now: number; later: number };
  mastery: TopicMastery[];
  /** per topic: mean predicted recall on the interview date (now without one), lib/schedule/evidence */
  readiness: TopicReadiness[];
  /** the instant readiness predicts for: the interview date, or now */
  readinessAt: Date;
  interviewDate: Date | null;
  weightsSource: "default" | "fitted";
  weakest: WeakQuestion[];
  leeches: LeechQuestion[];
  mock: MockTrend;
}

const num = (v: unknown): number => (typeof v === "bigint" ? Number(v) : typeof v === "number" ? v : Number(v ?? 0));

export async function getDayBuckets(userId: string, tzOffset: number): Promise<DayBucket[]> {
  const db = await getPrisma();
  const sql = dialect() === "postgresql" ? DAY_BUCKETS_SQL_POSTGRES : DAY_BUCKETS_SQL;
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(sql, tzOffset * 60, userId);
  return rows.map((r) => ({
    day: num(r.day),
    reviews: num(r.reviews),
    durationMs: num(r.durationMs),
    mature: num(r.mature),
    maturePassed: num(r.maturePassed),
  }));
}

export async function getDashboard(userId: string, now: Date, tzOffset: number): Promise<DashboardData> {
  const db = await getPrisma();
  const bank = getBank();
  const today = dayNumber(now, tzOffset);
  const [buckets, cards, settings, mocks, weights, interviewDate] = await Promise.all([
    getDayBuckets(userId, tzOffset),
    db.card.findMany({
      where: { userId },
      select: { itemId: true, ...STORED_CARD_SELECT, failures: true, leech: true },
    }),
    db.userSettings.findUnique({ where: { userId }, select: { desiredRetention: true } }),
    db.mockInterview.findMany({
      where: { userId, endedAt: { not: null }, score: { not: null } },
      select: { endedAt: true, score: true },
      orderBy: { endedAt: "desc" },
      take: 30,
    }),
    learnerWeights(userId),
    interviewDateOf(userId),
  ]);

  // Card figures are about the live bank: cards of retired items keep their history (their
  // reviews count in the heatmap, streaks and retention) but are no longer practised.
  const live = cards.filter((c) => bank.byId.has(c.itemId));
  const recall = new Map<string, number>();
  const seen: { itemId: string; recall: number; lapses: number }[] = [];
  for (const c of live) {
    const r = recallNow(c, now, weights.weights);
    if (r === null) continue;
    recall.set(c.itemId, r);
    seen.push({ itemId: c.itemId, recall: r, lapses: c.lapses });
  }
  const describe = (itemId: string) => {
    const item = bank.byId.get(itemId)!;
    return { itemId, topic: item.topic, prompt: item.prompt };
  };

  // Mock interviews are evidence too: the last answered turn on each item of a finished
  // interview, passed or not (what counts for items never practised; lib/dashboard/figures.ts).
  const mockTurns = await db.mockTurn.findMany({
    where: { interview: { userId, status: "finished" }, answeredAt: { not: null }, score: { not: null }, kind: { not: "probe" } },
    select: { itemId: true, score: true, answeredAt: true },
    orderBy: { answeredAt: "asc" },
  });
  const mockVerdicts = new Map<string, boolean>();
  for (const t of mockTurns) if (bank.byId.has(t.itemId)) mockVerdicts.set(t.itemId, (t.score ?? 0) >= POOR);

  const h = heatmap(buckets, today);
  const readinessAt = interviewDate && interviewDate.getTime() > now.getTime() ? interviewDate : now;
  return {
    today,
    tzOffset,
    desiredRetention: settings?.desiredRetention ?? 0.9,
    totalReviews: buckets.reduce((a, b) => a + b.reviews, 0),
    reviewsToday: reviewsOn(buckets, today),
    streak: reviewStreaks(buckets, today),
    heatmap: h,
    retention: trueRetention(buckets, today),
    timePerDay: timePerDay(buckets, today),
    forecast: forecast(live, now, tzOffset, FORECAST_DAYS),
    dueToday: dueToday(live, now, tzOffset),
    mastery: masteryByTopic(bank.topics, bank.items, recall, mockVerdicts),
    readiness: readinessByTopic(bank.topics, bank.items, new Map(live.map((c) => [c.itemId, c])), readinessAt, weights.weights),
    readinessAt,
    interviewDate,
    weightsSource: weights.source,
    weakest: weakest(seen).map((w) => ({ ...describe(w.itemId), recall: w.recall, lapses: w.lapses })),
    leeches: live
      .filter((c) => c.leech)
      .sort((a, b) => b.failures - a.failures || a.itemId.localeCompare(b.itemId))
      .map((c) => ({ ...describe(c.itemId), failures: c.failures })),
    mock: mockTrend(mocks.map((m) => ({ endedAt: m.endedAt!, score: m.score! }))),
  };
}
