import "server-only";
import { sqliteDate } from "@/lib/db/dates";
import { LOCAL_USER_SQL } from "@/lib/db/local-user";
import { get, run, type Dialect, type Steps } from "@/lib/db/steps";
import { getStore } from "./store";
import { deleteAllPersonalSteps } from "./captures";

/**
 * Accounts mode's own writes: claiming the local learner's progress into an account (once per
 * instance, explicit), and deleting an account with everything it owns. Both are one transaction
 * through the data layer (lib/server/store.ts), on SQLite and PostgreSQL alike.
 */

/** The tables whose rows belong to one learner by "userId" (every one cascades from User). */
export const LEARNER_TABLES = ["Card", "ReviewLog", "PracticeSession", "MockInterview", "GradeDispute", "UserSettings", "FittedParameters"] as const;

export interface LocalProgress {
  cards: number;
  reviews: number;
  mocks: number;
  sessions: number;
}

export type ClaimOutcome =
  | { status: "claimed"; progress: LocalProgress }
  /** there is no local progress to claim */
  | { status: "nothing" }
  /** the local progress was claimed before (by this or another account) */
  | { status: "already" }
  /** this account has progress of its own: a claim would mix two histories */
  | { status: "not_empty" };

function* countsFor(userId: string): Steps<LocalProgress> {
  const count = (table: string) => get(`SELECT COUNT(*) AS "n" FROM "${table}" WHERE "userId" = ?`, userId);
  const cards = Number(((yield count("Card")) as { n: number | string }).n);
  const reviews = Number(((yield count("ReviewLog")) as { n: number | string }).n);
  const mocks = Number(((yield count("MockInterview")) as { n: number | string }).n);
  const sessions = Number(((yield count("PracticeSession")) as { n: number | string }).n);
  return { cards, reviews, mocks, sessions };
}

const isEmpty = (p: LocalProgress) => p.cards + p.reviews + p.mocks + p.sessions === 0;

function* claimedBefore(): Steps<boolean> {
  return !!(yield get(`SELECT "id" FROM "User" WHERE "claimedLocalAt" IS NOT NULL LIMIT 1`));
}

/** What the local learner has that an account could claim; null when nothing (or already claimed). */
export async function claimableLocalProgress(): Promise<LocalProgress | null> {
  return getStore().read(function* () {
    const local = (yield get(LOCAL_USER_SQL)) as { id: string } | undefined;
    if (!local || (yield* claimedBefore())) return null;
    const progress = yield* countsFor(local.id);
    return isEmpty(progress) ? null : progress;
  });
}

/**
 * Moves every row of the local learner to account `userId`, in one transaction, and records the
 * claim on the account so that it happens once per instance. Refused when the account already
 * has progress of its own. On PostgreSQL the transaction holds the account's learner lock (the
 * store takes it) and then the local learner's, so two accounts claiming at once are ordered and
 * the second sees the first's claim.
 */
export function claimLocalProgress(userId: string, now: Date = new Date()): Promise<ClaimOutcome> {
  const store = getStore();
  return store.write(userId, () => claimSteps(store.dialect, userId, now));
}

export function* claimSteps(dialect: Dialect, userId: string, now: Date): Steps<ClaimOutcome> {
  const local = (yield get(LOCAL_USER_SQL)) as { id: string } | undefined;
  if (!local || local.id === userId) return { status: "nothing" };
  if (dialect === "postgresql") yield get(`SELECT "id" FROM "User" WHERE "id" = ? FOR UPDATE`, local.id);
  if (yield* claimedBefore()) return { status: "already" };
  const progress = yield* countsFor(local.id);
  if (isEmpty(progress)) return { status: "nothing" };
  if (!isEmpty(yield* countsFor(userId))) return { status: "not_empty" };
  // The account's own settings (if it saved any) give way to the local learner's.
  if ((yield get(`SELECT "userId" FROM "UserSettings" WHERE "userId" = ?`, local.id)) !== undefined) {
    yield run(`DELETE FROM "UserSettings" WHERE "userId" = ?`, userId);
  }
  // Fitted weights go with the reviews they were fitted on (the account's own runs had none); the
  // day's interview plan is made again for the account.
  yield run(`DELETE FROM "FittedParameters" WHERE "userId" = ?`, userId);
  yield run(`DELETE FROM "LearnerPlan" WHERE "userId" = ? OR "userId" = ?`, userId, local.id);
  for (const table of LEARNER_TABLES) yield run(`UPDATE "${table}" SET "userId" = ? WHERE "userId" = ?`, userId, local.id);
  yield run(`UPDATE "User" SET "claimedLocalAt" = ? WHERE "id" = ?`, sqliteDate(now), userId);
  return { status: "claimed", progress };
}

/**
 * Deletes account `userId` and everything it owns — progress, mock interviews, disputes, settings,
 * sessions, sign-in methods — in one transaction: one DELETE of the User row, every other row
 * following through ON DELETE CASCADE (prisma/schema.prisma), after the learner's personal items
 * (./captures.ts: Item rows that no cascade reaches). The local learner cannot be deleted.
 * Resolves to whether a row was deleted.
 */
export function deleteAccount(userId: string): Promise<boolean> {
  return getStore().write(userId, function* () {
    const local = (yield get(`SELECT "isLocal" FROM "User" WHERE "id" = ?`, userId)) as { isLocal: number | boolean } | undefined;
    if (!local || local.isLocal) return false;
    yield* deleteAllPersonalSteps(userId);
    return ((yield run(`DELETE FROM "User" WHERE "id" = ? AND "isLocal" = FALSE`, userId)) as number) === 1;
  });
}
