/**
 * Today's practice queue in interview-date mode (pure): today's part of the plan (planUntil's
 * day 0), made at `plannedAt` (once a day), as it stands now.
 * - Planned reviews, in the plan's order (lowest recall first), except the cards reviewed since
 *   the plan was made (their review for today is done) and items no longer in the bank.
 * - Learning and relearning cards due now that the plan does not list, or that were rated since
 *   it was made (a same-day step of today's review or introduction: part of it, as in normal
 *   FSRS), first.
 * - Planned new questions that are still new.
 * New questions are spread among the reviews and topic runs limited, as the normal queue does
 * (lib/srs/queue.ts).
 */
import { State } from "ts-fsrs";
import { interleave, limitTopicRuns, MAX_RUN, type QueueEntry } from "../srs/queue";

export interface PlanToday {
  reviews: readonly string[];
  introduce: readonly string[];
}

export interface QueueCard {
  itemId: string;
  state: number;
  due: Date;
  lastReview: Date | null;
}

export function queueFromPlan(input: {
  today: PlanToday;
  plannedAt: Date;
  now: Date;
  cards: readonly QueueCard[];
  /** the topic of each item in the bank (items not in it are left out) */
  topicOf: (itemId: string) => string | undefined;
}): QueueEntry[] {
  const byItem = new Map(input.cards.map((c) => [c.itemId, c]));
  const planned = new Set([...input.today.reviews, ...input.today.introduce]);
  const entry = (itemId: string, kind: "review" | "new"): QueueEntry[] => {
    const topic = input.topicOf(itemId);
    return topic === undefined ? [] : [{ itemId, topic, kind }];
  };
  const since = (c: QueueCard) => !!c.lastReview && c.lastReview >= input.plannedAt;
  const steps = input.cards
    .filter((c) => (c.state === State.Learning || c.state === State.Relearning) && c.due <= input.now && (!planned.has(c.itemId) || since(c)))
    .sort((a, b) => a.due.getTime() - b.due.getTime() || a.itemId.localeCompare(b.itemId))
    .flatMap((c) => entry(c.itemId, "review"));
  const reviews = input.today.reviews
    .filter((id) => {
      const c = byItem.get(id);
      return !!c && c.state !== State.New && !since(c);
    })
    .flatMap((id) => entry(id, "review"));
  const news = input.today.introduce.filter((id) => (byItem.get(id)?.state ?? State.New) === State.New).flatMap((id) => entry(id, "new"));
  return limitTopicRuns(interleave([...steps, ...reviews], news), MAX_RUN);
}
