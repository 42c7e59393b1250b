/**
 * Writing an imported progress file, as steps for either database (lib/db/steps.ts; run them in
 * a transaction — writeImport runs them on an SQLite connection):
 * the learner's settings, cards, review log and mock interviews are replaced by the file's, and
 * any unfinished practice session is closed. Used by the import worker (large files, its own
 * connection) and by the server for small files (lib/server/progress-import.ts).
 */
import crypto from "node:crypto";
import type Database from "better-sqlite3";
import { sqliteDate } from "../db/dates";
import { get, run, runSync, type Steps } from "../db/steps";
import type { ProgressFile } from "./progress-file";

const d = (s: string) => sqliteDate(new Date(s));
const dn = (s: string | null) => (s === null ? null : d(s));
const b = (v: boolean | null) => (v === null ? null : v ? 1 : 0);

export function writeImport(db: Database.Database, userId: string, file: ProgressFile, now: Date): void {
  runSync(db, writeImportSteps(userId, file, now));
}

export function* writeImportSteps(userId: string, file: ProgressFile, now: Date, newLogId: () => string = () => crypto.randomUUID()): Steps<void> {
  const stamp = sqliteDate(now);
  {
    yield run(`DELETE FROM "ReviewLog" WHERE "userId" = ?`, userId);
    yield run(`DELETE FROM "Card" WHERE "userId" = ?`, userId);
    yield run(`DELETE FROM "MockTurn" WHERE "interviewId" IN (SELECT "id" FROM "MockInterview" WHERE "userId" = ?)`, userId);
    yield run(`DELETE FROM "MockInterview" WHERE "userId" = ?`, userId);
    yield run(`DELETE FROM "UserSettings" WHERE "userId" = ?`, userId);
    // the day's interview plan was made from the cards replaced here: it is made again
    yield run(`DELETE FROM "LearnerPlan" WHERE "userId" = ?`, userId);
    yield run(`UPDATE "PracticeSession" SET "finishedAt" = ? WHERE "userId" = ? AND "finishedAt" IS NULL`, stamp, userId);
    if (file.settings) {
      const s = file.settings;
      yield run(
        `INSERT INTO "UserSettings" ("userId", "desiredRetention", "newPerDay", "maxReviewsPerDay", "showIntervals", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)`,
        userId, s.desiredRetention, s.newPerDay, s.maxReviewsPerDay, b(s.showIntervals), stamp,
      );
    }
    const cardIds = new Map<string, string>();
    const card = `INSERT INTO "Card" ("id", "userId", "itemId", "due", "stability", "difficulty", "elapsedDays", "scheduledDays", "learningSteps", "reps", "lapses", "state", "lastReview", "version", "failures", "leech", "createdAt", "updatedAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
    for (const c of file.cards) {
      const id = crypto.randomUUID();
      cardIds.set(c.itemId, id);
      yield run(card, id, userId, c.itemId, d(c.due), c.stability, c.difficulty, c.elapsedDays, c.scheduledDays, c.learningSteps, c.reps, c.lapses, c.state, dn(c.lastReview), c.version, c.failures, b(c.leech), stamp, stamp);
    }
    const log = `INSERT INTO "ReviewLog" ("id", "userId", "cardId", "itemId", "idempotencyKey", "rating", "state", "due", "stability", "difficulty", "elapsedDays", "lastElapsedDays", "scheduledDays", "learningSteps", "review", "previousCard", "cardVersion", "durationMs", "correct", "suggestedRating", "source", "sessionId", "undoneAt", "createdAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`;
    for (const l of file.reviewLogs) {
      yield run(
        log,
        newLogId(), userId, cardIds.get(l.itemId)!, l.itemId, l.idempotencyKey, l.rating, l.state, d(l.due), l.stability, l.difficulty,
        l.elapsedDays, l.lastElapsedDays, l.scheduledDays, l.learningSteps, d(l.review), l.previousCard, l.cardVersion, l.durationMs, b(l.correct),
        l.suggestedRating, l.source, dn(l.undoneAt), d(l.createdAt),
      );
    }
    const mock = `INSERT INTO "MockInterview" ("id", "userId", "lengthMinutes", "focus", "lang", "seed", "status", "policyState", "startedAt", "endedAt", "score") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
    const turn = `INSERT INTO "MockTurn" ("id", "interviewId", "index", "itemId", "kind", "probe", "askedAt", "answeredAt", "answer", "draft", "score", "result", "disputes") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
    // An interview keeps its id (old report links keep working) unless another learner's interview
    // has it; then, or when the file has none, it gets a new one.
    const taken = `SELECT 1 AS taken FROM "MockInterview" WHERE "id" = ?`;
    for (const m of file.mockInterviews) {
      const id = m.id && !(yield get(taken, m.id)) ? m.id : crypto.randomUUID();
      yield run(mock, id, userId, m.lengthMinutes, m.focus, m.lang, m.seed, m.status, m.policyState, d(m.startedAt), dn(m.endedAt), m.score);
      for (const t of m.turns) {
        yield run(turn, crypto.randomUUID(), id, t.index, t.itemId, t.kind, t.probe, d(t.askedAt), dn(t.answeredAt), t.answer, t.draft, t.score, t.result, t.disputes);
      }
    }
  }
}

