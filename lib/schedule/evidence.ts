/**
 * What the memory model says about one learner's own cards, and how it fared (pure: no Prisma,
 * Next.js or React; `now`, the weights and the interview date are parameters):
 *
 * - `cardInfo`: one card as Anki's "card info" shows it — difficulty, stability, recall now and
 *   on the interview date, the forgetting curve since the last review, every review with the
 *   interval it produced;
 * - `reviewPredictions` / `mockPredictions`: the recall the model predicted just before each later
 *   review (or mock-interview answer) against what happened, for the calibration panel;
 * - `readinessByTopic`: the mean predicted recall of a topic's items on the interview date.
 *
 * Recall is always ts-fsrs's (`FSRS.get_retrievability`, `forgetting_curve`; FSRS-6 as ts-fsrs
 * 5.4.2 implements it): R = (1 + factor·t/S)^(−w20), with t in whole days since the last review
 * (ts-fsrs floors 24-hour periods in `get_retrievability`). Nothing of the formula is written here.
 */
import { createEmptyCard, fsrs, forgetting_curve, generatorParameters, State, type Card, type FSRS, type Grade } from "ts-fsrs";
import { deserializeCard, toFsrs, type StoredCard } from "@/lib/srs/mapper";
import { DAY_MS, DEFAULT_WEIGHTS, type Weights } from "./model";
import type { Outcome } from "./calibration";

const instances = new Map<string, FSRS>();

/** A ts-fsrs scheduler with these weights (fuzz off, short-term steps on, as lib/srs/scheduler). */
export function fsrsWith(weights: Weights = DEFAULT_WEIGHTS, desiredRetention = 0.9): FSRS {
  const key = `${Math.round(desiredRetention * 1000)}:${weights.join(",")}`;
  let f = instances.get(key);
  if (!f) {
    if (instances.size > 64) instances.clear();
    f = fsrs(generatorParameters({ w: [...weights], request_retention: Math.round(desiredRetention * 1000) / 1000, enable_fuzz: false, enable_short_term: true }));
    instances.set(key, f);
  }
  return f;
}

/** A card the model has a memory state for: reviewed at least once, with a usable stability. */
function hasMemory(c: Pick<StoredCard, "state" | "lastReview" | "stability">): c is StoredCard & { lastReview: Date } {
  return c.state !== State.New && c.lastReview !== null && c.stability > 0;
}

/** Recall probability of a stored card at `at` with these weights; null for a card never reviewed. */
export function recallAt(card: StoredCard, at: Date, weights: Weights = DEFAULT_WEIGHTS): number | null {
  if (!hasMemory(card)) return null;
  return fsrsWith(weights).get_retrievability(toFsrs(card), at, false);
}

/** Whole days ts-fsrs's `get_retrievability` counts between the last review and `at`. */
export function elapsedWholeDays(lastReview: Date, at: Date): number {
  return Math.max(0, Math.floor((at.getTime() - lastReview.getTime()) / DAY_MS));
}

/** One stored rating, as the data layer reads it. */
export interface ReviewRow {
  id: string;
  itemId: string;
  rating: number;
  review: Date;
  durationMs: number;
  /** JSON of the card before this rating (lib/srs/mapper serializeCard) */
  previousCard: string;
  undoneAt: Date | null;
}

function parsePrevious(json: string): StoredCard | null {
  try {
    const c = deserializeCard(json);
    return Number.isFinite(c.stability) && Number.isFinite(c.due.getTime()) ? c : null;
  } catch {
    return null;
  }
}

const byTime = (a: ReviewRow, b: ReviewRow) => a.review.getTime() - b.review.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Replays one card's ratings (undone ones left out, oldest first) through ts-fsrs from a new
 * card: the card after each rating. With fuzz off and the same weights this is exactly the card
 * the app stored (the hardening tests rely on it); it gives the state before a rating when the
 * stored one is unreadable.
 */
export function replayCard(logs: readonly ReviewRow[], weights: Weights = DEFAULT_WEIGHTS): { log: ReviewRow; before: Card; after: Card }[] {
  const f = fsrsWith(weights);
  const kept = logs.filter((l) => l.undoneAt === null).sort(byTime);
  const out: { log: ReviewRow; before: Card; after: Card }[] = [];
  let card: Card | null = null;
  for (const log of kept) {
    const before: Card = card ?? createEmptyCard(log.review);
    const after = f.next(before, log.review, log.rating as Grade).card;
    out.push({ log, before, after });
    card = after;
  }
  return out;
}

export interface Prediction extends Outcome {
  itemId: string;
  at: Date;
  /** whole days since the last review */
  days: number;
  kind: "review" | "mock";
}

/**
 * For every later review of the learner's cards (not undone; at least one whole day after the
 * card's last review), the recall ts-fsrs predicted just before it — from the card state stored
 * with the rating (replayed when unreadable) — against the outcome (rating > Again). Reviews
 * under a day apart are learning steps: their predicted recall is 1 by construction (ts-fsrs
 * counts whole days), so they would only flatter the score.
 */
export function reviewPredictions(logs: readonly ReviewRow[], weights: Weights = DEFAULT_WEIGHTS): Prediction[] {
  const f = fsrsWith(weights);
  const byCard = new Map<string, ReviewRow[]>();
  for (const l of logs) byCard.set(l.itemId, [...(byCard.get(l.itemId) ?? []), l]);
  const out: Prediction[] = [];
  for (const cardLogs of byCard.values()) {
    for (const { log, before } of replayCard(cardLogs, weights)) {
      const stored = parsePrevious(log.previousCard);
      const prev: Card = stored ? toFsrs(stored) : before;
      if (prev.state === State.New || !prev.last_review || !(prev.stability > 0)) continue;
      const days = elapsedWholeDays(prev.last_review, log.review);
      if (days < 1) continue;
      out.push({ itemId: log.itemId, at: log.review, days, kind: "review", p: f.get_retrievability(prev, log.review, false), recalled: log.rating > 1 });
    }
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

export interface MockAnswer {
  itemId: string;
  answeredAt: Date;
  passed: boolean;
}

/**
 * Mock-interview answers against the recall predicted for the item at that moment: the card as
 * it was then is the state stored with the first rating after the answer, or the card as it is
 * now when there was none. Answers on items never practised by then (no memory state) are not
 * predictions; they are counted apart (`unseen`), since the readiness counts such items as 0.
 */
export function mockPredictions(
  answers: readonly MockAnswer[],
  cards: ReadonlyMap<string, StoredCard>,
  logs: readonly ReviewRow[],
  weights: Weights = DEFAULT_WEIGHTS,
): { predictions: Prediction[]; unseen: { answered: number; passed: number } } {
  const byItem = new Map<string, ReviewRow[]>();
  for (const l of logs) if (l.undoneAt === null) byItem.set(l.itemId, [...(byItem.get(l.itemId) ?? []), l]);
  for (const ls of byItem.values()) ls.sort(byTime);
  const predictions: Prediction[] = [];
  const unseen = { answered: 0, passed: 0 };
  for (const a of answers) {
    const next = byItem.get(a.itemId)?.find((l) => l.review.getTime() >= a.answeredAt.getTime());
    const then = next ? parsePrevious(next.previousCard) : (cards.get(a.itemId) ?? null);
    if (!then || !hasMemory(then) || then.lastReview.getTime() > a.answeredAt.getTime()) {
      unseen.answered++;
      if (a.passed) unseen.passed++;
      continue;
    }
    const days = elapsedWholeDays(then.lastReview, a.answeredAt);
    if (days < 1) continue;
    predictions.push({ itemId: a.itemId, at: a.answeredAt, days, kind: "mock", p: recallAt(then, a.answeredAt, weights)!, recalled: a.passed });
  }
  return { predictions, unseen };
}

export interface TopicReadiness {
  topic: string;
  /** live items of the topic */
  total: number;
  /** of those, items with a memory state (reviewed at least once) */
  seen: number;
  /** mean predicted recall at the instant over ALL the topic's items, never-studied items counting 0 */
  predicted: number;
  /** mean predicted recall over the studied items only; null when none */
  predictedSeen: number | null;
}

/**
 * The predicted probability of answering a topic's questions at `at` (the interview date, or now):
 * the mean over the topic's items of ts-fsrs's predicted recall then, assuming no review in
 * between. An item never studied counts 0: the model has no memory state for it and the app no
 * evidence the learner can answer it, so the figure is a lower bound for a learner who knew some
 * of it beforehand (the calibration panel counts mock answers on such items apart).
 */
export function readinessByTopic(
  topics: readonly { id: string }[],
  items: readonly { id: string; topic: string }[],
  cards: ReadonlyMap<string, StoredCard>,
  at: Date,
  weights: Weights = DEFAULT_WEIGHTS,
): TopicReadiness[] {
  return topics.map(({ id }) => {
    const mine = items.filter((i) => i.topic === id);
    let sum = 0;
    let seen = 0;
    for (const item of mine) {
      const c = cards.get(item.id);
      const r = c ? recallAt(c, at, weights) : null;
      if (r === null) continue;
      seen++;
      sum += r;
    }
    return { topic: id, total: mine.length, seen, predicted: mine.length ? sum / mine.length : 0, predictedSeen: seen ? sum / seen : null };
  });
}

export interface CurvePoint {
  /** days since the last review (fractional) */
  days: number;
  recall: number;
}

export interface CardReview {
  id: string;
  review: Date;
  rating: number;
  durationMs: number;
  /** the time until the due date this rating set, ms; for an undone rating, what it had set */
  intervalMs: number;
  undone: boolean;
}

export interface CardInfo {
  state: number;
  difficulty: number | null;
  stability: number | null;
  lastReview: Date | null;
  due: Date | null;
  reps: number;
  lapses: number;
  recallNow: number | null;
  /** null without an interview date, or for a card never reviewed */
  recallAtInterview: number | null;
  /** days from the last review to now, and to the interview (when set and later) */
  nowDays: number | null;
  interviewDays: number | null;
  /** the forgetting curve from the last review, to past now, the due date and the interview */
  curve: CurvePoint[];
  /** every rating, newest first */
  reviews: CardReview[];
}

/** Points of the forgetting curve: ts-fsrs `forgetting_curve` at `n + 1` evenly spaced instants. */
export function forgettingCurve(stability: number, spanDays: number, weights: Weights = DEFAULT_WEIGHTS, n = 48): CurvePoint[] {
  const span = Math.max(1, spanDays);
  return Array.from({ length: n + 1 }, (_, i) => {
    const days = (span * i) / n;
    return { days, recall: forgetting_curve([...weights], days, stability) };
  });
}

/**
 * Card info for one item of the learner. `card` is null for an item never rated. An undone
 * rating's interval is what ts-fsrs gave it from the card before it (at `desiredRetention`); a
 * kept rating's is read from the chain: the due date stored before the next kept rating, or the
 * card's due date for the last.
 */
export function cardInfo(o: {
  card: StoredCard | null;
  logs: readonly ReviewRow[];
  now: Date;
  interview: Date | null;
  weights?: Weights;
  desiredRetention?: number;
}): CardInfo {
  const weights = o.weights ?? DEFAULT_WEIGHTS;
  const card = o.card;
  const sorted = [...o.logs].sort(byTime);
  const kept = sorted.filter((l) => l.undoneAt === null);
  const reviews: CardReview[] = sorted.map((l) => {
    let due: Date | null = null;
    if (l.undoneAt === null) {
      const i = kept.indexOf(l);
      const next = kept[i + 1];
      due = next ? (parsePrevious(next.previousCard)?.due ?? null) : (card?.due ?? null);
    } else {
      const prev = parsePrevious(l.previousCard);
      if (prev) due = fsrsWith(weights, o.desiredRetention).next(toFsrs(prev), l.review, l.rating as Grade).card.due;
    }
    return { id: l.id, review: l.review, rating: l.rating, durationMs: l.durationMs, intervalMs: due ? due.getTime() - l.review.getTime() : NaN, undone: l.undoneAt !== null };
  });
  reviews.reverse();
  const memory = card && hasMemory(card) ? card : null;
  const since = (at: Date) => (memory ? (at.getTime() - memory.lastReview.getTime()) / DAY_MS : null);
  const interview = o.interview && memory && o.interview.getTime() > o.now.getTime() ? o.interview : null;
  const nowDays = since(o.now);
  const interviewDays = interview ? since(interview) : null;
  const dueDays = memory ? since(memory.due) : null;
  const span = Math.max(nowDays ?? 0, interviewDays ?? 0, dueDays ?? 0) * 1.25;
  return {
    state: card?.state ?? State.New,
    difficulty: memory ? memory.difficulty : null,
    stability: memory ? memory.stability : null,
    lastReview: card?.lastReview ?? null,
    due: card && card.state !== State.New ? card.due : null,
    reps: card?.reps ?? 0,
    lapses: card?.lapses ?? 0,
    recallNow: card ? recallAt(card, o.now, weights) : null,
    recallAtInterview: interview && card ? recallAt(card, interview, weights) : null,
    nowDays,
    interviewDays,
    curve: memory ? forgettingCurve(memory.stability, span, weights) : [],
    reviews,
  };
}
