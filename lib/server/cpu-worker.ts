import "server-only";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { JOBS } from "@/lib/cpu/jobs";
import { HttpError } from "./http";

/**
 * The server's one place for CPU-heavy work (the project rule: one heavy request never slows
 * everyone else). Jobs named in lib/cpu/jobs.ts — the interview-date plan, the workload curve, the
 * Anki note fields — run in a worker thread, never on the event loop that answers requests:
 *
 * - a bounded pool: THREADS thread (one — the machine's other core serves the requests), started
 *   on first use and kept (the job modules load once), not keeping the process alive when idle;
 * - jobs wait their turn in a queue of at most MAX_QUEUED; beyond it the answer is 503 `cpu_busy`
 *   at once, so a burst cannot pile up work nobody will wait for;
 * - every job has a time limit (its own, from TIMEOUT_MS): past it the thread is terminated and
 *   replaced, and the job is answered 503 `cpu_timeout`; a job that throws, or a thread that dies,
 *   is answered 503 `cpu_failed` — each an HttpError with both languages, which route() turns
 *   into a JSON 503 and pages show as a message.
 *
 * The thread runs the TypeScript sources through tsx (lib/cpu/thread.mjs), as the server does
 * (scripts/start.ts runs under `node --import tsx`); the path is made at run time and the Worker
 * constructor taken through a variable so that Next's bundler does not try to follow it.
 */

export type JobName = keyof typeof JOBS;
export type JobInput<N extends JobName> = Parameters<(typeof JOBS)[N]>[0];
export type JobOutput<N extends JobName> = Awaited<ReturnType<(typeof JOBS)[N]>>;

export const THREADS = 1;
export const MAX_QUEUED = 8;
/** Time limits per job (ms in the thread, from the job's start; waiting in the queue is not counted). */
export const TIMEOUT_MS: Record<JobName, number> = { plan: 120_000, workload: 60_000, ankiFields: 60_000, apkg: 60_000 };

const THREAD_FILE = ["lib", "cpu", "thread.mjs"];
const JOBS_FILE = ["lib", "cpu", "jobs.ts"];

const busy = () =>
  new HttpError(503, "cpu_busy", "The server is busy with other heavy computations; try again in a few seconds.", "服务器正忙于其他耗时的计算，请几秒后再试。");
const WHAT: Record<string, { en: string; zh: string }> = {
  plan: { en: "the interview plan", zh: "面试计划" },
  workload: { en: "the workload curve", zh: "工作量曲线" },
  ankiFields: { en: "the Anki notes", zh: "Anki 笔记" },
  apkg: { en: "the Anki package", zh: "Anki 包" },
};
const what = (name: string) => WHAT[name] ?? { en: `the job ${name}`, zh: `任务 ${name}` };
const timedOut = (name: string, ms: number) =>
  new HttpError(503, "cpu_timeout", `Computing ${what(name).en} took longer than ${ms / 1000} s and was stopped; try again later.`, `计算${what(name).zh}超过了 ${ms / 1000} 秒，已被中止，请稍后再试。`);
const failed = (name: string) =>
  new HttpError(503, "cpu_failed", `Computing ${what(name).en} failed on the server; try again later.`, `服务器计算${what(name).zh}时出错，请稍后再试。`);

interface Job {
  id: number;
  name: string;
  input: unknown;
  timeoutMs: number;
  resolve: (r: { result: unknown; ms: number }) => void;
  reject: (e: Error) => void;
}

export interface PoolOptions {
  /** absolute path of the module whose JOBS the thread runs (tests pass their own) */
  jobs?: string;
  threads?: number;
  maxQueued?: number;
  timeouts?: Record<string, number>;
  /** the thread's heap limit */
  maxOldGenerationSizeMb?: number;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

export class CpuPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private readonly jobs: string;
  private readonly threads: number;
  private readonly maxQueued: number;
  private readonly timeouts: Record<string, number>;
  private readonly heapMb: number;

  constructor(o: PoolOptions = {}) {
    this.jobs = o.jobs ?? path.join(process.cwd(), ...JOBS_FILE);
    this.threads = o.threads ?? THREADS;
    this.maxQueued = o.maxQueued ?? MAX_QUEUED;
    this.timeouts = o.timeouts ?? TIMEOUT_MS;
    this.heapMb = o.maxOldGenerationSizeMb ?? 512;
  }

  /** Run the job `name` on `input` in a thread: its result and its time in the thread (ms). */
  run(name: string, input: unknown): Promise<{ result: unknown; ms: number }> {
    return new Promise((resolve, reject) => {
      const job: Job = { id: this.nextId++, name, input, timeoutMs: this.timeouts[name] ?? 60_000, resolve, reject };
      const slot = this.idleSlot();
      if (slot) this.start(slot, job);
      else if (this.queue.length >= this.maxQueued) reject(busy());
      else this.queue.push(job);
    });
  }

  /** Jobs running and waiting now. */
  get load(): { running: number; queued: number } {
    return { running: this.slots.filter((s) => s.job).length, queued: this.queue.length };
  }

  private idleSlot(): Slot | null {
    const idle = this.slots.find((s) => s.job === null);
    if (idle) return idle;
    if (this.slots.length >= this.threads) return null;
    const slot = this.spawn();
    this.slots.push(slot);
    return slot;
  }

  private spawn(): Slot {
    const Thread: typeof Worker = Worker;
    const worker = new Thread(path.join(process.cwd(), ...THREAD_FILE), {
      // not the parent's flags or loaders (a test runner's): thread.mjs registers tsx itself
      execArgv: [],
      workerData: { jobs: this.jobs },
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb },
      stdout: false,
      stderr: false,
    });
    worker.unref();
    const slot: Slot = { worker, job: null, timer: null };
    worker.on("message", (m: { id: number; ok: true; result: unknown; ms: number } | { id: number; ok: false; error: string }) => {
      const job = slot.job;
      if (!job || job.id !== m.id) return;
      if (m.ok) this.settle(slot, () => job.resolve({ result: m.result, ms: m.ms }));
      else {
        console.error(`cpu-worker: ${job.name} failed: ${m.error}`);
        this.settle(slot, () => job.reject(failed(job.name)));
      }
    });
    worker.on("error", (e) => {
      console.error(`cpu-worker: the thread failed${slot.job ? ` during ${slot.job.name}` : ""}: ${e.message}`);
      this.replace(slot, (job) => failed(job.name));
    });
    worker.on("exit", () => this.replace(slot, (job) => failed(job.name)));
    return slot;
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    // the thread keeps the process alive only while it works
    slot.worker.ref();
    slot.timer = setTimeout(() => this.replace(slot, (j) => timedOut(j.name, j.timeoutMs)), job.timeoutMs);
    try {
      slot.worker.postMessage({ id: job.id, name: job.name, input: job.input });
    } catch (e) {
      // an input that cannot be cloned: the caller's mistake, said as it is
      this.settle(slot, () => job.reject(e instanceof Error ? e : new Error(String(e))));
    }
  }

  /** The slot's job is done: answer it and give the slot the next job. */
  private settle(slot: Slot, answer: () => void): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    slot.worker.unref();
    answer();
    this.pump();
  }

  /** Give waiting jobs, oldest first, to idle threads (started up to the bound). */
  private pump(): void {
    for (let slot = this.queue.length ? this.idleSlot() : null; slot; slot = this.queue.length ? this.idleSlot() : null) this.start(slot, this.queue.shift()!);
  }

  /** End the slot's job (if any) with an error, drop its thread, and start the next job on a fresh one. */
  private replace(slot: Slot, error: (job: Job) => Error): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    if (slot.timer) clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = null;
    void slot.worker.terminate();
    if (job) job.reject(error(job));
    this.pump();
  }

  /** Stop every thread; jobs running or waiting are answered 503. */
  async close(): Promise<void> {
    const waiting = this.queue.splice(0);
    for (const j of waiting) j.reject(failed(j.name));
    await Promise.all([...this.slots].map(async (s) => {
      this.replace(s, (j) => failed(j.name));
      await s.worker.terminate();
    }));
  }
}

const g = globalThis as unknown as { tcpDrillCpuPool?: CpuPool };

/**
 * Run a job of lib/cpu/jobs.ts off the event loop (the process's one pool). Rejects with an
 * HttpError 503 when the pool is full, the job runs past its time limit, or it fails.
 */
export async function runCpuJob<N extends JobName>(name: N, input: JobInput<N>): Promise<{ result: JobOutput<N>; ms: number }> {
  const pool = (g.tcpDrillCpuPool ??= new CpuPool());
  return (await pool.run(name, input)) as { result: JobOutput<N>; ms: number };
}
