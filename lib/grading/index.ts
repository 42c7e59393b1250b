/**
 * Answer graders (pure: no React, Next.js or Prisma). See docs/contracts.md.
 * - claims / analyze / lexicon / grade: the claim grader for open answers and spoken flashcards
 *   (key points as claims over a bilingual lexicon, misconceptions); one entry point, gradeItem.
 * - keypoints: normalisation and tokenizing shared with search, and the highlighter.
 * - rating: the suggested Again / Hard / Good / Easy for an answer.
 */
export * from "./types";
export { highlight, normalize, stem, tokenize } from "./keypoints";
export { gradeClaims, parseClaim, listPieces } from "./claims";
export type { GradeResult, Verdict, ClaimPoint, PointMatch } from "./claims";
export { gradeItem, passes } from "./grade";
export { analyze } from "./analyze";
export type { Token } from "./keypoints";
export {
  FAST_FACTOR,
  GOOD_COVERAGE,
  PASS_COVERAGE,
  RATING,
  SLOW_FACTOR,
  suggestRating,
  suggestRatingFromCoverage,
} from "./rating";
export type { Timing } from "./rating";
