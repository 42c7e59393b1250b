import type Database from "better-sqlite3";
import { sqliteDate } from "./dates";

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
  const result: SyncResult = { added: [], updated: [], retired: [], restored: [], unchanged: 0 };
  const stamp = sqliteDate(now);
  db.transaction(() => {
    const existing = new Map(
      (
        db.prepare(`SELECT id, contentHash, topic, type, difficulty, frequency, retiredAt FROM "Item"`).all() as {
          id: string;
          contentHash: string;
          topic: string;
          type: string;
          difficulty: number;
          frequency: number;
          retiredAt: string | null;
        }[]
      ).map((r) => [r.id, r]),
    );
    const insert = db.prepare(
      `INSERT INTO "Item" (id, topic, type, difficulty, frequency, contentHash, retiredAt, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
    );
    const update = db.prepare(
      `UPDATE "Item" SET topic = ?, type = ?, difficulty = ?, frequency = ?, contentHash = ?, retiredAt = NULL, updatedAt = ? WHERE id = ?`,
    );
    const retire = db.prepare(`UPDATE "Item" SET retiredAt = ?, updatedAt = ? WHERE id = ?`);
    const seen = new Set<string>();
    for (const item of items) {
      seen.add(item.id);
      const row = existing.get(item.id);
      if (!row) {
        insert.run(item.id, item.topic, item.type, item.difficulty, item.frequency, item.hash, stamp, stamp);
        result.added.push(item.id);
      } else if (row.contentHash !== item.hash || row.retiredAt !== null || row.topic !== item.topic) {
        update.run(item.topic, item.type, item.difficulty, item.frequency, item.hash, stamp, item.id);
        (row.retiredAt !== null ? result.restored : result.updated).push(item.id);
      } else {
        result.unchanged++;
      }
    }
    for (const [id, row] of existing) {
      if (!seen.has(id) && row.retiredAt === null) {
        retire.run(stamp, stamp, id);
        result.retired.push(id);
      }
    }
  }).immediate();
  return result;
}
