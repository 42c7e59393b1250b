/**
 * The rating and undo transactions, written once as steps (lib/db/steps.ts) for both databases:
 * on SQLite the app runs them synchronously through lib/server/sqlite.ts writeTransaction (group
 * commit), and the practice benchmark's bare node:http server runs the very same code, one commit
 * per rating, as the floor for an HTTP write; on PostgreSQL lib/db/postgres.ts runs them in a
 * transaction that first locks the learner's row. Call them inside a transaction. Not
 * server-only: no Next.js, no Prisma.
 */
import crypto from "node:crypto";
import type Database from "better-sqlite3";
import { sqliteDate as sqlDate } from "./dates";
import { get, orderedId, run, runSync, type Dialect, type Steps } from "./steps";
import { PracticeError } from "@/lib/srs/errors";
import { checkedAt, parseChecked, withChecked } from "@/lib/srs/checked";
import { deserializeCard, fromFsrs, logFromFsrs, serializeCard, toFsrs, type StoredCard } from "@/lib/srs/mapper";
import { newCard, rate, State, type RatingValue } from "@/lib/srs/scheduler";
import { LEECH_THRESHOLD } from "@/lib/srs/stats";
import { appliedWeightsSteps } from "./learner-weights";

export type CardRow = StoredCard & { id: string; itemId: string; version: number; failures: number; leech: boolean };

/** The card a rating starts from: the stored one, or a new card (version 0) never rated. */
export function cardForRating(card: CardRow | null, now: Date): { stored: StoredCard; version: number } {
  return card ? { stored: storedOf(card), version: card.version } : { stored: fromFsrs(newCard(now)), version: 0 };
}

export function storedOf(c: CardRow): StoredCard {
  return {
    due: c.due,
    stability: c.stability,
    difficulty: c.difficulty,
    elapsedDays: c.elapsedDays,
    scheduledDays: c.scheduledDays,
    learningSteps: c.learningSteps,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state,
    lastReview: c.lastReview,
  };
}

export interface RateInput {
  userId: string;
  itemId: string;
  rating: RatingValue;
  /** the card version the learner saw (0 for a card never rated) */
  cardVersion: number;
  idempotencyKey: string;
  durationMs: number;
  correct?: boolean | null;
  suggestedRating?: number | null;
  sessionId?: string | null;
  source?: "practice" | "mock";
  now: Date;
}

export interface RateResult {
  duplicate: boolean;
  cardVersion: number;
  due: Date;
  state: number;
  leech: boolean;
  position: number | null;
}

/** The Card columns, in one place for the raw statements. */
const CARD_COLUMNS = `"id", "itemId", "due", "stability", "difficulty", "elapsedDays", "scheduledDays", "learningSteps", "reps", "lapses", "state", "lastReview", "version", "failures", "leech"`;

type RawCard = Omit<CardRow, "due" | "lastReview" | "leech"> & { due: string | Date; lastReview: string | Date | null; leech: number | boolean };

/** Sets every scheduling column of a card (the caller adds the WHERE clause). */
const UPDATE_CARD = `UPDATE "Card" SET "due" = ?, "stability" = ?, "difficulty" = ?, "elapsedDays" = ?, "scheduledDays" = ?, "learningSteps" = ?, "reps" = ?, "lapses" = ?, "state" = ?, "lastReview" = ?, "version" = ?, "failures" = ?, "leech" = ?, "updatedAt" = ?`;

function fromRaw(r: RawCard): CardRow {
  return { ...r, due: new Date(r.due), lastReview: r.lastReview ? new Date(r.lastReview) : null, leech: !!r.leech };
}

/**
 * A rating: the review log and the card's new state. A repeated idempotency key returns the first
 * result and writes nothing; a rating made against a card version that is no longer current is
 * refused ("reviewed elsewhere"); so is one for a session whose current card is another. The
 * caller checks that the item exists in the bank.
 */
export function rateInTransaction(db: Database.Database, input: RateInput, desiredRetention: number): RateResult {
  return runSync(db, rateSteps(input, desiredRetention, "sqlite"));
}

/** The ReviewLog tie-break after review and createdAt: insertion order (SQLite's rowid; on PostgreSQL the time-ordered id). */
const INSERTION_ORDER: Record<Dialect, string> = { sqlite: "rowid", postgresql: `"id"` };
/** A new ReviewLog id: random on SQLite (rowid keeps insertion order), time-ordered on PostgreSQL. */
const logId = (dialect: Dialect) => (dialect === "sqlite" ? crypto.randomUUID() : orderedId());

export function* rateSteps(input: RateInput, desiredRetention: number, dialect: Dialect): Steps<RateResult> {
  const existing = (yield get(
    `SELECT l."cardVersion", l."itemId", l."rating", l."sessionId", c."due", c."state", c."leech" FROM "ReviewLog" l JOIN "Card" c ON c."id" = l."cardId" WHERE l."userId" = ? AND l."idempotencyKey" = ?`,
    input.userId,
    input.idempotencyKey,
  )) as
    | { cardVersion: number; itemId: string; rating: number; sessionId: string | null; due: string | Date; state: number; leech: number | boolean }
    | undefined;
  // A repeat must be the same request: the same card, rating and session, made against the
  // version just before the stored one. A key reused for anything else is refused, not
  // answered "duplicate" while the new rating is silently dropped.
  if (
    existing &&
    (existing.itemId !== input.itemId ||
      existing.rating !== input.rating ||
      existing.cardVersion !== input.cardVersion + 1 ||
      (input.sessionId ?? null) !== (existing.sessionId ?? null))
  ) {
    throw new PracticeError("idempotency_conflict");
  }
  if (existing) return duplicateResult({ cardVersion: existing.cardVersion, card: { due: new Date(existing.due), state: existing.state, leech: !!existing.leech } });

  let session: { id: string; queue: string; position: number; checked: string | null; mode: string } | undefined;
  let correct = input.correct;
  if (input.sessionId) {
    session = (yield get(`SELECT "id", "queue", "position", "checked", "mode" FROM "PracticeSession" WHERE "id" = ? AND "userId" = ?`, input.sessionId, input.userId)) as
      | { id: string; queue: string; position: number; checked: string | null; mode: string }
      | undefined;
    if (!session) throw new PracticeError("unknown_session");
    const queue = JSON.parse(session.queue) as string[];
    if (queue[session.position] !== input.itemId) throw new PracticeError("session_mismatch");
    // The server's record of the check is what counts (the first attempt), not the client's word.
    const checked = checkedAt(parseChecked(session.checked), session.position, input.itemId);
    if (checked) correct = checked.correct;
  }

  const raw = (yield get(`SELECT ${CARD_COLUMNS} FROM "Card" WHERE "userId" = ? AND "itemId" = ?`, input.userId, input.itemId)) as RawCard | undefined;
  const row = raw ? fromRaw(raw) : null;
  const before = cardForRating(row, input.now);
  if (before.version !== input.cardVersion) throw new PracticeError("stale_card");
  if (session && session.mode === "cram") return yield* cramRating(session, input, before, correct ?? null);

  // The learner's applied fitted weights (read in this transaction), else ts-fsrs's defaults.
  const fitted = yield* appliedWeightsSteps(input.userId);
  const { card: next, log } = rate(toFsrs(before.stored), input.rating, input.now, desiredRetention, fitted?.weights);
  const after = fromFsrs(next);
  const version = before.version + 1;
  const failures = (row?.failures ?? 0) + (input.rating === 1 ? 1 : 0);
  const leech = failures >= LEECH_THRESHOLD;
  const stamp = sqlDate(input.now);
  const cardValues = [
    sqlDate(after.due),
    after.stability,
    after.difficulty,
    after.elapsedDays,
    after.scheduledDays,
    after.learningSteps,
    after.reps,
    after.lapses,
    after.state,
    after.lastReview ? sqlDate(after.lastReview) : null,
    version,
    failures,
    leech ? 1 : 0,
    stamp,
  ];
  let cardId: string;
  if (row) {
    const changed = (yield run(`${UPDATE_CARD} WHERE "id" = ? AND "version" = ?`, ...cardValues, row.id, before.version)) as number;
    if (changed !== 1) throw new PracticeError("stale_card");
    cardId = row.id;
  } else {
    cardId = crypto.randomUUID();
    yield run(
      `INSERT INTO "Card" ("due", "stability", "difficulty", "elapsedDays", "scheduledDays", "learningSteps", "reps", "lapses", "state", "lastReview", "version", "failures", "leech", "updatedAt", "id", "userId", "itemId", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ...cardValues,
      cardId,
      input.userId,
      input.itemId,
      stamp,
    );
  }
  const l = logFromFsrs(log);
  yield run(
    `INSERT INTO "ReviewLog" ("id", "userId", "cardId", "itemId", "idempotencyKey", "rating", "state", "due", "stability", "difficulty", "elapsedDays", "lastElapsedDays", "scheduledDays", "learningSteps", "review", "previousCard", "cardVersion", "durationMs", "correct", "suggestedRating", "source", "sessionId", "undoneAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
    logId(dialect),
    input.userId,
    cardId,
    input.itemId,
    input.idempotencyKey,
    l.rating,
    l.state,
    sqlDate(l.due),
    l.stability,
    l.difficulty,
    l.elapsedDays,
    l.lastElapsedDays,
    l.scheduledDays,
    l.learningSteps,
    sqlDate(l.review),
    serializeCard(before.stored),
    version,
    Math.max(0, Math.round(input.durationMs)),
    correct === undefined || correct === null ? null : correct ? 1 : 0,
    input.suggestedRating ?? null,
    input.source ?? "practice",
    session?.id ?? null,
    stamp,
  );
  let position: number | null = null;
  if (session) {
    position = session.position + 1;
    const queue = requeueLearning(JSON.parse(session.queue) as string[], position, input.itemId, after, input.now);
    yield run(
      `UPDATE "PracticeSession" SET "position" = ?, "seed" = ?, "queue" = ?, "finishedAt" = ? WHERE "id" = ?`,
      position,
      nextSeed(session.position, input.idempotencyKey),
      JSON.stringify(queue),
      position >= queue.length ? stamp : null,
      session.id,
    );
  }
  return { duplicate: false, cardVersion: version, due: after.due, state: after.state, leech, position };
}

/**
 * Anki's learning steps within a session: a card that is (re)learning and due again within
 * LEARN_AHEAD_MS (an Again after a minute, a new card's Good after ten) comes back at the end of
 * the session's queue, unless it is still ahead in it. Anki's "learn ahead limit" is the same
 * 20 minutes: when nothing else is left, the card is shown a little early rather than never.
 */
export const LEARN_AHEAD_MS = 20 * 60_000;

export function requeueLearning(queue: string[], nextPosition: number, itemId: string, after: StoredCard, now: Date): string[] {
  const learning = after.state === State.Learning || after.state === State.Relearning;
  if (!learning || after.due.getTime() - now.getTime() > LEARN_AHEAD_MS) return queue;
  if (queue.slice(nextPosition).includes(itemId)) return queue;
  return [...queue, itemId];
}

/**
 * A rating in a cram session: no card changes and no review log (the schedule is left as it is);
 * the session keeps the rating beside the checked answer, moves on, and a card rated Again comes
 * back at the end of the cram as it would in a learning step.
 */
function* cramRating(
  session: { id: string; queue: string; position: number; checked: string | null },
  input: RateInput,
  before: { stored: StoredCard; version: number },
  correct: boolean | null,
): Steps<RateResult> {
  const map = parseChecked(session.checked);
  const entry = checkedAt(map, session.position, input.itemId) ?? { itemId: input.itemId, answer: null, responseMs: input.durationMs, correct };
  const kept = withChecked({ ...map, [String(session.position)]: { ...entry, rating: input.rating } }, session.position, entry, Number.MAX_SAFE_INTEGER);
  const position = session.position + 1;
  const queue = JSON.parse(session.queue) as string[];
  const next = input.rating === 1 && !queue.slice(position).includes(input.itemId) ? [...queue, input.itemId] : queue;
  yield run(
    `UPDATE "PracticeSession" SET "position" = ?, "seed" = ?, "queue" = ?, "checked" = ?, "finishedAt" = ? WHERE "id" = ?`,
    position,
    nextSeed(session.position, input.idempotencyKey),
    JSON.stringify(next),
    JSON.stringify(kept),
    position >= next.length ? sqlDate(input.now) : null,
    session.id,
  );
  return { duplicate: false, cardVersion: before.version, due: before.stored.due, state: before.stored.state, leech: false, position };
}

/** Undo in a cram session: back one card, its rating forgotten (and the extra showing an Again added). */
function* cramUndo(session: { id: string; queue: string; position: number; checked: string | null }): Steps<UndoResult> {
  const map = parseChecked(session.checked);
  const back = session.position - 1;
  const entry = back >= 0 ? map[String(back)] : undefined;
  if (!entry || entry.rating === undefined) throw new PracticeError("nothing_to_undo");
  const queue = JSON.parse(session.queue) as string[];
  const later = queue.lastIndexOf(entry.itemId);
  const kept = entry.rating === 1 && later > back ? [...queue.slice(0, later), ...queue.slice(later + 1)] : queue;
  const { rating, ...unrated } = entry;
  yield run(
    `UPDATE "PracticeSession" SET "position" = ?, "queue" = ?, "checked" = ?, "finishedAt" = NULL WHERE "id" = ?`,
    back,
    JSON.stringify(kept),
    JSON.stringify({ ...map, [String(back)]: unrated }),
    session.id,
  );
  const card = (yield get(`SELECT "version" FROM "Card" WHERE "itemId" = ? AND "userId" = (SELECT "userId" FROM "PracticeSession" WHERE "id" = ?)`, entry.itemId, session.id)) as
    | { version: number }
    | undefined;
  return { itemId: entry.itemId, cardVersion: card?.version ?? 0, rating };
}

function duplicateResult(existing: { cardVersion: number; card: { due: Date; state: number; leech: boolean } }): RateResult {
  return { duplicate: true, cardVersion: existing.cardVersion, due: existing.card.due, state: existing.card.state, leech: existing.card.leech, position: null };
}

/**
 * The next card's seed, as a signed 32-bit integer so that it fits PostgreSQL's `integer` as well
 * as SQLite's. Its readers (lib/server/practice-view.ts cardRandom) XOR it first, which takes the
 * same 32 bits signed or unsigned: the drawn parameters are those of the unsigned value.
 */
export function nextSeed(position: number, key: string): number {
  let h = 2166136261 ^ position;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return h | 0;
}

/**
 * Undoes the learner's last rating (in the session when one is given): the card's scheduling
 * fields come back exactly as they were, its version moves on (so other tabs see a change), the
 * log is marked undone and the session steps back to that card.
 */
export type UndoResult = { itemId: string; cardVersion: number; rating: number };

export function undoInTransaction(db: Database.Database, userId: string, sessionId: string | null, now: Date): UndoResult {
  return runSync(db, undoSteps(userId, sessionId, now, "sqlite"));
}

export function* undoSteps(userId: string, sessionId: string | null, now: Date, dialect: Dialect): Steps<UndoResult> {
  if (sessionId) {
    const s = (yield get(`SELECT "id", "queue", "position", "checked", "mode" FROM "PracticeSession" WHERE "id" = ? AND "userId" = ?`, sessionId, userId)) as
      | { id: string; queue: string; position: number; checked: string | null; mode: string }
      | undefined;
    if (s && s.mode === "cram") return yield* cramUndo(s);
  }
  const log = (yield get(
    `SELECT "id", "cardId", "itemId", "previousCard", "cardVersion", "rating", "sessionId" FROM "ReviewLog"
     WHERE "userId" = ? AND "undoneAt" IS NULL AND "source" = 'practice' AND (CAST(? AS TEXT) IS NULL OR "sessionId" = ?)
     ORDER BY "review" DESC, "createdAt" DESC, ${INSERTION_ORDER[dialect]} DESC LIMIT 1`,
    userId,
    sessionId,
    sessionId,
  )) as
    | { id: string; cardId: string; itemId: string; previousCard: string; cardVersion: number; rating: number; sessionId: string | null }
    | undefined;
  if (!log) throw new PracticeError("nothing_to_undo");
  const card = (yield get(`SELECT "version", "failures" FROM "Card" WHERE "id" = ?`, log.cardId)) as { version: number; failures: number } | undefined;
  if (!card || card.version !== log.cardVersion) throw new PracticeError("undo_superseded");
  const p = deserializeCard(log.previousCard);
  const failures = Math.max(0, card.failures - (log.rating === 1 ? 1 : 0));
  const stamp = sqlDate(now);
  yield run(
    `${UPDATE_CARD} WHERE "id" = ?`,
    sqlDate(p.due),
    p.stability,
    p.difficulty,
    p.elapsedDays,
    p.scheduledDays,
    p.learningSteps,
    p.reps,
    p.lapses,
    p.state,
    p.lastReview ? sqlDate(p.lastReview) : null,
    card.version + 1,
    failures,
    failures >= LEECH_THRESHOLD ? 1 : 0,
    stamp,
    log.cardId,
  );
  yield run(`UPDATE "ReviewLog" SET "undoneAt" = ? WHERE "id" = ?`, stamp, log.id);
  if (log.sessionId) {
    const s = (yield get(`SELECT "queue", "position" FROM "PracticeSession" WHERE "id" = ?`, log.sessionId)) as { queue: string; position: number } | undefined;
    if (s) {
      const queue = JSON.parse(s.queue) as string[];
      // Step back to the undone card (the last occurrence before the current position).
      let back = s.position - 1;
      while (back >= 0 && queue[back] !== log.itemId) back--;
      if (back >= 0) {
        // A later occurrence of the card was put there by this rating (requeueLearning; later
        // ratings were undone first): it goes too.
        const later = queue.lastIndexOf(log.itemId);
        const kept = later > back ? [...queue.slice(0, later), ...queue.slice(later + 1)] : queue;
        yield run(`UPDATE "PracticeSession" SET "position" = ?, "queue" = ?, "finishedAt" = NULL WHERE "id" = ?`, back, JSON.stringify(kept), log.sessionId);
      }
    }
  }
  return { itemId: log.itemId, cardVersion: card.version + 1, rating: log.rating };
}
