import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { dayNumber, dayStart, dueToday, estimateMinutes, streaks } from "@/lib/srs/stats";
import { buildQueue, type NewCandidate } from "@/lib/srs/queue";
import { PracticeError } from "@/lib/srs/errors";
import { checkedAt, parseChecked, withChecked, type CheckedEntry } from "@/lib/srs/checked";
import { STORED_CARD_SELECT, fromFsrs, toFsrs } from "@/lib/srs/mapper";
import { newCard, rate, retrievability, State } from "@/lib/srs/scheduler";
import { getBank } from "./bank";
import { ownPersonalIds, personalItem, personalQueue } from "./captures";
import type { Item } from "@/lib/content/schema";
import { getPrisma } from "./prisma";
import { sqlDate } from "./sqlite";
import { getStore, learnerTransaction } from "./store";
import { get, all, run } from "@/lib/db/steps";
import { learnerWeights } from "./learner-weights";
import { plannedQueue } from "./plan";
import { rateSteps, storedOf, undoSteps, type RateInput, type RateResult } from "@/lib/db/rating-transaction";

/**
 * The practice data layer: plain functions that take the acting user's id. Every write happens
 * in one transaction; scheduling is computed here, never taken from the client.
 */

export interface PracticeSettings {
  desiredRetention: number;
  newPerDay: number;
  maxReviewsPerDay: number;
  showIntervals: boolean;
  /** interview-date mode (lib/schedule/interview-settings.ts): the interview's calendar date as its UTC midnight */
  interviewDate: Date | null;
  /** minutes a day for reviews in interview-date mode (5–240) */
  dailyMinutes: number | null;
}

export const DEFAULT_SETTINGS: PracticeSettings = { desiredRetention: 0.9, newPerDay: 10, maxReviewsPerDay: 200, showIntervals: true, interviewDate: null, dailyMinutes: null };

export async function getSettings(userId: string): Promise<PracticeSettings> {
  const s = await getStore().read(function* () {
    return (yield get(`SELECT "desiredRetention", "newPerDay", "maxReviewsPerDay", "showIntervals", "interviewDate", "dailyMinutes" FROM "UserSettings" WHERE "userId" = ?`, userId)) as
      | { desiredRetention: number; newPerDay: number; maxReviewsPerDay: number; showIntervals: number | boolean; interviewDate: string | Date | null; dailyMinutes: number | null }
      | undefined;
  });
  if (!s) return { ...DEFAULT_SETTINGS };
  return {
    desiredRetention: s.desiredRetention,
    newPerDay: s.newPerDay,
    maxReviewsPerDay: s.maxReviewsPerDay,
    showIntervals: !!s.showIntervals,
    interviewDate: s.interviewDate === null ? null : new Date(s.interviewDate),
    dailyMinutes: s.dailyMinutes,
  };
}

/**
 * Every write is a transaction: on the one connection, a statement outside a transaction would
 * run inside whichever Prisma interactive transaction is open at that moment, and share its fate.
 */
export async function saveSettings(userId: string, settings: PracticeSettings): Promise<void> {
  await getStore().write(userId, function* () {
    yield run(
      `INSERT INTO "UserSettings" ("userId", "desiredRetention", "newPerDay", "maxReviewsPerDay", "showIntervals", "interviewDate", "dailyMinutes", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT ("userId") DO UPDATE SET "desiredRetention" = excluded."desiredRetention", "newPerDay" = excluded."newPerDay",
         "maxReviewsPerDay" = excluded."maxReviewsPerDay", "showIntervals" = excluded."showIntervals",
         "interviewDate" = excluded."interviewDate", "dailyMinutes" = excluded."dailyMinutes", "updatedAt" = excluded."updatedAt"`,
      userId,
      settings.desiredRetention,
      settings.newPerDay,
      settings.maxReviewsPerDay,
      settings.showIntervals ? 1 : 0,
      settings.interviewDate ? sqlDate(settings.interviewDate) : null,
      settings.dailyMinutes,
      sqlDate(new Date()),
    );
  });
}

export const CARD_SELECT = {
  id: true,
  itemId: true,
  ...STORED_CARD_SELECT,
  version: true,
  failures: true,
  leech: true,
} as const;


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
  const unseen = bank.items.filter((i) => !seen.has(i.id)).length;
  // interview-date mode: today's work is what is left of today's part of the plan
  const planned = await plannedQueue(userId, now, tzOffset);
  const dueCount = planned ? planned.filter((e) => e.kind === "review").length : Math.min(due.length, Math.max(0, settings.maxReviewsPerDay - (reviewedToday - newToday)));
  const newAvailable = planned ? planned.filter((e) => e.kind === "new").length : Math.min(unseen, Math.max(0, settings.newPerDay - newToday));
  const s = streaks(logDays.map((l) => dayNumber(l.review, tzOffset)), today);
  const leeches = cards.filter((c) => c.leech && live.has(c.itemId)).map((c) => c.itemId);
  // the learner's own items (./captures.ts) count beside the bank's
  const mine = await personalQueue(userId, now, startOfToday);
  const personal = { due: mine.filter((m) => !m.isNew).length, fresh: mine.filter((m) => m.isNew).length };
  return {
    personal,
    dueCount: dueCount + personal.due,
    /** due by the end of today (lib/srs/stats.ts dueToday): the figure the Today page and the dashboard both show */
    dueToday: dueToday(cards.filter((c) => live.has(c.itemId)), now, tzOffset),
    newAvailable: newAvailable + personal.fresh,
    reviewedToday,
    streak: s.current,
    longestStreak: s.longest,
    minutes: estimateMinutes(dueCount + newAvailable + personal.due + personal.fresh, recent.map((r) => r.durationMs)),
    leeches,
    /** true while the queue follows the interview plan */
    planned: planned !== null,
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
  // Interview-date mode: today's part of the plan (lib/server/plan.ts); normal FSRS otherwise.
  const planned = await plannedQueue(userId, now, tzOffset);
  if (planned) return cardVersions(userId, planned);
  const db = await getPrisma();
  const settings = await getSettings(userId);
  const { weights } = await learnerWeights(userId);
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
    .map((c) => ({ itemId: c.itemId, topic: bank.byId.get(c.itemId)!.topic, retrievability: retrievability(toFsrs(storedOf(c)), now, settings.desiredRetention, weights) }));
  const fresh: NewCandidate[] = bank.items
    .filter((i) => (byItem.get(i.id)?.state ?? State.New) === State.New)
    .map((i) => ({ itemId: i.id, topic: i.topic, frequency: i.frequency, difficulty: i.difficulty, parents: parents.get(i.id) ?? [] }));
  const bankQueue = buildQueue({
    due,
    fresh,
    learned,
    newLimit: Math.max(0, settings.newPerDay - newToday),
    reviewLimit: Math.max(0, settings.maxReviewsPerDay - (reviewedToday - newToday)),
  }).map((e) => ({ ...e, cardVersion: byItem.get(e.itemId)?.version ?? 0 }));
  return withPersonalItems(userId, bankQueue, now, startOfToday);
}

/**
 * The learner's own items (questions drilled from their captures, ./captures.ts) after the bank's:
 * their due reviews, then their new ones. One step, kept apart from the bank's queue building.
 */
async function withPersonalItems<T extends { itemId: string; topic: string; kind: "review" | "new"; cardVersion: number }>(
  userId: string,
  queue: T[],
  now: Date,
  startOfToday: Date,
): Promise<(T | { itemId: string; topic: string; kind: "review" | "new"; cardVersion: number })[]> {
  const mine = await personalQueue(userId, now, startOfToday);
  return [...queue, ...mine.map((p) => ({ itemId: p.itemId, topic: "tcpdump", kind: p.isNew ? ("new" as const) : ("review" as const), cardVersion: p.cardVersion }))];
}

/** The user's current card version for each given item (0 for a card never rated). */
export async function cardVersions<T extends { itemId: string }>(userId: string, entries: T[]): Promise<(T & { cardVersion: number })[]> {
  const rows = await getStore().read(function* () {
    return (yield all(`SELECT "itemId", "version" FROM "Card" WHERE "userId" = ?`, userId)) as { itemId: string; version: number }[];
  });
  const v = new Map(rows.map((r) => [r.itemId, r.version]));
  return entries.map((e) => ({ ...e, cardVersion: v.get(e.itemId) ?? 0 }));
}

/**
 * The items of a topic for a focused session: due reviews first (least likely recalled first),
 * then the other practised items (weakest first), then those never practised (as the bank orders
 * them), at most FOCUS_MAX.
 */
export const FOCUS_MAX = 50;
export async function topicQueue(userId: string, topic: string, now: Date): Promise<string[]> {
  const db = await getPrisma();
  const bank = getBank();
  const mine = bank.items.filter((i) => i.topic === topic);
  const cards = new Map((await db.card.findMany({ where: { userId, itemId: { in: mine.map((i) => i.id) } }, select: CARD_SELECT })).map((c) => [c.itemId, c]));
  const rank = (id: string): [number, number] => {
    const c = cards.get(id);
    if (!c || c.state === State.New) return [2, 0];
    const r = retrievability(toFsrs(storedOf(c)), now);
    return [c.due <= now ? 0 : 1, r];
  };
  return mine
    .map((i, index) => ({ id: i.id, index, rank: rank(i.id) }))
    .sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.index - b.index)
    .slice(0, FOCUS_MAX)
    .map((x) => x.id);
}

/**
 * Resumes the unfinished session, or builds a new queue. `only` limits it to given items (a
 * selection from the bank, a mock report's items, the weakest questions), `topic` to one topic;
 * `cram` reviews them without changing the schedule.
 */
export async function startSession(userId: string, now: Date, tzOffset: number, opts: { only?: string[]; topic?: string; cram?: boolean; seed: number }) {
  const db = await getPrisma();
  const focused = !!opts.only || !!opts.topic;
  if (!focused && !opts.cram) {
    const active = await findActiveSession(userId);
    if (active) return active.id;
  }
  const bank = getBank();
  const own = opts.only ? await ownPersonalIds(userId, opts.only) : new Set<string>();
  const queue = opts.only
    ? [...new Set(opts.only)].filter((id) => bank.byId.has(id) || own.has(id))
    : opts.topic
      ? await topicQueue(userId, opts.topic, now)
      : (await buildTodayQueue(userId, now, tzOffset)).map((e) => e.itemId);
  // A drill of questions that do not exist (or were retired) is refused, not an empty session.
  if (focused && queue.length === 0) throw new PracticeError("unknown_item");
  const s = await learnerTransaction(userId, async (tx) => {
    // One session at a time: a new one closes any other that is unfinished.
    await tx.practiceSession.updateMany({ where: { userId, finishedAt: null }, data: { finishedAt: now } });
    return tx.practiceSession.create({
      data: {
        userId,
        queue: JSON.stringify(queue),
        position: 0,
        seed: opts.seed >>> 0,
        mode: opts.cram ? "cram" : "review",
        startedAt: now,
        ...(queue.length === 0 ? { finishedAt: now } : {}),
      },
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

/**
 * Keeps the answer checked at the session's current position (lib/srs/checked.ts): the first
 * check there stays, so checking again, reloading or switching language grade the same answer.
 * Returns the entry that is stored (the earlier one when there was one). Refused when the
 * session has moved on from `position`.
 */
export async function recordCheck(userId: string, sessionId: string, position: number, entry: CheckedEntry): Promise<CheckedEntry> {
  return getStore().write(userId, function* () {
    const row = (yield get(`SELECT "position", "queue", "checked", "mode" FROM "PracticeSession" WHERE "id" = ? AND "userId" = ?`, sessionId, userId)) as
      | { position: number; queue: string; checked: string | null; mode: string }
      | undefined;
    if (!row) throw new PracticeError("unknown_session");
    if (row.position !== position || (JSON.parse(row.queue) as string[])[position] !== entry.itemId) throw new PracticeError("session_mismatch");
    const map = parseChecked(row.checked);
    // A cram session keeps every position: they are its only record (no review log).
    const next = withChecked(map, position, entry, row.mode === "cram" ? Number.MAX_SAFE_INTEGER : undefined);
    yield run(`UPDATE "PracticeSession" SET "checked" = ? WHERE "id" = ?`, JSON.stringify(next), sessionId);
    return checkedAt(next, position, entry.itemId)!;
  });
}

/** A question the learner may practise: the bank's, or one of their own personal items (never another learner's). */
export async function resolveItem(userId: string, itemId: string): Promise<Item | undefined> {
  return getBank().byId.get(itemId) ?? (await personalItem(userId, itemId));
}

export { cardForRating, type CardRow, type RateInput, type RateResult } from "@/lib/db/rating-transaction";

/**
 * Rates a card (lib/db/rating-transaction.ts) in one transaction (./store.ts: on SQLite on the
 * app's one connection, on PostgreSQL under the learner's row lock: either way it cannot
 * interleave with another write of the learner, so two requests with one key cannot both pass
 * the idempotency lookup, and the unique index on (userId, idempotencyKey) backs that up).
 */
export async function rateCard(input: RateInput): Promise<RateResult> {
  const settings = await getSettings(input.userId);
  if (!(await resolveItem(input.userId, input.itemId))) throw new PracticeError("unknown_item");
  const store = getStore();
  return store.write(input.userId, () => rateSteps(input, settings.desiredRetention, store.dialect));
}

/** Undoes the learner's last rating (see undoInTransaction). */
export async function undoLastRating(userId: string, sessionId: string | null, now: Date) {
  const store = getStore();
  return store.write(userId, () => undoSteps(userId, sessionId, now, store.dialect));
}

/** Makes the given items due now for the user (mock-interview answers that went poorly). */
export async function makeDueNow(userId: string, itemIds: string[], now: Date): Promise<number> {
  return learnerTransaction(userId, (tx) => makeDueNowIn(tx, userId, itemIds, now));
}

/** The same, inside a transaction the caller holds (a mock interview's finishing transaction). */
export async function makeDueNowIn(tx: Prisma.TransactionClient, userId: string, itemIds: string[], now: Date): Promise<number> {
  const bank = getBank();
  const ids = [...new Set(itemIds)].filter((id) => bank.byId.has(id));
  let n = 0;
  for (const itemId of ids) {
    const row = await tx.card.findUnique({ where: { userId_itemId: { userId, itemId } }, select: { id: true, version: true, state: true } });
    if (!row || row.state === State.New) {
      // Never practised: the mock interview was its first (failed) review. It is scheduled as
      // FSRS schedules a first Again (so it has a real stability and difficulty; a card with
      // stability 0 has no recall curve), then made due now so practice treats it as a review.
      const failed = fromFsrs(rate(newCard(now), 1, now).card);
      const data = { ...failed, due: now };
      if (row) await tx.card.update({ where: { id: row.id }, data: { ...data, version: row.version + 1 } });
      else await tx.card.create({ data: { userId, itemId, ...data, version: 1 } });
    } else {
      await tx.card.update({ where: { id: row.id }, data: { due: now, version: row.version + 1 } });
    }
    n++;
  }
  return n;
}

/** Session summary: accuracy per topic, time spent, and what is due tomorrow. */
export async function getSessionSummary(userId: string, sessionId: string, now: Date, tzOffset: number) {
  const db = await getPrisma();
  const bank = getBank();
  const session = await db.practiceSession.findFirst({ where: { id: sessionId, userId }, select: { mode: true, checked: true } });
  // A cram session's ratings live on the session (they changed no card); others in the review log.
  const logs =
    session?.mode === "cram"
      ? Object.values(parseChecked(session.checked))
          .filter((e) => e.rating !== undefined)
          .map((e) => ({ itemId: e.itemId, rating: e.rating!, correct: e.correct, durationMs: e.responseMs }))
      : await db.reviewLog.findMany({
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
  // Failed in this session: rated Again, or graded wrong, at any showing (a card failed and then
  // passed on its second showing still counts: it is the one to practise again).
  const failed = [...new Set(logs.filter((l) => l.rating === 1 || l.correct === false).map((l) => l.itemId))].filter((id) => bank.byId.has(id));
  return {
    reviewed: logs.length,
    failed,
    timeMs: logs.reduce((a, l) => a + l.durationMs, 0),
    topics: [...byTopic.entries()].map(([topic, v]) => ({ topic, ...v })),
    dueTomorrow,
  };
}
