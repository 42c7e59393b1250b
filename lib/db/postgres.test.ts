import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapTestDatabase, rows, scratchDatabase, type TestDatabase } from "@/test/database";
import { DAY_BUCKETS_SQL, DAY_BUCKETS_SQL_POSTGRES } from "@/lib/dashboard/sql";
import { bootstrapPostgres, POSTGRES_MIGRATIONS_DIR } from "./bootstrap-postgres";
import { readMigrations } from "./migrate";
import { classifyDbError } from "./faults";
import { createPool, pgTransaction } from "./postgres";
import { POSTGRES_SCHEMA_FILE } from "./postgres-schema";
import { rateSteps } from "./rating-transaction";
import { sqliteDate } from "./dates";

/**
 * PostgreSQL only (TEST_DATABASE=postgresql with TEST_POSTGRES_URL; .ci/run runs it): start-up's
 * migrations and their agreement with the schema, several instances starting at once, the day
 * buckets equal to SQLite's, and the learner lock across two pools (two app instances).
 */
const enabled = process.env.TEST_DATABASE === "postgresql" && !!process.env.TEST_POSTGRES_URL;

async function catalog(url: string): Promise<string[]> {
  const cols = await rows<Record<string, string>>(
    url,
    `SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, '') AS d, coalesce(datetime_precision::text, '') AS p
     FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1, 2`,
  );
  const idx = await rows<Record<string, string>>(url, `SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY indexname`);
  const cons = await rows<Record<string, string>>(
    url,
    `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations' ORDER BY conname`,
  );
  return [...cols.map((c) => Object.values(c).join(" ")), ...idx.map((i) => i.indexdef), ...cons.map((c) => `${c.conname} ${c.def}`)];
}

describe.skipIf(!enabled)("PostgreSQL start-up and write semantics", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await scratchDatabase("pg-bootstrap");
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("applies the committed migrations once, even when four instances start at the same moment", async () => {
    const results = await Promise.all(Array.from({ length: 4 }, () => bootstrapPostgres(t.url)));
    expect(results.filter((r) => r.migrations.applied.length > 0)).toHaveLength(1);
    expect(results.filter((r) => r.createdLocalUser)).toHaveLength(1);
    expect(new Set(results.map((r) => r.localUserId)).size).toBe(1);
    const names = await rows<{ migration_name: string }>(t.url, `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`);
    expect(names.map((n) => n.migration_name).sort()).toEqual(readMigrations(POSTGRES_MIGRATIONS_DIR).map((m) => m.name));
    const again = await bootstrapPostgres(t.url);
    expect(again.migrations.applied).toEqual([]);
  });

  it("builds exactly the database prisma/schema.prisma describes (no schema change without a PostgreSQL migration)", async () => {
    await bootstrapPostgres(t.url);
    const fresh = await scratchDatabase("pg-fresh");
    try {
      const root = process.cwd();
      const sql = execFileSync(path.join(root, "node_modules", ".bin", "prisma"), ["migrate", "diff", "--from-empty", "--to-schema-datamodel", POSTGRES_SCHEMA_FILE, "--script"], {
        cwd: root,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      const c = new pg.Client({ connectionString: fresh.url });
      await c.connect();
      await c.query(sql);
      await c.end();
      expect(await catalog(t.url)).toEqual(await catalog(fresh.url));
    } finally {
      await fresh.drop();
    }
  }, 60_000);

  it("refuses to start on a migration edited after it was applied, with one line", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tcp-drill-pgmig-"));
    try {
      for (const m of readMigrations(POSTGRES_MIGRATIONS_DIR)) {
        fs.mkdirSync(path.join(dir, m.name));
        fs.writeFileSync(path.join(dir, m.name, "migration.sql"), `${m.sql}\n-- edited\n`);
      }
      await expect(bootstrapPostgres(t.url, { migrationsDir: dir })).rejects.toThrow(/was edited after it was applied/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names an unreachable server and a wrong database in one line, without the password", async () => {
    await expect(bootstrapPostgres("postgresql://app:hunter2@127.0.0.1:1/app")).rejects.toThrow(/^Cannot reach the PostgreSQL server of postgresql:\/\/app:\*\*\*@127\.0\.0\.1:1\/app/);
    const u = new URL(t.url);
    u.pathname = "/no_such_database_here";
    await expect(bootstrapPostgres(u.toString())).rejects.toThrow(/does not exist: create it/);
  });

  it("gives up on a lock held by another session after the pool's lock timeout with 55P03, which is answered as \"locked\"", async () => {
    const pool = createPool(t.url, 1, 300);
    const byDefault = createPool(t.url, 1);
    const holder = new pg.Client({ connectionString: t.url });
    await holder.connect();
    try {
      expect((await pool.query("SHOW lock_timeout")).rows[0].lock_timeout).toBe("300ms");
      expect((await byDefault.query("SHOW lock_timeout")).rows[0].lock_timeout).toBe("15s");
      await holder.query(`CREATE TABLE IF NOT EXISTS lock_probe (id int)`);
      await holder.query("BEGIN");
      await holder.query(`LOCK TABLE lock_probe IN ACCESS EXCLUSIVE MODE`);
      const t0 = Date.now();
      const err = await pool.query(`SELECT * FROM lock_probe`).then(() => null, (e: unknown) => e);
      expect((err as { code?: string }).code).toBe("55P03");
      expect(classifyDbError(err)).toBe("locked");
      expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    } finally {
      await holder.query("ROLLBACK").catch(() => undefined);
      await holder.end();
      await pool.end();
      await byDefault.end();
    }
  });

  it("stores one rating for one idempotency key sent 30 times through two separate pools (two app instances)", async () => {
    await bootstrapTestDatabase(t);
    const [{ id: userId }] = await rows<{ id: string }>(t.url, `SELECT "id" FROM "User" LIMIT 1`);
    const [{ id: itemId }] = await rows<{ id: string }>(t.url, `SELECT "id" FROM "Item" ORDER BY "id" LIMIT 1`);
    const pools = [createPool(t.url, 5), createPool(t.url, 5)];
    try {
      const now = new Date("2026-11-20T10:00:00Z");
      const input = { userId, itemId, rating: 3 as const, cardVersion: 0, idempotencyKey: "two-pools-key", durationMs: 1, now };
      const out = await Promise.all(Array.from({ length: 30 }, (_, i) => pgTransaction(pools[i % 2], userId, () => rateSteps(input, 0.9, "postgresql"))));
      expect(out.filter((r) => !r.duplicate)).toHaveLength(1);
      expect(new Set(out.map((r) => r.cardVersion))).toEqual(new Set([1]));
      expect(await rows(t.url, `SELECT "id" FROM "ReviewLog" WHERE "idempotencyKey" = ?`, "two-pools-key")).toHaveLength(1);
      // A second rating against the now stale version 0, with a new key, is refused.
      await expect(pgTransaction(pools[1], userId, () => rateSteps({ ...input, idempotencyKey: "two-pools-other" }, 0.9, "postgresql"))).rejects.toMatchObject({ code: "stale_card" });
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it("puts reviews into the same learner days as the SQLite query, for any reviews and UTC offset", async () => {
    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    await c.query(`CREATE TEMP TABLE "ReviewLog" ("userId" TEXT, "review" TIMESTAMP(3), "rating" INT, "scheduledDays" INT, "durationMs" INT, "undoneAt" TIMESTAMP(3))`);
    try {
      const review = fc.record({
        at: fc.integer({ min: Date.UTC(2001, 0, 1), max: Date.UTC(2199, 11, 31) }),
        rating: fc.integer({ min: 1, max: 4 }),
        scheduledDays: fc.nat(400),
        durationMs: fc.nat(100_000),
        undone: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(review, { maxLength: 40 }), fc.integer({ min: -720, max: 840 }), async (reviews, tzMinutes) => {
          const lite = new Database(":memory:");
          lite.exec(`CREATE TABLE "ReviewLog" ("userId" TEXT, "review" DATETIME, "rating" INTEGER, "scheduledDays" INTEGER, "durationMs" INTEGER, "undoneAt" DATETIME)`);
          await c.query(`DELETE FROM "ReviewLog"`);
          for (const r of reviews) {
            const v = ["u", sqliteDate(new Date(r.at)), r.rating, r.scheduledDays, r.durationMs, r.undone ? sqliteDate(new Date(r.at)) : null];
            lite.prepare(`INSERT INTO "ReviewLog" VALUES (?, ?, ?, ?, ?, ?)`).run(...v);
            await c.query(`INSERT INTO "ReviewLog" VALUES ($1, $2, $3, $4, $5, $6)`, v);
          }
          const want = (lite.prepare(DAY_BUCKETS_SQL).all(tzMinutes * 60, "u") as Record<string, number>[]).map((r) => Object.values(r).map(Number));
          const got = (await c.query(DAY_BUCKETS_SQL_POSTGRES, [tzMinutes * 60, "u"])).rows.map((r: Record<string, unknown>) => Object.values(r).map(Number));
          lite.close();
          expect(got).toEqual(want);
        }),
        { numRuns: 40 },
      );
    } finally {
      await c.end();
    }
  }, 60_000);
});
