/**
 * Worker-thread entry of the lab's explainer (bundled by scripts/build-lab-worker.ts into the build
 * folder as lab-worker.mjs). workerData: the bank entries; messages: { id, text } in,
 * { id, result } out. One job at a time; the pool terminates the thread when a job runs past its budget.
 */
import os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import type { BankEntry } from "@/lib/lab/related";
import { explainBytes, type ExplainBytes } from "./explain";

// This thread yields to the server's own thread: on Linux setpriority(0) applies to the calling
// thread only, so the request thread keeps its priority (best effort elsewhere).
try {
  os.setPriority(10);
} catch {
  // not permitted here: run at the normal priority
}

const bank = (workerData as { bank: BankEntry[] }).bank;
parentPort!.on("message", (m: { id: number; bytes: Uint8Array }) => {
  let result: ExplainBytes;
  try {
    result = explainBytes(m.bytes, bank);
  } catch (e) {
    result = { ok: false, code: "engine_error", message: { en: `The engine failed: ${String(e)}`, zh: `引擎出错：${String(e)}` } };
  }
  // the answer's bytes are moved, not copied
  parentPort!.postMessage({ id: m.id, result }, result.ok ? [result.body.buffer as ArrayBuffer] : []);
});
