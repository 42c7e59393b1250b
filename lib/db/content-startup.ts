import path from "node:path";
import { checkContent } from "@/lib/content/check";
import { syncContent, type SyncItem, type SyncResult } from "./content-sync";
import { openDatabase } from "./sqlite";

/**
 * Start-up check of the question bank: the app refuses to start on invalid content, with the same
 * messages as `npm run content:check`, and otherwise synchronises the items into the database.
 */
export class ContentStartupError extends Error {
  override name = "ContentStartupError";
}

/** The checked bank as the database keeps it; throws ContentStartupError on invalid content. */
export function contentForStartup(root: string): SyncItem[] {
  const dir = path.join(root, "content");
  const result = checkContent(dir);
  if (result.messages.length > 0) {
    const rel = result.messages.map((m) => (m.startsWith(root) ? m.slice(root.length + 1) : m));
    throw new ContentStartupError(
      `the question bank has ${rel.length} problem(s); fix them (npm run content:check lists the same):\n${rel.join("\n")}`,
    );
  }
  return result.load.items.map((i) => ({ id: i.id, topic: i.topic, type: i.type, difficulty: i.difficulty, frequency: i.frequency, hash: i.hash }));
}

export function checkContentForStartup(databaseFile: string, root: string): SyncResult {
  const items = contentForStartup(root);
  const db = openDatabase(databaseFile);
  try {
    return syncContent(db, items);
  } finally {
    db.close();
  }
}
