import "server-only";
import { redirect } from "next/navigation";
import { accountsConfigFromEnv } from "@/lib/config/auth";
import { MAX_PASSWORD, MIN_PASSWORD } from "./auth";
import { authMode, getSignedInUser } from "./users";

/** Where to go after signing in: a path of this site only (never "//host" or a full URL). */
export function safeNext(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  return v && /^\/(?![/\\])[\x21-\x7e]*$/.test(v) ? v : "/";
}

/**
 * What the sign-in and sign-up pages need; sends a learner who has nothing to do there away
 * (local mode has no sign-in; a signed-in learner goes on).
 */
export async function signInPageData(next: string) {
  if (authMode() !== "accounts") redirect("/");
  if (await getSignedInUser()) redirect(next);
  const config = accountsConfigFromEnv(process.env);
  const providers = [...(config.github ? [{ id: "github", name: "GitHub" }] : []), ...(config.google ? [{ id: "google", name: "Google" }] : [])];
  return { providers, minPassword: MIN_PASSWORD, maxPassword: MAX_PASSWORD };
}
