/**
 * A job table for lib/server/cpu-worker.test.ts: jobs that keep the thread's CPU busy for a
 * given time, fail, or end the thread, to exercise the pool's time limits and error answers.
 */
export const JOBS = {
  echo: (x: unknown) => x,
  /** busy for `ms` milliseconds of the thread's time (no sleeping: the CPU is held) */
  spin: (ms: number) => {
    const end = performance.now() + ms;
    let n = 0;
    while (performance.now() < end) n++;
    return n > 0;
  },
  fail: (message: string) => {
    throw new Error(message);
  },
  /** the thread ends in the middle of the job */
  exit: (code: number) => process.exit(code),
};
