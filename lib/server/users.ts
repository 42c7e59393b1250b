import "server-only";
import { cache } from "react";
import { getPrisma } from "./prisma";
import { read, stmt } from "./sqlite";

export interface CurrentUser {
  id: string;
  name: string;
}

/**
 * The user a request acts for. Without sign-in this is the local user created at start-up;
 * when accounts come, this is the one place that reads the session. Callers always pass the
 * returned id to the data layer — no query assumes there is a single user.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser> => {
  const user = await read(
    (db) => stmt(db, `SELECT id, name FROM "User" WHERE isLocal = 1 ORDER BY createdAt LIMIT 1`).get() as CurrentUser | undefined,
  );
  if (user) return user;
  const db = await getPrisma();
  // Start-up creates the local user; this covers a database wiped while the server runs.
  return db.$transaction((tx) => tx.user.create({ data: { name: "Local learner", isLocal: true }, select: { id: true, name: true } }));
});
