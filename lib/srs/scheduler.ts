/**
 * The FSRS scheduler: a thin wrapper around ts-fsrs (the algorithm is never written by hand).
 * One FSRS instance per desired retention and weight set (the learner's fitted weights when they
 * have applied ones, lib/server/learner-weights.ts; else ts-fsrs's defaults). Fuzz is off so that a card's state is exactly the
 * replay of its review log (the hardening tests rely on it) and previews match what you get.
 */
import { createEmptyCard, fsrs, generatorParameters, Rating, State, type Card, type FSRS, type Grade, type RecordLogItem } from "ts-fsrs";

export { Rating, State } from "ts-fsrs";
export type { Card as FsrsCard, ReviewLog as FsrsReviewLog } from "ts-fsrs";

export const GRADES = [Rating.Again, Rating.Hard, Rating.Good, Rating.Easy] as const;
export type RatingValue = 1 | 2 | 3 | 4;

export const DEFAULT_RETENTION = 0.9;

/** FSRS-6 weights (21 numbers); undefined: ts-fsrs's defaults. */
export type SchedulerWeights = readonly number[] | undefined;

const instances = new Map<string, FSRS>();
/** Instances kept (one per retention and weight set in use); the oldest is dropped beyond it. */
const MAX_INSTANCES = 256;

export function scheduler(desiredRetention: number = DEFAULT_RETENTION, weights?: SchedulerWeights): FSRS {
  const retention = Math.round(desiredRetention * 1000) / 1000;
  const key = weights ? `${retention}|${weights.join(",")}` : String(retention);
  let f = instances.get(key);
  if (!f) {
    f = fsrs(generatorParameters({ request_retention: retention, enable_fuzz: false, enable_short_term: true, ...(weights ? { w: [...weights] } : {}) }));
    if (instances.size >= MAX_INSTANCES) instances.delete(instances.keys().next().value!);
    instances.set(key, f);
  }
  return f;
}

export function newCard(now: Date): Card {
  return createEmptyCard(now);
}

export function rate(card: Card, rating: RatingValue, now: Date, desiredRetention?: number, weights?: SchedulerWeights): RecordLogItem {
  return scheduler(desiredRetention, weights).next(card, now, rating as Grade);
}

/** What each rating would do to the card now: the due date of each, for the buttons. */
export function previewIntervals(card: Card, now: Date, desiredRetention?: number, weights?: SchedulerWeights): Record<RatingValue, Date> {
  const p = scheduler(desiredRetention, weights).repeat(card, now);
  return {
    1: p[Rating.Again].card.due,
    2: p[Rating.Hard].card.due,
    3: p[Rating.Good].card.due,
    4: p[Rating.Easy].card.due,
  };
}

/** Probability of recall now (0 for a card never reviewed). */
export function retrievability(card: Card, now: Date, desiredRetention?: number, weights?: SchedulerWeights): number {
  if (card.state === State.New || !card.last_review || !(card.stability > 0)) return 0;
  return scheduler(desiredRetention, weights).get_retrievability(card, now, false);
}

/** A compact, language-neutral interval label: "10m", "3h", "2d", "4mo", "1.2y". */
export function formatInterval(from: Date, to: Date): string {
  const minutes = Math.max(1, Math.round((to.getTime() - from.getTime()) / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours}h`;
  const days = Math.round(minutes / 1440);
  if (days < 31) return `${days}d`;
  if (days < 365) return `${Math.round(days / 30)}mo`;
  return `${(days / 365).toFixed(1)}y`;
}
