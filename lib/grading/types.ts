/**
 * Types of the answer graders, as fixed by docs/contracts.md ("lib/grading — key-point matching").
 *
 * `Lang` and `Bilingual` are the shared shapes of the contract; they are declared here again
 * (structurally identical) so that the graders do not depend on the TCP engine.
 */

export type Lang = "zh" | "en";
export type Bilingual = { zh: string; en: string };

/**
 * One thing a good answer must say.
 *
 * `match.zh` / `match.en` are alternative phrasings. Inside one phrasing, ` + ` separates terms that
 * must all appear (in any order) and ` | ` separates synonyms of one term:
 * `"旧的 | 历史 | 过期 + SYN | 连接请求"`.
 */
export interface KeyPoint {
  /** Unique within its question. */
  id: string;
  /** What the point is, shown when it was missed. */
  label: Bilingual;
  match: { zh: string[]; en: string[] };
}

/** A half-open range `[start, end)` of UTF-16 code units into the original answer (as `String.slice`). */
export type Span = [number, number];

export interface KeyPointMatch {
  id: string;
  /** Where the terms of the matching phrasing occur: sorted, non-overlapping, never splitting a surrogate pair. */
  spans: Span[];
}

export interface KeyPointResult {
  /** matched / total, in [0, 1]; 0 when there are no key points. */
  coverage: number;
  /** In the order of the key points given. */
  matched: KeyPointMatch[];
  /** Ids of the key points not matched, in the order given. */
  missed: string[];
}

/** A piece of the answer for rendering: either highlighted or not. Plain text, never HTML. */
export interface HighlightSegment {
  text: string;
  matched: boolean;
}

/** The four answer buttons, numbered as ts-fsrs numbers them (Rating.Again = 1 … Rating.Easy = 4). */
export type Rating = 1 | 2 | 3 | 4;
