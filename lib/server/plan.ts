import "server-only";
import crypto from "node:crypto";
import { all, get, run } from "@/lib/db/steps";
import { interviewInstant, interviewModeOn, daysUntil } from "@/lib/schedule/interview-settings";
import { ratingsFromLogs, secondsFromDurations, type ReviewSeconds } from "@/lib/schedule/model";
import type { PlanCard, PlanInput, PlanResult } from "@/lib/schedule/plan";
import { queueFromPlan } from "@/lib/schedule/today";
import type { QueueEntry } from "@/lib/srs/queue";
import { dayNumber, dayStart } from "@/lib/srs/stats";
import { State } from "@/lib/srs/scheduler";
import { HttpError } from "./http";
import { getBank } from "./bank";
import { runCpuJob } from "./cpu-worker";
import { learnerWeights, type LearnerWeights } from "./learner-weights";
import { getSettings, type PracticeSettings } from "./practice";
import { sqlDate } from "./sqlite";
import { getStore } from "./store";

/**
 * Interview-date mode for a learner: the plan (lib/schedule/plan.ts planUntil) and the day's
 * queue drawn from it (lib/schedule/today.ts).
 *
 * The planner takes one to several seconds of CPU. It runs in the server's CPU worker thread
 * (lib/server/cpu-worker.ts, job "plan"), so the event loop keeps answering other requests, and at
 * most once per learner per calendar day and per input (date, budget, weights, retention, new
 * cards a day, zone): the result is kept in the LearnerPlan row, so every app server sharing the
 * database uses it without computing it again, and a restart does not either. The worker pool
 * runs one heavy job at a time per process (the others wait their turn, or are answered 503 when
 * too many wait): a burst of learners does not take every core from the requests. Concurrent
 * requests for the same learner share one computation.
 *
 * The planner plans the last PLAN_HORIZON_DAYS days before the interview: its cost grows about
 * with the square of the days (measured: 264 cards, 15 min a day — 14 days 0.9 s, 60 days 7.4 s,
 * 120 days 17 s, 365 days 147 s). Before that window the queue is normal FSRS, which builds
 * stability; the plan page says from when the plan applies.
 */
export const PLAN_HORIZON_DAYS = 45;

/** What learnerSchedule gives: the learner's interview date and daily budget. */
export interface LearnerSchedule {
  interviewDate: Date | null;
  dailyMinutes: number | null;
}

export async function learnerSchedule(userId: string): Promise<LearnerSchedule> {
  const s = await getSettings(userId);
  return { interviewDate: s.interviewDate, dailyMinutes: s.dailyMinutes };
}

export interface StoredPlan {
  /** the learner's day it was made for */
  day: number;
  computedAt: Date;
  computeMs: number;
  interview: Date;
  /** the first day the plan covers (the planner's "now"): today, or the start of the window */
  from: Date;
  dailyMinutes: number;
  secondsPerReview: number;
  weightsSource: LearnerWeights["source"];
  desiredRetention: number;
  result: PlanResult;
}

export type PlanState =
  | { mode: "none" }
  | { mode: "passed"; interviewDate: Date }
  /** the interview is further away than the plan's window: normal FSRS until `startsOn` */
  | { mode: "later"; interviewDate: Date; dailyMinutes: number; startsOn: Date; daysLeft: number }
  | { mode: "plan"; interviewDate: Date; dailyMinutes: number; daysLeft: number; plan: StoredPlan };

function inputKey(s: PracticeSettings & { interviewDate: Date; dailyMinutes: number }, w: LearnerWeights, tzOffset: number): string {
  const text = JSON.stringify([s.interviewDate.toISOString(), s.dailyMinutes, s.desiredRetention, s.newPerDay, tzOffset, w.source, w.weights]);
  return crypto.createHash("sha256").update(text).digest("hex").slice(0, 32);
}

type CardRow = { itemId: string; state: number; stability: number; difficulty: number; due: string | Date; lastReview: string | Date | null };

/** The planner's input for the learner now: every card, new ones in the order the queue introduces them. */
async function planInput(userId: string, settings: PracticeSettings & { interviewDate: Date; dailyMinutes: number }, w: LearnerWeights, now: Date, tzOffset: number): Promise<{ input: PlanInput; seconds: ReviewSeconds }> {
  const bank = getBank();
  const startOfToday = dayStart(dayNumber(now, tzOffset), tzOffset);
  const { cards, logs } = await getStore().read(function* () {
    const cards = (yield all(`SELECT "itemId", "state", "stability", "difficulty", "due", "lastReview" FROM "Card" WHERE "userId" = ?`, userId)) as CardRow[];
    // the learner's recent ratings: seconds per rating and how they rate (lib/schedule/model.ts)
    const logs = (yield all(
      `SELECT "rating", "state", "durationMs", "review" FROM "ReviewLog" WHERE "userId" = ? AND "undoneAt" IS NULL ORDER BY "review" DESC LIMIT 2000`,
      userId,
    )) as { rating: number; state: number; durationMs: number; review: string | Date }[];
    return { cards, logs };
  });
  const byItem = new Map(cards.map((c) => [c.itemId, c]));
  const learned = new Set(cards.filter((c) => c.state === State.Review || c.state === State.Relearning).map((c) => c.itemId));
  const parents = new Map<string, string[]>();
  for (const item of bank.items) for (const f of item.followUps) parents.set(f, [...(parents.get(f) ?? []), item.id]);
  const reviewed: PlanCard[] = [];
  for (const c of cards) {
    const item = bank.byId.get(c.itemId);
    // a card without a usable memory state (a mock-made card of an older database) is left to FSRS
    if (!item || c.state === State.New || c.lastReview === null || !(c.stability > 0) || !(c.difficulty >= 1)) continue;
    reviewed.push({ id: c.itemId, topic: item.topic, state: c.state, stability: c.stability, difficulty: Math.min(10, c.difficulty), lastReview: new Date(c.lastReview), due: new Date(c.due) });
  }
  // new questions in the normal queue's order (most asked, then easier, then bank order); a
  // follow-up only once its question is learned, as the normal queue has it
  const fresh: PlanCard[] = bank.items
    .map((item, index) => ({ item, index }))
    .filter(({ item }) => (byItem.get(item.id)?.state ?? State.New) === State.New && (parents.get(item.id) ?? []).every((p) => learned.has(p)))
    .sort((a, b) => b.item.frequency - a.item.frequency || a.item.difficulty - b.item.difficulty || a.index - b.index)
    .map(({ item }) => ({ id: item.id, topic: item.topic, state: State.New, stability: 0, difficulty: 0, lastReview: null, due: now }));
  const seconds = secondsFromDurations(logs);
  const spentToday = logs.filter((l) => new Date(l.review) >= startOfToday).reduce((a, l) => a + Math.max(0, Math.min(l.durationMs, 30 * 60_000)), 0) / 1000;
  const interview = interviewInstant(settings.interviewDate, tzOffset);
  return {
    seconds,
    input: {
      cards: [...reviewed, ...fresh],
      weights: w.weights,
      ratings: ratingsFromLogs(logs),
      now,
      interview,
      dailyMinutes: settings.dailyMinutes,
      seconds,
      desiredRetention: settings.desiredRetention,
      spentTodaySeconds: spentToday,
      maxNewPerDay: settings.newPerDay,
      offsetMinutes: tzOffset,
    },
  };
}

/** One plan computation per learner, day and input at a time in this process. */
const g = globalThis as unknown as { tcpDrillPlans?: { inflight: Map<string, Promise<StoredPlan>> } };
const plans = (g.tcpDrillPlans ??= { inflight: new Map() });

const revive = (p: StoredPlan): StoredPlan => {
  const r = p.result;
  return {
    ...p,
    computedAt: new Date(p.computedAt),
    interview: new Date(p.interview),
    from: new Date(p.from),
    result: r.mode === "interview" ? { ...r, days: r.days.map((d) => ({ ...d, at: new Date(d.at) })) } : r,
  };
};

/**
 * The learner's interview-date state now: no date, passed, not yet in the plan's window, or the
 * plan (made today, from the database or computed now in a worker thread and stored).
 */
export async function learnerPlan(userId: string, now: Date, tzOffset: number): Promise<PlanState> {
  const settings = await getSettings(userId);
  if (settings.interviewDate === null || settings.dailyMinutes === null) return { mode: "none" };
  const s = settings as PracticeSettings & { interviewDate: Date; dailyMinutes: number };
  if (!interviewModeOn(s, now, tzOffset)) return { mode: "passed", interviewDate: s.interviewDate };
  const daysLeft = daysUntil(s.interviewDate, now, tzOffset);
  if (daysLeft > PLAN_HORIZON_DAYS) {
    return { mode: "later", interviewDate: s.interviewDate, dailyMinutes: s.dailyMinutes, daysLeft, startsOn: dayStart(dayNumber(now, tzOffset) + daysLeft - PLAN_HORIZON_DAYS, tzOffset) };
  }
  const w = await learnerWeights(userId);
  const day = dayNumber(now, tzOffset);
  const key = inputKey(s, w, tzOffset);
  const stored = await getStore().read(function* () {
    return (yield get(`SELECT "day", "inputKey", "plan" FROM "LearnerPlan" WHERE "userId" = ?`, userId)) as { day: number; inputKey: string; plan: string } | undefined;
  });
  if (stored && stored.day === day && stored.inputKey === key) return { mode: "plan", interviewDate: s.interviewDate, dailyMinutes: s.dailyMinutes, daysLeft, plan: revive(JSON.parse(stored.plan) as StoredPlan) };
  const flight = `${userId}|${day}|${key}`;
  let p = plans.inflight.get(flight);
  if (!p) {
    p = (async () => {
      const { input, seconds } = await planInput(userId, s, w, now, tzOffset);
      const { result, ms } = await runCpuJob("plan", input);
      const mean = (seconds[1] + seconds[2] + seconds[3] + seconds[4]) / 4;
      const plan: StoredPlan = {
        day,
        computedAt: new Date(),
        computeMs: ms,
        interview: input.interview,
        from: now,
        dailyMinutes: s.dailyMinutes,
        secondsPerReview: Math.round(seconds[3] ?? mean),
        weightsSource: w.source,
        desiredRetention: s.desiredRetention,
        result,
      };
      await getStore().write(userId, function* () {
        yield run(
          `INSERT INTO "LearnerPlan" ("userId", "day", "inputKey", "computedAt", "computeMs", "plan") VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT ("userId") DO UPDATE SET "day" = excluded."day", "inputKey" = excluded."inputKey", "computedAt" = excluded."computedAt",
             "computeMs" = excluded."computeMs", "plan" = excluded."plan"`,
          userId,
          day,
          key,
          sqlDate(plan.computedAt),
          ms,
          JSON.stringify(plan),
        );
      });
      return plan;
    })();
    plans.inflight.set(flight, p);
    void p.finally(() => plans.inflight.delete(flight)).catch(() => undefined);
  }
  return { mode: "plan", interviewDate: s.interviewDate, dailyMinutes: s.dailyMinutes, daysLeft, plan: await p };
}

/**
 * Today's queue from the plan, or null when interview-date mode does not decide it (no date, the
 * date passed, the plan's window not reached, or the planner fell back to FSRS).
 */
export async function plannedQueue(userId: string, now: Date, tzOffset: number): Promise<QueueEntry[] | null> {
  let state: Awaited<ReturnType<typeof learnerPlan>>;
  try {
    state = await learnerPlan(userId, now, tzOffset);
  } catch (e) {
    // The planner's thread is busy, timed out or failed (503 cpu_*): practice goes on with normal FSRS
    // for this request rather than failing; the plan is made on a later request (/plan says why).
    if (e instanceof HttpError && e.status === 503 && e.code.startsWith("cpu_")) return null;
    throw e;
  }
  if (state.mode !== "plan" || state.plan.result.mode !== "interview") return null;
  const today = state.plan.result.days[0];
  if (!today) return null;
  const bank = getBank();
  const cards = await getStore().read(function* () {
    return (yield all(`SELECT "itemId", "state", "due", "lastReview" FROM "Card" WHERE "userId" = ?`, userId)) as { itemId: string; state: number; due: string | Date; lastReview: string | Date | null }[];
  });
  return queueFromPlan({
    today,
    plannedAt: state.plan.from,
    now,
    cards: cards.map((c) => ({ itemId: c.itemId, state: c.state, due: new Date(c.due), lastReview: c.lastReview === null ? null : new Date(c.lastReview) })),
    topicOf: (id) => bank.byId.get(id)?.topic,
  });
}
