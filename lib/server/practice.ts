import "server-only";
import crypto from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import { LEECH_THRESHOLD, dayNumber, dayStart, estimateMinutes, streaks } from "@/lib/srs/stats";
import { buildQueue, type NewCandidate } from "@/lib/srs/queue";
import { PracticeError } from "@/lib/srs/errors";
import { STORED_CARD_SELECT, deserializeCard, fromFsrs, logFromFsrs, serializeCard, toFsrs, type StoredCard } from "@/lib/srs/mapper";
import { newCard, rate, retrievability, State, type RatingValue } from "@/lib/srs/scheduler";
import { getBank } from "./bank";
import { getPrisma } from "./prisma";
import { read, sqlDate, stmt, writeTransaction } from "./sqlite";

/**
 * The practice data layer: plain functions that take the acting user's id. Every write happens
 * in one transaction; scheduling is computed here, never taken from the client.
 */

export interface PracticeSettings {
  desiredRetention: number;
  newPerDay: number;
  maxReviewsPerDay: number;
  showIntervals: boolean;
}

export const DEFAULT_SETTINGS: PracticeSettings = { desiredRetention: 0.9, newPerDay: 10, maxReviewsPerDay: 200, showIntervals: true };

export async function getSettings(userId: string): Promise<PracticeSettings> {
  const s = await read(
    (db) =>
      stmt(db, `SELECT desiredRetention, newPerDay, maxReviewsPerDay, showIntervals FROM "UserSettings" WHERE userId = ?`).get(userId) as
        | { desiredRetention: number; newPerDay: number; maxReviewsPerDay: number; showIntervals: number }
        | undefined,
  );
  if (!s) return { ...DEFAULT_SETTINGS };
  return { desiredRetention: s.desiredRetention, newPerDay: s.newPerDay, maxReviewsPerDay: s.maxReviewsPerDay, showIntervals: !!s.showIntervals };
}

/**
 * Every write is a transaction: on the one connection, a statement outside a transaction would
 * run inside whichever Prisma interactive transaction is open at that moment, and share its fate.
 */
export async function saveSettings(userId: string, settings: PracticeSettings): Promise<void> {
  await writeTransaction((db) =>
    stmt(
      db,
      `INSERT INTO "UserSettings" (userId, desiredRetention, newPerDay, maxReviewsPerDay, showIntervals, updatedAt) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(userId) DO UPDATE SET desiredRetention = excluded.desiredRetention, newPerDay = excluded.newPerDay,
         maxReviewsPerDay = excluded.maxReviewsPerDay, showIntervals = excluded.showIntervals, updatedAt = excluded.updatedAt`,
    ).run(userId, settings.desiredRetention, settings.newPerDay, settings.maxReviewsPerDay, settings.showIntervals ? 1 : 0, sqlDate(new Date())),
  );
}

const CARD_SELECT = {
  id: true,
  itemId: true,
  ...STORED_CARD_SELECT,
  version: true,
  failures: true,
  leech: true,
} as const;

type CardRow = StoredCard & { id: string; itemId: string; version: number; failures: number; leech: boolean };

function stored(c: CardRow): StoredCard {
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

/** Today's work: reviews due, new items available, streak, estimated minutes, leeches. */
export async function getToday(userId: string, now: Date, tzOffset: number) {
  const db = await getPrisma();
  const settings = await getSettings(userId);
  const today = dayNumber(now, tzOffset);
  const startOfToday = dayStart(today, tzOffset);
  const bank = getBank();
  const live = new Set(bank.items.map((i) => i.id));
  const [cards, reviewedToday, newToday, logDays, recent, active] = await Promise.all([
    db.card.findMany({ where: { userId }, select: CARD_SELECT }),
    db.reviewLog.count({ where: { userId, undoneAt: null, review: { gte: startOfToday } } }),
    db.reviewLog.count({ where: { userId, undoneAt: null, review: { gte: startOfToday }, state: State.New } }),
    db.reviewLog.findMany({ where: { userId, undoneAt: null }, select: { review: true }, orderBy: { review: "desc" }, take: 5000 }),
    db.reviewLog.findMany({ where: { userId, undoneAt: null }, select: { durationMs: true }, orderBy: { review: "desc" }, take: 50 }),
    findActiveSession(userId),
  ]);
  const seen = new Set(cards.filter((c) => c.state !== State.New).map((c) => c.itemId));
  const due = cards.filter((c) => c.state !== State.New && c.due <= now && live.has(c.itemId));
  const dueCount = Math.min(due.length, Math.max(0, settings.maxReviewsPerDay - (reviewedToday - newToday)));
  const unseen = bank.items.filter((i) => !seen.has(i.id)).length;
  const newAvailable = Math.min(unseen, Math.max(0, settings.newPerDay - newToday));
  const s = streaks(logDays.map((l) => dayNumber(l.review, tzOffset)), today);
  const leeches = cards.filter((c) => c.leech && live.has(c.itemId)).map((c) => c.itemId);
  return {
    dueCount,
    newAvailable,
    reviewedToday,
    streak: s.current,
    longestStreak: s.longest,
    minutes: estimateMinutes(dueCount + newAvailable, recent.map((r) => r.durationMs)),
    leeches,
    activeSession: active ? { id: active.id, position: active.position, total: (JSON.parse(active.queue) as string[]).length } : null,
    settings,
  };
}

async function findActiveSession(userId: string) {
  const db = await getPrisma();
  const s = await db.practiceSession.findFirst({ where: { userId, finishedAt: null }, orderBy: { startedAt: "desc" } });
  if (!s) return null;
  const queue = JSON.parse(s.queue) as string[];
  return s.position < queue.length ? s : null;
}

/** Today's queue for the user (what a new session would hold), with each card's current version. */
export async function buildTodayQueue(userId: string, now: Date, tzOffset: number) {
  const db = await getPrisma();
  const settings = await getSettings(userId);
  const bank = getBank();
  const startOfToday = dayStart(dayNumber(now, tzOffset), tzOffset);
  const [cards, reviewedToday, newToday] = await Promise.all([
    db.card.findMany({ where: { userId }, select: CARD_SELECT }),
    db.reviewLog.count({ where: { userId, undoneAt: null, review: { gte: startOfToday } } }),
    db.reviewLog.count({ where: { userId, undoneAt: null, review: { gte: startOfToday }, state: State.New } }),
  ]);
  const byItem = new Map(cards.map((c) => [c.itemId, c]));
  const parents = new Map<string, string[]>();
  for (const item of bank.items) for (const f of item.followUps) parents.set(f, [...(parents.get(f) ?? []), item.id]);
  const learned = new Set(cards.filter((c) => c.state === State.Review || c.state === State.Relearning).map((c) => c.itemId));
  const due = cards
    .filter((c) => c.state !== State.New && c.due <= now && bank.byId.has(c.itemId))
    .map((c) => ({ itemId: c.itemId, topic: bank.byId.get(c.itemId)!.topic, retrievability: retrievability(toFsrs(stored(c)), now, settings.desiredRetention) }));
  const fresh: NewCandidate[] = bank.items
    .filter((i) => (byItem.get(i.id)?.state ?? State.New) === State.New)
    .map((i) => ({ itemId: i.id, topic: i.topic, frequency: i.frequency, difficulty: i.difficulty, parents: parents.get(i.id) ?? [] }));
  return buildQueue({
    due,
    fresh,
    learned,
    newLimit: Math.max(0, settings.newPerDay - newToday),
    reviewLimit: Math.max(0, settings.maxReviewsPerDay - (reviewedToday - newToday)),
  }).map((e) => ({ ...e, cardVersion: byItem.get(e.itemId)?.version ?? 0 }));
}

/** The user's current card version for each given item (0 for a card never rated). */
export async function cardVersions<T extends { itemId: string }>(userId: string, entries: T[]): Promise<(T & { cardVersion: number })[]> {
  const rows = await read((db) => stmt(db, `SELECT itemId, version FROM "Card" WHERE userId = ?`).all(userId) as { itemId: string; version: number }[]);
  const v = new Map(rows.map((r) => [r.itemId, r.version]));
  return entries.map((e) => ({ ...e, cardVersion: v.get(e.itemId) ?? 0 }));
}

/** Resumes the unfinished session, or builds a new queue. `only` limits it to given items (weakest-question drills). */
export async function startSession(userId: string, now: Date, tzOffset: number, opts: { only?: string[]; seed: number }) {
  const db = await getPrisma();
  if (!opts.only) {
    const active = await findActiveSession(userId);
    if (active) return active.id;
  }
  const bank = getBank();
  const queue = opts.only ? opts.only.filter((id) => bank.byId.has(id)) : (await buildTodayQueue(userId, now, tzOffset)).map((e) => e.itemId);
  // A drill of questions that do not exist (or were retired) is refused, not an empty session.
  if (opts.only && queue.length === 0) throw new PracticeError("unknown_item");
  const s = await db.$transaction(async (tx) => {
    // One session at a time: a new one closes any other that is unfinished.
    await tx.practiceSession.updateMany({ where: { userId, finishedAt: null }, data: { finishedAt: now } });
    return tx.practiceSession.create({
      data: { userId, queue: JSON.stringify(queue), position: 0, seed: opts.seed >>> 0, startedAt: now, ...(queue.length === 0 ? { finishedAt: now } : {}) },
    });
  });
  return s.id;
}

/** The session and the card state of its current item, as the practice page needs them. */
export async function getSession(userId: string, sessionId: string) {
  const db = await getPrisma();
  const s = await db.practiceSession.findFirst({ where: { id: sessionId, userId } });
  if (!s) throw new PracticeError("unknown_session");
  const queue = JSON.parse(s.queue) as string[];
  const currentItemId = s.position < queue.length ? queue[s.position] : null;
  const card = currentItemId ? await db.card.findUnique({ where: { userId_itemId: { userId, itemId: currentItemId } }, select: CARD_SELECT }) : null;
  return { session: s, queue, currentItemId, card };
}

export function cardForRating(card: CardRow | null, now: Date): { stored: StoredCard; version: number } {
  return card ? { stored: stored(card), version: card.version } : { stored: fromFsrs(newCard(now)), version: 0 };
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
const CARD_COLUMNS = `id, itemId, due, stability, difficulty, elapsedDays, scheduledDays, learningSteps, reps, lapses, state, lastReview, version, failures, leech`;

type RawCard = Omit<CardRow, "due" | "lastReview" | "leech"> & { due: string; lastReview: string | null; leech: number };

function fromRaw(r: RawCard): CardRow {
  return { ...r, due: new Date(r.due), lastReview: r.lastReview ? new Date(r.lastReview) : null, leech: !!r.leech };
}

/**
 * Rates a card: the review log and the card's new state in one transaction. A repeated
 * idempotency key returns the first result and writes nothing; a rating made against a card
 * version that is no longer current is refused ("reviewed elsewhere").
 *
 * The transaction is a synchronous better-sqlite3 transaction on the app's one connection (see
 * ./sqlite.ts): it cannot interleave with another, so two requests with one key cannot both pass
 * the lookup, and the unique index on (userId, idempotencyKey) backs that up.
 */
export async function rateCard(input: RateInput): Promise<RateResult> {
  const settings = await getSettings(input.userId);
  const item = getBank().byId.get(input.itemId);
  if (!item) throw new PracticeError("unknown_item");
  return writeTransaction((db) => {
    const existing = stmt(
      db,
      `SELECT l.cardVersion, c.due, c.state, c.leech FROM "ReviewLog" l JOIN "Card" c ON c.id = l.cardId WHERE l.userId = ? AND l.idempotencyKey = ?`,
    ).get(input.userId, input.idempotencyKey) as { cardVersion: number; due: string; state: number; leech: number } | undefined;
    if (existing) return duplicateResult({ cardVersion: existing.cardVersion, card: { due: new Date(existing.due), state: existing.state, leech: !!existing.leech } });

    let session: { id: string; queue: string; position: number } | undefined;
    if (input.sessionId) {
      session = stmt(db, `SELECT id, queue, position FROM "PracticeSession" WHERE id = ? AND userId = ?`).get(input.sessionId, input.userId) as
        | { id: string; queue: string; position: number }
        | undefined;
      if (!session) throw new PracticeError("unknown_session");
      const queue = JSON.parse(session.queue) as string[];
      if (queue[session.position] !== input.itemId) throw new PracticeError("session_mismatch");
    }

    const raw = stmt(db, `SELECT ${CARD_COLUMNS} FROM "Card" WHERE userId = ? AND itemId = ?`).get(input.userId, input.itemId) as RawCard | undefined;
    const row = raw ? fromRaw(raw) : null;
    const before = cardForRating(row, input.now);
    if (before.version !== input.cardVersion) throw new PracticeError("stale_card");

    const { card: next, log } = rate(toFsrs(before.stored), input.rating, input.now, settings.desiredRetention);
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
      const changed = stmt(
        db,
        `UPDATE "Card" SET due = ?, stability = ?, difficulty = ?, elapsedDays = ?, scheduledDays = ?, learningSteps = ?, reps = ?, lapses = ?, state = ?, lastReview = ?, version = ?, failures = ?, leech = ?, updatedAt = ? WHERE id = ? AND version = ?`,
      ).run(...cardValues, row.id, before.version).changes;
      if (changed !== 1) throw new PracticeError("stale_card");
      cardId = row.id;
    } else {
      cardId = crypto.randomUUID();
      stmt(
        db,
        `INSERT INTO "Card" (due, stability, difficulty, elapsedDays, scheduledDays, learningSteps, reps, lapses, state, lastReview, version, failures, leech, updatedAt, id, userId, itemId, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(...cardValues, cardId, input.userId, input.itemId, stamp);
    }
    const l = logFromFsrs(log);
    stmt(
      db,
      `INSERT INTO "ReviewLog" (id, userId, cardId, itemId, idempotencyKey, rating, state, due, stability, difficulty, elapsedDays, lastElapsedDays, scheduledDays, learningSteps, review, previousCard, cardVersion, durationMs, correct, suggestedRating, source, sessionId, undoneAt, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
    ).run(
      crypto.randomUUID(),
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
      input.correct === undefined || input.correct === null ? null : input.correct ? 1 : 0,
      input.suggestedRating ?? null,
      input.source ?? "practice",
      session?.id ?? null,
      stamp,
    );
    let position: number | null = null;
    if (session) {
      position = session.position + 1;
      const queue = JSON.parse(session.queue) as string[];
      stmt(db, `UPDATE "PracticeSession" SET position = ?, seed = ?, finishedAt = ? WHERE id = ?`).run(
        position,
        nextSeed(session.position, input.idempotencyKey),
        position >= queue.length ? stamp : null,
        session.id,
      );
    }
    return { duplicate: false, cardVersion: version, due: after.due, state: after.state, leech, position };
  });
}

function duplicateResult(existing: { cardVersion: number; card: { due: Date; state: number; leech: boolean } }): RateResult {
  return { duplicate: true, cardVersion: existing.cardVersion, due: existing.card.due, state: existing.card.state, leech: existing.card.leech, position: null };
}

function nextSeed(position: number, key: string): number {
  let h = 2166136261 ^ position;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * Undoes the learner's last rating (in the session when one is given): the card's scheduling
 * fields come back exactly as they were, its version moves on (so other tabs see a change), the
 * log is marked undone and the session steps back to that card.
 */
export async function undoLastRating(userId: string, sessionId: string | null, now: Date) {
  return writeTransaction((db) => {
    const log = stmt(
      db,
      `SELECT id, cardId, itemId, previousCard, cardVersion, rating, sessionId FROM "ReviewLog"
       WHERE userId = ? AND undoneAt IS NULL AND source = 'practice' AND (? IS NULL OR sessionId = ?)
       ORDER BY review DESC, createdAt DESC, rowid DESC LIMIT 1`,
    ).get(userId, sessionId, sessionId) as
      | { id: string; cardId: string; itemId: string; previousCard: string; cardVersion: number; rating: number; sessionId: string | null }
      | undefined;
    if (!log) throw new PracticeError("nothing_to_undo");
    const card = stmt(db, `SELECT version, failures FROM "Card" WHERE id = ?`).get(log.cardId) as { version: number; failures: number } | undefined;
    if (!card || card.version !== log.cardVersion) throw new PracticeError("undo_superseded");
    const p = deserializeCard(log.previousCard);
    const failures = Math.max(0, card.failures - (log.rating === 1 ? 1 : 0));
    const stamp = sqlDate(now);
    stmt(
      db,
      `UPDATE "Card" SET due = ?, stability = ?, difficulty = ?, elapsedDays = ?, scheduledDays = ?, learningSteps = ?, reps = ?, lapses = ?, state = ?, lastReview = ?, version = ?, failures = ?, leech = ?, updatedAt = ? WHERE id = ?`,
    ).run(
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
    stmt(db, `UPDATE "ReviewLog" SET undoneAt = ? WHERE id = ?`).run(stamp, log.id);
    if (log.sessionId) {
      const s = stmt(db, `SELECT queue, position FROM "PracticeSession" WHERE id = ?`).get(log.sessionId) as { queue: string; position: number } | undefined;
      if (s) {
        const queue = JSON.parse(s.queue) as string[];
        // Step back to the undone card (the last occurrence before the current position).
        let back = s.position - 1;
        while (back >= 0 && queue[back] !== log.itemId) back--;
        if (back >= 0) stmt(db, `UPDATE "PracticeSession" SET position = ?, finishedAt = NULL WHERE id = ?`).run(back, log.sessionId);
      }
    }
    return { itemId: log.itemId, cardVersion: card.version + 1 };
  });
}

/** Makes the given items due now for the user (mock-interview answers that went poorly). */
export async function makeDueNow(userId: string, itemIds: string[], now: Date): Promise<number> {
  const db = await getPrisma();
  return db.$transaction((tx) => makeDueNowIn(tx, userId, itemIds, now));
}

/** The same, inside a transaction the caller holds (a mock interview's finishing transaction). */
export async function makeDueNowIn(tx: Prisma.TransactionClient, userId: string, itemIds: string[], now: Date): Promise<number> {
  const bank = getBank();
  const ids = [...new Set(itemIds)].filter((id) => bank.byId.has(id));
  let n = 0;
  for (const itemId of ids) {
    const row = await tx.card.findUnique({ where: { userId_itemId: { userId, itemId } }, select: { id: true, version: true, state: true } });
    if (!row) {
      // Never practised: the mock interview was its first (failed) review; it is a learning
      // card due now, so practice treats it as a review.
      const fresh = fromFsrs(newCard(now));
      await tx.card.create({ data: { userId, itemId, ...fresh, state: State.Learning, due: now, lastReview: now, version: 1 } });
    } else {
      await tx.card.update({ where: { id: row.id }, data: { due: now, version: row.version + 1, ...(row.state === State.New ? { state: State.Learning } : {}) } });
    }
    n++;
  }
  return n;
}

/** Session summary: accuracy per topic, time spent, and what is due tomorrow. */
export async function getSessionSummary(userId: string, sessionId: string, now: Date, tzOffset: number) {
  const db = await getPrisma();
  const bank = getBank();
  const logs = await db.reviewLog.findMany({
    where: { userId, sessionId, undoneAt: null },
    select: { itemId: true, rating: true, correct: true, durationMs: true },
  });
  const byTopic = new Map<string, { total: number; passed: number }>();
  for (const l of logs) {
    const topic = bank.byId.get(l.itemId)?.topic ?? "unknown";
    const t = byTopic.get(topic) ?? { total: 0, passed: 0 };
    t.total++;
    if (l.correct ?? l.rating > 1) t.passed++;
    byTopic.set(topic, t);
  }
  const tomorrow = dayNumber(now, tzOffset) + 1;
  const dueTomorrow = await db.card.count({ where: { userId, state: { not: State.New }, due: { lt: dayStart(tomorrow + 1, tzOffset) } } });
  return {
    reviewed: logs.length,
    timeMs: logs.reduce((a, l) => a + l.durationMs, 0),
    topics: [...byTopic.entries()].map(([topic, v]) => ({ topic, ...v })),
    dueTomorrow,
  };
}
