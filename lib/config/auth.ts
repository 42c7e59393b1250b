import { z } from "zod";
import { ConfigError } from "./database-url";
import { hostPolicyFromEnv, isLoopbackAddress } from "../http/hosts";

/**
 * Who may use this instance (pure; read from the environment at the boundary).
 *
 * - `local` (the default): the one local learner, no sign-in — TCP Drill on one's own machine.
 * - `accounts` (AUTH_MODE=accounts): sign-in with better-auth (lib/server/auth.ts); every page,
 *   route and server action acts for the signed-in learner (lib/server/users.ts).
 *
 * Listening on an address other machines can reach needs `accounts` (or the explicit
 * TRUSTED_NETWORK=1 of the safe-by-default issue); scripts/start.ts refuses otherwise.
 */
export type AuthMode = "local" | "accounts";

export interface OAuthProvider {
  clientId: string;
  clientSecret: string;
}

export interface AccountsConfig {
  /** better-auth's secret: signs the session cookie (at least 32 characters) */
  secret: string;
  /** the public URL learners use (BETTER_AUTH_URL); https makes every cookie Secure */
  baseURL: string;
  /** origins whose POSTs better-auth accepts: this server's hosts on its port, ALLOWED_HOSTS, BETTER_AUTH_URL */
  trustedOrigins: string[];
  github?: OAuthProvider;
  google?: OAuthProvider;
  /** sign-in (and sign-up) attempts allowed per client address per minute (AUTH_ATTEMPTS_PER_MINUTE) */
  attemptsPerMinute: number;
}

const MIN_SECRET = 32;
/** Five a minute per address: enough for a person who mistypes, far too few to guess passwords. */
export const DEFAULT_ATTEMPTS_PER_MINUTE = 5;

/** AUTH_MODE, validated; "local" when unset. */
export function authModeFromEnv(env: Record<string, string | undefined> = process.env): AuthMode {
  const v = env.AUTH_MODE?.trim().toLowerCase() ?? "";
  if (v === "" || v === "local") return "local";
  if (v === "accounts") return "accounts";
  throw new ConfigError(`AUTH_MODE must be "local" or "accounts" (got "${env.AUTH_MODE!.slice(0, 40)}")`);
}

const Url = z.url({ protocol: /^https?$/ });

/**
 * The accounts mode's settings; throws ConfigError with one line when one is missing or wrong
 * (start-up prints it and stops). OAuth providers are on only when both their id and secret are set.
 */
export function accountsConfigFromEnv(env: Record<string, string | undefined> = process.env): AccountsConfig {
  const secret = env.BETTER_AUTH_SECRET ?? "";
  if (secret.length < MIN_SECRET) {
    throw new ConfigError(
      `AUTH_MODE=accounts needs BETTER_AUTH_SECRET of at least ${MIN_SECRET} characters (it signs the session cookies), e.g. BETTER_AUTH_SECRET=$(openssl rand -base64 32)`,
    );
  }
  const policy = hostPolicyFromEnv(env);
  let baseURL = `http://localhost:${policy.port}`;
  if (env.BETTER_AUTH_URL) {
    if (!Url.safeParse(env.BETTER_AUTH_URL).success) {
      throw new ConfigError(`BETTER_AUTH_URL must be an http(s) URL such as https://drill.example.org (got "${env.BETTER_AUTH_URL.slice(0, 80)}")`);
    }
    baseURL = new URL(env.BETTER_AUTH_URL).origin;
  }
  const origins = new Set<string>([baseURL]);
  for (const name of ["localhost", "127.0.0.1", "[::1]"]) origins.add(`http://${name}:${policy.port}`);
  for (const host of policy.allowed) {
    origins.add(`https://${host}`);
    origins.add(`http://${host}`);
    if (!host.includes(":") || host.startsWith("[")) origins.add(`http://${host}:${policy.port}`);
  }
  let attemptsPerMinute = DEFAULT_ATTEMPTS_PER_MINUTE;
  if (env.AUTH_ATTEMPTS_PER_MINUTE !== undefined && env.AUTH_ATTEMPTS_PER_MINUTE.trim() !== "") {
    attemptsPerMinute = Number(env.AUTH_ATTEMPTS_PER_MINUTE);
    if (!Number.isInteger(attemptsPerMinute) || attemptsPerMinute < 1 || attemptsPerMinute > 1000) {
      throw new ConfigError(`AUTH_ATTEMPTS_PER_MINUTE must be a whole number from 1 to 1000 (got "${env.AUTH_ATTEMPTS_PER_MINUTE.slice(0, 20)}")`);
    }
  }
  const provider = (id?: string, secret?: string): OAuthProvider | undefined => (id && secret ? { clientId: id, clientSecret: secret } : undefined);
  return {
    secret,
    baseURL,
    trustedOrigins: [...origins],
    github: provider(env.GITHUB_CLIENT_ID, env.GITHUB_CLIENT_SECRET),
    google: provider(env.GOOGLE_CLIENT_ID, env.GOOGLE_CLIENT_SECRET),
    attemptsPerMinute,
  };
}

/**
 * Start-up's check of the mode against the address it listens on: the one line to print and stop
 * with, or null when the combination is allowed.
 */
export function listenRefusal(hostname: string | undefined, env: Record<string, string | undefined>): string | null {
  let mode: AuthMode;
  try {
    mode = authModeFromEnv(env);
    if (mode === "accounts") accountsConfigFromEnv(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  if (!hostname || isLoopbackAddress(hostname) || mode === "accounts" || env.TRUSTED_NETWORK === "1") return null;
  return `refusing to listen on ${hostname}: without sign-in anyone who can reach it could read and replace all progress. Set AUTH_MODE=accounts (sign-in, with BETTER_AUTH_SECRET), use HOSTNAME=127.0.0.1, or set TRUSTED_NETWORK=1 if every machine on that network may.`;
}
