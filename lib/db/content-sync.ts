import type Database from "better-sqlite3";
import { sqliteDate } from "./dates";
import { all, run, runSync, type Steps } from "./steps";

export interface SyncItem {
  id: string;
  topic: string;
  type: string;
  difficulty: number;
  frequency: number;
  hash: string;
}

export interface SyncResult {
  added: string[];
  updated: string[];
  retired: string[];
  restored: string[];
  unchanged: number;
}

/**
 * Synchronises the question bank into the Item table by id, in one transaction: new items are
 * inserted, edited items (their content hash changed) are updated in place, items no longer in
 * content/ are retired (retiredAt set) — never deleted, so learners' history keeps its rows — and
 * an item that comes back is un-retired. Running it twice on the same bank changes nothing.
 */
export function syncContent(db: Database.Database, items: SyncItem[], now: Date = new Date()): SyncResult {
  return db.transaction(() => runSync(db, syncContentSteps(items, now))).immediate();
}

/** The same as steps, for either database (run them in a transaction). */
export function* syncContentSteps(items: SyncItem[], now: Date = new Date()): Steps<SyncResult> {
  const result: SyncResult = { added: [], updated: [], retired: [], restored: [], unchanged: 0 };
  const stamp = sqliteDate(now);
  const rows = (yield all(`SELECT "id", "contentHash", "topic", "type", "difficulty", "frequency", "retiredAt" FROM "Item" WHERE "ownerId" IS NULL`)) as {
    id: string;
    contentHash: string;
    topic: string;
    type: string;
    difficulty: number;
    frequency: number;
    retiredAt: string | Date | null;
  }[];
  const existing = new Map(rows.map((r) => [r.id, r]));
  const seen = new Set<string>();
  for (const item of items) {
    seen.add(item.id);
    const row = existing.get(item.id);
    if (!row) {
      yield run(
        `INSERT INTO "Item" ("id", "topic", "type", "difficulty", "frequency", "contentHash", "retiredAt", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
        item.id, item.topic, item.type, item.difficulty, item.frequency, item.hash, stamp, stamp,
      );
      result.added.push(item.id);
    } else if (row.contentHash !== item.hash || row.retiredAt !== null || row.topic !== item.topic) {
      yield run(
        `UPDATE "Item" SET "topic" = ?, "type" = ?, "difficulty" = ?, "frequency" = ?, "contentHash" = ?, "retiredAt" = NULL, "updatedAt" = ? WHERE "id" = ?`,
        item.topic, item.type, item.difficulty, item.frequency, item.hash, stamp, item.id,
      );
      (row.retiredAt !== null ? result.restored : result.updated).push(item.id);
    } else {
      result.unchanged++;
    }
  }
  for (const [id, row] of existing) {
    if (!seen.has(id) && row.retiredAt === null) {
      yield run(`UPDATE "Item" SET "retiredAt" = ?, "updatedAt" = ? WHERE "id" = ?`, stamp, stamp, id);
      result.retired.push(id);
    }
  }
  return result;
}
