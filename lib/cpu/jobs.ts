/**
 * The CPU-heavy jobs the server runs off its event loop (lib/server/cpu-worker.ts runs them in
 * its worker thread, by name). Each is pure: its input and output cross the thread boundary by
 * structured clone (plain data and Dates; no functions, no class instances).
 *
 * Nothing here may import "server-only" code: this module is loaded in the worker thread, outside
 * Next's server bundle.
 */
import { noteFields, type AnkiNoteFields } from "@/lib/anki/notes";
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
} satisfies Record<string, (input: never) => unknown>;

export type JobTable = Record<string, (input: never) => unknown>;
