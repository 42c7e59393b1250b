// Starts the planner's worker thread (./plan-worker.ts) with tsx's loader registered in that
// thread: `--import tsx` in a Worker's execArgv does not register it for the thread on Node 20.
import { register } from "tsx/esm/api";

register();
await import("./plan-worker.ts");
