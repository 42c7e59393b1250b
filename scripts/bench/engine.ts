/**
 * Engine benchmark (issue 4, "Done when"): transitions per second beside a plain table lookup over
 * the same event sequence, and annotated trace lines per second on a generated 100,000-line trace
 * beside a single regular-expression scan of the same lines. Goals: >= 1,000,000 transitions/s and
 * annotate at least half as fast as the bare scan.
 *
 * Run alone: npx tsx scripts/bench/engine.ts
 */
import { pathToFileURL } from "node:url";
import { annotate, renderTcpdump, transition, TCP_EVENTS, TCP_STATES, type TcpEvent, type TcpState } from "../../lib/tcp/index";
import { mulberry32 } from "../../lib/tcp/prng";

function bestOf(runs: number, fn: () => number): number {
  let best = Infinity;
  let sink = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    sink += fn();
    best = Math.min(best, performance.now() - t0);
  }
  if (sink === -1) console.log(sink);
  return best;
}

/** A random walk through the state machine: each event is applied to the state the last one left. */
function eventSequence(n: number): { states: TcpState[]; events: TcpEvent[] } {
  const rng = mulberry32(2024);
  const states: TcpState[] = new Array(n);
  const events: TcpEvent[] = new Array(n);
  let s: TcpState = "CLOSED";
  for (let i = 0; i < n; i++) {
    const e = TCP_EVENTS[Math.floor(rng() * TCP_EVENTS.length)];
    states[i] = s;
    events[i] = e;
    const r = transition(s, e);
    s = r.ok ? r.next : s;
    if (s === "CLOSED" && rng() < 0.3) s = TCP_STATES[Math.floor(rng() * TCP_STATES.length)];
  }
  return { states, events };
}

/** A long, realistic connection as tcpdump -n prints it (timestamps, options, relative numbers). */
export function realisticTrace(lines: number): string {
  const segs: { from: "client" | "server"; flags: string; seq: number; ack: number | null; len: number; options?: string; t: number }[] = [];
  let c = 0xfffe_0000; // the client's numbers wrap around during the trace
  let s = 123_456_789;
  let t = 0;
  segs.push({ from: "client", flags: "S", seq: c, ack: null, len: 0, t, options: "mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7" });
  segs.push({ from: "server", flags: "S.", seq: s, ack: (c + 1) >>> 0, len: 0, t: (t += 1), options: "mss 1460,sackOK,TS val 2 ecr 1,nop,wscale 7" });
  c = (c + 1) >>> 0;
  s = (s + 1) >>> 0;
  segs.push({ from: "client", flags: ".", seq: c, ack: s, len: 0, t: (t += 1), options: "nop,nop,TS val 3 ecr 2" });
  while (segs.length + 4 <= lines - 4) {
    const req = 100 + (segs.length % 300);
    segs.push({ from: "client", flags: "P.", seq: c, ack: s, len: req, t: (t += 1), options: `nop,nop,TS val ${t} ecr ${t - 1}` });
    c = (c + req) >>> 0;
    segs.push({ from: "server", flags: ".", seq: s, ack: c, len: 0, t: (t += 1), options: `nop,nop,TS val ${t} ecr ${t - 1}` });
    const resp = 1448;
    segs.push({ from: "server", flags: "P.", seq: s, ack: c, len: resp, t: (t += 1), options: `nop,nop,TS val ${t} ecr ${t - 1}` });
    s = (s + resp) >>> 0;
    segs.push({ from: "client", flags: ".", seq: c, ack: s, len: 0, t: (t += 1), options: `nop,nop,TS val ${t} ecr ${t - 1}` });
  }
  segs.push({ from: "client", flags: "F.", seq: c, ack: s, len: 0, t: (t += 1) });
  segs.push({ from: "server", flags: ".", seq: s, ack: (c + 1) >>> 0, len: 0, t: (t += 1) });
  segs.push({ from: "server", flags: "F.", seq: s, ack: (c + 1) >>> 0, len: 0, t: (t += 1) });
  segs.push({ from: "client", flags: ".", seq: (c + 1) >>> 0, ack: (s + 1) >>> 0, len: 0, t: (t += 1) });
  return renderTcpdump(segs.slice(0, lines), { client: "192.168.1.10.51234", server: "93.184.216.34.443", timestamps: true, numbering: "relative" } as never);
}

const LINE_RE = /^(\S+) IP (\S+) > (\S+): Flags \[([^\]]*)\](?:, seq (\d+)(?::(\d+))?)?(?:, ack (\d+))?, win (\d+)(?:, options \[[^\]]*\])?, length (\d+)/gm;

export async function runEngineBench(): Promise<void> {
  // transitions
  const N = 2_000_000;
  const { states, events } = eventSequence(N);
  const BASE: Record<string, Record<string, TcpState>> = {};
  for (const st of TCP_STATES) {
    BASE[st] = {};
    for (const ev of TCP_EVENTS) {
      const r = transition(st, ev);
      BASE[st][ev] = r.ok ? r.next : st;
    }
  }
  const tTrans = bestOf(5, () => {
    let k = 0;
    for (let i = 0; i < N; i++) if (transition(states[i], events[i]).ok) k++;
    return k;
  });
  const tBase = bestOf(5, () => {
    let k = 0;
    for (let i = 0; i < N; i++) if (BASE[states[i]][events[i]] !== states[i]) k++;
    return k;
  });

  // annotate
  const L = 100_000;
  const text = realisticTrace(L);
  const tAnn = bestOf(5, () => annotate(text).segments.length);
  const tRe = bestOf(5, () => {
    let k = 0;
    LINE_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = LINE_RE.exec(text)) !== null) k += m[9].length;
    return k;
  });
  const check = annotate(text);
  const rows = [
    { measure: "transition() per s", engine: Math.round(N / (tTrans / 1000)), baseline: Math.round(N / (tBase / 1000)), baselineIs: "table lookup" },
    { measure: "annotate lines per s", engine: Math.round(L / (tAnn / 1000)), baseline: Math.round(L / (tRe / 1000)), baselineIs: "one regex scan" },
  ];
  console.log(`engine bench (${N.toLocaleString("en")} transitions, ${L.toLocaleString("en")}-line trace; best of 5)`);
  console.table(rows.map((r) => ({ ...r, ratio: +(r.engine / r.baseline).toFixed(2) })));
  console.log(`goals: transitions >= 1,000,000/s: ${rows[0].engine >= 1_000_000 ? "met" : "NOT met"}; annotate >= 0.5 x regex scan: ${rows[1].engine / rows[1].baseline >= 0.5 ? "met" : "NOT met"}`
    + ` (annotated ${check.segments.length} segments, ${check.problems.length} problems, final ${check.segments.at(-1)?.client}/${check.segments.at(-1)?.server})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runEngineBench().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
