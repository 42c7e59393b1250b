import "server-only";
import crypto from "node:crypto";
import fsp from "node:fs/promises";
import path from "node:path";
import type { AnkiNoteFields } from "@/lib/anki/notes";
import type { CardRow, ReviewRow } from "@/lib/anki/export";
import { all, get } from "@/lib/db/steps";
import type { LoadedItem } from "@/lib/content/loader";
import type { Locale } from "@/lib/i18n/config";
import { DEFAULT_RETENTION } from "@/lib/srs/scheduler";
import { getBank } from "./bank";
import { runCpuJob } from "./cpu-worker";
import { HttpError } from "./http";
import { getStore } from "./store";

/**
 * The Anki package of the bank and one learner's schedule (lib/anki). Reads the learner's cards,
 * kept reviews and settings (raw rows), writes the package to a temporary file and hands it back with a
 * cleanup. At most MAX_CONCURRENT exports build at once in this process; another gets a 503 with
 * Retry-After, so exports cannot pile up and starve practice requests.
 *
 * The package is built in the server's CPU worker thread (lib/server/cpu-worker.ts, job "apkg":
 * the notes with the learner's schedule, the collection written with better-sqlite3, the zip), off
 * the event loop. The notes' fields (every item's front and back, engine answers included) depend
 * only on the bank and the language: they are rendered there too (job "ankiFields") and kept per
 * language and bank content (ankiFieldsFor), so later exports only add the learner's schedule.
 */
export const MAX_CONCURRENT = 1;
let running = 0;

/** The bank's content in one digest: every item's id and content hash (lib/content/loader), in bank order. */
export function bankDigest(items: readonly LoadedItem[]): string {
  const h = crypto.createHash("sha256");
  for (const item of items) h.update(`${item.id}\u0000${item.hash}\u0000`);
  return h.digest("hex").slice(0, 32);
}

const MAX_RENDERED = 4;
const g = globalThis as unknown as { tcpDrillAnkiFields?: Map<string, Promise<AnkiNoteFields[]>> };
const rendered = (g.tcpDrillAnkiFields ??= new Map());

/**
 * The note fields of `items` in `lang`: from the memo (per language and bank digest; the newest
 * MAX_RENDERED kept), or rendered in the worker thread (`ms`: its time there; 0 from the memo).
 * Concurrent callers share one rendering; a failed one is not kept.
 */
export async function ankiFieldsFor(items: LoadedItem[], lang: Locale): Promise<{ fields: AnkiNoteFields[]; cached: boolean; ms: number }> {
  const key = `${lang}|${bankDigest(items)}`;
  const hit = rendered.get(key);
  if (hit) return { fields: await hit, cached: true, ms: 0 };
  if (rendered.size >= MAX_RENDERED) rendered.delete(rendered.keys().next().value!);
  let ms = 0;
  const run = runCpuJob("ankiFields", { items, lang }).then((r) => {
    ms = r.ms;
    return r.result;
  });
  rendered.set(key, run);
  try {
    return { fields: await run, cached: false, ms };
  } catch (e) {
    rendered.delete(key);
    throw e;
  }
}

export async function exportApkg(userId: string, lang: Locale, now: Date) {
  if (running >= MAX_CONCURRENT) {
    throw new HttpError(503, "export_busy", "Another Anki export is being built; try again in a few seconds.", "另一个 Anki 导出正在生成，请几秒后再试。");
  }
  running++;
  try {
    // raw rows (no ORM mapping on the event loop); parsed in the worker thread (lib/anki/export scheduleMaps)
    const { settings, cards, logs } = await getStore().read(function* () {
      const settings = (yield get(`SELECT "desiredRetention", "newPerDay", "maxReviewsPerDay" FROM "UserSettings" WHERE "userId" = ?`, userId)) as
        | { desiredRetention: number; newPerDay: number; maxReviewsPerDay: number }
        | undefined;
      const cards = (yield all(
        `SELECT "itemId", "due", "stability", "difficulty", "scheduledDays", "learningSteps", "reps", "lapses", "state", "lastReview" FROM "Card" WHERE "userId" = ?`,
        userId,
      )) as CardRow[];
      const logs = (yield all(
        `SELECT "itemId", "rating", "review", "durationMs", "previousCard" FROM "ReviewLog" WHERE "userId" = ? AND "undoneAt" IS NULL ORDER BY "review" ASC, "createdAt" ASC`,
        userId,
      )) as ReviewRow[];
      return { settings, cards, logs };
    });
    const retention = settings?.desiredRetention ?? DEFAULT_RETENTION;
    const items = getBank().items;
    const { fields } = await ankiFieldsFor(items, lang);
    const { result, ms } = await runCpuJob("apkg", {
      items,
      fields,
      cards,
      logs,
      lang,
      now,
      desiredRetention: retention,
      newPerDay: settings?.newPerDay ?? 10,
      maxReviewsPerDay: settings?.maxReviewsPerDay ?? 200,
    });
    // buildMs: the package's time in the worker thread
    return { ...result, buildMs: ms, cleanup: () => fsp.rm(path.dirname(result.file), { recursive: true, force: true }) };
  } finally {
    running--;
  }
}
