/**
 * A simulated learner's history as database rows (tests and e2e): the cards of `itemIds`
 * studied by standard FSRS for `days` days, ending at `end` (lib/schedule/simulate.ts: true
 * memory from perturbed weights, the app's view through ts-fsrs with the default weights). Each
 * card row is the app's view after its last rating; each rating is one ReviewLog row. Enough
 * reviews for the optimiser (MIN_REVIEWS) with 264 items and 150 days.
 */
import crypto from "node:crypto";
import { drawLearner, Simulation } from "../lib/schedule/simulate";
import type { StoredCard } from "../lib/srs/mapper";

export type SeedCard = StoredCard & { id: string; itemId: string };
export interface SeedLog {
  id: string;
  cardId: string;
  itemId: string;
  rating: number;
  state: number;
  review: Date;
  durationMs: number;
}

export function simulatedHistory(itemIds: readonly string[], opts: { seed: number; days: number; end: Date; perDay?: number }): { cards: SeedCard[]; logs: SeedLog[] } {
  const start = new Date(opts.end.getTime() - opts.days * 86_400_000);
  const sim = new Simulation({ learner: drawLearner(opts.seed, 0.4), cards: itemIds.length, seed: opts.seed, start });
  for (let d = 0; d < opts.days; d++) {
    sim.standardDay(Infinity, opts.perDay ?? 10, 0.3);
    sim.nextDay();
  }
  const ids = itemIds.map(() => crypto.randomUUID());
  const seconds: Record<number, number> = { 1: 25_000, 2: 18_000, 3: 12_000, 4: 8_000 };
  const logs: SeedLog[] = sim.log.map((l) => ({
    id: crypto.randomUUID(),
    cardId: ids[l.card],
    itemId: itemIds[l.card],
    rating: l.rating,
    state: l.state,
    review: new Date(l.at),
    durationMs: seconds[l.rating],
  }));
  const reviewed = new Set(sim.log.map((l) => l.card));
  const cards: SeedCard[] = sim.cards.flatMap((c, i) =>
    reviewed.has(i)
      ? [
          {
            id: ids[i],
            itemId: itemIds[i],
            due: c.sched.due,
            stability: c.sched.stability,
            difficulty: c.sched.difficulty,
            elapsedDays: c.sched.elapsed_days,
            scheduledDays: c.sched.scheduled_days,
            learningSteps: c.sched.learning_steps,
            reps: c.sched.reps,
            lapses: c.sched.lapses,
            state: c.sched.state,
            lastReview: c.sched.last_review ?? null,
          },
        ]
      : [],
  );
  return { cards, logs };
}

const iso = (d: Date) => d.toISOString().replace("Z", "+00:00");

/** The INSERT statements (the shared dialect: ? placeholders, quoted identifiers) and their values. */
export function seedStatements(userId: string, h: { cards: SeedCard[]; logs: SeedLog[] }, now: Date): [string, unknown[]][] {
  const out: [string, unknown[]][] = [];
  for (const c of h.cards)
    out.push([
      `INSERT INTO "Card" ("id", "userId", "itemId", "due", "stability", "difficulty", "elapsedDays", "scheduledDays", "learningSteps", "reps", "lapses", "state", "lastReview", "version", "failures", "leech", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, FALSE, ?, ?)`,
      [c.id, userId, c.itemId, iso(c.due), c.stability, c.difficulty, c.elapsedDays, c.scheduledDays, c.learningSteps, c.reps, c.lapses, c.state, c.lastReview ? iso(c.lastReview) : null, c.reps, iso(now), iso(now)],
    ]);
  h.logs.forEach((l, i) =>
    out.push([
      `INSERT INTO "ReviewLog" ("id", "userId", "cardId", "itemId", "idempotencyKey", "rating", "state", "due", "stability", "difficulty", "elapsedDays", "lastElapsedDays", "scheduledDays", "learningSteps", "review", "previousCard", "cardVersion", "durationMs", "source", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, ?, '{}', ?, ?, 'practice', ?)`,
      [l.id, userId, l.cardId, l.itemId, `seed-${l.id}`, l.rating, l.state, iso(l.review), iso(l.review), i + 1, l.durationMs, iso(l.review)],
    ]),
  );
  return out;
}
