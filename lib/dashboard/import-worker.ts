/**
 * The progress import, in a worker thread (started by lib/server/progress-import.ts): decoding,
 * every check of lib/dashboard/progress-file.ts, and the writes, on the worker's own SQLite
 * connection in ONE immediate transaction. The server's event loop never runs any of it, so a
 * 20 MB import does not hold up other requests, and the worker's heap is capped
 * (resourceLimits), so a file built to need a lot of memory stops the worker, not the server.
 *
 * In:  workerData { file, userId, now (ISO), bytes (Uint8Array, transferred) }
 * Out: one message { ok: true, cards, reviews, mocks } | { ok: false, error }
 */
import crypto from "node:crypto";
import os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { sqliteDate } from "../db/dates";
import { openDatabase } from "../db/sqlite";
import { parseProgressFile, type ProgressFile, type ProgressFileError } from "./progress-file";

type Out = { ok: true; cards: number; reviews: number; mocks: number } | { ok: false; error: ProgressFileError | { code: "not_utf8" } };

function run(data: { file: string; userId: string; now: string; bytes: Uint8Array }): Out {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(data.bytes);
  } catch {
    return { ok: false, error: { code: "not_utf8" } };
  }
  (data as { bytes?: Uint8Array }).bytes = undefined;
  const db = openDatabase(data.file);
  try {
    const known = new Set((db.prepare(`SELECT id FROM "Item"`).all() as { id: string }[]).map((r) => r.id));
    const parsed = parseProgressFile(text, known);
    text = "";
    if (!parsed.ok) return parsed;
    write(db, data.userId, parsed.file, new Date(data.now));
    return { ok: true, cards: parsed.file.cards.length, reviews: parsed.file.reviewLogs.length, mocks: parsed.file.mockInterviews.length };
  } finally {
    db.close();
  }
}

const d = (s: string) => sqliteDate(new Date(s));
const dn = (s: string | null) => (s === null ? null : d(s));
const b = (v: boolean | null) => (v === null ? null : v ? 1 : 0);

/** Replaces the user's progress with the file's, in one transaction (all or nothing). */
function write(db: ReturnType<typeof openDatabase>, userId: string, file: ProgressFile, now: Date): void {
  const stamp = sqliteDate(now);
  db.transaction(() => {
    db.prepare(`DELETE FROM "ReviewLog" WHERE userId = ?`).run(userId);
    db.prepare(`DELETE FROM "Card" WHERE userId = ?`).run(userId);
    db.prepare(`DELETE FROM "MockTurn" WHERE interviewId IN (SELECT id FROM "MockInterview" WHERE userId = ?)`).run(userId);
    db.prepare(`DELETE FROM "MockInterview" WHERE userId = ?`).run(userId);
    db.prepare(`DELETE FROM "UserSettings" WHERE userId = ?`).run(userId);
    db.prepare(`UPDATE "PracticeSession" SET finishedAt = ? WHERE userId = ? AND finishedAt IS NULL`).run(stamp, userId);
    if (file.settings) {
      const s = file.settings;
      db.prepare(`INSERT INTO "UserSettings" (userId, desiredRetention, newPerDay, maxReviewsPerDay, showIntervals, updatedAt) VALUES (?, ?, ?, ?, ?, ?)`).run(
        userId, s.desiredRetention, s.newPerDay, s.maxReviewsPerDay, b(s.showIntervals), stamp,
      );
    }
    const cardIds = new Map<string, string>();
    const card = db.prepare(
      `INSERT INTO "Card" (id, userId, itemId, due, stability, difficulty, elapsedDays, scheduledDays, learningSteps, reps, lapses, state, lastReview, version, failures, leech, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const c of file.cards) {
      const id = crypto.randomUUID();
      cardIds.set(c.itemId, id);
      card.run(id, userId, c.itemId, d(c.due), c.stability, c.difficulty, c.elapsedDays, c.scheduledDays, c.learningSteps, c.reps, c.lapses, c.state, dn(c.lastReview), c.version, c.failures, b(c.leech), stamp, stamp);
    }
    const log = db.prepare(
      `INSERT INTO "ReviewLog" (id, userId, cardId, itemId, idempotencyKey, rating, state, due, stability, difficulty, elapsedDays, lastElapsedDays, scheduledDays, learningSteps, review, previousCard, cardVersion, durationMs, correct, suggestedRating, source, sessionId, undoneAt, createdAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
    );
    for (const l of file.reviewLogs) {
      log.run(
        crypto.randomUUID(), userId, cardIds.get(l.itemId)!, l.itemId, l.idempotencyKey, l.rating, l.state, d(l.due), l.stability, l.difficulty,
        l.elapsedDays, l.lastElapsedDays, l.scheduledDays, l.learningSteps, d(l.review), l.previousCard, l.cardVersion, l.durationMs, b(l.correct),
        l.suggestedRating, l.source, dn(l.undoneAt), d(l.createdAt),
      );
    }
    const mock = db.prepare(
      `INSERT INTO "MockInterview" (id, userId, lengthMinutes, focus, lang, seed, status, policyState, startedAt, endedAt, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const turn = db.prepare(
      `INSERT INTO "MockTurn" (id, interviewId, "index", itemId, kind, probe, askedAt, answeredAt, answer, draft, score, result, disputes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const m of file.mockInterviews) {
      const id = crypto.randomUUID();
      mock.run(id, userId, m.lengthMinutes, m.focus, m.lang, m.seed, m.status, m.policyState, d(m.startedAt), dn(m.endedAt), m.score);
      for (const t of m.turns) {
        turn.run(crypto.randomUUID(), id, t.index, t.itemId, t.kind, t.probe, d(t.askedAt), dn(t.answeredAt), t.answer, t.draft, t.score, t.result, t.disputes);
      }
    }
  }).immediate();
}

// On Linux the nice value is per thread: the import yields the CPU to the server's own thread,
// so requests are answered first even on a busy machine.
try {
  os.setPriority(0, 19);
} catch {
  // not permitted here: run at normal priority
}

try {
  parentPort!.postMessage(run(workerData));
} catch (e) {
  const err = e as { code?: string; message?: string };
  parentPort!.postMessage({ ok: false, error: { code: "failed", dbCode: err.code ?? null, message: String(err.message ?? e).slice(0, 300) } });
}
