import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, describe, expect, it } from "vitest";
import { workloadCurve } from "@/lib/schedule/calibration";
import { DEFAULT_WEIGHTS, ratingsFromLogs, secondsFromDurations } from "@/lib/schedule/model";
import { noteFields } from "@/lib/anki/notes";
import { loadContent } from "@/lib/content/loader";
import { CpuPool, runCpuJob } from "./cpu-worker";
import { HttpError } from "./http";

/**
 * The CPU worker pool (lib/server/cpu-worker.ts): jobs run in a worker thread, in turn; a full
 * queue, a job past its time limit, a job that throws and a thread that dies are each a 503
 * HttpError in both languages, and the pool goes on with a fresh thread. The app's own jobs give
 * what they give in process.
 */
const TEST_JOBS = path.join(process.cwd(), "test", "cpu-test-jobs.ts");
const pools: CpuPool[] = [];
const pool = (o: ConstructorParameters<typeof CpuPool>[0] = {}) => {
  const p = new CpuPool({ jobs: TEST_JOBS, ...o });
  pools.push(p);
  return p;
};
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

async function refusal(p: Promise<unknown>): Promise<HttpError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(HttpError);
  const h = e as HttpError;
  expect(h.status).toBe(503);
  expect(h.message.length).toBeGreaterThan(10);
  expect(h.zh).toMatch(/[\u4e00-\u9fff]/);
  return h;
}

describe("the CPU worker pool", () => {
  it("runs a job in its thread and gives back its result (structured clone: Dates stay Dates)", async () => {
    const p = pool();
    const input = { at: new Date("2026-11-30T10:00:00Z"), list: [1, 2, 3], text: "ü" };
    const r = await p.run("echo", input);
    expect(r.result).toEqual(input);
    expect((r.result as typeof input).at).toBeInstanceOf(Date);
    expect(r.ms).toBeGreaterThanOrEqual(0);
  });

  it("keeps the event loop free while a job holds its thread's CPU", async () => {
    const p = pool();
    await p.run("echo", 0); // the thread is started and its modules loaded
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    const r = await p.run("spin", 1500);
    h.disable();
    const gapMs = h.max / 1e6;
    console.log(`spin job ${r.ms} ms in its thread; longest event-loop delay meanwhile ${gapMs.toFixed(1)} ms`);
    expect(r.ms).toBeGreaterThanOrEqual(1500);
    // on the event loop, the job would have delayed it by its whole time
    expect(gapMs).toBeLessThan(r.ms / 5);
  });

  it("runs jobs one at a time, in order, and refuses at once (503 cpu_busy) when the queue is full", async () => {
    const p = pool({ maxQueued: 2 });
    const order: string[] = [];
    const a = p.run("spin", 300).then(() => order.push("a"));
    const b = p.run("echo", "b").then(() => order.push("b"));
    const c = p.run("echo", "c").then(() => order.push("c"));
    expect(p.load).toEqual({ running: 1, queued: 2 });
    const d = await refusal(p.run("echo", "d"));
    expect(d.code).toBe("cpu_busy");
    await Promise.all([a, b, c]);
    expect(order).toEqual(["a", "b", "c"]);
    expect(p.load).toEqual({ running: 0, queued: 0 });
  });

  it("stops a job past its time limit (503 cpu_timeout), replaces the thread and runs the next job", async () => {
    const p = pool({ timeouts: { spin: 300 } });
    const started = performance.now();
    const slow = p.run("spin", 20_000);
    const next = p.run("echo", "after");
    const e = await refusal(slow);
    expect(e.code).toBe("cpu_timeout");
    expect(e.message).toContain("0.3 s");
    expect(performance.now() - started).toBeLessThan(20_000);
    expect((await next).result).toBe("after");
  });

  it("answers a job that throws, a thread that ends and an unknown job with 503 cpu_failed, and goes on", async () => {
    const p = pool();
    expect((await refusal(p.run("fail", "broken input"))).code).toBe("cpu_failed");
    expect((await p.run("echo", 1)).result).toBe(1);
    expect((await refusal(p.run("exit", 3))).code).toBe("cpu_failed");
    expect((await p.run("echo", 2)).result).toBe(2);
    expect((await refusal(p.run("no-such-job", null))).code).toBe("cpu_failed");
    expect((await p.run("echo", 3)).result).toBe(3);
  });
});

describe("the app's jobs (lib/cpu/jobs.ts) in the thread", () => {
  it("the workload curve and the Anki note fields are what they are in process", async () => {
    const options = { weights: [...DEFAULT_WEIGHTS], ratings: ratingsFromLogs([]), seconds: secondsFromDurations([]), cards: 30, newPerDay: 5, days: 20, retentions: [0.8, 0.9] };
    const curve = await runCpuJob("workload", options);
    expect(curve.result).toEqual(workloadCurve(options));
    const items = loadContent(path.join(process.cwd(), "content")).items.filter((i) => i.type === "state" || i.type === "trace").slice(0, 6);
    expect(items.length).toBeGreaterThan(1);
    for (const lang of ["en", "zh"] as const) {
      const fields = await runCpuJob("ankiFields", { items, lang });
      expect(fields.result).toEqual(items.map((i) => noteFields(i, lang)));
    }
  }, 60_000);
});
