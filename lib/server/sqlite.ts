import "server-only";
import type Database from "better-sqlite3";
import { getConnection } from "./prisma";

/**
 * The app has one SQLite connection, under the Prisma client. Prisma's driver adapter serialises
 * its interactive transactions with a mutex but runs other statements at once, so a statement
 * issued while an interactive transaction is open runs inside it. Hence: every write is a
 * transaction (Prisma's $transaction, or writeTransaction below), never a bare statement.
 *
 * Runs `fn` as one synchronous IMMEDIATE transaction on the app's single connection. If a Prisma
 * interactive transaction is open on that connection (it awaits between its queries), wait for it
 * to finish first; once the connection is free the whole of `fn` runs without yielding, so nothing
 * can interleave with it. `fn` must not be async.
 */
export async function writeTransaction<T>(fn: (db: Database.Database) => T): Promise<T> {
  const db = await getConnection();
  while (db.inTransaction) await new Promise((r) => setImmediate(r));
  return db.transaction(() => fn(db)).immediate();
}

/** A read on the app's connection, without a transaction. */
export async function read<T>(fn: (db: Database.Database) => T): Promise<T> {
  return fn(await getConnection());
}

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * A prepared statement on the connection, cached. Prisma's adapter turns on safe integers
 * (BigInt) for the connection; these statements read plain numbers.
 */
export function stmt(db: Database.Database, sql: string): Database.Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) {
    s = db.prepare(sql);
    if (s.reader) s.safeIntegers(false);
    m.set(sql, s);
  }
  return s;
}

export { sqliteDate as sqlDate } from "@/lib/db/dates";

export function fromSqlDate(s: string | null): Date | null {
  return s === null ? null : new Date(s);
}
