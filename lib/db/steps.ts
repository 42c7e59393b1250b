/**
 * The write paths (rating, undo, checks, settings, import, start-up's content sync) are written
 * ONCE, as generators that yield the statements they need and receive each result: SQLite runs
 * them synchronously on the app's one better-sqlite3 connection (runSync: the group commit of
 * lib/server/sqlite.ts needs synchronous jobs), PostgreSQL asynchronously on a pg client inside
 * its own transaction (lib/db/postgres.ts runAsync). Not server-only: no Next.js, no Prisma.
 *
 * The SQL is the common subset of both dialects: quoted camelCase identifiers ("userId": SQLite
 * accepts them, PostgreSQL needs them), `?` placeholders (turned into $1, $2 … for PostgreSQL),
 * TRUE/FALSE literals, CAST(? AS TEXT) where PostgreSQL cannot infer a parameter's type. Dates
 * are bound as ISO 8601 text with +00:00 (how Prisma stores DateTime in SQLite; PostgreSQL parses
 * it into timestamp(3), which holds UTC) and read back with `new Date(x)`; booleans are bound as
 * 1/0 (PostgreSQL's boolean input accepts '1' and '0') and read with `!!x`.
 */
import crypto from "node:crypto";
import type Database from "better-sqlite3";
import { stmt } from "./statements";

export type Dialect = "sqlite" | "postgresql";

export type Query =
  | { kind: "get"; sql: string; params: unknown[] }
  | { kind: "all"; sql: string; params: unknown[] }
  /** resolves to the number of rows changed */
  | { kind: "run"; sql: string; params: unknown[] };

/** What a write path is: a generator of statements, finishing with its result. */
export type Steps<T> = Generator<Query, T, unknown>;

export const get = (sql: string, ...params: unknown[]): Query => ({ kind: "get", sql, params });
export const all = (sql: string, ...params: unknown[]): Query => ({ kind: "all", sql, params });
export const run = (sql: string, ...params: unknown[]): Query => ({ kind: "run", sql, params });

/** Runs the steps on an SQLite connection, synchronously (inside the caller's transaction). */
export function runSync<T>(db: Database.Database, steps: Steps<T>): T {
  let next = steps.next();
  while (!next.done) {
    const q = next.value;
    let result: unknown;
    try {
      const s = stmt(db, q.sql);
      result = q.kind === "get" ? s.get(...q.params) : q.kind === "all" ? s.all(...q.params) : s.run(...q.params).changes;
    } catch (e) {
      next = steps.throw(e);
      continue;
    }
    next = steps.next(result);
  }
  return next.value;
}

/** `?` placeholders as PostgreSQL's $1, $2 … (the shared SQL has no `?` inside string literals). */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

let lastMs = 0;
let seq = 0;
/**
 * An id that sorts in creation order within this process (even if the clock steps back): 12 hex
 * digits of milliseconds, a 6-digit counter within the millisecond, then 16 random hex digits.
 * PostgreSQL has no rowid; undo breaks ties between ratings made at the same instant by it.
 */
export function orderedId(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    seq = 0;
  } else {
    seq++;
  }
  return `${lastMs.toString(16).padStart(12, "0")}${seq.toString(16).padStart(6, "0")}${crypto.randomBytes(8).toString("hex")}`;
}
