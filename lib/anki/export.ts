/**
 * The bank and one learner's schedule as the notes of an Anki package (pure): one note per
 * live item, in bank order, each with its card (the learner's FSRS state, or new) and the card's
 * kept reviews as revlog rows. See ./schedule.ts for what is carried and what is not.
 *
 * `fields`, when given, are the items' note fields already rendered (noteFields of each item in
 * `lang`, in the same order): rendering them is the costly part (engine answers), so the server
 * renders them once per bank and language in its worker thread (lib/server/apkg-export.ts).
 */
import type { LoadedItem } from "@/lib/content/loader";
import type { Locale } from "@/lib/i18n/config";
import { noteFields, noteGuid, type AnkiNoteFields } from "./notes";
import type { ApkgNote } from "./package";
import { ankiCardSchedule, ankiRevlog, type ScheduleCard, type ScheduleReview } from "./schedule";

export function apkgNotes(
  items: readonly LoadedItem[],
  cards: ReadonlyMap<string, ScheduleCard>,
  reviews: ReadonlyMap<string, readonly ScheduleReview[]>,
  lang: Locale,
  now: Date,
  desiredRetention: number,
  fields?: readonly AnkiNoteFields[],
): ApkgNote[] {
  if (fields && fields.length !== items.length) throw new Error(`apkgNotes: ${fields.length} rendered notes for ${items.length} items`);
  const taken = new Map<number, number>();
  let position = 0;
  return items.map((item, i) => {
    const card = cards.get(item.id) ?? null;
    const schedule = ankiCardSchedule(card, position + 1, now, desiredRetention);
    if (schedule.queue === 0) position++;
    const kept = card ? [...(reviews.get(item.id) ?? [])].sort((a, b) => a.review.getTime() - b.review.getTime()) : [];
    return { guid: noteGuid(item.id, lang), fields: fields ? fields[i] : noteFields(item, lang), card: schedule, revlog: card ? ankiRevlog(kept, card, taken) : [] };
  });
}

/** A card row as the database gives it (dates as Date or ISO text, by dialect). */
export type CardRow = Omit<ScheduleCard, "due" | "lastReview"> & { itemId: string; due: Date | string; lastReview: Date | string | null };
/** A kept review row: `previousCard` is the card before the review, as JSON (lib/db/rating-transaction). */
export interface ReviewRow {
  itemId: string;
  rating: number;
  review: Date | string;
  durationMs: number;
  previousCard: string;
}

/** The learner's cards and kept reviews (rows in review order) as apkgNotes takes them. */
export function scheduleMaps(cards: readonly CardRow[], logs: readonly ReviewRow[]): { cards: Map<string, ScheduleCard>; reviews: Map<string, ScheduleReview[]> } {
  const date = (d: Date | string) => (d instanceof Date ? d : new Date(d));
  const cardMap = new Map<string, ScheduleCard>(
    cards.map(({ itemId, ...c }) => [itemId, { ...c, due: date(c.due), lastReview: c.lastReview === null ? null : date(c.lastReview) }]),
  );
  const reviews = new Map<string, ScheduleReview[]>();
  for (const l of logs) {
    let p: Omit<ScheduleCard, "due" | "lastReview"> & { due: string; lastReview: string | null };
    try {
      p = JSON.parse(l.previousCard);
    } catch {
      continue;
    }
    // A review whose card-before is not a card (rows written by hand or by tests, never by a rating)
    // cannot be described to Anki: it is left out of the revlog rather than breaking the package.
    if (typeof p !== "object" || p === null || typeof p.state !== "number" || typeof p.scheduledDays !== "number" || Number.isNaN(Date.parse(String(p.due)))) continue;
    const before: ScheduleCard = { ...p, due: new Date(p.due), lastReview: p.lastReview == null ? null : new Date(p.lastReview) };
    const list = reviews.get(l.itemId) ?? [];
    list.push({ rating: l.rating, review: date(l.review), durationMs: l.durationMs, before });
    reviews.set(l.itemId, list);
  }
  return { cards: cardMap, reviews };
}
