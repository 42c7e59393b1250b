/**
 * `PRAGMA quick_check` at start-up, bounded in time: a database corrupt past its header opens
 * and answers simple queries, so only a check of every page finds it. The check runs in a worker
 * thread on its own read-only connection; when it takes longer than `timeoutMs` (a very large
 * file on a slow disk) the worker is stopped and start-up goes on, saying so.
 */
import { Worker } from "node:worker_threads";

export type QuickCheck = { status: "ok" } | { status: "corrupt"; problem: string } | { status: "timeout"; ms: number };

const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require("better-sqlite3");
let result;
try {
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    const rows = db.pragma("quick_check(5)", { simple: false }).map((r) => Object.values(r)[0]);
    result = rows.length === 1 && rows[0] === "ok" ? { status: "ok" } : { status: "corrupt", problem: rows.join("; ") };
  } finally {
    db.close();
  }
} catch (e) {
  const code = e && e.code;
  if (code === "SQLITE_CORRUPT") result = { status: "corrupt", problem: String(e.message) };
  else result = { status: "ok", skipped: String(code || e) }; // not a database, cannot open: start-up names it itself
}
parentPort.postMessage(result);
`;

export async function quickCheck(file: string, timeoutMs: number): Promise<QuickCheck> {
  const worker = new Worker(WORKER, { eval: true, workerData: { file } });
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<QuickCheck>((resolve) => {
      timer = setTimeout(() => resolve({ status: "timeout", ms: timeoutMs }), timeoutMs);
      worker.once("message", (m: QuickCheck) => resolve(m.status === "corrupt" ? { status: "corrupt", problem: m.problem.replace(/\s*\n\s*/g, "; ").slice(0, 300) } : { status: "ok" }));
      // A worker that cannot run at all (e.g. the native module is missing) leaves the decision to start-up's own checks.
      worker.once("error", () => resolve({ status: "ok" }));
    });
  } finally {
    clearTimeout(timer);
    await worker.terminate();
  }
}
