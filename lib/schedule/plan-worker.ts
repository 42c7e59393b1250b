/**
 * The planner (./plan.ts planUntil) in a worker thread, started by lib/server/plan.ts: it takes
 * one to several seconds of CPU, which must not run on the server's event loop (every other
 * request would wait). Runs once and exits.
 *
 * In:  workerData { input: PlanInput } (Dates cross the thread boundary as Dates)
 * Out: one message { ok: true, result: PlanResult, ms } | { ok: false, error }
 */
import { parentPort, workerData } from "node:worker_threads";
import { planUntil, type PlanInput } from "./plan";

const { input } = workerData as { input: PlanInput };
const started = performance.now();
try {
  const result = planUntil(input);
  parentPort!.postMessage({ ok: true, result, ms: Math.round(performance.now() - started) });
} catch (e) {
  parentPort!.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
}
