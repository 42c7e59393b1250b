import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { authModeFromEnv, type AuthMode } from "@/lib/config/auth";
import { getPrisma } from "./prisma";
import { getStore } from "./store";
import { HttpError } from "./http";
import { LOCAL_USER_SQL } from "@/lib/db/local-user";
import { get } from "@/lib/db/steps";

export interface CurrentUser {
  id: string;
  name: string;
  /** the sign-in address (accounts mode); null for the local learner */
  email: string | null;
}

/** local: the one local learner, no sign-in; accounts: better-auth sessions (lib/config/auth.ts). */
export function authMode(): AuthMode {
  return authModeFromEnv(process.env);
}

/**
 * The one place that decides who a request acts for. Every page, route handler and server action
 * asks here and passes the returned id to the data layer — no query assumes there is a single user.
 *
 * - local mode: the local user created at start-up, exactly as before accounts existed.
 * - accounts mode: the learner of the request's better-auth session (a row of Session, checked on
 *   every request), or nobody.
 */
export const getSignedInUser = cache(async (): Promise<CurrentUser | null> => {
  if (authMode() === "local") return localUser();
  const { getAuth } = await import("./auth");
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: await headers() });
  if (!session) return null;
  return { id: session.user.id, name: session.user.name, email: session.user.email };
});

/** For pages and server actions: the learner, or (accounts mode, signed out) the sign-in page. */
export async function getCurrentUser(): Promise<CurrentUser> {
  const user = await getSignedInUser();
  if (!user) redirect("/sign-in");
  return user;
}

/** For route handlers: the learner, or (accounts mode, signed out) a 401 JSON answer via route(). */
export async function getApiUser(): Promise<CurrentUser> {
  const user = await getSignedInUser();
  if (!user) throw new HttpError(401, "sign_in_required", "Sign in to use this.", "请先登录。");
  return user;
}

async function localUser(): Promise<CurrentUser> {
  const user = await getStore().read(function* () {
    return (yield get(LOCAL_USER_SQL)) as { id: string; name: string } | undefined;
  });
  if (user) return { ...user, email: null };
  const db = await getPrisma();
  // Start-up creates the local user; this covers a database wiped while the server runs.
  const created = await db.$transaction((tx) => tx.user.create({ data: { name: "Local learner", isLocal: true }, select: { id: true, name: true } }));
  return { ...created, email: null };
}
