/**
 * Data-transfer simulator benchmark (issue 17, "Done when"): simulated segments per second for a
 * 10 MB transfer with 1 % random loss, beside a bare event loop of the same size measured in the
 * same run.
 *
 * What each side does (printed with the results):
 *  - "simulator": simulateTransfer() of 10 MiB (MSS 1460, NewReno with SACK, 10 ms one-way
 *    latency, 4 MiB receive buffer, delayed ACK, 1 % loss in both directions, seed 17), without the
 *    per-segment state snapshots (with them in a second row).
 *  - "bare event loop": the simulator's own binary heap (EventQueue) popping exactly as many events
 *    as the simulation processed, with the same mean queue length, each handler only scheduling
 *    one next event a seeded random delay later: the cost of the loop with no TCP in it.
 * The sides alternate, after a warm-up run each, each run after an untimed minor GC; the best of 9 is kept.
 *
 * Run alone: npx tsx scripts/bench/transfer.ts
 */
import os from "node:os";
import { pathToFileURL } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";
import { mulberry32 } from "../../lib/tcp/prng";
import { EventQueue, simulateTransfer, type TransferOptions, type TransferResult } from "../../lib/tcp/transfer/sim";

// an untimed young-generation collection before each timed run, so no side pays for another's garbage (as engine.ts)
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as (options?: { type: "minor" | "major" }) => void;

const BYTES = 10 * 1024 * 1024;
const OPTIONS: TransferOptions = {
  seed: 17, writes: BYTES, mss: 1460, algo: "newreno", sack: true, latencyMs: 10, rcvBuf: 4 * 1024 * 1024, lossRate: 0.01,
};

/** Pops `events` events from a heap kept at `queue` entries; each pop schedules one more. */
function bareLoop(events: number, queue: number, seed: number): number {
  const rng = mulberry32(seed);
  const q = new EventQueue<{ k: number }>();
  for (let i = 0; i < queue; i++) q.push(rng() * 20, { k: i });
  let sum = 0;
  for (let i = 0; i < events; i++) {
    const { time, ev } = q.pop();
    sum += ev.k;
    if (i + queue < events) q.push(time + rng() * 20, { k: i });
  }
  return sum;
}

export async function runTransferBench(): Promise<void> {
  let check: TransferResult = simulateTransfer({ ...OPTIONS, snapshots: false });
  const { events, meanQueue } = check.summary.loop;
  const queue = Math.max(1, Math.round(meanQueue));
  const best = { sim: Infinity, simSnapshots: Infinity, bare: Infinity };
  for (let round = 0; round < 10; round++) {
    gc({ type: "minor" });
    let t0 = performance.now();
    check = simulateTransfer({ ...OPTIONS, snapshots: false });
    const dSim = performance.now() - t0;
    gc({ type: "minor" });
    t0 = performance.now();
    const withSnapshots = simulateTransfer(OPTIONS);
    const dSnap = performance.now() - t0;
    gc({ type: "minor" });
    t0 = performance.now();
    const sink = bareLoop(events, queue, round);
    const dBare = performance.now() - t0;
    if (!check.summary.complete || !withSnapshots.summary.complete || sink < 0) throw new Error("the benchmark transfer did not complete");
    if (round === 0) continue; // warm-up
    best.sim = Math.min(best.sim, dSim);
    best.simSnapshots = Math.min(best.simSnapshots, dSnap);
    best.bare = Math.min(best.bare, dBare);
  }
  const s = check.summary;
  const perS = (n: number, ms: number) => Math.round(n / (ms / 1000));
  console.log(`\n## transfer simulator (10 MiB, 1 % loss; best of 9 after a warm-up, minor GC before each run; load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")})`);
  console.log(`  transfer: ${s.segments.toLocaleString("en")} segments (${s.dataSegments.toLocaleString("en")} data, ${s.retransmissions} retransmissions, fast retransmits ${s.fastRetransmits}, timeouts ${s.timeouts}), ${s.loop.events.toLocaleString("en")} events, mean queue ${s.loop.meanQueue.toFixed(1)}, simulated time ${(s.endT / 1000).toFixed(2)} s`);
  console.log("  simulator:       simulateTransfer() without per-segment snapshots (with them in the second row)");
  console.log(`  bare event loop: the same binary heap popping ${events.toLocaleString("en")} events at queue length ${queue}, each handler only scheduling the next event`);
  const rows = [
    { measure: "simulated segments per s", simulator: perS(s.segments, best.sim), baseline: perS(s.segments, best.bare), baselineIs: "bare loop, same events" },
    { measure: "events per s", simulator: perS(events, best.sim), baseline: perS(events, best.bare), baselineIs: "bare loop" },
    { measure: "segments per s, with snapshots", simulator: perS(s.segments, best.simSnapshots), baseline: perS(s.segments, best.bare), baselineIs: "bare loop, same events" },
  ];
  console.table(rows.map((r) => ({ ...r, ratio: +(r.simulator / r.baseline).toFixed(3) })));
  console.log(`  times: simulator ${best.sim.toFixed(1)} ms, with snapshots ${best.simSnapshots.toFixed(1)} ms, bare loop ${best.bare.toFixed(1)} ms`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runTransferBench().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
