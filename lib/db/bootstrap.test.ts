import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bootstrapDatabase } from "./bootstrap";
import { readMigrations } from "./migrate";
import { DatabaseSetupError, openDatabase } from "./sqlite";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tcp-drill-boot-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const migrationsDir = path.join(process.cwd(), "prisma", "migrations");

function snapshot(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const schema = db.prepare(`SELECT type, name, sql FROM sqlite_master ORDER BY name`).all();
    const migrations = db.prepare(`SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name`).all();
    const users = db.prepare(`SELECT id, isLocal FROM "User" ORDER BY id`).all();
    return { schema, migrations, users };
  } finally {
    db.close();
  }
}

describe("bootstrapping an empty data directory", () => {
  it("creates the folder, the file and every table of the committed migrations", () => {
    const file = path.join(dir, "nested", "data", "tcp-drill.db");
    const result = bootstrapDatabase(file);
    expect(fs.existsSync(file)).toBe(true);
    expect(result.migrations.applied).toEqual(readMigrations(migrationsDir).map((m) => m.name));
    expect(result.createdLocalUser).toBe(true);
    const tables = snapshot(file).schema.filter((r: any) => r.type === "table").map((r: any) => r.name);
    expect(tables).toEqual(expect.arrayContaining(["User", "Item", "_prisma_migrations"]));
  });

  it("changes nothing when it runs a second time", () => {
    const file = path.join(dir, "tcp-drill.db");
    const first = bootstrapDatabase(file);
    const before = snapshot(file);
    const second = bootstrapDatabase(file);
    expect(second.migrations.applied).toEqual([]);
    expect(second.createdLocalUser).toBe(false);
    expect(second.localUserId).toBe(first.localUserId);
    expect(snapshot(file)).toEqual(before);
  });

  it("leaves the file in WAL mode with foreign keys enforced on the connection", () => {
    const file = path.join(dir, "tcp-drill.db");
    bootstrapDatabase(file);
    const db = openDatabase(file);
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(db.pragma("busy_timeout", { simple: true })).toBe(5000);
    } finally {
      db.close();
    }
  });

  it("records migrations the way prisma migrate deploy does, so the Prisma CLI agrees", () => {
    const file = path.join(dir, "tcp-drill.db");
    bootstrapDatabase(file);
    const rows = snapshot(file).migrations as { migration_name: string; checksum: string; finished_at: string }[];
    const files = readMigrations(migrationsDir);
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(files.map((m) => [m.name, m.checksum]));
    for (const r of rows) expect(r.finished_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
  });

  it("applies only the pending migrations, each in its own transaction", () => {
    const file = path.join(dir, "tcp-drill.db");
    const only = path.join(dir, "m");
    const all = readMigrations(migrationsDir);
    fs.mkdirSync(path.join(only, all[0].name), { recursive: true });
    fs.writeFileSync(path.join(only, all[0].name, "migration.sql"), all[0].sql);
    fs.mkdirSync(path.join(only, "29990101000000_broken"));
    fs.writeFileSync(path.join(only, "29990101000000_broken", "migration.sql"), `CREATE TABLE "X" (a INT);\nTHIS IS NOT SQL;`);
    expect(() => bootstrapDatabase(file, { migrationsDir: only })).toThrow(/Migration 29990101000000_broken failed .*nothing of it was applied/);
    const db = new Database(file, { readonly: true });
    const names = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all().map((r: any) => r.name);
    db.close();
    expect(names).not.toContain("X");
  });

  it("keeps every learner's progress through the accounts migration (columns added in place, no table rebuild)", () => {
    const file = path.join(dir, "tcp-drill.db");
    const before = path.join(dir, "before");
    const all = readMigrations(migrationsDir);
    const cut = all.findIndex((m) => m.name.endsWith("_accounts"));
    expect(cut).toBeGreaterThan(0);
    for (const m of all.slice(0, cut)) {
      fs.mkdirSync(path.join(before, m.name), { recursive: true });
      fs.writeFileSync(path.join(before, m.name, "migration.sql"), m.sql);
    }
    const { localUserId } = bootstrapDatabase(file, { migrationsDir: before });
    const db = new Database(file);
    const now = new Date().toISOString().replace("Z", "+00:00");
    db.prepare(`INSERT INTO "Item" (id, topic, type, difficulty, frequency, contentHash, createdAt, updatedAt) VALUES ('q', 't', 'open', 1, 1, 'h', ?, ?)`).run(now, now);
    db.prepare(
      `INSERT INTO "Card" (id, userId, itemId, due, stability, difficulty, elapsedDays, scheduledDays, learningSteps, reps, lapses, state, createdAt, updatedAt) VALUES ('c', ?, 'q', ?, 1, 5, 0, 0, 0, 1, 0, 1, ?, ?)`,
    ).run(localUserId, now, now, now);
    db.prepare(`INSERT INTO "PracticeSession" (id, userId, queue, seed, startedAt) VALUES ('s', ?, '["q"]', 1, ?)`).run(localUserId, now);
    db.close();
    bootstrapDatabase(file);
    const after = new Database(file, { readonly: true });
    try {
      expect(after.prepare(`SELECT COUNT(*) AS n FROM "Card" WHERE userId = ?`).get(localUserId)).toEqual({ n: 1 });
      expect(after.prepare(`SELECT COUNT(*) AS n FROM "PracticeSession" WHERE userId = ?`).get(localUserId)).toEqual({ n: 1 });
      expect(after.prepare(`SELECT email, emailVerified, isLocal FROM "User" WHERE id = ?`).get(localUserId)).toEqual({ email: null, emailVerified: 0, isLocal: 1 });
    } finally {
      after.close();
    }
  });

  it("refuses a database migrated by a newer version with one line that says what to do", () => {
    const file = path.join(dir, "tcp-drill.db");
    bootstrapDatabase(file);
    const db = new Database(file);
    db.prepare(
      `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ('x', 'y', '2030-01-01T00:00:00.000+00:00', '20300101000000_future', '2030-01-01T00:00:00.000+00:00', 1)`,
    ).run();
    db.close();
    expect(() => bootstrapDatabase(file)).toThrow(DatabaseSetupError);
    expect(() => bootstrapDatabase(file)).toThrow(
      "The database was migrated by a newer version of TCP Drill (unknown migration 20300101000000_future): upgrade the app, or set DATABASE_URL to another file.",
    );
  });

  it("refuses a file that is not a SQLite database", () => {
    const file = path.join(dir, "tcp-drill.db");
    fs.writeFileSync(file, "this is not a database, it is a text file that is long enough ".repeat(20));
    expect(() => bootstrapDatabase(file)).toThrow(/is not a valid SQLite file \(corrupt\?\): restore a backup/);
  });

  it("refuses a read-only database with a message naming the fix", () => {
    const file = path.join(dir, "tcp-drill.db");
    fs.writeFileSync(file, "");
    // An empty file opened read-only: the first write (the migration table) is refused.
    expect(() => bootstrapDatabase(file, { readonly: true })).toThrow(
      `The database ${file} is read-only: give the app write access to the file and its folder, or set DATABASE_URL to a writable location.`,
    );
  });
});
