import "server-only";
import { buildProgressFile, type ProgressFile } from "@/lib/dashboard/progress-file";
import { getPrisma } from "./prisma";
import { PERSONAL_PREFIX } from "@/lib/lab/drill";

/**
 * Export of a learner's progress (settings, cards, review log, mock interviews with
 * their turns). The file format and every check live in lib/dashboard/progress-file.ts; this
 * module reads the database; the import runs in a worker thread (./progress-import.ts). Practice sessions are not exported: they are the
 * position in a queue built from the old cards, so an import closes any unfinished one.
 */

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export async function exportProgress(userId: string, now: Date): Promise<ProgressFile> {
  const db = await getPrisma();
  const [settings, cards, logs, mocks] = await Promise.all([
    db.userSettings.findUnique({
      where: { userId },
      select: { desiredRetention: true, newPerDay: true, maxReviewsPerDay: true, showIntervals: true },
    }),
    db.card.findMany({
      // personal items (a learner's own captures, lib/server/captures.ts) stay out of the file: no other instance has them
      where: { userId, itemId: { not: { startsWith: PERSONAL_PREFIX } } },
      orderBy: { itemId: "asc" },
      select: {
        itemId: true, due: true, stability: true, difficulty: true, elapsedDays: true, scheduledDays: true,
        learningSteps: true, reps: true, lapses: true, state: true, lastReview: true, version: true, failures: true, leech: true,
      },
    }),
    db.reviewLog.findMany({
      where: { userId, itemId: { not: { startsWith: PERSONAL_PREFIX } } },
      orderBy: [{ review: "asc" }, { createdAt: "asc" }, { idempotencyKey: "asc" }],
      select: {
        itemId: true, idempotencyKey: true, rating: true, state: true, due: true, stability: true, difficulty: true,
        elapsedDays: true, lastElapsedDays: true, scheduledDays: true, learningSteps: true, review: true, previousCard: true,
        cardVersion: true, durationMs: true, correct: true, suggestedRating: true, source: true, undoneAt: true, createdAt: true,
      },
    }),
    db.mockInterview.findMany({
      where: { userId },
      orderBy: { startedAt: "asc" },
      select: {
        id: true, lengthMinutes: true, focus: true, lang: true, seed: true, status: true, policyState: true, startedAt: true, endedAt: true, score: true,
        turns: {
          orderBy: { index: "asc" },
          select: { index: true, itemId: true, kind: true, probe: true, askedAt: true, answeredAt: true, answer: true, draft: true, score: true, result: true, disputes: true },
        },
      },
    }),
  ]);
  return buildProgressFile(
    {
      settings,
      cards: cards.map((c) => ({ ...c, due: iso(c.due), lastReview: isoOrNull(c.lastReview) })),
      reviewLogs: logs.map((l) => ({
        ...l,
        source: l.source === "mock" ? ("mock" as const) : ("practice" as const),
        due: iso(l.due),
        review: iso(l.review),
        undoneAt: isoOrNull(l.undoneAt),
        createdAt: iso(l.createdAt),
      })),
      mockInterviews: mocks.map((m) => ({
        ...m,
        focus: m.focus as ProgressFile["mockInterviews"][number]["focus"],
        lang: m.lang as "zh" | "en",
        status: m.status as "active" | "finished",
        startedAt: iso(m.startedAt),
        endedAt: isoOrNull(m.endedAt),
        turns: m.turns.map((t) => ({
          ...t,
          kind: t.kind as ProgressFile["mockInterviews"][number]["turns"][number]["kind"],
          askedAt: iso(t.askedAt),
          answeredAt: isoOrNull(t.answeredAt),
        })),
      })),
    },
    now,
  );
}

const CSV_COLUMNS = [
  "review", "itemId", "topic", "rating", "state", "scheduledDays", "elapsedDays", "stability", "difficulty",
  "durationMs", "correct", "source", "undoneAt",
] as const;

function csvCell(v: string | number | boolean | null): string {
  if (v === null) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The review log as CSV (RFC 4180, CRLF), oldest first; undone ratings are kept, with undoneAt set. */
export async function exportReviewLogCsv(userId: string): Promise<string> {
  const db = await getPrisma();
  const [logs, items] = await Promise.all([
    db.reviewLog.findMany({
      where: { userId, itemId: { not: { startsWith: PERSONAL_PREFIX } } },
      orderBy: [{ review: "asc" }, { createdAt: "asc" }],
      select: {
        review: true, itemId: true, rating: true, state: true, scheduledDays: true, elapsedDays: true, stability: true,
        difficulty: true, durationMs: true, correct: true, source: true, undoneAt: true,
      },
    }),
    db.item.findMany({ where: { ownerId: null }, select: { id: true, topic: true } }),
  ]);
  const topic = new Map(items.map((i) => [i.id, i.topic]));
  const lines = [CSV_COLUMNS.join(",")];
  for (const l of logs) {
    lines.push(
      [
        l.review.toISOString(), l.itemId, topic.get(l.itemId) ?? "", l.rating, l.state, l.scheduledDays, l.elapsedDays,
        l.stability, l.difficulty, l.durationMs, l.correct, l.source, l.undoneAt ? l.undoneAt.toISOString() : null,
      ].map(csvCell).join(","),
    );
  }
  return lines.join("\r\n") + "\r\n";
}
