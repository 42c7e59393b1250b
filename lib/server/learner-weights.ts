import "server-only";
import crypto from "node:crypto";
import { appliedWeightsSteps, parseWeights } from "@/lib/db/learner-weights";
import { all, get, run } from "@/lib/db/steps";
import { DEFAULT_WEIGHTS } from "@/lib/schedule/model";
import { loadOptimizer, MIN_REVIEWS, optimizeWeights, type OptimizeResult, type ReviewRecord } from "@/lib/schedule/optimize";
import { sqlDate } from "./sqlite";
import { getStore } from "./store";

/**
 * The learner's FSRS weights and the optimiser runs that fit them (issue 20). Every run is
 * stored in FittedParameters with its held-out evaluation; a set is applied only when it
 * evaluates better than the weights in use (lib/schedule/optimize.ts decides). The scheduler —
 * the rating transaction (lib/db/rating-transaction.ts reads the same row), the queue, the plan
 * and the previews — uses the newest applied set, else ts-fsrs's defaults.
 */

export interface LearnerWeights {
  weights: number[];
  source: "default" | "fitted";
  fittedAt?: Date;
}

/** The weights the scheduler uses for the learner: the newest applied fitted set, else the defaults. */
export async function learnerWeights(userId: string): Promise<LearnerWeights> {
  const applied = await getStore().read(() => appliedWeightsSteps(userId));
  return applied ? { weights: applied.weights, source: "fitted", fittedAt: applied.fittedAt } : { weights: [...DEFAULT_WEIGHTS], source: "default" };
}

/** Reviews between automatic runs (after the first run, which needs MIN_REVIEWS in all). */
export const AUTO_EVERY = 500;

export type FitStatus = "better" | "worse" | "too_few" | "unavailable";

export interface FitRecord {
  id: string;
  createdAt: Date;
  status: FitStatus;
  applied: boolean;
  trigger: "manual" | "auto";
  reviewsUsed: number;
  trainItems: number;
  testItems: number;
  logLossBefore: number | null;
  logLossAfter: number | null;
  rmseBefore: number | null;
  rmseAfter: number | null;
  weights: number[] | null;
}

type FitRow = Omit<FitRecord, "createdAt" | "applied" | "weights" | "status" | "trigger"> & { createdAt: string | Date; applied: number | boolean; weights: string | null; status: string; trigger: string };

const FIT_COLUMNS = `"id", "createdAt", "status", "applied", "trigger", "reviewsUsed", "trainItems", "testItems", "logLossBefore", "logLossAfter", "rmseBefore", "rmseAfter", "weights"`;

const fromRow = (r: FitRow): FitRecord => ({
  ...r,
  createdAt: new Date(r.createdAt),
  applied: !!r.applied,
  weights: parseWeights(r.weights),
  status: r.status as FitStatus,
  trigger: r.trigger === "auto" ? "auto" : "manual",
});

/** The learner's optimiser runs, newest first. */
export async function fitHistory(userId: string, limit = 10): Promise<FitRecord[]> {
  const rows = await getStore().read(function* () {
    return (yield all(`SELECT ${FIT_COLUMNS} FROM "FittedParameters" WHERE "userId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT ?`, userId, limit)) as FitRow[];
  });
  return rows.map(fromRow);
}

/** Whether the optimiser loads on this platform (and why not). */
export async function optimizerAvailability(): Promise<{ available: true } | { available: false; reason: string }> {
  const o = await loadOptimizer();
  return "error" in o ? { available: false, reason: o.error } : { available: true };
}

/** The learner's reviews the optimiser learns from: every rating not undone, oldest first. */
async function reviewsOf(userId: string): Promise<ReviewRecord[]> {
  const rows = await getStore().read(function* () {
    return (yield all(`SELECT "cardId", "review", "rating" FROM "ReviewLog" WHERE "userId" = ? AND "undoneAt" IS NULL ORDER BY "review"`, userId)) as { cardId: string; review: string | Date; rating: number }[];
  });
  return rows.filter((r) => r.rating >= 1 && r.rating <= 4).map((r) => ({ cardId: r.cardId, at: new Date(r.review), rating: r.rating as 1 | 2 | 3 | 4 }));
}

const STATUS: Record<OptimizeResult["status"], FitStatus> = { better: "better", not_better: "worse", too_few: "too_few", unavailable: "unavailable" };

const running = new Map<string, Promise<FitRecord>>();

/**
 * Runs the optimiser on the learner's reviews against the weights in use, stores the run with its
 * evaluation, and applies the fitted set when (and only when) it evaluates better. One run per
 * learner at a time in this process: a second call while one runs gets `busy`.
 */
export async function optimiseNow(userId: string, trigger: "manual" | "auto", now: Date = new Date()): Promise<{ ok: true; record: FitRecord; message: { en: string; zh: string } } | { ok: false; busy: true }> {
  if (running.has(userId)) return { ok: false, busy: true };
  let message: { en: string; zh: string } = { en: "", zh: "" };
  const job = (async () => {
    const [reviews, current] = await Promise.all([reviewsOf(userId), learnerWeights(userId)]);
    const r = await optimizeWeights(reviews, current.weights);
    message = r.message;
    const record: FitRecord = {
      id: crypto.randomUUID(),
      createdAt: now,
      status: STATUS[r.status],
      applied: r.status === "better",
      trigger,
      reviewsUsed: reviews.length,
      trainItems: r.trainItems,
      testItems: r.testItems,
      logLossBefore: r.before?.logLoss ?? null,
      logLossAfter: r.after?.logLoss ?? null,
      rmseBefore: r.before?.rmseBins ?? null,
      rmseAfter: r.after?.rmseBins ?? null,
      weights: r.fitted,
    };
    await getStore().write(userId, function* () {
      yield run(
        `INSERT INTO "FittedParameters" (${FIT_COLUMNS}, "userId") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        record.id,
        sqlDate(record.createdAt),
        record.status,
        record.applied ? 1 : 0,
        record.trigger,
        record.reviewsUsed,
        record.trainItems,
        record.testItems,
        record.logLossBefore,
        record.logLossAfter,
        record.rmseBefore,
        record.rmseAfter,
        record.weights ? JSON.stringify(record.weights) : null,
        userId,
      );
    });
    return record;
  })();
  running.set(userId, job);
  try {
    return { ok: true, record: await job, message };
  } finally {
    running.delete(userId);
  }
}

/**
 * Whether enough new reviews have accumulated for an automatic run: at least MIN_REVIEWS in all,
 * and at least AUTO_EVERY since the last run that fitted anything (or none ever did).
 */
export function autoDue(total: number, sinceLastFit: number | null): boolean {
  return total >= MIN_REVIEWS && (sinceLastFit === null || sinceLastFit >= AUTO_EVERY);
}

/**
 * Called after a rating has been acknowledged (never inside its transaction or before its
 * response: the rating route runs it with Next.js's `after`). Runs the optimiser when autoDue
 * and the optimiser loads here; errors are logged, never thrown.
 */
export async function optimiseIfDue(userId: string): Promise<FitRecord | null> {
  try {
    if (running.has(userId)) return null;
    const counts = await getStore().read(function* () {
      const last = (yield get(`SELECT "createdAt" FROM "FittedParameters" WHERE "userId" = ? AND "status" IN ('better', 'worse') ORDER BY "createdAt" DESC LIMIT 1`, userId)) as { createdAt: string | Date } | undefined;
      const total = (yield get(`SELECT count(*) AS n FROM "ReviewLog" WHERE "userId" = ? AND "undoneAt" IS NULL`, userId)) as { n: number | string };
      const since = last
        ? ((yield get(`SELECT count(*) AS n FROM "ReviewLog" WHERE "userId" = ? AND "undoneAt" IS NULL AND "createdAt" > ?`, userId, sqlDate(new Date(last.createdAt)))) as { n: number | string })
        : null;
      return { total: Number(total.n), since: since ? Number(since.n) : null };
    });
    if (!autoDue(counts.total, counts.since)) return null;
    if (!(await optimizerAvailability()).available) return null;
    const r = await optimiseNow(userId, "auto");
    return r.ok ? r.record : null;
  } catch (e) {
    console.error("tcp-drill: automatic weight fitting failed:", e instanceof Error ? e.message : e);
    return null;
  }
}
