import Database from "better-sqlite3";
import pg from "pg";
import { PG_TYPES } from "../lib/db/postgres";
import { numberedPlaceholders } from "../lib/db/steps";

/**
 * The run's database as the specs see it, on either provider: the SQLite file of the default run
 * (E2E_DATABASE_FILE) or the PostgreSQL database of .ci/run's second pass (E2E_DATABASE_URL).
 * SQL is written once in the dialect both understand — quoted identifiers ("Card", "userId"), `?`
 * placeholders, booleans and timestamps passed as parameters through `bool()` and `ts()` — the
 * same rule as the app's own write path (lib/db/steps.ts).
 */
export interface E2eDb {
  readonly provider: "sqlite" | "postgresql";
  all<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T | undefined>;
  /** Runs a statement; the number of rows it changed. */
  run(sql: string, ...params: unknown[]): Promise<number>;
  /** A boolean as the provider stores it (SQLite: 1/0). */
  bool(b: boolean): boolean | number;
}

/**
 * A timestamp parameter: UTC ISO text with "+00:00", the form the app's SQLite rows have (its raw SQL
 * compares them as text); PostgreSQL's `timestamp` columns hold UTC and take the same text.
 */
export const ts = (ms: number | Date) => new Date(ms).toISOString().replace("Z", "+00:00");

/** A timestamp read back (ISO text or epoch ms on SQLite, a Date on PostgreSQL) in epoch ms. */
export const msOf = (v: unknown) => (v instanceof Date ? v.getTime() : typeof v === "number" ? v : Date.parse(String(v)));

export const onPostgres = () => !!process.env.E2E_DATABASE_URL;

/** Opens the run's database for `fn` (in one transaction when `transaction`), then closes it. */
export async function withE2eDb<T>(fn: (db: E2eDb) => Promise<T> | T, opts: { transaction?: boolean } = {}): Promise<T> {
  const url = process.env.E2E_DATABASE_URL;
  if (url) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const q = async (sql: string, params: unknown[]) => c.query({ text: numberedPlaceholders(sql), values: params, types: PG_TYPES });
    const db: E2eDb = {
      provider: "postgresql",
      all: async <R>(sql: string, ...p: unknown[]) => (await q(sql, p)).rows as R[],
      get: async <R>(sql: string, ...p: unknown[]) => (await q(sql, p)).rows[0] as R | undefined,
      run: async (sql, ...p) => (await q(sql, p)).rowCount ?? 0,
      bool: (b) => b,
    };
    try {
      if (!opts.transaction) return await fn(db);
      await c.query("BEGIN");
      try {
        const r = await fn(db);
        await c.query("COMMIT");
        return r;
      } catch (e) {
        await c.query("ROLLBACK");
        throw e;
      }
    } finally {
      await c.end();
    }
  }
  const file = process.env.E2E_DATABASE_FILE!;
  const s = new Database(file, { fileMustExist: true, timeout: 5000 });
  const db: E2eDb = {
    provider: "sqlite",
    all: async <R>(sql: string, ...p: unknown[]) => s.prepare(sql).all(...p) as R[],
    get: async <R>(sql: string, ...p: unknown[]) => s.prepare(sql).get(...p) as R | undefined,
    run: async (sql, ...p) => s.prepare(sql).run(...p).changes,
    bool: (b) => (b ? 1 : 0),
  };
  try {
    if (!opts.transaction) return await fn(db);
    s.prepare("BEGIN IMMEDIATE").run();
    try {
      const r = await fn(db);
      s.prepare("COMMIT").run();
      return r;
    } catch (e) {
      if (s.inTransaction) s.prepare("ROLLBACK").run();
      throw e;
    }
  } finally {
    s.close();
  }
}

/** The one local learner of the run's database. */
export async function localUserId(db: E2eDb): Promise<string> {
  const row = await db.get<{ id: string }>(`SELECT "id" FROM "User" WHERE "isLocal" = ? ORDER BY "createdAt" LIMIT 1`, db.bool(true));
  if (!row) throw new Error("the run's database has no local learner");
  return row.id;
}

export const PROGRESS_TABLES = ["ReviewLog", "Card", "MockInterview", "UserSettings", "PracticeSession", "FittedParameters", "LearnerPlan", "Capture"] as const;
