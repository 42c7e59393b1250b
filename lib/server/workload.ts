import "server-only";
import type { WorkloadPoint } from "@/lib/schedule/calibration";
import { ratingsFromLogs, secondsFromDurations, type RatingModel, type ReviewSeconds } from "@/lib/schedule/model";
import { getBank } from "./bank";
import { runCpuJob } from "./cpu-worker";
import { learnerWeights } from "./learner-weights";
import { getPrisma } from "./prisma";

/**
 * The workload-vs-retention curve of one learner (issue 20): reviews and minutes per day at each
 * desired retention, simulated by lib/schedule/calibration `workloadCurve` with the learner's
 * weights, rating proportions and seconds per rating, on a deck the size of the live bank
 * introduced at their new-cards-per-day setting, over WORKLOAD_DAYS.
 *
 * It costs seconds of CPU (3 to 5 s for the whole curve on this bank; see docs/schedule.md), so
 * it runs in the server's CPU worker thread (lib/server/cpu-worker.ts, job "workload": the event
 * loop stays free for other requests; a full pool or a run past its time limit is a 503), and the
 * result is cached per input — learners whose inputs round to the same values share it, and it is
 * recomputed only when they change.
 */

export const WORKLOAD_DAYS = 90;
/** Desired retentions simulated: 0.70 … 0.98 by 0.02, plus the learner's own setting. */
export const WORKLOAD_RETENTIONS = Array.from({ length: 15 }, (_, i) => Math.round((0.7 + i * 0.02) * 100) / 100);

export interface WorkloadInput {
  weights: number[];
  ratings: RatingModel;
  seconds: ReviewSeconds;
  cards: number;
  newPerDay: number;
  retentions: number[];
}

export interface WorkloadData {
  points: WorkloadPoint[];
  current: number;
  cards: number;
  newPerDay: number;
  days: number;
  weightsSource: "default" | "fitted";
  /** the computation's wall time when it ran (ms), or 0 when served from the cache */
  computedMs: number;
}

const round = (x: number, step: number) => Math.round(x / step) * step;

/** The cache key: the inputs rounded (seconds to 5 s, shares to 0.05) so small drifts share a curve. */
export function workloadKey(i: WorkloadInput): string {
  const r = i.ratings;
  return JSON.stringify([
    i.weights.map((w) => w.toFixed(4)),
    [r.success.hard, r.success.good, r.success.easy, r.first.again, r.first.hard, r.first.good, r.first.easy].map((x) => round(x, 0.05).toFixed(2)),
    [1, 2, 3, 4].map((g) => round(i.seconds[g as 1 | 2 | 3 | 4], 5)),
    i.cards,
    i.newPerDay,
    i.retentions,
  ]);
}

const MAX_ENTRIES = 50;
const cache = new Map<string, Promise<WorkloadPoint[]>>();

async function compute(i: WorkloadInput): Promise<WorkloadPoint[]> {
  const { result } = await runCpuJob("workload", { weights: i.weights, ratings: i.ratings, seconds: i.seconds, cards: i.cards, newPerDay: i.newPerDay, days: WORKLOAD_DAYS, retentions: i.retentions });
  return result;
}

/** The curve for these inputs, from the cache or computed (concurrent callers share one run). */
export async function workloadFor(i: WorkloadInput): Promise<{ points: WorkloadPoint[]; computedMs: number }> {
  const key = workloadKey(i);
  const hit = cache.get(key);
  if (hit) return { points: await hit, computedMs: 0 };
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  const started = performance.now();
  const run = compute(i);
  cache.set(key, run);
  try {
    const points = await run;
    return { points, computedMs: performance.now() - started };
  } catch (e) {
    cache.delete(key);
    throw e;
  }
}

/** The learner's inputs (their weights, their last 2,000 ratings, their settings) and the curve. */
export async function getWorkload(userId: string): Promise<WorkloadData> {
  const db = await getPrisma();
  const [logs, settings, weights] = await Promise.all([
    db.reviewLog.findMany({ where: { userId, undoneAt: null }, select: { rating: true, state: true, durationMs: true }, orderBy: { review: "desc" }, take: 2000 }),
    db.userSettings.findUnique({ where: { userId }, select: { desiredRetention: true, newPerDay: true } }),
    learnerWeights(userId),
  ]);
  const current = Math.round((settings?.desiredRetention ?? 0.9) * 100) / 100;
  const newPerDay = Math.max(1, settings?.newPerDay ?? 10);
  const bank = getBank();
  const cards = bank.items.length;
  const retentions = [...new Set([...WORKLOAD_RETENTIONS, current])].sort((a, b) => a - b);
  const input: WorkloadInput = { weights: weights.weights, ratings: ratingsFromLogs(logs), seconds: secondsFromDurations(logs), cards, newPerDay, retentions };
  const { points, computedMs } = await workloadFor(input);
  return { points, current, cards, newPerDay, days: WORKLOAD_DAYS, weightsSource: weights.source, computedMs };
}
