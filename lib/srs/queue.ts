/**
 * Building a practice queue (pure). Policy:
 * - Due reviews come first in priority: most overdue (lowest retrievability) first, up to the
 *   day's review limit.
 * - New items fill the day's new-item allowance: most asked in interviews first, then easier
 *   first, then bank order. A question's follow-ups become eligible only once the question
 *   itself has been learned (its card has graduated to review at least once).
 * - New items are interleaved evenly among the reviews rather than piled at the end.
 * - Never more than MAX_RUN items of one topic in a row (when another topic is available).
 */
export const MAX_RUN = 3;

export interface DueReview {
  itemId: string;
  topic: string;
  retrievability: number;
}

export interface NewCandidate {
  itemId: string;
  topic: string;
  frequency: number;
  difficulty: number;
  /** ids of the questions that list this one as a follow-up */
  parents: string[];
}

export interface QueueInput {
  due: DueReview[];
  fresh: NewCandidate[];
  /** items whose cards have been learned (graduated to Review at least once) */
  learned: ReadonlySet<string>;
  newLimit: number;
  reviewLimit: number;
}

export interface QueueEntry {
  itemId: string;
  topic: string;
  kind: "review" | "new";
}

export function buildQueue(input: QueueInput): QueueEntry[] {
  const reviews: QueueEntry[] = [...input.due]
    .sort((a, b) => a.retrievability - b.retrievability || a.itemId.localeCompare(b.itemId))
    .slice(0, Math.max(0, input.reviewLimit))
    .map((d) => ({ itemId: d.itemId, topic: d.topic, kind: "review" as const }));

  const news: QueueEntry[] = input.fresh
    .map((c, index) => ({ c, index }))
    .filter(({ c }) => c.parents.every((p) => input.learned.has(p)))
    .sort((a, b) => b.c.frequency - a.c.frequency || a.c.difficulty - b.c.difficulty || a.index - b.index)
    .slice(0, Math.max(0, input.newLimit))
    .map(({ c }) => ({ itemId: c.itemId, topic: c.topic, kind: "new" as const }));

  return limitTopicRuns(interleave(reviews, news), MAX_RUN);
}

/** Spreads `news` evenly through `reviews`, keeping both orders. */
export function interleave<T>(reviews: T[], news: T[]): T[] {
  if (news.length === 0) return [...reviews];
  if (reviews.length === 0) return [...news];
  const out: T[] = [];
  const every = reviews.length / news.length;
  let r = 0;
  for (let n = 0; n < news.length; n++) {
    const until = Math.round((n + 1) * every);
    while (r < until && r < reviews.length) out.push(reviews[r++]);
    out.push(news[n]);
  }
  while (r < reviews.length) out.push(reviews[r++]);
  return out;
}

/**
 * Reorders as little as possible so that no topic appears more than `maxRun` times in a row:
 * at each position take the first remaining entry that does not extend a run past the limit;
 * only when every remaining entry is of that topic is the run allowed to grow.
 */
export function limitTopicRuns<T extends { topic: string }>(entries: T[], maxRun: number): T[] {
  const rest = [...entries];
  const out: T[] = [];
  while (rest.length > 0) {
    let run = 0;
    const last = out.length > 0 ? out[out.length - 1].topic : null;
    for (let i = out.length - 1; i >= 0 && out[i].topic === last; i--) run++;
    let pick = 0;
    if (run >= maxRun) {
      const other = rest.findIndex((e) => e.topic !== last);
      if (other >= 0) pick = other;
    }
    out.push(rest.splice(pick, 1)[0]);
  }
  return out;
}
