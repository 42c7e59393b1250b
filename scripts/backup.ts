/**
 * npm run backup [-- <file>] — a consistent copy of the database while the app is running, made
 * with SQLite's online backup API (better-sqlite3's db.backup), then checked with
 * PRAGMA integrity_check. Default target: data/backups/tcp-drill-<UTC timestamp>.db next to the
 * database. Restore: see the README ("Backup and restore").
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { ConfigError, loadConfig } from "../lib/config/env";

async function main(): Promise<void> {
  let databaseFile: string | null;
  try {
    databaseFile = loadConfig().databaseFile;
  } catch (e) {
    if (e instanceof ConfigError) throw new Error(e.message);
    throw e;
  }
  if (databaseFile === null) {
    throw new Error("DATABASE_URL is a PostgreSQL database: back it up with pg_dump (or your provider's backups; docs/scaling.md); npm run backup copies SQLite files.");
  }
  if (!fs.existsSync(databaseFile)) throw new Error(`there is no database at ${databaseFile} to back up (set DATABASE_URL?)`);
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const target = path.resolve(process.argv[2] ?? path.join(path.dirname(databaseFile), "backups", `tcp-drill-${stamp}.db`));
  if (fs.existsSync(target)) throw new Error(`${target} exists already; choose another file`);
  fs.mkdirSync(path.dirname(target), { recursive: true });

  const source = new Database(databaseFile, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    await source.backup(target);
  } finally {
    source.close();
  }
  const copy = new Database(target, { readonly: true });
  try {
    const check = copy.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new Error(`the copy failed its integrity check: ${String(check)}`);
    const reviews = (copy.prepare(`SELECT count(*) AS n FROM ReviewLog`).get() as { n: number }).n;
    console.log(`backup written: ${target} (${reviews} review logs, integrity ok)`);
  } finally {
    copy.close();
  }
}

main().catch((e: unknown) => {
  console.error(`backup: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
