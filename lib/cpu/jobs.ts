/**
 * The CPU-heavy jobs the server runs off its event loop (lib/server/cpu-worker.ts runs them in
 * its worker thread, by name). Each is pure: its input and output cross the thread boundary by
 * structured clone (plain data and Dates; no functions, no class instances).
 *
 * Nothing here may import "server-only" code: this module is loaded in the worker thread, outside
 * Next's server bundle.
 */
import { apkgNotes, scheduleMaps, type CardRow, type ReviewRow } from "@/lib/anki/export";
import { noteFields, type AnkiNoteFields } from "@/lib/anki/notes";
import { buildApkg, type ApkgInput } from "@/lib/anki/package";
import type { LoadedItem } from "@/lib/content/loader";
import type { Locale } from "@/lib/i18n/config";
import { workloadCurve, type WorkloadOptions, type WorkloadPoint } from "@/lib/schedule/calibration";
import { planUntil, type PlanInput, type PlanResult } from "@/lib/schedule/plan";

export const JOBS = {
  /** interview-date mode's plan (lib/schedule/plan.ts): one to several seconds */
  plan: (input: PlanInput): PlanResult => planUntil(input),
  /** the workload-vs-retention curve (lib/schedule/calibration.ts): 3 to 5 s for the whole curve */
  workload: (input: WorkloadOptions): WorkloadPoint[] => workloadCurve(input),
  /** every item's Anki note fields in one language (lib/anki/notes.ts; engine answers included) */
  ankiFields: (input: { items: LoadedItem[]; lang: Locale }): AnkiNoteFields[] => input.items.map((item) => noteFields(item, input.lang)),
  /**
   * One learner's Anki package (lib/anki) from their card and review rows as read: the reviews
   * parsed, the notes with their schedule, the collection written
   * with better-sqlite3 and zipped, in a temporary folder the caller removes (the file's folder).
   */
  apkg: async (input: ApkgJobInput): Promise<{ file: string; size: number }> => {
    const { cards, reviews } = scheduleMaps(input.cards, input.logs);
    const notes = apkgNotes(input.items, cards, reviews, input.lang, input.now, input.desiredRetention, input.fields);
    const { file, size } = await buildApkg({ lang: input.lang, now: input.now, notes, desiredRetention: input.desiredRetention, newPerDay: input.newPerDay, maxReviewsPerDay: input.maxReviewsPerDay });
    return { file, size };
  },
} satisfies JobTable;

export interface ApkgJobInput extends Omit<ApkgInput, "notes"> {
  items: LoadedItem[];
  /** the items' note fields in `lang`, rendered beforehand (job ankiFields) */
  fields: AnkiNoteFields[];
  cards: CardRow[];
  /** the kept reviews, oldest first */
  logs: ReviewRow[];
}

export type JobTable = Record<string, (input: never) => unknown>;
