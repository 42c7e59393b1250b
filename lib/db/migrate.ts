import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";
import { DatabaseSetupError } from "./sqlite";

/**
 * Applies the committed migrations in prisma/migrations at start-up, so a fresh clone needs no
 * manual step. It keeps Prisma's own bookkeeping table (`_prisma_migrations`, same columns and
 * checksums as `prisma migrate deploy` writes), so the Prisma CLI (`migrate status`,
 * `migrate dev`) agrees with what the app did. Each migration runs in its own transaction.
 */
export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

const BOOKKEEPING_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export function readMigrations(dir: string): MigrationFile[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

function isoNow(): string {
  return new Date().toISOString().replace("Z", "+00:00");
}

/**
 * What `_prisma_migrations` says, checked against the committed migrations (both databases): a
 * migration that failed half-way, one this version does not know (a newer app migrated it), or one
 * edited after it was applied stops start-up with one line. Returns the names already applied.
 */
export function checkApplied(rows: { name: string; checksum: string; finishedAt: unknown }[], migrations: MigrationFile[]): Set<string> {
  const known = new Map(migrations.map((m) => [m.name, m]));

  const failed = rows.find((r) => r.finishedAt === null);
  if (failed) {
    throw new DatabaseSetupError(
      `Migration ${failed.name} failed earlier and left the database half-migrated: restore a backup (see README) or resolve it with "npx prisma migrate resolve".`,
    );
  }
  const unknown = rows.filter((r) => !known.has(r.name));
  if (unknown.length > 0) {
    throw new DatabaseSetupError(
      `The database was migrated by a newer version of TCP Drill (unknown migration ${unknown[0].name}): upgrade the app, or set DATABASE_URL to another file.`,
    );
  }
  for (const r of rows) {
    if (known.get(r.name)!.checksum !== r.checksum) {
      throw new DatabaseSetupError(
        `Migration ${r.name} was edited after it was applied (checksum differs): restore prisma/migrations/${r.name}/migration.sql from git; never edit an applied migration, add a new one.`,
      );
    }
  }

  return new Set(rows.map((r) => r.name));
}

export function migrate(db: Database.Database, migrations: MigrationFile[]): MigrateResult {
  db.exec(BOOKKEEPING_DDL);
  const rows = db
    .prepare(
      `SELECT migration_name AS name, checksum, finished_at AS finishedAt FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    )
    .all() as { name: string; checksum: string; finishedAt: string | null }[];
  const done = checkApplied(rows, migrations);
  const applied: string[] = [];
  const insert = db.prepare(
    `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
  );
  for (const m of migrations) {
    if (done.has(m.name)) continue;
    const startedAt = isoNow();
    try {
      db.transaction(() => {
        db.exec(m.sql);
        insert.run(crypto.randomUUID(), m.checksum, isoNow(), m.name, startedAt);
      })();
    } catch (e) {
      throw new DatabaseSetupError(
        `Migration ${m.name} failed (${e instanceof Error ? e.message : String(e)}); nothing of it was applied: fix the migration SQL or restore a backup.`,
      );
    }
    applied.push(m.name);
  }
  return { applied, alreadyApplied: rows.length };
}
