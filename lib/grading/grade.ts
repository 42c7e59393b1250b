/**
 * The one grading entry point for answers graded by key points (open items, and flashcards in the
 * mock interview's spoken turns): practice, the mock interview, `npm run grade` and the labelled-set
 * evaluation all call `gradeItem`, so what the command says is what the learner sees.
 */
import { gradeClaims, type GradeResult, type Verdict } from "./claims";
import type { Lang } from "./types";

export interface GradableItem {
  id: string;
  keyPoints: readonly { id: string; claims: readonly string[]; optional?: boolean }[];
  misconceptions?: readonly { id: string; claims: readonly string[] }[];
}

export type { GradeResult, Verdict };

export function gradeItem(item: GradableItem, answer: string, lang: Lang): GradeResult {
  if (answer.trim() === "") {
    return { verdict: "incorrect", coverage: 0, matched: [], missed: item.keyPoints.map((k) => k.id), misconceptions: [] };
  }
  return gradeClaims(answer, { keyPoints: item.keyPoints, misconceptions: item.misconceptions ?? [] }, lang);
}

/** Whether a verdict passes: what an interviewer accepts and moves on from. */
export const passes = (v: Verdict) => v === "correct";
