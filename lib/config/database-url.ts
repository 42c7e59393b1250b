import path from "node:path";

/** Where the embedded database lives when DATABASE_URL is not set (git-ignored). */
export const DEFAULT_DATABASE_FILE = path.join("data", "tcp-drill.db");

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Where the app keeps its data: an SQLite file (the default), or a PostgreSQL database. */
export type DatabaseTarget = { provider: "sqlite"; file: string } | { provider: "postgresql"; url: string };

/**
 * DATABASE_URL, validated: a `postgresql://` (or `postgres://`) URL selects PostgreSQL (through
 * @prisma/adapter-pg and pg); anything else must be a `file:` URL, which keeps SQLite.
 */
export function parseDatabaseTarget(url: string | undefined, cwd: string = process.cwd()): DatabaseTarget {
  const value = url?.trim() ?? "";
  if (/^postgres(ql)?:\/\//i.test(value)) {
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw new ConfigError(`DATABASE_URL is not a valid URL: "${truncate(redact(value))}"`);
    }
    if (parsed.hostname === "" || parsed.pathname.replace(/^\//, "") === "") {
      throw new ConfigError(
        `DATABASE_URL must name a PostgreSQL host and database, e.g. postgresql://user:password@127.0.0.1:5432/tcp_drill (got "${truncate(redact(value))}")`,
      );
    }
    return { provider: "postgresql", url: value };
  }
  return { provider: "sqlite", file: parseDatabaseUrl(url, cwd) };
}

/** A database URL with its password replaced, for messages. */
export function redact(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:@/]*:)[^@/]*@/i, "$1***@");
}

/**
 * Turns an SQLite DATABASE_URL into an absolute file path. Only `file:` URLs are accepted here
 * (postgresql:// URLs are taken by parseDatabaseTarget first); a relative path is resolved against `cwd` (the project root when started
 * with npm), e.g. `file:./data/other.db`. `file::memory:` is refused: progress must persist.
 */
export function parseDatabaseUrl(url: string | undefined, cwd: string = process.cwd()): string {
  if (url === undefined || url.trim() === "") return path.resolve(cwd, DEFAULT_DATABASE_FILE);
  const value = url.trim();
  if (!value.startsWith("file:")) {
    throw new ConfigError(
      `DATABASE_URL must be a file: URL such as file:./data/tcp-drill.db, or a postgresql:// URL (got "${truncate(value)}")`,
    );
  }
  let rest = value.slice("file:".length);
  const query = rest.indexOf("?");
  if (query >= 0) rest = rest.slice(0, query);
  if (rest.startsWith("//")) {
    // file:///abs/path or file://localhost/abs/path
    rest = rest.replace(/^\/\/(localhost)?/, "");
  }
  try {
    rest = decodeURIComponent(rest);
  } catch {
    throw new ConfigError(`DATABASE_URL is not a valid URL: "${truncate(value)}"`);
  }
  if (rest === "" || rest === ":memory:" || rest.endsWith("/")) {
    throw new ConfigError(
      `DATABASE_URL must name a database file, e.g. file:./data/tcp-drill.db (got "${truncate(value)}")`,
    );
  }
  return path.resolve(cwd, rest);
}

/** The database file for an environment, for the Prisma CLI and the app alike. */
export function databaseFileFromEnv(env: Record<string, string | undefined>, cwd?: string): string {
  return parseDatabaseUrl(env.DATABASE_URL, cwd);
}

/** The database for an environment (SQLite file or PostgreSQL URL). */
export function databaseTargetFromEnv(env: Record<string, string | undefined>, cwd?: string): DatabaseTarget {
  return parseDatabaseTarget(env.DATABASE_URL, cwd);
}

function truncate(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
