// Preloaded into the benchmarked server (NODE_OPTIONS=--import=<this file>, by ./heavy.ts): every
// 100 ms, appends "<epoch ms> <pid> <longest event-loop delay in that window, ms>" to
// $LOOP_MONITOR_FILE, from perf_hooks.monitorEventLoopDelay. Main thread only.
import fs from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { isMainThread } from "node:worker_threads";

const file = process.env.LOOP_MONITOR_FILE;
if (file && isMainThread) {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  setInterval(() => {
    fs.appendFileSync(file, `${Date.now()} ${process.pid} ${(h.max / 1e6).toFixed(1)}\n`);
    h.reset();
  }, 100).unref();
}
