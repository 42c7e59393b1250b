import "server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { Bilingual } from "@/lib/tcp";
import type { BankEntry } from "@/lib/lab/related";
import { explainBytes, type ExplainBytes } from "@/lib/lab/worker/explain";

/**
 * The lab's annotation runs off the request thread: in worker threads (the bundle
 * <build folder>/lab-worker.mjs made by `npm run build`), one job at a time per thread, each with a
 * CPU budget. A job past its budget has its thread terminated (and replaced) and is answered 503;
 * so is a job that finds the queue full. The server's own thread only moves strings, so one heavy
 * paste never slows /api/health or anyone else's page.
 *
 * Without the bundle (next dev, unit tests) the job runs in process, as before issue 16.
 */

/** CPU time a job may use (ms of its thread's wall clock while running: one job per thread). */
export const LAB_BUDGET_MS = Number(process.env.LAB_BUDGET_MS) > 0 ? Number(process.env.LAB_BUDGET_MS) : 2000;
/** Threads: one per core but the one the server needs, at least one. */
const THREADS = Math.max(1, Math.min(4, os.cpus().length - 1));
/** Jobs that may wait for a thread; beyond that the answer is 503 at once. */
const QUEUE = 16;

export type PoolOutcome = ExplainBytes | { ok: false; code: "budget_exceeded" | "busy"; message: Bilingual; status: 503 };

const budgetMessage = (ms: number): Bilingual => ({
  en: `This trace takes more than the lab's ${ms / 1000} s budget to explain, so it was stopped. Paste a shorter part of it (the lines around what you want explained).`,
  zh: `解释这段抓包超出了实验室 ${ms / 1000} 秒的计算预算，已被中止。请只粘贴其中较短的一段（你想弄清楚的那几行附近）。`,
});
const BUSY: Bilingual = {
  en: "The lab is explaining many traces right now. Try again in a few seconds.",
  zh: "实验室此刻正在解释很多段抓包。请过几秒再试。",
};

interface Job {
  id: number;
  /** the request body, UTF-8, in a buffer of its own (moved to the thread, not copied) */
  bytes: Uint8Array;
  resolve: (o: PoolOutcome) => void;
}
interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

function workerFile(): string | null {
  const f = path.resolve(process.cwd(), process.env.NEXT_DIST_DIR || ".next", "lab-worker.mjs");
  return fs.existsSync(f) ? f : null;
}

export class LabPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;

  constructor(private readonly file: string, private readonly bank: BankEntry[], private readonly budgetMs = LAB_BUDGET_MS,
    private readonly threads = THREADS) {}

  run(body: Uint8Array): Promise<PoolOutcome> {
    // a buffer of its own, so that it can be moved to the thread
    const bytes = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength ? body : body.slice();
    return new Promise((resolve) => {
      const job: Job = { id: this.nextId++, bytes, resolve };
      const idle = this.idleSlot();
      if (idle) this.start(idle, job);
      else if (this.queue.length >= QUEUE) resolve({ ok: false, code: "busy", message: BUSY, status: 503 });
      else this.queue.push(job);
    });
  }

  private idleSlot(): Slot | null {
    for (const s of this.slots) if (s.job === null) return s;
    if (this.slots.length < this.threads) {
      const s = this.spawn();
      this.slots.push(s);
      return s;
    }
    return null;
  }

  private spawn(): Slot {
    // execArgv []: not the parent's loaders or flags (a test runner's, tsx's): the bundle is plain ESM
    const worker = new Worker(this.file, { workerData: { bank: this.bank }, execArgv: [], resourceLimits: { maxOldGenerationSizeMb: 512 } });
    const slot: Slot = { worker, job: null, timer: null };
    worker.unref();
    worker.on("message", (m: { id: number; result: ExplainBytes }) => {
      const job = slot.job;
      if (!job || job.id !== m.id) return;
      this.finish(slot, m.result);
    });
    worker.on("error", () => this.replace(slot, { ok: false, code: "engine_error", message: { en: "The engine failed on this trace.", zh: "引擎处理这段抓包时出错。" } }));
    worker.on("exit", () => {
      if (slot.job) this.replace(slot, { ok: false, code: "engine_error", message: { en: "The engine stopped on this trace.", zh: "引擎处理这段抓包时停止了。" } });
    });
    return slot;
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    slot.timer = setTimeout(() => this.replace(slot, { ok: false, code: "budget_exceeded", message: budgetMessage(this.budgetMs), status: 503 }), this.budgetMs);
    slot.worker.postMessage({ id: job.id, bytes: job.bytes }, [job.bytes.buffer as ArrayBuffer]);
  }

  private finish(slot: Slot, outcome: PoolOutcome): void {
    const job = slot.job!;
    if (slot.timer) clearTimeout(slot.timer);
    slot.job = null;
    slot.timer = null;
    job.resolve(outcome);
    const next = this.queue.shift();
    if (next) this.start(slot, next);
  }

  /** End the slot's job with `outcome`, terminate its thread and put a fresh one in its place. */
  private replace(slot: Slot, outcome: PoolOutcome): void {
    if (!slot.job) return;
    const job = slot.job;
    if (slot.timer) clearTimeout(slot.timer);
    slot.job = null;
    slot.timer = null;
    void slot.worker.terminate();
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    job.resolve(outcome);
    const next = this.queue.shift();
    if (next) {
      const s = this.idleSlot();
      if (s) this.start(s, next);
      else this.queue.unshift(next);
    }
  }

  /** Stop every thread (tests). */
  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }
}

let pool: LabPool | null | undefined;

/**
 * Explain a trace (the request body, UTF-8) off the request thread: the bytes are moved to a worker
 * thread, which decodes, annotates and serialises, and moves the JSON bytes back. In process when
 * no worker bundle was built.
 */
export async function explainOffThread(body: Uint8Array, bank: () => BankEntry[]): Promise<PoolOutcome> {
  if (pool === undefined) {
    const file = workerFile();
    pool = file ? new LabPool(file, bank()) : null;
  }
  if (pool === null) return explainBytes(body, bank());
  return pool.run(body);
}
