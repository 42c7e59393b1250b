import path from "node:path";

/** Where the embedded database lives when DATABASE_URL is not set (git-ignored). */
export const DEFAULT_DATABASE_FILE = path.join("data", "tcp-drill.db");

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Turns DATABASE_URL into an absolute file path. Only `file:` URLs are accepted (the app is
 * embedded SQLite); a relative path is resolved against `cwd` (the project root when started
 * with npm), e.g. `file:./data/other.db`. `file::memory:` is refused: progress must persist.
 */
export function parseDatabaseUrl(url: string | undefined, cwd: string = process.cwd()): string {
  if (url === undefined || url.trim() === "") return path.resolve(cwd, DEFAULT_DATABASE_FILE);
  const value = url.trim();
  if (!value.startsWith("file:")) {
    throw new ConfigError(
      `DATABASE_URL must be a file: URL such as file:./data/tcp-drill.db (got "${truncate(value)}")`,
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

function truncate(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
