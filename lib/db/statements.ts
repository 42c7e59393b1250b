import type Database from "better-sqlite3";

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * A prepared statement on the connection, cached. Prisma's driver adapter turns on safe integers
 * (BigInt) for the connection it shares with us; these statements read plain numbers.
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
