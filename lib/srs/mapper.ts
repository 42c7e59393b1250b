/**
 * The one place that converts between the stored card (database columns) and ts-fsrs's Card and
 * ReviewLog. Field names follow ts-fsrs; the columns are their camelCase twins.
 */
import type { Card, ReviewLog } from "ts-fsrs";

export interface StoredCard {
  due: Date;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: number;
  lastReview: Date | null;
}

/** The stored card's columns, as a Prisma `select` (the data layer reads them in one place). */
export const STORED_CARD_SELECT = {
  due: true,
  stability: true,
  difficulty: true,
  elapsedDays: true,
  scheduledDays: true,
  learningSteps: true,
  reps: true,
  lapses: true,
  state: true,
  lastReview: true,
} as const satisfies Record<keyof StoredCard, true>;

export function toFsrs(c: StoredCard): Card {
  return {
    due: new Date(c.due),
    stability: c.stability,
    difficulty: c.difficulty,
    elapsed_days: c.elapsedDays,
    scheduled_days: c.scheduledDays,
    learning_steps: c.learningSteps,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state,
    last_review: c.lastReview ? new Date(c.lastReview) : undefined,
  };
}

export function fromFsrs(c: Card): StoredCard {
  return {
    due: c.due,
    stability: c.stability,
    difficulty: c.difficulty,
    elapsedDays: c.elapsed_days,
    scheduledDays: c.scheduled_days,
    learningSteps: c.learning_steps,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state,
    lastReview: c.last_review ?? null,
  };
}

export interface StoredLog {
  rating: number;
  state: number;
  due: Date;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  lastElapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  review: Date;
}

export function logFromFsrs(l: ReviewLog): StoredLog {
  return {
    rating: l.rating,
    state: l.state,
    due: l.due,
    stability: l.stability,
    difficulty: l.difficulty,
    elapsedDays: l.elapsed_days,
    lastElapsedDays: l.last_elapsed_days,
    scheduledDays: l.scheduled_days,
    learningSteps: l.learning_steps,
    review: l.review,
  };
}

/** The card as JSON for ReviewLog.previousCard (dates as ISO strings), and back. */
export function serializeCard(c: StoredCard): string {
  return JSON.stringify({ ...c, due: c.due.toISOString(), lastReview: c.lastReview ? c.lastReview.toISOString() : null });
}

export function deserializeCard(json: string): StoredCard {
  const o = JSON.parse(json) as Record<string, unknown>;
  return {
    due: new Date(o.due as string),
    stability: o.stability as number,
    difficulty: o.difficulty as number,
    elapsedDays: o.elapsedDays as number,
    scheduledDays: o.scheduledDays as number,
    learningSteps: o.learningSteps as number,
    reps: o.reps as number,
    lapses: o.lapses as number,
    state: o.state as number,
    lastReview: o.lastReview ? new Date(o.lastReview as string) : null,
  };
}
