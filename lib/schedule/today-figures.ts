/**
 * What the Today page's first figure and its empty-queue message say (pure), so that they agree
 * with the queue a session would take (lib/server/practice.ts getToday / buildTodayQueue).
 *
 * - Normal FSRS: "Due today", the reviews due by midnight (lib/srs/stats dueToday: ready now and
 *   later today), as the dashboard shows it.
 * - Interview-date mode with today's plan: "Planned today", the reviews left in today's part of
 *   the plan — the queue's reviews — with FSRS's own due-today count beside it, so that "3 due" and
 *   "nothing to do today" are never shown together without saying why: the plan leaves those
 *   cards for the days where they count most for the interview.
 */
export interface TodayCounts {
  /** true while the queue follows the interview plan */
  planned: boolean;
  /** reviews in the queue a session would take now */
  dueCount: number;
  /** new questions in that queue */
  newAvailable: number;
  /** FSRS: reviews due by the end of today */
  dueToday: { total: number; now: number; later: number };
}

export type TodayFigures =
  | { mode: "fsrs"; reviews: number; now: number; later: number; fresh: number; work: number; empty: "nothing" | null }
  | { mode: "plan"; reviews: number; fsrsDue: number; fresh: number; work: number; empty: "planDone" | null };

export function todayFigures(c: TodayCounts): TodayFigures {
  const work = c.dueCount + c.newAvailable;
  if (c.planned) return { mode: "plan", reviews: c.dueCount, fsrsDue: c.dueToday.total, fresh: c.newAvailable, work, empty: work > 0 ? null : "planDone" };
  return { mode: "fsrs", reviews: c.dueToday.total, now: c.dueToday.now, later: c.dueToday.later, fresh: c.newAvailable, work, empty: work > 0 ? null : "nothing" };
}
