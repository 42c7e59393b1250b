/**
 * The progress import, in a worker thread (started by lib/server/progress-import.ts): decoding,
 * every check of lib/dashboard/progress-file.ts, and the writes, on the worker's own SQLite
 * connection in ONE immediate transaction. The server's event loop never runs any of it, so a
 * 20 MB import does not hold up other requests, and the worker's heap is capped
 * (resourceLimits), so a file built to need a lot of memory stops the worker, not the server.
 *
 * On PostgreSQL the writes go through a pool of one connection in one transaction under the
 * learner's row lock (lib/db/postgres.ts pgTransaction), like every other write.
 *
 * In:  workerData { database (DatabaseTarget), userId, now (ISO), bytes (Uint8Array, transferred) }
 * Out: one message { ok: true, cards, reviews, mocks } | { ok: false, error }
 */
import os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import type { DatabaseTarget } from "../config/database-url";
import { createPool, pgTransaction } from "../db/postgres";
import { openDatabase } from "../db/sqlite";
import { orderedId } from "../db/steps";
import { writeImport, writeImportSteps } from "./import-write";
import { parseProgressFile, type ProgressFileError } from "./progress-file";

type Out = { ok: true; cards: number; reviews: number; mocks: number } | { ok: false; error: ProgressFileError | { code: "not_utf8" } };

type In = { database: DatabaseTarget; userId: string; now: string; bytes: Uint8Array };

function decode(data: In): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(data.bytes);
  } catch {
    return null;
  } finally {
    (data as { bytes?: Uint8Array }).bytes = undefined;
  }
}

async function runPostgres(data: In, url: string): Promise<Out> {
  const text = decode(data);
  if (text === null) return { ok: false, error: { code: "not_utf8" } };
  const pool = createPool(url, 1);
  try {
    const known = new Set((await pool.query<{ id: string }>(`SELECT "id" FROM "Item" WHERE "ownerId" IS NULL`)).rows.map((r) => r.id));
    const parsed = parseProgressFile(text, known);
    if (!parsed.ok) return parsed;
    await pgTransaction(pool, data.userId, () => writeImportSteps(data.userId, parsed.file, new Date(data.now), orderedId));
    return { ok: true, cards: parsed.file.cards.length, reviews: parsed.file.reviewLogs.length, mocks: parsed.file.mockInterviews.length };
  } finally {
    await pool.end();
  }
}

function run(data: In, file: string): Out {
  let text = decode(data);
  if (text === null) return { ok: false, error: { code: "not_utf8" } };
  const db = openDatabase(file);
  try {
    const known = new Set((db.prepare(`SELECT id FROM "Item" WHERE "ownerId" IS NULL`).all() as { id: string }[]).map((r) => r.id));
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

const data = workerData as In;
(async () => (data.database.provider === "postgresql" ? runPostgres(data, data.database.url) : run(data, data.database.file)))().then(
  (out) => parentPort!.postMessage(out),
  (e: unknown) => {
    const err = e as { code?: string; message?: string };
    parentPort!.postMessage({ ok: false, error: { code: "failed", dbCode: err.code ?? null, message: String(err.message ?? e).slice(0, 300) } });
  },
);
