/**
 * The memory model every part of lib/schedule shares: FSRS-6 as ts-fsrs implements it (the
 * formulas are never written here; `FSRSAlgorithm.next_state`, `forgetting_curve` and the real
 * scheduler are called), with the uncertainty of a review's outcome kept as a small mixture of
 * memory states ("branches", each with its probability).
 *
 * A review of a card whose recall probability is R (ts-fsrs computes it from the whole days
 * elapsed, as its scheduler does):
 * - recalled with probability R, rated Hard / Good / Easy in the learner's own proportions
 *   (`RatingModel.success`): stability after a successful recall (`next_state` with that grade);
 * - forgotten with probability 1 − R: rated Again (stability after a lapse), then the one
 *   relearning step of the app's scheduler (ts-fsrs default, 10 minutes) rated Good on the same
 *   day (`next_state` with 0 days elapsed: FSRS's short-term stability).
 * A new card's first session is run through ts-fsrs's own scheduler (learning steps 1 m and
 * 10 m, as the app): the first rating in the learner's proportions (`RatingModel.first`), then
 * Good until the card graduates.
 * Expected seconds follow the same outcomes with the learner's seconds per rating.
 */
import { createEmptyCard, dateDiffInDays, default_w, fsrs, FSRSAlgorithm, forgetting_curve, generatorParameters, Rating, State, type Grade } from "ts-fsrs";
import { z } from "zod";

export const DAY_MS = 86_400_000;

/** FSRS-6 weights: 21 numbers (ts-fsrs `default_w` when the learner has none fitted). */
export type Weights = readonly number[];
export const DEFAULT_WEIGHTS: Weights = default_w;
export const WeightsSchema = z.array(z.number().finite()).length(21);

/** Seconds the learner spends on one rating of each grade (1 Again … 4 Easy). */
export type ReviewSeconds = Record<1 | 2 | 3 | 4, number>;
export const ReviewSecondsSchema = z.union([
  z.number().positive().finite(),
  z.object({ 1: z.number().positive().finite(), 2: z.number().positive().finite(), 3: z.number().positive().finite(), 4: z.number().positive().finite() }),
]);

/** Seconds per review until the learner has enough of their own: 40 s (as estimateMinutes in lib/srs/stats). */
export const FALLBACK_SECONDS = 40;

/**
 * Seconds per rating from the learner's own review durations: the median of each grade with at
 * least `min` durations, else the median of all, else 40 s. Durations of 30 minutes or more
 * (a card left open) and non-positive ones are ignored.
 */
export function secondsFromDurations(reviews: Iterable<{ rating: number; durationMs: number }>, min = 5): ReviewSeconds {
  const by: Record<number, number[]> = { 1: [], 2: [], 3: [], 4: [] };
  const all: number[] = [];
  for (const r of reviews) {
    if (!(r.durationMs > 0 && r.durationMs < 30 * 60_000) || !by[r.rating]) continue;
    by[r.rating].push(r.durationMs / 1000);
    all.push(r.durationMs / 1000);
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const overall = all.length >= min ? median(all) : FALLBACK_SECONDS;
  const pick = (g: number) => (by[g].length >= min ? median(by[g]) : overall);
  return { 1: pick(1), 2: pick(2), 3: pick(3), 4: pick(4) };
}

export function toReviewSeconds(s: number | ReviewSeconds): ReviewSeconds {
  return typeof s === "number" ? { 1: s, 2: s, 3: s, 4: s } : s;
}

/** How the learner rates: among successful recalls, and at a new card's first sight. */
export interface RatingModel {
  /** shares of Hard, Good, Easy among successful recalls (they sum to 1) */
  success: { hard: number; good: number; easy: number };
  /** shares of Again, Hard, Good, Easy at first sight of a new card (they sum to 1) */
  first: { again: number; hard: number; good: number; easy: number };
}

/** Until the learner's own ratings say otherwise: every recall Good; first sight Again or Good. */
export const DEFAULT_RATINGS: RatingModel = {
  success: { hard: 0, good: 1, easy: 0 },
  first: { again: 0.3, hard: 0, good: 0.7, easy: 0 },
};

const share = z.number().min(0).max(1);
export const RatingModelSchema = z
  .object({
    success: z.object({ hard: share, good: share, easy: share }),
    first: z.object({ again: share, hard: share, good: share, easy: share }),
  })
  .refine((m) => Math.abs(m.success.hard + m.success.good + m.success.easy - 1) < 1e-6, "success shares must sum to 1")
  .refine((m) => Math.abs(m.first.again + m.first.hard + m.first.good + m.first.easy - 1) < 1e-6, "first-sight shares must sum to 1");

/**
 * The learner's rating proportions from their review log (ratings of cards in Review state for
 * successes, ratings of New cards for first sight); the defaults until `min` of each are known.
 */
export function ratingsFromLogs(logs: Iterable<{ rating: number; state: number }>, min = 20): RatingModel {
  const succ = [0, 0, 0, 0, 0];
  const first = [0, 0, 0, 0, 0];
  for (const l of logs) {
    if (l.rating < 1 || l.rating > 4) continue;
    if (l.state === State.New) first[l.rating]++;
    else if (l.state === State.Review && l.rating > 1) succ[l.rating]++;
  }
  const ns = succ[2] + succ[3] + succ[4];
  const nf = first[1] + first[2] + first[3] + first[4];
  return {
    success: ns >= min ? { hard: succ[2] / ns, good: succ[3] / ns, easy: succ[4] / ns } : DEFAULT_RATINGS.success,
    first: nf >= min ? { again: first[1] / nf, hard: first[2] / nf, good: first[3] / nf, easy: first[4] / nf } : DEFAULT_RATINGS.first,
  };
}

/** One possible memory state of a card, with its probability. */
export interface Branch {
  p: number;
  stability: number;
  difficulty: number;
}

/** Most branches kept per card; beyond it the two nearest (in log stability) are merged. */
export const MAX_BRANCHES = 3;

/**
 * Merges branches until at most `max` remain: the pair nearest in log stability becomes one
 * branch with their summed probability, the probability-weighted geometric mean stability and
 * mean difficulty.
 */
export function mergeBranches(bs: Branch[], max = MAX_BRANCHES): Branch[] {
  const out = bs.length <= max ? bs : bs.filter((b) => b.p > 1e-12);
  if (out.length <= max) return out;
  out.sort((a, b) => a.stability - b.stability);
  while (out.length > max) {
    let best = 0;
    let gap = Infinity;
    for (let i = 0; i + 1 < out.length; i++) {
      const g = Math.log(out[i + 1].stability / out[i].stability);
      if (g < gap) {
        gap = g;
        best = i;
      }
    }
    const a = out[best];
    const b = out[best + 1];
    const p = a.p + b.p;
    // the merged stability lies between the two: the order is kept
    out.splice(best, 2, {
      p,
      stability: Math.exp((a.p * Math.log(a.stability) + b.p * Math.log(b.stability)) / p),
      difficulty: (a.p * a.difficulty + b.p * b.difficulty) / p,
    });
  }
  return out;
}

/** The model of one learner: weights, rating proportions, seconds per rating. */
export class MemoryModel {
  readonly algo: FSRSAlgorithm;
  readonly seconds: ReviewSeconds;
  private readonly firstSession: { branches: Branch[]; seconds: number };

  constructor(
    readonly weights: Weights = DEFAULT_WEIGHTS,
    readonly ratings: RatingModel = DEFAULT_RATINGS,
    seconds: number | ReviewSeconds = FALLBACK_SECONDS,
  ) {
    this.algo = new FSRSAlgorithm(generatorParameters({ w: [...weights], enable_fuzz: false, enable_short_term: true }));
    this.seconds = toReviewSeconds(seconds);
    this.firstSession = this.computeFirstSession();
  }

  /** Recall probability after `days` (fractional allowed) at stability `s`. */
  recall(days: number, s: number): number {
    return forgetting_curve(this.weights, Math.max(0, days), s);
  }

  /** Memory after one rating (ts-fsrs `next_state`), `days` whole days after the last review. */
  next(b: { stability: number; difficulty: number }, days: number, g: Grade): { stability: number; difficulty: number } {
    return this.algo.next_state({ stability: b.stability, difficulty: b.difficulty }, days, g);
  }

  /** Expected seconds of one review of a card recalled with probability r. */
  reviewSeconds(r: number): number {
    const s = this.ratings.success;
    const sec = this.seconds;
    return r * (s.hard * sec[2] + s.good * sec[3] + s.easy * sec[4]) + (1 - r) * (sec[1] + sec[3]);
  }

  /**
   * The mixture after reviewing every branch `days` whole days after its last review, with the
   * expected seconds of that review.
   */
  review(bs: readonly Branch[], days: number): { branches: Branch[]; seconds: number } {
    const out: Branch[] = [];
    const s = this.ratings.success;
    let seconds = 0;
    for (const b of bs) {
      const r = this.recall(days, b.stability);
      seconds += b.p * this.reviewSeconds(r);
      for (const [g, q] of [
        [Rating.Hard, s.hard],
        [Rating.Good, s.good],
        [Rating.Easy, s.easy],
      ] as const) {
        if (q > 0 && r > 0) out.push({ p: b.p * r * q, ...this.next(b, days, g) });
      }
      if (r < 1) {
        const lapsed = this.next(b, days, Rating.Again);
        out.push({ p: b.p * (1 - r), ...this.next(lapsed, 0, Rating.Good) });
      }
    }
    return { branches: mergeBranches(out), seconds };
  }

  /** A new card's first session: the mixture it leaves and its expected seconds. */
  first(): { branches: Branch[]; seconds: number } {
    return this.firstSession;
  }

  private computeFirstSession(): { branches: Branch[]; seconds: number } {
    const f = fsrs(generatorParameters({ w: [...this.weights], enable_fuzz: false, enable_short_term: true }));
    const at = new Date(0);
    const out: Branch[] = [];
    let seconds = 0;
    const shares = this.ratings.first;
    for (const [g, q] of [
      [Rating.Again, shares.again],
      [Rating.Hard, shares.hard],
      [Rating.Good, shares.good],
      [Rating.Easy, shares.easy],
    ] as const) {
      if (q <= 0) continue;
      let card = f.next(createEmptyCard(at), at, g).card;
      let sec = this.seconds[g];
      // the remaining learning steps, rated Good (minutes apart, within the same session)
      for (let i = 0; i < 10 && card.state !== State.Review; i++) {
        card = f.next(card, card.due, Rating.Good).card;
        sec += this.seconds[3];
      }
      out.push({ p: q, stability: card.stability, difficulty: card.difficulty });
      seconds += q * sec;
    }
    return { branches: mergeBranches(out), seconds };
  }
}

/** Whole days between two instants as ts-fsrs's scheduler counts them (UTC calendar days). */
export function wholeDays(from: Date, to: Date): number {
  return Math.max(0, dateDiffInDays(from, to));
}

/** Expected recall of a mixture `days` (fractional) after its last review. */
export function mixtureRecall(model: MemoryModel, bs: readonly Branch[], days: number): number {
  let r = 0;
  for (const b of bs) r += b.p * model.recall(days, b.stability);
  return r;
}
