/**
 * The database the unit and hardening suites run against, chosen by TEST_DATABASE:
 *   unset / sqlite  → a fresh SQLite file per test file (as before);
 *   postgresql      → a fresh database per test file on the server of TEST_POSTGRES_URL (a role
 *                     that may CREATE DATABASE; .ci/run starts a throwaway cluster and sets it).
 * The same tests run on both: only where the data lives differs. SQL given to `rows`/`count`
 * uses `?` placeholders and quoted identifiers (the common dialect of lib/db/steps.ts).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { bootstrapDatabase } from "../lib/db/bootstrap";
import { bootstrapPostgres } from "../lib/db/bootstrap-postgres";
import { checkContentForStartup, contentForStartup } from "../lib/db/content-startup";
import { PG_TYPES } from "../lib/db/postgres";
import { numberedPlaceholders } from "../lib/db/steps";

export type TestProvider = "sqlite" | "postgresql";

export function testProvider(): TestProvider {
  const v = (process.env.TEST_DATABASE ?? "sqlite").toLowerCase();
  if (v !== "sqlite" && v !== "postgresql") throw new Error(`TEST_DATABASE must be sqlite or postgresql (got ${v})`);
  if (v === "postgresql" && !process.env.TEST_POSTGRES_URL) throw new Error("TEST_DATABASE=postgresql needs TEST_POSTGRES_URL (scripts/ci/pg-cluster.sh start prints one)");
  return v;
}

export interface TestDatabase {
  provider: TestProvider;
  /** DATABASE_URL for the app */
  url: string;
  /** the SQLite file (SQLite only) */
  file: string | null;
  drop(): Promise<void>;
}

/** A new, empty database (nothing created in it yet). */
export async function scratchDatabase(name: string): Promise<TestDatabase> {
  if (testProvider() === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tcp-drill-${name}-`));
    const file = path.join(dir, "db.sqlite");
    return { provider: "sqlite", url: `file:${file}`, file, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = new URL(process.env.TEST_POSTGRES_URL!);
  const db = `t_${name.replace(/\W/g, "_").slice(0, 30)}_${crypto.randomBytes(4).toString("hex")}`.toLowerCase();
  await withClient(admin.toString(), (c) => c.query(`CREATE DATABASE "${db}"`));
  const url = new URL(admin.toString());
  url.pathname = `/${db}`;
  return {
    provider: "postgresql",
    url: url.toString(),
    file: null,
    drop: () => withClient(admin.toString(), (c) => c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** Migrations, the local user and the question bank, as start-up does them. */
export async function bootstrapTestDatabase(t: TestDatabase, root = process.cwd()): Promise<void> {
  if (t.file) {
    bootstrapDatabase(t.file);
    checkContentForStartup(t.file, root);
  } else {
    await bootstrapPostgres(t.url, { content: contentForStartup(root) });
  }
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Rows of a query, read on a connection of its own (dates as Date on PostgreSQL, ISO text on SQLite). */
export async function rows<T = Record<string, unknown>>(url: string, sql: string, ...params: unknown[]): Promise<T[]> {
  if (url.startsWith("file:")) {
    const db = new Database(url.slice("file:".length), { readonly: true, fileMustExist: true, timeout: 5000 });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  return withClient(url, async (c) => (await c.query({ text: numberedPlaceholders(sql), values: params, types: PG_TYPES })).rows as T[]);
}

/** The first column of the first row, as a number (counts). */
export async function count(url: string, sql: string, ...params: unknown[]): Promise<number> {
  const [row] = await rows(url, sql, ...params);
  return Number(Object.values(row ?? {})[0] ?? 0);
}

/** Runs one statement on a connection of its own (same dialect rules as `rows`); rows changed. */
export async function execute(url: string, sql: string, ...params: unknown[]): Promise<number> {
  if (url.startsWith("file:")) {
    const db = new Database(url.slice("file:".length), { fileMustExist: true, timeout: 5000 });
    try {
      return db.prepare(sql).run(...params).changes;
    } finally {
      db.close();
    }
  }
  return withClient(url, async (c) => (await c.query({ text: numberedPlaceholders(sql), values: params })).rowCount ?? 0);
}

/** A boolean parameter as the database of `url` stores it (SQLite: 1/0). */
export function boolParam(url: string, b: boolean): boolean | number {
  return url.startsWith("file:") ? (b ? 1 : 0) : b;
}

/**
 * A digest of every row of every table of the app's schema, to prove a request changed nothing.
 * Rows in a stable order on both providers (SQLite: rowid; PostgreSQL: every column, left to right).
 */
export async function contentDigest(url: string): Promise<string> {
  const h = crypto.createHash("sha256");
  if (url.startsWith("file:")) {
    const db = new Database(url.slice("file:".length), { readonly: true, fileMustExist: true, timeout: 5000 });
    try {
      for (const { name } of db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]) {
        h.update(name);
        for (const row of db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).raw().all()) h.update(JSON.stringify(row));
      }
    } finally {
      db.close();
    }
    return h.digest("hex");
  }
  await withClient(url, async (c) => {
    const tables = (await c.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`)).rows;
    for (const { name } of tables) {
      h.update(name);
      const n = (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`, [name])).rows[0].n;
      const order = Array.from({ length: n }, (_, i) => String(i + 1)).join(", ");
      const r = await c.query({ text: `SELECT * FROM "${name}" ORDER BY ${order}`, rowMode: "array" });
      for (const row of r.rows) h.update(JSON.stringify(row));
    }
  });
  return h.digest("hex");
}

/** Row counts of every table (a cheaper "nothing changed" than `contentDigest`). */
export async function tableCounts(url: string): Promise<Record<string, number>> {
  const names = url.startsWith("file:")
    ? (await rows<{ name: string }>(url, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)).map((r) => r.name)
    : (await rows<{ name: string }>(url, `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`)).map((r) => r.name);
  const out: Record<string, number> = {};
  for (const n of names) out[n] = await count(url, `SELECT count(*) FROM "${n}"`);
  return out;
}
