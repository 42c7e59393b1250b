/**
 * Load benchmark (issue 10): 50 concurrent clients on loopback run mixed practice flows (fetch
 * the queue, rate, retry, undo, re-rate) against the production server for LOAD_SECONDS (default
 * 30); then the database is checked against what each client was told. Prints throughput,
 * p50/p99 latency of the ratings, errors, and the lost and duplicated counts (must be 0), beside
 * the bare transaction floor measured in the practice section.
 *
 * Run alone (after `npm run build`): npx tsx scripts/bench/load.ts
 */
import { pathToFileURL } from "node:url";
import { practiceClient, verify } from "../load/practice-flows";
import { startServer, stopServer, tempDatabase } from "../load/server";
import { percentile, table } from "./harness";

export async function runLoadBench(): Promise<void> {
  const seconds = Number(process.env.LOAD_SECONDS ?? 30);
  const clients = 50;
  console.log(`\n## Load: ${clients} clients, mixed practice flows, ${seconds} s against the production server`);
  const server = await startServer(tempDatabase("bench-load"));
  try {
    const t0 = performance.now();
    const logs = await Promise.all(Array.from({ length: clients }, (_, c) => practiceClient(server.url, c, Date.now() + seconds * 1000)));
    const elapsed = (performance.now() - t0) / 1000;
    const v = await verify(server.file, logs);
    const lat = logs.flatMap((l) => l.latencies).sort((a, b) => a - b);
    const refused = logs.reduce((a, l) => a + l.refused.size, 0);
    const errors = logs.reduce((a, l) => a + l.serverErrors, 0);
    const f = (x: number) => Math.round(x * 10) / 10;
    console.log(
      table([
        ["mock answers", "acknowledged", "ratings/s", "rate p50 ms", "rate p99 ms", "refused (stale)", "5xx", "lost", "duplicated", "replay mismatches"],
        [v.mockAnswers, v.acknowledged, f(v.acknowledged / elapsed), f(percentile(lat, 50)), f(percentile(lat, 99)), refused, errors, v.missing.length, v.duplicated.length, v.replayMismatches.length],
      ]),
    );
    console.log(`lost and duplicated must be 0: ${v.missing.length === 0 && v.duplicated.length === 0 && v.mockMissing.length === 0 ? "ok" : "FAILED"} (ratings lost ${v.missing.length}, duplicated ${v.duplicated.length}; mock answers lost ${v.mockMissing.length})`);
  } finally {
    await stopServer(server);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runLoadBench().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
