import "server-only";
import { apkgNotes } from "@/lib/anki/export";
import { buildApkg } from "@/lib/anki/package";
import type { ScheduleCard, ScheduleReview } from "@/lib/anki/schedule";
import type { Locale } from "@/lib/i18n/config";
import { DEFAULT_RETENTION } from "@/lib/srs/scheduler";
import { getBank } from "./bank";
import { HttpError } from "./http";
import { getPrisma } from "./prisma";

/**
 * The Anki package of the bank and one learner's schedule (lib/anki). Reads the learner's cards,
 * kept reviews and settings, writes the package to a temporary file and hands it back with a
 * cleanup. At most MAX_CONCURRENT exports build at once in this process; another gets a 503 with
 * Retry-After, so exports cannot pile up and starve practice requests.
 */
export const MAX_CONCURRENT = 1;
let running = 0;

export async function exportApkg(userId: string, lang: Locale, now: Date) {
  if (running >= MAX_CONCURRENT) {
    throw new HttpError(503, "export_busy", "Another Anki export is being built; try again in a few seconds.", "另一个 Anki 导出正在生成，请几秒后再试。");
  }
  running++;
  try {
    const db = await getPrisma();
    const [settings, cards, logs] = await Promise.all([
      db.userSettings.findUnique({ where: { userId }, select: { desiredRetention: true, newPerDay: true, maxReviewsPerDay: true } }),
      db.card.findMany({
        where: { userId },
        select: { itemId: true, due: true, stability: true, difficulty: true, scheduledDays: true, learningSteps: true, reps: true, lapses: true, state: true, lastReview: true },
      }),
      db.reviewLog.findMany({
        where: { userId, undoneAt: null },
        orderBy: [{ review: "asc" }, { createdAt: "asc" }],
        select: { itemId: true, rating: true, review: true, durationMs: true, previousCard: true },
      }),
    ]);
    const cardMap = new Map<string, ScheduleCard>(cards.map((c) => [c.itemId, c]));
    const reviews = new Map<string, ScheduleReview[]>();
    for (const l of logs) {
      const p = JSON.parse(l.previousCard) as Omit<ScheduleCard, "due" | "lastReview"> & { due: string; lastReview: string | null };
      const before: ScheduleCard = { ...p, due: new Date(p.due), lastReview: p.lastReview === null ? null : new Date(p.lastReview) };
      const list = reviews.get(l.itemId) ?? [];
      list.push({ rating: l.rating, review: l.review, durationMs: l.durationMs, before });
      reviews.set(l.itemId, list);
    }
    const retention = settings?.desiredRetention ?? DEFAULT_RETENTION;
    return await buildApkg({
      lang,
      now,
      notes: apkgNotes(getBank().items, cardMap, reviews, lang, now, retention),
      desiredRetention: retention,
      newPerDay: settings?.newPerDay ?? 10,
      maxReviewsPerDay: settings?.maxReviewsPerDay ?? 200,
    });
  } finally {
    running--;
  }
}
