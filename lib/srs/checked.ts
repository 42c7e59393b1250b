/**
 * The answers a practice session has checked, kept on the session row (PracticeSession.checked)
 * by position: a reload, a language switch, browser Back or an undo shows the card as checked
 * with the same answer, and the first attempt is the one that counts (checking again returns
 * the stored answer's grade, and the rating records its correctness). Only the last few
 * positions are kept: undo steps back one card at a time. Pure; the stored JSON is parsed
 * defensively (a damaged value reads as empty).
 */
export interface CheckedEntry {
  itemId: string;
  /** the answer as the check API took it (validated by AnswerBody when it was checked) */
  answer: unknown;
  responseMs: number;
  correct: boolean | null;
  /** cram sessions only: the rating given (ratings there change no card; the session keeps them) */
  rating?: number;
}

export type CheckedMap = Record<string, CheckedEntry>;

export const CHECKED_KEEP = 8;

export function parseChecked(json: string | null | undefined): CheckedMap {
  if (!json) return {};
  try {
    const o = JSON.parse(json) as unknown;
    if (!o || typeof o !== "object" || Array.isArray(o)) return {};
    const out: CheckedMap = {};
    for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
      if (!/^\d+$/.test(k) || !v || typeof v !== "object") continue;
      const e = v as Record<string, unknown>;
      if (typeof e.itemId !== "string" || typeof e.responseMs !== "number" || !(e.correct === null || typeof e.correct === "boolean")) continue;
      out[k] = { itemId: e.itemId, answer: e.answer, responseMs: e.responseMs, correct: e.correct, ...(typeof e.rating === "number" ? { rating: e.rating } : {}) };
    }
    return out;
  } catch {
    return {};
  }
}

/** The entry checked at `position`, when it was for `itemId`. */
export function checkedAt(map: CheckedMap, position: number, itemId: string): CheckedEntry | null {
  const e = map[String(position)];
  return e && e.itemId === itemId ? e : null;
}

/**
 * The map with `entry` at `position` (the first check stays), trimmed to the last `keep`
 * positions (CHECKED_KEEP; a cram session keeps them all: they are its only record).
 */
export function withChecked(map: CheckedMap, position: number, entry: CheckedEntry, keep = CHECKED_KEEP): CheckedMap {
  const existing = checkedAt(map, position, entry.itemId);
  const next: CheckedMap = { ...map, [String(position)]: existing ?? entry };
  const keys = Object.keys(next)
    .map(Number)
    .sort((a, b) => b - a)
    .slice(0, keep);
  return Object.fromEntries(keys.map((k) => [String(k), next[String(k)]]));
}
