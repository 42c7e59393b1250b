/**
 * The CPU worker thread (started by lib/server/cpu-worker.ts through ./thread.mjs). It loads the
 * job table named in workerData (./jobs.ts in the app; a test's own table in tests) and runs one
 * job at a time (the pool sends the next only once the last is answered).
 *
 * In:  workerData { jobs: absolute path of a module exporting JOBS }
 *      messages { id, name, input }
 * Out: messages { id, ok: true, result, ms } | { id, ok: false, error }
 */
import { parentPort, workerData } from "node:worker_threads";
import { pathToFileURL } from "node:url";
import type { JobTable } from "./jobs";

const { jobs } = workerData as { jobs: string };
const table = ((await import(pathToFileURL(jobs).href)) as { JOBS: JobTable }).JOBS;

parentPort!.on("message", async (m: { id: number; name: string; input: unknown }) => {
  const started = performance.now();
  try {
    const job = Object.hasOwn(table, m.name) ? table[m.name] : undefined;
    if (!job) throw new Error(`no job named ${JSON.stringify(m.name)}`);
    const result = await (job as (input: unknown) => unknown)(m.input);
    parentPort!.postMessage({ id: m.id, ok: true, result, ms: Math.round(performance.now() - started) });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
