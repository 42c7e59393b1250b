import path from "node:path";
import type Database from "better-sqlite3";
import { ensureLocalUserSteps } from "./local-user";
import { runSync } from "./steps";
import { migrate, readMigrations, type MigrateResult } from "./migrate";
import { describeOpenError, openDatabase } from "./sqlite";

export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

export interface BootstrapResult {
  migrations: MigrateResult;
  localUserId: string;
  createdLocalUser: boolean;
}

/**
 * Everything start-up does to the database, idempotently: create the file, apply pending
 * migrations, make sure the local user exists. A second run changes nothing.
 */
export function bootstrapDatabase(
  file: string,
  opts: { migrationsDir?: string; readonly?: boolean } = {},
): BootstrapResult {
  const db = openDatabase(file, { readonly: opts.readonly });
  try {
    return bootstrapOpenDatabase(db, opts);
  } catch (e) {
    // A file that opens but cannot be written (read-only) or turns out corrupt past its header
    // fails here, on the first write; name it the same way as a failure to open.
    throw describeOpenError(file, e);
  } finally {
    db.close();
  }
}

export function bootstrapOpenDatabase(
  db: Database.Database,
  opts: { migrationsDir?: string } = {},
): BootstrapResult {
  const migrations = migrate(db, readMigrations(opts.migrationsDir ?? MIGRATIONS_DIR));
  const { id, created } = ensureLocalUser(db);
  return { migrations, localUserId: id, createdLocalUser: created };
}

/** The one user served without sign-in. Other users may exist; only this one is "local". */
export function ensureLocalUser(db: Database.Database): { id: string; created: boolean } {
  return db.transaction(() => runSync(db, ensureLocalUserSteps())).immediate();
}
