/**
 * Worst-case traces (issue 16 §4): annotation is O(lines) on every input. Each worst case is a
 * ~1 MB trace (the lab's limit) built to defeat a per-line scan of what is in flight; its time per
 * line is printed beside the typical trace's (a long realistic connection of the same size) and
 * beside the regex-scan baseline (one regular expression over the same text) — goal: worst case
 * within 3 x the typical trace per line. Then, on the production build, /api/health latency idle
 * and while 8 clients keep posting worst-case traces to /api/lab/annotate (p50, p99) — goal: p99
 * under 100 ms under load.
 *
 *   never-acked     one early data segment that is never acknowledged, then only duplicate ACKs
 *                   and data of its sender (before issue 16: quadratic, 11.8 s at 100,000 lines)
 *   fin-storm       a FIN retransmitted on every other line, each answered by a duplicate ACK
 *   many-conns      one line each of thousands of connections (all but one are skipped)
 *   reversed        a realistic connection printed in reverse order (every line impossible)
 *
 * Run alone: npx tsx scripts/bench/worst.ts [--no-http]
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { MAX_TRACE_BYTES, utf8Length } from "../../lib/lab/limits";
import { annotateColumns } from "../../lib/tcp/annotate";
import { analyzeEvents } from "../../lib/tcp/events";
import { renderTcpdump } from "../../lib/tcp/tcpdump";
import type { RenderableSegment } from "../../lib/tcp/types";
import { startServer, stopServer, tempDatabase } from "../load/server";
import { realisticTrace } from "./engine";
import { root } from "./harness";

type Seg = RenderableSegment & { t?: number; options?: string };
const OPTS = { client: "192.168.1.10.51234", server: "93.184.216.34.443", timestamps: true, numbering: "absolute" } as const;

/** The longest prefix (whole lines) of `make(n)` that fits the lab's 1 MB. */
function fit(make: (lines: number) => string): string {
  let lo = 10;
  let hi = 40_000;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (utf8Length(make(mid)) <= MAX_TRACE_BYTES) lo = mid;
    else hi = mid - 1;
  }
  return make(lo);
}

function handshake(c: number, s: number): Seg[] {
  return [
    { from: "client", flags: "S", seq: c, ack: null, len: 0 },
    { from: "server", flags: "S.", seq: s, ack: (c + 1) >>> 0, len: 0 },
    { from: "client", flags: ".", seq: (c + 1) >>> 0, ack: (s + 1) >>> 0, len: 0 },
  ];
}

export function neverAcked(lines: number): string {
  const c = 1000;
  const s = 5000;
  const segs = handshake(c, s);
  let seq = c + 1;
  segs.push({ from: "client", flags: "P.", seq, ack: s + 1, len: 100 }); // never acknowledged
  const hole = seq;
  seq += 100;
  while (segs.length < lines) {
    segs.push({ from: "client", flags: "P.", seq, ack: s + 1, len: 10 });
    seq += 10;
    segs.push({ from: "server", flags: ".", seq: s + 1, ack: hole, len: 0 }); // duplicate ACK
  }
  return renderTcpdump(segs.slice(0, lines).map((x, i) => ({ ...x, t: i })), OPTS);
}

export function finStorm(lines: number): string {
  const c = 1000;
  const s = 5000;
  const segs = handshake(c, s);
  while (segs.length < lines) {
    segs.push({ from: "client", flags: "F.", seq: c + 1, ack: s + 1, len: 0 });
    segs.push({ from: "server", flags: ".", seq: s + 1, ack: c + 1, len: 0 }); // does not cover the FIN
  }
  return renderTcpdump(segs.slice(0, lines).map((x, i) => ({ ...x, t: i })), OPTS);
}

export function manyConnections(lines: number): string {
  let out = "";
  for (let i = 0; i < lines; i++) {
    const port = 1024 + (i % 60000);
    const host = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    out += `12:00:00.${String(i % 1e6).padStart(6, "0")} IP ${host}.${port} > 10.255.0.1.80: Flags [S], seq ${i * 7919}, win 65535, length 0\n`;
  }
  return out;
}

export function reversedOrder(lines: number): string {
  return realisticTrace(lines).trimEnd().split("\n").reverse().join("\n") + "\n";
}

const LINE_RE = /^(\S+) IP (\S+) > (\S+): Flags \[([^\]]*)\](?:, seq (\d+)(?::(\d+))?)?(?:, ack (\d+))?, win (\d+)(?:, options \[[^\]]*\])?, length (\d+)/gm;
function regexScan(text: string): number {
  let k = 0;
  LINE_RE.lastIndex = 0;
  while (LINE_RE.exec(text) !== null) k++;
  return k;
}

function bestOf(runs: number, fn: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < runs + 2; i++) {
    const t0 = performance.now();
    fn();
    const t = performance.now() - t0;
    if (i >= 2) best = Math.min(best, t);
  }
  return best;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function healthLatency(base: string, ms: number): Promise<number[]> {
  const out: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const t0 = performance.now();
    const r = await fetch(`${base}/api/health`);
    await r.text();
    out.push(performance.now() - t0);
    await new Promise((res) => setTimeout(res, 20));
  }
  return out.sort((a, b) => a - b);
}

export async function runWorstBench(opts: { http?: boolean } = {}): Promise<void> {
  const typical = fit(realisticTrace);
  const cases: [string, string][] = [
    ["typical (realistic connection)", typical],
    ["never-acked segment + dup ACKs", fit(neverAcked)],
    ["FIN storm", fit(finStorm)],
    ["many connections", fit(manyConnections)],
    ["reversed order", fit(reversedOrder)],
  ];
  const rows = [];
  let typicalPerLine = 0;
  for (const [name, text] of cases) {
    const lines = text.split("\n").length - 1;
    const tAnn = bestOf(5, () => annotateColumns(text).n);
    const tRe = bestOf(5, () => regexScan(text));
    // Wireshark's analysis events (lib/tcp/events.ts) on the replayed columns, beside the replay itself
    const replayed = annotateColumns(text);
    const tEv = bestOf(5, () => analyzeEvents(replayed).length);
    const perLine = (tAnn * 1e6) / lines; // ns
    if (typicalPerLine === 0) typicalPerLine = perLine;
    rows.push({
      trace: name, lines, KB: Math.round(utf8Length(text) / 1024), "annotate ms": +tAnn.toFixed(1), "regex scan ms": +tRe.toFixed(1),
      "events ms": +tEv.toFixed(1), "events ns/line": Math.round((tEv * 1e6) / lines),
      "ns/line": Math.round(perLine), "x typical/line": +(perLine / typicalPerLine).toFixed(2), "x regex": +(tAnn / tRe).toFixed(2),
    });
  }
  console.log("\n## worst-case traces (issue 16): annotateColumns() on ~1 MB traces, best of 5 after 2 warm-ups");
  console.table(rows);
  const worst = Math.max(...rows.map((r) => r["x typical/line"]));
  console.log(`goal: worst case within 3 x the typical trace per line: ${worst <= 3 ? "met" : "NOT met"} (worst ${worst.toFixed(2)} x)`);

  if (opts.http === false) return;
  const dist = path.resolve(root, process.env.NEXT_DIST_DIR || ".next");
  if (!fs.existsSync(path.join(dist, "BUILD_ID"))) {
    console.log("(no production build: the /api/health under load figure was skipped; run `npm run build` first)");
    return;
  }
  if (!fs.existsSync(path.join(dist, "lab-worker.mjs"))) console.log("(the build has no lab-worker.mjs: the lab runs in process — rebuild with npm run build)");
  const child = await startServer(tempDatabase("bench-worst"));
  try {
    const base = `http://127.0.0.1:${child.port}`;
    await healthLatency(base, 500); // warm up
    const idle = await healthLatency(base, 4000);
    let stop = false;
    const statuses = new Map<number, number>();
    const heavy = cases.slice(1).map((c) => c[1]);
    const clients = Array.from({ length: 8 }, async (_, k) => {
      let i = k;
      while (!stop) {
        const r = await fetch(`${base}/api/lab/annotate`, {
          method: "POST", headers: { "content-type": "text/plain; charset=utf-8", origin: base }, body: heavy[i++ % heavy.length],
        });
        await r.arrayBuffer();
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      }
    });
    await new Promise((res) => setTimeout(res, 1000));
    const loaded = await healthLatency(base, 8000);
    stop = true;
    await Promise.all(clients);
    console.log(`\n## /api/health latency, idle and while 8 clients post worst-case traces to /api/lab/annotate (requests answered: ${[...statuses].map(([s, n]) => `${n} × ${s}`).join(", ")})`);
    console.table([
      { when: "idle", requests: idle.length, "p50 ms": +pct(idle, 50).toFixed(1), "p99 ms": +pct(idle, 99).toFixed(1) },
      { when: "8 clients posting worst cases", requests: loaded.length, "p50 ms": +pct(loaded, 50).toFixed(1), "p99 ms": +pct(loaded, 99).toFixed(1) },
    ]);
    console.log(`goal: health p99 under load < 100 ms: ${pct(loaded, 99) < 100 ? "met" : "NOT met"}`);
  } finally {
    await stopServer(child);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runWorstBench({ http: !process.argv.includes("--no-http") }).catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
