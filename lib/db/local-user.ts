import crypto from "node:crypto";
import { sqliteDate } from "./dates";
import { get, run, type Steps } from "./steps";

/** The one user served without sign-in (the oldest local one, should there be more). */
export const LOCAL_USER_SQL = `SELECT "id", "name" FROM "User" WHERE "isLocal" = TRUE ORDER BY "createdAt" LIMIT 1`;

/** Finds the local user, creating it when there is none (run it in a transaction). */
export function* ensureLocalUserSteps(): Steps<{ id: string; created: boolean }> {
  const row = (yield get(LOCAL_USER_SQL)) as { id: string } | undefined;
  if (row) return { id: row.id, created: false };
  const id = crypto.randomUUID();
  yield run(`INSERT INTO "User" ("id", "name", "isLocal", "createdAt") VALUES (?, ?, TRUE, ?)`, id, "Local learner", sqliteDate(new Date()));
  return { id, created: true };
}
