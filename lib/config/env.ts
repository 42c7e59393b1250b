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

export interface AppConfig {
  database: DatabaseTarget;
  /** the SQLite file; null when the database is PostgreSQL */
  databaseFile: string | null;
  port: number;
  /** Address to listen on; all interfaces unless HOSTNAME is set. */
  hostname: string | undefined;
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
  };
}
