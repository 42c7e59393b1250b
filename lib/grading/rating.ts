/**
 * Suggested ratings: turn how an answer went into Again / Hard / Good / Easy (1..4, numbered as
 * ts-fsrs's `Rating`). The learner always sees the suggestion and may change it; these functions only
 * choose the button that starts out selected.
 *
 * Policy for objective answers (`suggestRating`):
 * - wrong                                          → Again (1)
 * - right, but slower than SLOW_FACTOR × expected  → Hard  (2)
 * - right, within FAST_FACTOR × expected           → Easy  (4)
 * - right otherwise                                → Good  (3)
 * A missing, negative or non-finite time (or expected time) cannot be judged, so a right answer is
 * then Good: the clock never makes a suggestion worse than the answer itself deserves, except for
 * slowness that was actually measured.
 *
 * Policy for open answers (`suggestRatingFromCoverage`), coverage = key points matched / total:
 * - below PASS_COVERAGE (0.5)  → Again: most of the explanation is missing ("然后呢?")
 * - below GOOD_COVERAGE (0.75) → Hard
 * - otherwise                  → Good
 * - full coverage (1) given fast (by the rule above) → Easy; without timing full coverage is Good,
 *   since matching words cannot tell an effortless answer from a laboured one.
 */
import type { Rating } from "./types";

export const RATING = { Again: 1, Hard: 2, Good: 3, Easy: 4 } as const satisfies Record<string, Rating>;

/** A right answer slower than this multiple of the expected time is Hard. */
export const SLOW_FACTOR = 1.5;
/** A right answer within this fraction of the expected time is Easy. */
export const FAST_FACTOR = 0.5;
/** Coverage below this is Again. */
export const PASS_COVERAGE = 0.5;
/** Coverage below this (and at least PASS_COVERAGE) is Hard; at or above it, Good. */
export const GOOD_COVERAGE = 0.75;

export interface Timing {
  /** How long the learner took, in milliseconds. */
  responseMs: number;
  /** How long a prepared learner should take for this item, in milliseconds. */
  expectedMs: number;
}

const judgeable = ({ responseMs, expectedMs }: Timing) =>
  Number.isFinite(responseMs) && Number.isFinite(expectedMs) && responseMs >= 0 && expectedMs > 0;

/** The suggested rating for an objective answer (choice, ordering, state, sequence numbers, trace). */
export function suggestRating({ correct, ...timing }: { correct: boolean } & Timing): Rating {
  if (!correct) return RATING.Again;
  if (!judgeable(timing)) return RATING.Good;
  if (timing.responseMs > SLOW_FACTOR * timing.expectedMs) return RATING.Hard;
  if (timing.responseMs <= FAST_FACTOR * timing.expectedMs) return RATING.Easy;
  return RATING.Good;
}

/** The suggested rating for an open answer graded by key-point coverage (0..1). */
export function suggestRatingFromCoverage(coverage: number, timing?: Timing): Rating {
  const c = Number.isFinite(coverage) ? Math.min(1, Math.max(0, coverage)) : 0;
  if (c < PASS_COVERAGE) return RATING.Again;
  if (c < GOOD_COVERAGE) return RATING.Hard;
  if (c >= 1 && timing && judgeable(timing) && timing.responseMs <= FAST_FACTOR * timing.expectedMs) {
    return RATING.Easy;
  }
  return RATING.Good;
}

/**
 * The suggested rating for an answer graded by claims: incorrect → Again, partial → Hard, correct →
 * Good (Easy when fast, by the rule above). An answer with a misconception is never correct.
 */
export function suggestRatingFromVerdict(verdict: "correct" | "partial" | "incorrect", timing?: Timing): Rating {
  if (verdict === "incorrect") return RATING.Again;
  if (verdict === "partial") return RATING.Hard;
  if (timing && judgeable(timing) && timing.responseMs <= FAST_FACTOR * timing.expectedMs) return RATING.Easy;
  return RATING.Good;
}
