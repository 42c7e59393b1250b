import { z } from "zod";
import { ConfigError, parseDatabaseTarget, type DatabaseTarget } from "./database-url";

export { ConfigError } from "./database-url";

const EnvSchema = z.object({
  DATABASE_URL: z.string().optional(),
  PORT: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return 3000;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 65535) {
        ctx.addIssue({ code: "custom", message: `PORT must be a whole number from 1 to 65535 (got "${v}")` });
        return z.NEVER;
      }
      return n;
    }),
  HOSTNAME: z.string().optional(),
});

/**
 * PostgreSQL: how long a statement waits for a lock someone else holds before it gives up with
 * SQLSTATE 55P03 — answered as "locked" (503 with Retry-After, nothing saved; lib/db/faults.ts),
 * like SQLite's busy timeout. Long enough for the app's own queue of one learner's writes under load
 * (each write takes that learner's row lock; the two-instance load test's p99 is ~7 s on 2 cores),
 * short enough that a lock left open by another process — a psql session, a stuck migration — never
 * freezes requests. PG_LOCK_TIMEOUT_MS overrides it (100 ms to 10 minutes).
 */
export const DEFAULT_PG_LOCK_TIMEOUT_MS = 15_000;

export function pgLockTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  const v = env.PG_LOCK_TIMEOUT_MS;
  if (v === undefined || v.trim() === "") return DEFAULT_PG_LOCK_TIMEOUT_MS;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 100 || n > 600_000) throw new ConfigError(`PG_LOCK_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000 (got "${v}")`);
  return n;
}

export interface AppConfig {
  database: DatabaseTarget;
  /** the SQLite file; null when the database is PostgreSQL */
  databaseFile: string | null;
  port: number;
  /** Address to listen on; all interfaces unless HOSTNAME is set. */
  hostname: string | undefined;
  /** PostgreSQL lock timeout (ms): see pgLockTimeoutMs */
  pgLockTimeoutMs: number;
}

/** Reads the environment once, at the boundary; throws ConfigError with a one-line message. */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd?: string): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => i.message).join("; "));
  }
  const database = parseDatabaseTarget(parsed.data.DATABASE_URL, cwd);
  return {
    database,
    databaseFile: database.provider === "sqlite" ? database.file : null,
    port: parsed.data.PORT,
    hostname: parsed.data.HOSTNAME?.trim() || undefined,
    pgLockTimeoutMs: pgLockTimeoutMs(env),
  };
}
