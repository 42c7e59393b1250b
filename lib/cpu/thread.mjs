// Starts the CPU worker thread (./thread.ts) with tsx's loader registered in that thread:
// `--import tsx` in a Worker's execArgv does not register it for the thread on Node 20
// ("Unknown file extension .ts").
import { register } from "tsx/esm/api";

register();
await import("./thread.ts");
