/**
 * The floor for an HTTP write: a bare node:http server that does what POST /api/practice/rate
 * does — the same zod validation and the same SQLite transaction (idempotency lookup, card
 * version check, ts-fsrs scheduling, card update, review-log insert) — with better-sqlite3
 * directly and no framework. Used only by the practice benchmark.
 *
 *   npx tsx scripts/bench/bare-rating-server.ts <port> <database file>
 */
import crypto from "node:crypto";
import http from "node:http";
import path from "node:path";
import type Database from "better-sqlite3";
import { loadContent } from "../../lib/content/loader";
import { openDatabase } from "../../lib/db/sqlite";
import { RateBody } from "../../lib/server/practice-schemas";
import { fromFsrs, logFromFsrs, serializeCard, toFsrs, type StoredCard } from "../../lib/srs/mapper";
import { newCard, rate } from "../../lib/srs/scheduler";

export function makeRater(db: Database.Database, userId: string, items: Set<string>) {
  const findLog = db.prepare(`SELECT cardVersion FROM ReviewLog WHERE userId = ? AND idempotencyKey = ?`);
  const findCard = db.prepare(
    `SELECT id, due, stability, difficulty, elapsedDays, scheduledDays, learningSteps, reps, lapses, state, lastReview, version, failures FROM Card WHERE userId = ? AND itemId = ?`,
  );
  const updateCard = db.prepare(
    `UPDATE Card SET due = ?, stability = ?, difficulty = ?, elapsedDays = ?, scheduledDays = ?, learningSteps = ?, reps = ?, lapses = ?, state = ?, lastReview = ?, version = ?, failures = ?, leech = ?, updatedAt = ? WHERE id = ? AND version = ?`,
  );
  const insertCard = db.prepare(
    `INSERT INTO Card (id, userId, itemId, due, stability, difficulty, elapsedDays, scheduledDays, learningSteps, reps, lapses, state, lastReview, version, failures, leech, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertLog = db.prepare(
    `INSERT INTO ReviewLog (id, userId, cardId, itemId, idempotencyKey, rating, state, due, stability, difficulty, elapsedDays, lastElapsedDays, scheduledDays, learningSteps, review, previousCard, cardVersion, durationMs, correct, suggestedRating, source, sessionId, undoneAt, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, 'practice', NULL, NULL, ?)`,
  );
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return db.transaction((body: { itemId: string; rating: 1 | 2 | 3 | 4; cardVersion: number; idempotencyKey: string; durationMs: number }, now: Date) => {
    if (!items.has(body.itemId)) return { status: 404, body: { error: "unknown item" } };
    const dup = findLog.get(userId, body.idempotencyKey) as { cardVersion: number } | undefined;
    if (dup) return { status: 200, body: { duplicate: true, cardVersion: dup.cardVersion } };
    const row = findCard.get(userId, body.itemId) as (Record<string, unknown> & { id: string; version: number; failures: number }) | undefined;
    const before: StoredCard = row
      ? {
          due: new Date(row.due as string),
          stability: row.stability as number,
          difficulty: row.difficulty as number,
          elapsedDays: row.elapsedDays as number,
          scheduledDays: row.scheduledDays as number,
          learningSteps: row.learningSteps as number,
          reps: row.reps as number,
          lapses: row.lapses as number,
          state: row.state as number,
          lastReview: row.lastReview ? new Date(row.lastReview as string) : null,
        }
      : fromFsrs(newCard(now));
    const version = row?.version ?? 0;
    if (version !== body.cardVersion) return { status: 409, body: { error: "stale" } };
    const { card, log } = rate(toFsrs(before), body.rating, now);
    const a = fromFsrs(card);
    const failures = (row?.failures ?? 0) + (body.rating === 1 ? 1 : 0);
    const stamp = now.toISOString();
    let cardId = row?.id;
    if (row) {
      updateCard.run(iso(a.due), a.stability, a.difficulty, a.elapsedDays, a.scheduledDays, a.learningSteps, a.reps, a.lapses, a.state, iso(a.lastReview), version + 1, failures, failures >= 8 ? 1 : 0, stamp, row.id, version);
    } else {
      cardId = crypto.randomUUID();
      insertCard.run(cardId, userId, body.itemId, iso(a.due), a.stability, a.difficulty, a.elapsedDays, a.scheduledDays, a.learningSteps, a.reps, a.lapses, a.state, iso(a.lastReview), 1, failures, failures >= 8 ? 1 : 0, stamp, stamp);
    }
    const l = logFromFsrs(log);
    insertLog.run(crypto.randomUUID(), userId, cardId, body.itemId, body.idempotencyKey, l.rating, l.state, iso(l.due), l.stability, l.difficulty, l.elapsedDays, l.lastElapsedDays, l.scheduledDays, l.learningSteps, iso(l.review), serializeCard(before), version + 1, body.durationMs, stamp);
    return { status: 201, body: { duplicate: false, cardVersion: version + 1 } };
  }).immediate;
}

if (process.argv[1]?.endsWith("bare-rating-server.ts")) {
  const port = Number(process.argv[2]);
  const file = process.argv[3];
  const db = openDatabase(file);
  const userId = (db.prepare(`SELECT id FROM User WHERE isLocal = 1`).get() as { id: string }).id;
  const items = new Set(loadContent(path.join(process.cwd(), "content")).items.map((i) => i.id));
  const rateTx = makeRater(db, userId, items);
  http
    .createServer((req, res) => {
      if (req.method !== "POST" || req.url !== "/rate") {
        res.writeHead(404).end();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (c: Buffer) => {
        size += c.length;
        if (size <= 65536) chunks.push(c);
      });
      req.on("end", () => {
        let out: { status: number; body: unknown };
        try {
          const parsed = RateBody.safeParse(JSON.parse(Buffer.concat(chunks).toString("utf8")));
          out = parsed.success ? rateTx(parsed.data, new Date()) : { status: 400, body: { error: parsed.error.issues[0]?.message } };
        } catch {
          out = { status: 400, body: { error: "invalid JSON" } };
        }
        res.writeHead(out.status, { "Content-Type": "application/json" }).end(JSON.stringify(out.body));
      });
    })
    .listen(port, "127.0.0.1", () => console.log("ready"));
}
