/**
 * Is the predicted recall what happens? Predictions (a recall probability) against outcomes
 * (recalled or not): the Brier score, log loss, and the reliability diagram's bins; and the
 * workload-vs-retention curve (reviews per day for each desired retention), simulated from the
 * learner's own parameters, so that the retention setting is chosen from numbers, not guessed.
 */
import { z } from "zod";
import { type RatingModel, type ReviewSeconds, type Weights } from "./model";
import { Simulation } from "./simulate";

export interface Outcome {
  /** predicted probability of recall, 0…1 */
  p: number;
  recalled: boolean;
}

export const OutcomeSchema = z.object({ p: z.number().min(0).max(1), recalled: z.boolean() });

/** Mean squared difference between prediction and outcome (0 perfect; 0.25 for always 50 %). */
export function brierScore(points: readonly Outcome[]): number {
  if (points.length === 0) return NaN;
  let s = 0;
  for (const o of points) s += (o.p - (o.recalled ? 1 : 0)) ** 2;
  return s / points.length;
}

/** Mean negative log-likelihood of the outcomes (predictions clipped to [1e-6, 1 − 1e-6]). */
export function logLoss(points: readonly Outcome[]): number {
  if (points.length === 0) return NaN;
  let s = 0;
  for (const o of points) {
    const p = Math.min(1 - 1e-6, Math.max(1e-6, o.p));
    s -= o.recalled ? Math.log(p) : Math.log(1 - p);
  }
  return s / points.length;
}

export interface ReliabilityBin {
  /** the predictions in the bin lie in [lo, hi] */
  lo: number;
  hi: number;
  n: number;
  /** mean prediction and observed recall rate in the bin */
  predicted: number;
  observed: number;
}

/**
 * The reliability diagram's bins. "quantile" (default): deciles of the predictions, each with
 * about the same number of reviews, so every bin can be checked; "fixed": [0, 0.1), [0.1, 0.2) …
 * (empty bins are left out).
 */
export function reliabilityBins(points: readonly Outcome[], bins = 10, mode: "quantile" | "fixed" = "quantile"): ReliabilityBin[] {
  const sorted = [...points].sort((a, b) => a.p - b.p);
  const groups: Outcome[][] = Array.from({ length: bins }, () => []);
  sorted.forEach((o, i) => {
    const g = mode === "quantile" ? Math.floor((i * bins) / sorted.length) : Math.min(bins - 1, Math.floor(o.p * bins));
    groups[g].push(o);
  });
  return groups
    .filter((g) => g.length > 0)
    .map((g) => ({
      lo: g[0].p,
      hi: g[g.length - 1].p,
      n: g.length,
      predicted: g.reduce((s, o) => s + o.p, 0) / g.length,
      observed: g.filter((o) => o.recalled).length / g.length,
    }));
}

export interface WorkloadPoint {
  retention: number;
  reviewsPerDay: number;
  minutesPerDay: number;
  /** mean recall probability of the deck over the period (cards studied so far) */
  meanRecall: number;
}

export interface WorkloadOptions {
  weights: Weights;
  ratings: RatingModel;
  seconds: ReviewSeconds;
  /** desired retentions to simulate (default 0.70 … 0.97 by 0.01) */
  retentions?: number[];
  cards?: number;
  newPerDay?: number;
  days?: number;
  seed?: number;
}

export const DEFAULT_RETENTIONS = Array.from({ length: 28 }, (_, i) => Math.round((0.7 + i * 0.01) * 100) / 100);

/**
 * Reviews per day at each desired retention, for a learner whose memory follows their own
 * parameters: a deck of `cards` introduced `newPerDay` a day, practised every day for `days`
 * with no budget limit (seeded; the same seed gives the same curve).
 */
export function workloadCurve(o: WorkloadOptions): WorkloadPoint[] {
  const cards = o.cards ?? 100;
  const days = o.days ?? 180;
  return (o.retentions ?? DEFAULT_RETENTIONS).map((retention) => {
    const sim = new Simulation({ learner: { trueWeights: [...o.weights], ratings: o.ratings, seconds: o.seconds }, schedWeights: o.weights, cards, seed: o.seed ?? 1, desiredRetention: retention });
    let seconds = 0;
    let recall = 0;
    for (let d = 0; d < days; d++) {
      seconds += sim.standardDay(Infinity, o.newPerDay ?? 10);
      let seen = 0;
      let r = 0;
      sim.cards.forEach((_, ci) => {
        if (sim.cards[ci].trueMem) {
          seen++;
          r += sim.trueRecall(ci, sim.now);
        }
      });
      recall += seen ? r / seen : 0;
      sim.nextDay();
    }
    const reviews = sim.log.length;
    return { retention, reviewsPerDay: reviews / days, minutesPerDay: seconds / 60 / days, meanRecall: recall / days };
  });
}

/** The calibration points of a simulated log: the scheduler's prediction at each review against the outcome. */
export function outcomesOf(log: readonly { predicted: number | null; recalled: boolean; elapsedDays: number }[]): Outcome[] {
  return log.filter((l) => l.predicted !== null && l.elapsedDays > 0).map((l) => ({ p: l.predicted!, recalled: l.recalled }));
}
