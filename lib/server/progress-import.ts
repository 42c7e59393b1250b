import "server-only";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { loadConfig } from "@/lib/config/env";
import { classifyDbError, recordFault } from "@/lib/db/faults";
import { writeImportSteps } from "@/lib/dashboard/import-write";
import { orderedId } from "@/lib/db/steps";
import type { ImportRefusal } from "@/lib/dashboard/messages";
import { parseProgressFile } from "@/lib/dashboard/progress-file";
import { getPrisma } from "./prisma";
import { getStore } from "./store";

/**
 * Runs a progress import in a worker thread (lib/dashboard/import-worker.ts): the checks and the
 * writes never run on the server's event loop, so other requests — static files, health,
 * ratings on kept-alive connections — are answered meanwhile. One import runs at a time (the
 * others wait their turn; beyond MAX_WAITING they are refused with "busy"), and the worker's heap
 * is capped, so imports run in bounded memory: a file that needs more is refused (too_complex).
 * A small file (at most INLINE_MAX_BYTES) is checked on the server's own thread — a few
 * milliseconds, less than starting a worker — and written through the store (./store.ts).
 */
export type ImportOutcome = { ok: true; cards: number; reviews: number; mocks: number } | { ok: false; error: ImportRefusal };

/** The worker's heap limits (MB): a 20 MB export of 32,000 reviews needs about half of this. */
const WORKER_OLD_SPACE_MB = 192;
const WORKER_YOUNG_SPACE_MB = 16;
const MAX_WAITING = 2;
/** Files up to this size are checked and written without a worker. */
export const INLINE_MAX_BYTES = 64 * 1024;

const shared = globalThis as unknown as { tcpDrillImports?: { tail: Promise<unknown>; waiting: number; running: boolean } };
const queue = (shared.tcpDrillImports ??= { tail: Promise.resolve(), waiting: 0, running: false });

/** True while an import's worker holds (or is about to take) the database's write lock. */
export function importRunning(): boolean {
  return queue.running;
}

export async function importProgress(userId: string, bytes: Uint8Array, now: Date): Promise<ImportOutcome> {
  return bytes.byteLength <= INLINE_MAX_BYTES ? importInline(userId, bytes, now) : importProgressInWorker(userId, bytes, now);
}

async function importInline(userId: string, bytes: Uint8Array, now: Date): Promise<ImportOutcome> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, error: { code: "not_utf8" } };
  }
  const db = await getPrisma();
  const known = new Set((await db.item.findMany({ where: { ownerId: null }, select: { id: true } })).map((i) => i.id));
  const parsed = parseProgressFile(text, known);
  if (!parsed.ok) return parsed;
  const file = parsed.file;
  const store = getStore();
  await store.write(userId, () => writeImportSteps(userId, file, now, store.dialect === "postgresql" ? orderedId : undefined));
  return { ok: true, cards: file.cards.length, reviews: file.reviewLogs.length, mocks: file.mockInterviews.length };
}

async function importProgressInWorker(userId: string, bytes: Uint8Array, now: Date): Promise<ImportOutcome> {
  if (queue.waiting >= MAX_WAITING) return { ok: false, error: { code: "busy" } };
  queue.waiting++;
  const turn = queue.tail.then(async () => {
    queue.waiting--;
    queue.running = true;
    try {
      return await runWorker(userId, bytes, now);
    } finally {
      queue.running = false;
    }
  });
  queue.tail = turn.catch(() => undefined);
  return turn;
}

function runWorker(userId: string, bytes: Uint8Array, now: Date): Promise<ImportOutcome> {
  // A buffer of its own, handed over to the worker without a copy.
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice();
  const { database } = loadConfig();
  const worker = new Worker(path.join(process.cwd(), "lib", "dashboard", "import-worker.ts"), {
    execArgv: ["--import", "tsx"],
    workerData: { database, userId, now: now.toISOString(), bytes: own },
    transferList: [own.buffer as ArrayBuffer],
    resourceLimits: { maxOldGenerationSizeMb: WORKER_OLD_SPACE_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_SPACE_MB },
    stdout: false,
    stderr: false,
  });
  return new Promise<ImportOutcome>((resolve) => {
    let done = false;
    const finish = (o: ImportOutcome) => {
      if (done) return;
      done = true;
      resolve(o);
    };
    worker.once("message", (m: ImportOutcome | { ok: false; error: { code: "failed"; dbCode: string | null; message: string } }) => {
      if (!m.ok && m.error.code === "failed") {
        const e = m.error as { dbCode: string | null; message: string };
        const fault = classifyDbError({ code: e.dbCode ?? undefined, message: e.message });
        if (fault) recordFault(fault);
        console.error("tcp-drill: progress import rolled back:", e.message);
        return finish({ ok: false, error: { code: fault === "locked" ? "locked" : fault === "disk_full" ? "disk_full" : fault === "read_only" ? "read_only" : "failed" } });
      }
      finish(m as ImportOutcome);
    });
    worker.once("error", (e: Error & { code?: string }) => {
      if (e.code === "ERR_WORKER_OUT_OF_MEMORY") return finish({ ok: false, error: { code: "too_complex" } });
      console.error("tcp-drill: progress import failed:", e.message);
      finish({ ok: false, error: { code: "failed" } });
    });
    worker.once("exit", () => finish({ ok: false, error: { code: "failed" } }));
  });
}
