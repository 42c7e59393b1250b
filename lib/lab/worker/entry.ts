/**
 * Worker-thread entry of the lab's explainer (bundled by scripts/build-lab-worker.ts into the build
 * folder as lab-worker.mjs). workerData: the bank entries; messages: { id, text } in,
 * { id, result } out. One job at a time; the pool terminates the thread when a job runs past its budget.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { BankEntry } from "@/lib/lab/related";
import { explainToJson } from "./explain";

const bank = (workerData as { bank: BankEntry[] }).bank;
parentPort!.on("message", (m: { id: number; text: string }) => {
  let result;
  try {
    result = explainToJson(m.text, bank);
  } catch (e) {
    result = { ok: false as const, code: "engine_error", message: { en: `The engine failed: ${String(e)}`, zh: `引擎出错：${String(e)}` } };
  }
  parentPort!.postMessage({ id: m.id, result });
});
