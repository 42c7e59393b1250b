import "server-only";
import { cache } from "react";
import { getPrisma } from "./prisma";
import { getStore } from "./store";
import { LOCAL_USER_SQL } from "@/lib/db/local-user";
import { get } from "@/lib/db/steps";

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
  const user = await getStore().read(function* () {
    return (yield get(LOCAL_USER_SQL)) as CurrentUser | undefined;
  });
  if (user) return user;
  const db = await getPrisma();
  // Start-up creates the local user; this covers a database wiped while the server runs.
  return db.$transaction((tx) => tx.user.create({ data: { name: "Local learner", isLocal: true }, select: { id: true, name: true } }));
});
