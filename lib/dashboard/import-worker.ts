/**
 * The progress import, in a worker thread (started by lib/server/progress-import.ts): decoding,
 * every check of lib/dashboard/progress-file.ts, and the writes, on the worker's own SQLite
 * connection in ONE immediate transaction. The server's event loop never runs any of it, so a
 * 20 MB import does not hold up other requests, and the worker's heap is capped
 * (resourceLimits), so a file built to need a lot of memory stops the worker, not the server.
 *
 * In:  workerData { file, userId, now (ISO), bytes (Uint8Array, transferred) }
 * Out: one message { ok: true, cards, reviews, mocks } | { ok: false, error }
 */
import os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "../db/sqlite";
import { writeImport } from "./import-write";
import { parseProgressFile, type ProgressFileError } from "./progress-file";

type Out = { ok: true; cards: number; reviews: number; mocks: number } | { ok: false; error: ProgressFileError | { code: "not_utf8" } };

function run(data: { file: string; userId: string; now: string; bytes: Uint8Array }): Out {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(data.bytes);
  } catch {
    return { ok: false, error: { code: "not_utf8" } };
  }
  (data as { bytes?: Uint8Array }).bytes = undefined;
  const db = openDatabase(data.file);
  try {
    const known = new Set((db.prepare(`SELECT id FROM "Item"`).all() as { id: string }[]).map((r) => r.id));
    const parsed = parseProgressFile(text, known);
    text = "";
    if (!parsed.ok) return parsed;
    db.transaction(() => writeImport(db, data.userId, parsed.file, new Date(data.now))).immediate();
    return { ok: true, cards: parsed.file.cards.length, reviews: parsed.file.reviewLogs.length, mocks: parsed.file.mockInterviews.length };
  } finally {
    db.close();
  }
}

// On Linux the nice value is per thread: the import yields the CPU to the server's own thread,
// so requests are answered first even on a busy machine.
try {
  os.setPriority(0, 19);
} catch {
  // not permitted here: run at normal priority
}

try {
  parentPort!.postMessage(run(workerData));
} catch (e) {
  const err = e as { code?: string; message?: string };
  parentPort!.postMessage({ ok: false, error: { code: "failed", dbCode: err.code ?? null, message: String(err.message ?? e).slice(0, 300) } });
}
