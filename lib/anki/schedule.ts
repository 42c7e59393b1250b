/**
 * The learner's FSRS schedule in Anki's terms (pure): one `cards` row per item and one `revlog`
 * row per kept review. Anki's columns are those of the legacy collection (schema 11, the
 * `collection.anki2` of an .apkg), as Anki's own reader takes them (ankitects/anki
 * rslib/src/storage/card/data.rs, rslib/src/scheduler/timing.rs, rslib/src/revlog/mod.rs).
 *
 * What is carried:
 * - card type/queue (new, learning, review, relearning), the due date, the interval, reps, lapses
 *   and the remaining learning steps;
 * - the FSRS memory state in the card's `data` JSON ({"s": stability, "d": difficulty 1–10,
 *   "dr": desired retention, "decay": FSRS-6 w20, "lrt": last review, Unix seconds}), which Anki
 *   (23.10+, FSRS on) reads as the card's memory state; older Anki ignores unknown keys;
 * - the review log (rating, interval after and before, FSRS difficulty as Anki logs it —
 *   (d − 1) / 9 + 0.1, in permille — time taken, kind), so Anki's FSRS optimiser can fit on it.
 *
 * What is not, and why:
 * - the SM-2 ease: FSRS has none; `factor` is Anki's starting ease 2500 for every reviewed card
 *   (it only matters if the learner turns FSRS off in Anki);
 * - the time of day: Anki counts review due dates in days since the collection's creation, and
 *   the day starts at 4 am in the timezone of the computer that imports the package. This export
 *   counts days in UTC, so a due date may land one day earlier or later than in TCP Drill;
 * - undone ratings (they never happened for the schedule), mock-interview turns, leech counts
 *   beyond lapses, and practice sessions.
 */
import { generatorParameters } from "ts-fsrs";

/** Anki's card.type and card.queue values (rslib/src/card/mod.rs). */
export const ANKI_TYPE = { new: 0, learn: 1, review: 2, relearn: 3 } as const;
export const ANKI_QUEUE = { new: 0, learn: 1, review: 2, dayLearn: 3 } as const;
/** revlog.type: 0 learn, 1 review, 2 relearn. */
export const REVLOG_KIND = { learn: 0, review: 1, relearn: 2 } as const;

/** The collection's creation time (col.crt): 2000-01-01 00:00 UTC, before any date the app stores. */
export const COLLECTION_CREATED_SECS = Date.UTC(2000, 0, 1) / 1000;
/** Anki's default day rollover hour (the v2/v3 scheduler's "next day starts at"). */
export const ROLLOVER_HOUR = 4;
/** Anki's starting ease (permille), written for reviewed cards since FSRS has no ease. */
export const STARTING_EASE = 2500;

const DAY = 86_400;

/** The FSRS parameters the app schedules with (ts-fsrs defaults: lib/srs/scheduler.ts changes only retention, fuzz and short-term). */
const PARAMS = generatorParameters();

function stepMinutes(step: string): number {
  const m = /^(\d+(?:\.\d+)?)(m|h|d)$/.exec(step);
  if (!m) throw new Error(`unexpected FSRS step "${step}"`);
  return Number(m[1]) * (m[2] === "m" ? 1 : m[2] === "h" ? 60 : 1440);
}

/** The app's learning and relearning steps in minutes, for Anki's deck options (same steps, same meaning). */
export const LEARNING_STEPS_MINUTES = PARAMS.learning_steps.map((s) => stepMinutes(String(s)));
export const RELEARNING_STEPS_MINUTES = PARAMS.relearning_steps.map((s) => stepMinutes(String(s)));
/** FSRS-6's 21st weight (the forgetting curve's decay), present when ts-fsrs uses FSRS-6. */
export const FSRS_DECAY: number | null = PARAMS.w.length >= 21 ? PARAMS.w[20] : null;

/**
 * Anki's day number of an instant: days since the collection's creation, the day starting at
 * 4 am (sched_timing_today_v2_legacy, counted here in UTC).
 */
export function ankiDay(at: Date): number {
  const rolloverOfCreation = COLLECTION_CREATED_SECS + ROLLOVER_HOUR * 3600;
  return Math.floor((Math.floor(at.getTime() / 1000) - rolloverOfCreation) / DAY);
}

/** A card as TCP Drill stores it (lib/srs/mapper.ts StoredCard). */
export interface ScheduleCard {
  due: Date;
  stability: number;
  difficulty: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  /** ts-fsrs State: 0 new, 1 learning, 2 review, 3 relearning */
  state: number;
  lastReview: Date | null;
}

export interface AnkiCardSchedule {
  type: number;
  queue: number;
  due: number;
  ivl: number;
  factor: number;
  reps: number;
  lapses: number;
  left: number;
  /** the card's `data` column (JSON) */
  data: string;
}

const round = (v: number, places: number) => Math.round(v * 10 ** places) / 10 ** places;

/** A card that no rating has touched (new, or made due by a mock interview without a memory state). */
function unrated(c: ScheduleCard): boolean {
  return c.state === 0 || c.lastReview === null || !(c.stability > 0) || !(c.difficulty > 0);
}

/**
 * The Anki card for a TCP Drill card; `position` orders new cards (1, 2, …), `now` is the
 * export time (it decides whether a learning step falls today: Anki keeps those in seconds).
 */
export function ankiCardSchedule(card: ScheduleCard | null, position: number, now: Date, desiredRetention: number): AnkiCardSchedule {
  if (card === null || unrated(card)) {
    return { type: ANKI_TYPE.new, queue: ANKI_QUEUE.new, due: position, ivl: 0, factor: 0, reps: 0, lapses: 0, left: 0, data: "{}" };
  }
  const data = JSON.stringify({
    s: round(card.stability, 4),
    d: round(card.difficulty, 3),
    dr: round(desiredRetention, 2),
    ...(FSRS_DECAY === null ? {} : { decay: round(FSRS_DECAY, 3) }),
    lrt: Math.floor(card.lastReview!.getTime() / 1000),
  });
  const base = { factor: STARTING_EASE, reps: card.reps, lapses: card.lapses, data };
  if (card.state === 2) {
    return { ...base, type: ANKI_TYPE.review, queue: ANKI_QUEUE.review, due: ankiDay(card.due), ivl: Math.max(1, card.scheduledDays), left: 0 };
  }
  const relearning = card.state === 3;
  const steps = relearning ? RELEARNING_STEPS_MINUTES : LEARNING_STEPS_MINUTES;
  const left = Math.max(1, steps.length - card.learningSteps);
  // A step due today stays in the intraday queue (due in Unix seconds); a later one counts in days.
  const intraday = ankiDay(card.due) <= ankiDay(now);
  return {
    ...base,
    type: relearning ? ANKI_TYPE.relearn : ANKI_TYPE.learn,
    queue: intraday ? ANKI_QUEUE.learn : ANKI_QUEUE.dayLearn,
    due: intraday ? Math.floor(card.due.getTime() / 1000) : ankiDay(card.due),
    // Relearning cards keep an interval of at least a day (FSRS recomputes it from the memory state at graduation).
    ivl: relearning ? Math.max(1, card.scheduledDays) : 0,
    left,
  };
}

/** A kept (not undone) review as TCP Drill stores it: the rating, when, how long, and the card before it. */
export interface ScheduleReview {
  rating: number;
  review: Date;
  durationMs: number;
  /** the card before the rating */
  before: ScheduleCard;
}

export interface AnkiRevlog {
  /** Unix milliseconds of the review, made unique */
  id: number;
  ease: number;
  ivl: number;
  lastIvl: number;
  factor: number;
  time: number;
  type: number;
}

/** Anki's interval of a card: days for a review card, negative seconds until due otherwise, 0 for a new card. */
function interval(c: ScheduleCard, at: Date): number {
  if (c.state === 0) return 0;
  if (c.state === 2) return Math.max(1, c.scheduledDays);
  return -Math.max(1, Math.round((c.due.getTime() - at.getTime()) / 1000));
}

/**
 * The revlog rows of one card: `reviews` are its kept reviews, oldest first, and `current` the card
 * now. The card after each review is the card before the next one (or the current card). `taken`
 * maps ids already used in the package to the last id handed out from them, so two reviews in the same millisecond stay distinct.
 */
export function ankiRevlog(reviews: readonly ScheduleReview[], current: ScheduleCard, taken: Map<number, number>): AnkiRevlog[] {
  return reviews.map((r, i) => {
    const after = i + 1 < reviews.length ? reviews[i + 1].before : current;
    // taken: id → the last id handed out for reviews at that millisecond (skips the run already used)
    const start = r.review.getTime();
    let id = start;
    while (taken.has(id)) id = taken.get(id)! + 1;
    taken.set(start, id);
    taken.set(id, id);
    const kind = r.before.state === 2 ? REVLOG_KIND.review : r.before.state === 3 ? REVLOG_KIND.relearn : REVLOG_KIND.learn;
    return {
      id,
      ease: r.rating,
      ivl: interval(after, r.review),
      lastIvl: interval(r.before, r.before.lastReview ?? r.review),
      factor: after.difficulty > 0 ? Math.round(((after.difficulty - 1) / 9 + 0.1) * 1000) : 0,
      time: Math.min(Math.max(0, Math.round(r.durationMs)), 2 ** 31 - 1),
      type: kind,
    };
  });
}
