/**
 * The learner's applied FSRS weights as a step of the shared write/read paths (lib/db/steps.ts):
 * the newest FittedParameters row marked applied, else none (ts-fsrs's defaults). The rating
 * transaction reads them inside its own transaction, so a rating is always scheduled with the
 * weights in force when it commits. Not server-only: no Next.js, no Prisma.
 */
import { WeightsSchema } from "@/lib/schedule/model";
import { get, type Steps } from "./steps";

export interface AppliedWeights {
  weights: number[];
  fittedAt: Date;
}

export const APPLIED_WEIGHTS_SQL = `SELECT "weights", "createdAt" FROM "FittedParameters" WHERE "userId" = ? AND "applied" = TRUE AND "weights" IS NOT NULL ORDER BY "createdAt" DESC, "id" DESC LIMIT 1`;

/** A stored weights column, or null when it is not 21 finite numbers (never used then). */
export function parseWeights(text: string | null): number[] | null {
  if (text === null) return null;
  try {
    const r = WeightsSchema.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export function* appliedWeightsSteps(userId: string): Steps<AppliedWeights | null> {
  const row = (yield get(APPLIED_WEIGHTS_SQL, userId)) as { weights: string | null; createdAt: string | Date } | undefined;
  const weights = row ? parseWeights(row.weights) : null;
  return row && weights ? { weights, fittedAt: new Date(row.createdAt) } : null;
}
