import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/** Milliseconds a connection waits for a lock held by another connection before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/** A start-up problem with the database, with one line that says what to do. */
export class DatabaseSetupError extends Error {
  override name = "DatabaseSetupError";
}

/**
 * Opens (creating if needed) the SQLite file with the settings every connection of the app uses:
 * WAL journal (readers never block the writer), foreign keys enforced, a busy timeout, and
 * synchronous=FULL so an acknowledged review survives a crash or power loss.
 * Fails with a DatabaseSetupError whose message is one actionable line.
 */
export function openDatabase(file: string, opts: { readonly?: boolean } = {}): Database.Database {
  const dir = path.dirname(file);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new DatabaseSetupError(
      `Cannot create the data folder ${dir} (${errCode(e)}): set DATABASE_URL to a file: URL in a writable folder.`,
    );
  }
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS, readonly: opts.readonly ?? false });
  } catch (e) {
    throw describeOpenError(file, e);
  }
  try {
    applyConnectionPragmas(db, file, opts.readonly ?? false);
  } catch (e) {
    db.close();
    throw describeOpenError(file, e);
  }
  return db;
}

/**
 * The app's own connection (under the Prisma client) never waits synchronously for a lock: a
 * busy wait would freeze every request of the process. lib/server/sqlite.ts retries writes
 * asynchronously instead; start-up, migrations and backups keep BUSY_TIMEOUT_MS.
 */
export const APP_BUSY_TIMEOUT_MS = 0;

export const APP_CONNECTION_PRAGMAS = [
  `PRAGMA busy_timeout = ${APP_BUSY_TIMEOUT_MS}`,
  "PRAGMA foreign_keys = ON",
  "PRAGMA synchronous = FULL",
] as const;

/** The per-connection settings of other connections (start-up, scripts). */
export const CONNECTION_PRAGMAS = [
  `PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`,
  "PRAGMA foreign_keys = ON",
  "PRAGMA synchronous = FULL",
] as const;

function applyConnectionPragmas(db: Database.Database, file: string, readonly: boolean): void {
  // Reading the schema first surfaces "file is not a database" before anything is written.
  db.prepare("SELECT count(*) FROM sqlite_master").get();
  if (!readonly) {
    const mode = db.pragma("journal_mode = WAL", { simple: true });
    if (String(mode).toLowerCase() !== "wal") {
      throw new DatabaseSetupError(
        `Cannot use the database ${file}: its journal cannot be switched to WAL (got ${String(mode)}); put it on a local disk.`,
      );
    }
  }
  for (const p of CONNECTION_PRAGMAS) db.exec(p);
}

export function describeOpenError(file: string, e: unknown): DatabaseSetupError {
  if (e instanceof DatabaseSetupError) {
    return e; // already one actionable line
  }
  const code = errCode(e);
  switch (code) {
    case "SQLITE_NOTADB":
    case "SQLITE_CORRUPT":
      return new DatabaseSetupError(
        `The database ${file} is not a valid SQLite file (corrupt?): restore a backup (see README, "Backup and restore") or move the file away to start fresh.`,
      );
    case "SQLITE_READONLY":
    case "SQLITE_READONLY_DIRECTORY":
    case "SQLITE_PERM":
    case "EACCES":
      return new DatabaseSetupError(
        `The database ${file} is read-only: give the app write access to the file and its folder, or set DATABASE_URL to a writable location.`,
      );
    case "SQLITE_CANTOPEN":
      return new DatabaseSetupError(
        `Cannot open the database ${file}: check that its folder exists and is writable, or set DATABASE_URL to another file: URL.`,
      );
    default:
      return new DatabaseSetupError(
        `Cannot open the database ${file} (${code}: ${e instanceof Error ? e.message : String(e)}): check DATABASE_URL.`,
      );
  }
}

function errCode(e: unknown): string {
  if (e && typeof e === "object" && "code" in e && typeof (e as { code: unknown }).code === "string") {
    return (e as { code: string }).code;
  }
  return e instanceof Error ? e.name : "error";
}
