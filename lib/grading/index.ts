/**
 * Answer graders (pure: no React, Next.js or Prisma). See docs/contracts.md.
 * - keypoints: coverage of an open answer's key points, in Chinese and English, with highlight spans;
 *   the tokenizer is shared with search.
 * - rating: the suggested Again / Hard / Good / Easy for an answer.
 */
export * from "./types";
export { highlight, matchKeyPoints, normalize, parsePhrasing, stem, tokenize } from "./keypoints";
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
