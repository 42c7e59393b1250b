/**
 * A seeded simulator of one data transfer: the client sends, the server receives and ACKs.
 * The connection is taken as established (the handshake is lib/tcp/simulator.ts's business);
 * both ends start synchronised at ISS + 1 and every sequence number on the wire and in the TCBs
 * is a 32-bit number compared modulo 2^32 (../seq.ts).
 *
 * Read first: RFC 9293 §3.8 (data communication: retransmission, window management, Nagle,
 * delayed ACK), RFC 6298 (the retransmission timer), RFC 5681 (slow start, congestion avoidance,
 * fast retransmit / fast recovery, when to ACK), RFC 6582 (NewReno), RFC 2018 (SACK),
 * RFC 6675 (SACK-based loss recovery), RFC 1122 §4.2.2.17 (zero-window probes), RFC 896 (Nagle).
 *
 * Model, and where it simplifies (docs/transfer.md says the same):
 *  - Windows are in bytes as after RFC 7323 scaling (`win` may exceed 65535; no scale shift is shown).
 *  - Sender: cwnd starts at the RFC 5681 initial window unless given; ssthresh starts "arbitrarily
 *    high". Without SACK, fast recovery is Reno's or NewReno's (cwnd inflation by duplicate ACKs).
 *    Linux differs (real captures, linux-capture.test.ts, docs/transfer.md "The simulator, compared
 *    with Linux"): initial window 10, limited transmit (RFC 3042) on the first two duplicate ACKs,
 *    PRR (RFC 6937) instead of inflation in recovery, CUBIC by default, RACK-TLP with SACK.
 *    With SACK it follows RFC 6675 in outline: cwnd = ssthresh, a `pipe` estimate (unSACKed data
 *    not deemed lost, plus retransmissions), holes with more than 2·MSS SACKed above them are lost
 *    and retransmitted first, then new data. After an RTO the SACK scoreboard is cleared
 *    (RFC 2018 §5) and the sender goes back to SND.UNA (go-back-N, as BSD and Linux do).
 *  - Sender silly-window avoidance (RFC 9293 §3.8.6.2.1): a window-limited segment shorter than
 *    an MSS goes out only when at least half the largest window seen is usable or nothing is in flight.
 *  - Nagle (RFC 896, RFC 9293 §3.7.4): new data shorter than an MSS waits while anything is unacknowledged.
 *  - Receiver: ACKs every second full-sized segment or after `delayedAckMs` (RFC 5681 §4.2,
 *    RFC 9293 §3.8.6.3), and at once for out-of-order, duplicate, gap-filling and out-of-window
 *    segments. Receiver SWS avoidance: the right edge moves only by min(buffer / 2, MSS) or more,
 *    and never backwards. The application reads every in-order byte at once, except while paused.
 *  - Zero-window probes carry one byte at SND.NXT (RFC style; the receiver rejects it while its
 *    window is zero) or, with `probeStyle: "linux"`, no data at SND.UNA − 1.
 *  - The network: one-way latency, an optional bottleneck rate, faults by transmission index
 *    (drop, delay, duplicate), and seeded random loss that stops at `lossUntil` (ms).
 *  - Forged RSTs (faults `rst_next`, `rst_window`, `rst_outside`, as in the connection scenarios):
 *    an RST spoofed from the segment's sender reaches its receiver right behind the segment, aimed
 *    at the receiver's RCV.NXT, inside the window above it, or far outside it. The receiver checks
 *    it as RFC 9293 §3.10.7.4 with RFC 5961 §3.2 says (Linux tcp_validate_incoming(),
 *    net/ipv4/tcp_input.c, 6.x): at RCV.NXT it resets the connection (the TCB is deleted, its
 *    timers stop); in the window but not at RCV.NXT it gets a challenge ACK; outside the window it
 *    is dropped without an answer. An end without a TCB answers whatever else arrives with
 *    <SEQ=SEG.ACK><CTL=RST> (§3.10.7.1), which resets the other end too. Challenge-ACK rate limits
 *    (RFC 5961 §7, Linux tcp_challenge_ack_limit) never bind: one forged RST per fault.
 */
import type { Bilingual, NetworkFaultKind, RstFaultKind, Side } from "../types";
import { SIM_RST_OUTSIDE_OFFSET, SIM_RST_WINDOW_OFFSET } from "../constants";
import { mulberry32, randomU32 } from "../prng";
import { seqAdd, seqDiff, seqGe, seqGt, seqLe, seqLt } from "../seq";
import { parsePhase, type Phase } from "./congestion";
import { checkInt, checkNumber, TransferInputError } from "./errors";
import { rfc6298Rto, rfc6298Sample, RFC_MAX_RTO_MS, RFC_MIN_RTO_MS, RTO_INITIAL_MS, type RttEstimator } from "./rto";
import { ReassemblyQueue, type ArrivalKind, type SackBlock } from "./window";

export interface TransferFault {
  /** index among transmitted segments (0-based), counted over both directions, or over `from`'s segments when given */
  segment: number;
  from?: Side;
  /** the network's faults, or a forged RST right behind the segment (see the top of this file) */
  kind: NetworkFaultKind | RstFaultKind;
}
export interface TransferOptions {
  seed?: number;
  /** bytes the application writes: one number (all at t = 0) or writes at given times (ms) */
  writes: number | { at: number; bytes: number }[];
  mss?: number;
  iss?: { client?: number; server?: number };
  algo?: "reno" | "newreno";
  sack?: boolean;
  /** initial window in segments (default RFC 5681 §3.1: 4, 3 or 2 by MSS) */
  initialWindow?: number;
  /** initial ssthresh in bytes (default: no limit) */
  initialSsthresh?: number;
  minRto?: number;
  maxRto?: number;
  /** give up after this many successive timeouts of one segment (Linux tcp_retries2 = 15) */
  maxRetries?: number;
  nagle?: boolean;
  /** delayed-ACK timeout in ms, or false for an ACK per segment */
  delayedAckMs?: number | false;
  /** receive buffer in bytes */
  rcvBuf?: number;
  /** the receiving application reads nothing before this time (ms) */
  readPausedUntil?: number;
  probeStyle?: "rfc" | "linux";
  /** one-way latency in ms */
  latencyMs?: number;
  /** bottleneck rate in bytes per ms (both directions), default unlimited */
  rate?: number;
  faults?: TransferFault[];
  /** extra delay a "delay" fault adds (ms, default 2 × latency) */
  delayFaultMs?: number;
  /** probability that a segment is lost, drawn from the seed */
  lossRate?: number;
  /** random loss applies only to segments sent before this time (ms): the network then recovers */
  lossUntil?: number;
  /** the simulation stops here (ms), default 10 minutes */
  maxTimeMs?: number;
  /** keep a state snapshot per segment (default true; the benchmark turns it off) */
  snapshots?: boolean;
}

export type SegmentKind =
  | "new" | "retransmission" | "fast_retransmission" | "sack_retransmission" | "zero_window_probe"
  | "ack" | "dup_ack" | "window_update"
  /** an RST forged with the other end's address (a fault), the ACK RFC 5961 §3.2 answers it with, an RST from an end without TCB */
  | "forged_rst" | "challenge_ack" | "rst";
export interface TransferState {
  cwnd: number;
  ssthresh: number;
  phase: Phase;
  rto: number;
  srtt: number | null;
  rttvar: number | null;
  sndUna: number;
  sndNxt: number;
  /** the highest SND.NXT so far (BSD snd_max): SND.NXT falls back to SND.UNA after a timeout */
  sndMax: number;
  sndWnd: number;
  /** FlightSize (RFC 5681 §2): bytes sent and not yet acknowledged, SND.MAX − SND.UNA */
  flight: number;
  dupacks: number;
  rcvNxt: number;
  rcvWnd: number;
  /** bytes the receiver has taken in order and not yet acknowledged (what a delayed ACK owes) */
  ackPending: number;
  /** when each timer expires (ms), or null when it is not running */
  timers: { retransmit: number | null; persist: number | null; delayedAck: number | null };
  /** successive retransmission timeouts of the segment at SND.UNA: `rto` is the base RTO doubled this many times (RFC 6298 §5.5) */
  backoff: number;
  /** zero-window probes sent since the window closed: the next waits RTO · 2^probes (capped at maxRto) */
  probes: number;
}
export interface TransferSegment {
  /** position in `segments` */
  index: number;
  /** the transmission index (what a fault refers to: the ends' own segments, counted over both directions); null for a forged segment */
  tx: number | null;
  /** when it left (ms) */
  t: number;
  /** when it reached the other end, or null when lost */
  arrivedAt: number | null;
  from: Side;
  flags: string;
  seq: number;
  ack: number;
  len: number;
  win: number;
  sack: SackBlock[];
  kind: SegmentKind;
  fate: "delivered" | "dropped" | "delayed" | "duplicated";
  retransmission: boolean;
  /** injected by the network, not sent by `from` (a forged RST): a capture on `from`'s host does not see it */
  forged?: boolean;
  /** both ends just after it was sent */
  state?: TransferState;
}
/** One run of a timer: when it was set, when it would expire, and how it ended. */
export interface TransferTimer {
  kind: "retransmit" | "persist" | "delayed_ack";
  /** the client runs the retransmission and persist timers, the server the delayed-ACK timer */
  side: Side;
  setAt: number;
  expiresAt: number;
  /** fired; stopped (everything acknowledged, the window opened, the ACK went out early); restarted (set again before it expired); running when the run ended */
  end: "fired" | "stopped" | "restarted" | "running";
  /** when it ended, or null while running */
  endedAt: number | null;
  /** the index of the first segment sent after it ended (segments.length when none was), or null while running */
  endedBefore: number | null;
}
export type TransferEventKind =
  | "dup_ack" | "fast_retransmit" | "partial_ack" | "recovery_end" | "rto" | "zero_window" | "persist_probe"
  | "window_update" | "nagle_hold" | "delayed_ack" | "out_of_order" | "abort"
  /** a forged RST arrived (the note says what the receiver did with it), a connection reset */
  | "forged_rst" | "reset";
export interface TransferEvent {
  t: number;
  side: Side;
  kind: TransferEventKind;
  note: Bilingual;
  /** the index of the first segment sent after it (segments.length when none was): what it led to */
  before: number;
}
export interface TransferResult {
  seed: number;
  iss: { client: number; server: number };
  mss: number;
  segments: TransferSegment[];
  events: TransferEvent[];
  /** congestion window over time: a point whenever cwnd, ssthresh or the phase changes */
  cwnd: { t: number; cwnd: number; ssthresh: number; phase: Phase }[];
  /** what the receiving application read, in order: stream offset and length */
  delivered: { t: number; offset: number; len: number }[];
  /** every run of the three timers, in the order they were set (empty when `snapshots` is false) */
  timers: TransferTimer[];
  summary: {
    bytes: number;
    deliveredBytes: number;
    complete: boolean;
    aborted: boolean;
    /** the ends whose TCB an RST deleted, in order (empty: none) */
    reset: Side[];
    endT: number;
    segments: number;
    dataSegments: number;
    retransmissions: number;
    timeouts: number;
    fastRetransmits: number;
    probes: number;
    /** the event loop: events taken from the queue (cancelled timers included) and the mean queue length */
    loop: { events: number; meanQueue: number };
  };
}

const INF = 0x7fff_ffff;
/** A run stops after this many segments whatever happens (a bound on time and memory). */
const MAX_SEGMENTS = 5_000_000;

/** RFC 5681 §3.1 initial window in segments. */
export function rfc5681InitialWindow(mss: number): number {
  if (mss > 2190) return 2;
  if (mss > 1095) return 3;
  return 4;
}

interface Wire {
  from: Side;
  flags: number; // ACK and PSH; RST for a forged RST or a TCB-less end's answer
  seq: number;
  ack: number;
  len: number;
  win: number;
  sack: SackBlock[];
}
type Ev =
  | { type: "arrive"; wire: Wire; to: Side }
  | { type: "forged"; kind: RstFaultKind; to: Side }
  | { type: "timer"; kind: "retransmit" | "persist" | "delayed_ack"; gen: number }
  | { type: "write"; bytes: number }
  | { type: "read" };

/** A binary min-heap of events by (time, insertion order); exported for the benchmark's bare loop. */
export class EventQueue<E> {
  private t: number[] = [];
  private n: number[] = [];
  private e: E[] = [];
  private count = 0;
  get size() {
    return this.e.length;
  }
  push(time: number, ev: E) {
    this.t.push(time);
    this.n.push(this.count++);
    this.e.push(ev);
    let i = this.e.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  pop(): { time: number; ev: E } {
    const time = this.t[0];
    const ev = this.e[0];
    const last = this.e.length - 1;
    this.swap(0, last);
    this.t.pop();
    this.n.pop();
    this.e.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.e.length && this.less(l, m)) m = l;
      if (r < this.e.length && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return { time, ev };
  }
  private less(a: number, b: number) {
    return this.t[a] < this.t[b] || (this.t[a] === this.t[b] && this.n[a] < this.n[b]);
  }
  private swap(a: number, b: number) {
    const t = this.t[a];
    this.t[a] = this.t[b];
    this.t[b] = t;
    const n = this.n[a];
    this.n[a] = this.n[b];
    this.n[b] = n;
    const e = this.e[a];
    this.e[a] = this.e[b];
    this.e[b] = e;
  }
}

/** Sorted, disjoint byte ranges [s, e) as stream offsets (the SACK scoreboard, the retransmitted set). */
class Ranges {
  r: [number, number][] = [];
  add(s: number, e: number) {
    if (e <= s) return;
    const out: [number, number][] = [];
    let placed = false;
    for (const [a, b] of this.r) {
      if (b < s) out.push([a, b]);
      else if (a > e) {
        if (!placed) {
          out.push([s, e]);
          placed = true;
        }
        out.push([a, b]);
      } else {
        s = Math.min(s, a);
        e = Math.max(e, b);
      }
    }
    if (!placed) out.push([s, e]);
    this.r = out;
  }
  /** forgets everything below `s` */
  trimBelow(s: number) {
    this.r = this.r.filter(([, b]) => b > s).map(([a, b]) => [Math.max(a, s), b] as [number, number]);
  }
  clear() {
    this.r = [];
  }
  /** bytes of [s, e) inside the set */
  covered(s: number, e: number): number {
    let n = 0;
    for (const [a, b] of this.r) n += Math.max(0, Math.min(b, e) - Math.max(a, s));
    return n;
  }
  /** bytes in the set at or above `s` */
  above(s: number): number {
    let n = 0;
    for (const [a, b] of this.r) n += Math.max(0, b - Math.max(a, s));
    return n;
  }
  /** the first gap in [s, e) not in the set, or null */
  firstGap(s: number, e: number): [number, number] | null {
    let x = s;
    for (const [a, b] of this.r) {
      if (b <= x) continue;
      if (a > x) return [x, Math.min(a, e)];
      x = b;
      if (x >= e) return null;
    }
    return x < e ? [x, e] : null;
  }
  get highest(): number {
    return this.r.length ? this.r[this.r.length - 1][1] : 0;
  }
}

const ACKF = 0x10;
const PSHF = 0x08;
const RSTF = 0x04;
/** every fault kind a transfer takes */
export const TRANSFER_FAULT_KINDS: readonly TransferFault["kind"][] = ["drop", "delay", "duplicate", "rst_next", "rst_window", "rst_outside"];

export function checkTransferOptions(o: TransferOptions): void {
  if (o === null || typeof o !== "object") throw new TransferInputError("options must be an object");
  if (typeof o.writes === "number") checkInt(o.writes, "writes", 0, 1_000_000_000);
  else if (Array.isArray(o.writes)) {
    if (o.writes.length > 100_000) throw new TransferInputError("at most 100000 writes");
    o.writes.forEach((w, i) => {
      checkNumber(w?.at, `write ${i + 1} at`, 0, 1e9);
      checkInt(w?.bytes, `write ${i + 1} bytes`, 1, 1_000_000_000);
    });
  } else throw new TransferInputError("writes must be a byte count or a list of {at, bytes}");
  if (o.seed !== undefined) checkInt(o.seed, "seed", 0, 0xffff_ffff);
  if (o.mss !== undefined) checkInt(o.mss, "mss", 1, 65_495);
  if (o.iss?.client !== undefined) checkInt(o.iss.client, "iss.client", 0, 0xffff_ffff);
  if (o.iss?.server !== undefined) checkInt(o.iss.server, "iss.server", 0, 0xffff_ffff);
  if (o.algo !== undefined && o.algo !== "reno" && o.algo !== "newreno") throw new TransferInputError(`algo must be reno or newreno, got ${JSON.stringify(o.algo)}`);
  if (o.initialWindow !== undefined) checkInt(o.initialWindow, "initialWindow", 1, 1000);
  if (o.initialSsthresh !== undefined) checkInt(o.initialSsthresh, "initialSsthresh", 2, INF);
  if (o.minRto !== undefined) checkNumber(o.minRto, "minRto", 1, 3_600_000);
  if (o.maxRto !== undefined) checkNumber(o.maxRto, "maxRto", o.minRto ?? 1, 3_600_000);
  if (o.maxRetries !== undefined) checkInt(o.maxRetries, "maxRetries", 1, 100);
  if (o.delayedAckMs !== undefined && o.delayedAckMs !== false) checkNumber(o.delayedAckMs, "delayedAckMs", 1, 500); // RFC 5681 §4.2: under 500 ms
  if (o.rcvBuf !== undefined) checkInt(o.rcvBuf, "rcvBuf", 1, 0x3fff_c000);
  if (o.readPausedUntil !== undefined) checkNumber(o.readPausedUntil, "readPausedUntil", 0, 1e9);
  if (o.probeStyle !== undefined && o.probeStyle !== "rfc" && o.probeStyle !== "linux") throw new TransferInputError("probeStyle must be rfc or linux");
  if (o.latencyMs !== undefined) checkNumber(o.latencyMs, "latencyMs", 0.001, 60_000);
  if (o.rate !== undefined) checkNumber(o.rate, "rate", 0.001, 1e9);
  if (o.delayFaultMs !== undefined) checkNumber(o.delayFaultMs, "delayFaultMs", 0, 600_000);
  if (o.lossRate !== undefined) checkNumber(o.lossRate, "lossRate", 0, 0.5);
  if (o.lossUntil !== undefined) checkNumber(o.lossUntil, "lossUntil", 0, 1e9);
  if (o.maxTimeMs !== undefined) checkNumber(o.maxTimeMs, "maxTimeMs", 1, 1e9);
  if (o.faults !== undefined) {
    if (!Array.isArray(o.faults) || o.faults.length > 10_000) throw new TransferInputError("faults must be a list of at most 10000");
    o.faults.forEach((f, i) => {
      checkInt(f?.segment, `fault ${i + 1} segment`, 0, 100_000_000);
      if (!TRANSFER_FAULT_KINDS.includes(f.kind)) throw new TransferInputError(`fault ${i + 1} kind must be one of ${TRANSFER_FAULT_KINDS.join(", ")}`);
      if (f.from !== undefined && f.from !== "client" && f.from !== "server") throw new TransferInputError(`fault ${i + 1} from must be client or server`);
    });
  }
}

/** Runs one transfer to the end (everything acknowledged), an abort, or maxTimeMs. */
export function simulateTransfer(opts: TransferOptions): TransferResult {
  checkTransferOptions(opts);
  const seed = opts.seed ?? 1;
  const rng = mulberry32(seed);
  const mss = opts.mss ?? 1000;
  const issC = opts.iss?.client ?? randomU32(rng);
  const issS = opts.iss?.server ?? randomU32(rng);
  const newReno = (opts.algo ?? "newreno") === "newreno";
  const sackOn = opts.sack ?? false;
  const minRto = opts.minRto ?? RFC_MIN_RTO_MS;
  const maxRto = opts.maxRto ?? RFC_MAX_RTO_MS;
  const maxRetries = opts.maxRetries ?? 15;
  const nagle = opts.nagle ?? true;
  const delack = opts.delayedAckMs === undefined ? 200 : opts.delayedAckMs;
  const rcvBuf = opts.rcvBuf ?? 65_535;
  const readPausedUntil = opts.readPausedUntil ?? 0;
  const probeStyle = opts.probeStyle ?? "rfc";
  const latency = opts.latencyMs ?? 50;
  const rate = opts.rate ?? 0;
  const delayFault = opts.delayFaultMs ?? 2 * latency;
  const lossRate = opts.lossRate ?? 0;
  const lossUntil = opts.lossUntil ?? Infinity;
  const maxTime = opts.maxTimeMs ?? 600_000;
  const snapshots = opts.snapshots ?? true;
  const writes = typeof opts.writes === "number" ? (opts.writes > 0 ? [{ at: 0, bytes: opts.writes }] : []) : opts.writes;
  const totalBytes = writes.reduce((a, w) => a + w.bytes, 0);
  const faultAll = new Map<number, TransferFault["kind"]>();
  const faultBy: Record<Side, Map<number, TransferFault["kind"]>> = { client: new Map(), server: new Map() };
  for (const f of opts.faults ?? []) (f.from ? faultBy[f.from] : faultAll).set(f.segment, f.kind);

  const q = new EventQueue<Ev>();
  let loopEvents = 0;
  let queueSum = 0;
  const segments: TransferSegment[] = [];
  const events: TransferEvent[] = [];
  const cwndTrace: TransferResult["cwnd"] = [];
  const delivered: TransferResult["delivered"] = [];
  const timerLog: TransferTimer[] = [];
  const openTimer: Record<TransferTimer["kind"], TransferTimer | null> = { retransmit: null, persist: null, delayed_ack: null };
  const sentBy: Record<Side, number> = { client: 0, server: 0 };
  let txCount = 0; // transmissions (what faults refer to); forged segments are not counted
  /** each end's TCB exists until an RST deletes it */
  const alive: Record<Side, boolean> = { client: true, server: true };
  const resetOrder: Side[] = [];
  const linkFree: Record<Side, number> = { client: 0, server: 0 };
  let now = 0;

  // ---- sender (client) TCB: RFC 9293 names, 32-bit sequence numbers
  const base = seqAdd(issC, 1); // stream offset 0
  const off = (seq: number) => (seq - base) >>> 0;
  let sndUna = base;
  let sndNxt = base;
  let sndMax = base; // the highest SND.NXT so far (BSD snd_max)
  let sndWnd = rcvBuf; // learned from the handshake
  let maxSndWnd = sndWnd;
  let written = 0;
  let cwnd = (opts.initialWindow ?? rfc5681InitialWindow(mss)) * mss;
  let ssthresh = opts.initialSsthresh ?? INF;
  let inRecovery = false;
  let recover = issC; // RFC 6582: initialised to the ISS
  let dupacks = 0;
  let caBytes = 0;
  let est: RttEstimator = { srtt: null, rttvar: 0 };
  let rto = Math.min(maxRto, Math.max(minRto, RTO_INITIAL_MS));
  let retries = 0;
  let timing: { start: number; end: number; at: number } | null = null;
  let rtoGen = 0;
  let rtoAt: number | null = null;
  let persistGen = 0;
  let persistAt: number | null = null;
  let persistBackoff = 0;
  let probeOutstanding = false;
  /** the byte the last zero-window probe carried (null: none yet) */
  let probeSeq: number | null = null;
  let firstPartial = true;
  let aborted = false;
  const sacked = new Ranges();
  const rexmit = new Ranges(); // retransmitted during this recovery (RFC 6675's pipe counts them)
  const stats = { timeouts: 0, fastRetransmits: 0, probes: 0, retransmissions: 0, dataSegments: 0 };

  // ---- receiver (server)
  const rq = new ReassemblyQueue(base);
  let unread = 0;
  let readOffset = 0;
  let rightEdge = seqAdd(base, rcvBuf); // RCV.NXT + RCV.WND as last advertised
  let pendingAck = 0;
  let delackGen = 0;
  let delackAt: number | null = null;

  const rcvWnd = () => Math.max(0, seqDiff(rightEdge, rq.rcvNxt));
  const note = (side: Side, kind: TransferEventKind, en: string, zh: string) => events.push({ t: now, side, kind, note: { en, zh }, before: segments.length });
  /** the client's sequence numbers in notes are relative to its ISS, as Wireshark and tcpdump show them (the first data byte is 1) */
  const rel = (seq: number) => (seq - issC) >>> 0;
  const phase = () => parsePhase(cwnd, ssthresh, inRecovery);
  const traceCwnd = () => {
    const last = cwndTrace[cwndTrace.length - 1];
    const p = phase();
    if (!last || last.cwnd !== cwnd || last.ssthresh !== ssthresh || last.phase !== p) {
      if (last && last.t === now) cwndTrace.pop();
      cwndTrace.push({ t: now, cwnd, ssthresh, phase: p });
    }
  };
  const state = (): TransferState => ({
    cwnd, ssthresh, phase: phase(), rto, srtt: est.srtt, rttvar: est.srtt === null ? null : est.rttvar,
    sndUna, sndNxt, sndMax, sndWnd, flight: seqDiff(sndMax, sndUna), dupacks, rcvNxt: rq.rcvNxt, rcvWnd: rcvWnd(), ackPending: pendingAck,
    timers: { retransmit: rtoAt, persist: persistAt, delayedAck: delackAt }, backoff: retries, probes: persistBackoff,
  });

  function transmit(w: Wire, kind: SegmentKind, retransmission: boolean): void {
    const index = segments.length;
    const sideIndex = sentBy[w.from]++;
    const tx = txCount++;
    let fault = faultAll.get(tx) ?? faultBy[w.from].get(sideIndex);
    if (fault === undefined && lossRate > 0 && now < lossUntil && rng() < lossRate) fault = "drop";
    const bytes = w.len + 40; // headers, for the bottleneck rate
    const depart = rate > 0 ? Math.max(now, linkFree[w.from]) + bytes / rate : now;
    if (rate > 0) linkFree[w.from] = depart;
    let arrive: number | null = depart + latency;
    const to: Side = w.from === "client" ? "server" : "client";
    if (fault === "drop") arrive = null;
    else if (fault === "delay") arrive += delayFault;
    if (arrive !== null) q.push(arrive, { type: "arrive", wire: w, to });
    if (fault === "duplicate") q.push(arrive! + 1, { type: "arrive", wire: w, to });
    // a forged RST right behind the segment (same time, queued after it)
    if (fault === "rst_next" || fault === "rst_window" || fault === "rst_outside") q.push(arrive!, { type: "forged", kind: fault, to });
    const seg: TransferSegment = {
      index, tx, t: now, arrivedAt: arrive, from: w.from, flags: w.flags & RSTF ? (w.flags & ACKF ? "R." : "R") : w.flags & PSHF ? "P." : ".", seq: w.seq, ack: w.ack, len: w.len, win: w.win, sack: w.sack,
      kind, fate: fault === "drop" ? "dropped" : fault === "delay" ? "delayed" : fault === "duplicate" ? "duplicated" : "delivered", retransmission,
    };
    segments.push(seg);
    if (snapshots) seg.state = state();
  }

  // ---- the timer log (for the player: when each timer was set and how it ended)
  function timerSet(kind: TransferTimer["kind"], expiresAt: number): void {
    timerEnded(kind, "restarted");
    if (!snapshots) return;
    const e: TransferTimer = { kind, side: kind === "delayed_ack" ? "server" : "client", setAt: now, expiresAt, end: "running", endedAt: null, endedBefore: null };
    timerLog.push(e);
    openTimer[kind] = e;
  }
  function timerEnded(kind: TransferTimer["kind"], end: "fired" | "stopped" | "restarted"): void {
    const e = openTimer[kind];
    if (!e) return;
    e.end = end;
    e.endedAt = now;
    e.endedBefore = segments.length;
    openTimer[kind] = null;
  }

  // ---- sender timers
  function armRto(): void {
    rtoGen++;
    rtoAt = now + rto;
    timerSet("retransmit", rtoAt);
    q.push(rtoAt, { type: "timer", kind: "retransmit", gen: rtoGen });
  }
  function stopRto(): void {
    rtoGen++;
    rtoAt = null;
    timerEnded("retransmit", "stopped");
  }
  function armPersist(): void {
    persistGen++;
    persistAt = now + Math.min(rto * 2 ** persistBackoff, maxRto);
    timerSet("persist", persistAt);
    q.push(persistAt, { type: "timer", kind: "persist", gen: persistGen });
  }
  function stopPersist(): void {
    persistGen++;
    persistAt = null;
    persistBackoff = 0;
    timerEnded("persist", "stopped");
  }

  function sendData(seq: number, len: number, kind: SegmentKind): void {
    const retransmission = kind !== "new" && kind !== "zero_window_probe";
    const end = seqAdd(seq, len);
    const push = off(end) === written ? PSHF : 0;
    if (retransmission) {
      stats.retransmissions++;
      if (timing && seqLt(seq, timing.end) && seqGt(end, timing.start)) timing = null; // Karn (RFC 6298 §3)
    } else if (!timing && kind === "new") timing = { start: seq, end, at: now };
    stats.dataSegments++;
    // RFC 6298 §5.1: every segment with data starts the timer if it is not running (a probe is the persist timer's business)
    if (rtoAt === null && kind !== "zero_window_probe") armRto();
    transmit({ from: "client", flags: ACKF | push, seq, ack: seqAdd(issS, 1), len, win: 65_535, sack: [] }, kind, retransmission);
  }

  /** RFC 6675 pipe: unSACKed bytes not deemed lost, plus bytes retransmitted in this recovery. */
  function pipe(): number {
    const una = off(sndUna);
    const max = off(sndMax);
    let n = 0;
    let x = una;
    while (x < max) {
      const gap = sacked.firstGap(x, max);
      if (!gap) break;
      const lost = sacked.above(gap[1]) > 2 * mss; // RFC 6675 IsLost: more than (DupThresh − 1)·SMSS SACKed above
      if (!lost) n += gap[1] - gap[0];
      n += rexmit.covered(gap[0], gap[1]);
      x = gap[1];
    }
    return n;
  }
  /** RFC 6675 NextSeg rule 1: the first lost, not yet retransmitted range below the highest SACKed byte. */
  function nextHole(): [number, number] | null {
    let x = off(sndUna);
    const hi = Math.min(sacked.highest, off(sndMax));
    while (x < hi) {
      const gap = sacked.firstGap(x, hi);
      if (!gap) return null;
      if (sacked.above(gap[1]) > 2 * mss) {
        const fresh = rexmit.firstGap(gap[0], gap[1]);
        if (fresh) return [fresh[0], Math.min(fresh[1], fresh[0] + mss)];
      }
      x = gap[1];
    }
    return null;
  }

  function trySend(): void {
    if (aborted || !alive.client) return;
    for (let guard = 0; guard < 100_000; guard++) {
      if (sackOn && inRecovery) {
        if (cwnd - pipe() < mss) return;
        const hole = nextHole();
        if (hole) {
          rexmit.add(hole[0], hole[1]);
          sendData(seqAdd(base, hole[0]), hole[1] - hole[0], "sack_retransmission");
          continue;
        }
        if (seqLt(sndNxt, sndMax)) sndNxt = sndMax; // never resend what SACK recovery already covers
      }
      const avail = written - off(sndNxt);
      if (avail <= 0) return;
      const outstanding = seqDiff(sndNxt, sndUna);
      if (sndWnd === 0) {
        if (outstanding === 0 && rtoAt === null && persistAt === null) {
          armPersist();
          note("client", "zero_window", `the receiver's window is zero: persist timer set for ${persistAt! - now} ms`, `接收方窗口为零：坚持计时器设为 ${persistAt! - now} 毫秒`);
        }
        return;
      }
      const win = sackOn && inRecovery ? Math.min(sndWnd, cwnd - pipe() + outstanding) : Math.min(sndWnd, cwnd);
      const usable = win - outstanding;
      if (usable <= 0) return;
      const len = Math.min(mss, avail, usable);
      const isNew = !seqLt(sndNxt, sndMax);
      if (len < mss) {
        if (len < avail) {
          // window-limited: sender SWS avoidance (RFC 9293 §3.8.6.2.1)
          if (outstanding > 0 && len < maxSndWnd / 2) return;
        } else if (nagle && isNew && outstanding > 0) {
          if (!events.length || events[events.length - 1].kind !== "nagle_hold" || events[events.length - 1].t !== now) {
            note("client", "nagle_hold", `Nagle holds ${len} bytes: less than an MSS while ${outstanding} bytes are unacknowledged`, `Nagle 算法暂扣 ${len} 字节：不足一个 MSS，且有 ${outstanding} 字节未被确认`);
          }
          return;
        }
      }
      const seq = sndNxt;
      sndNxt = seqAdd(sndNxt, len);
      if (seqGt(sndNxt, sndMax)) sndMax = sndNxt;
      sendData(seq, len, isNew ? "new" : "retransmission");
    }
  }

  function onRetransmitTimer(): void {
    rtoAt = null;
    if (seqGe(sndUna, sndMax) && !probeOutstanding) return;
    if (sndWnd === 0) {
      // the receiver has closed its window: go back to SND.UNA and let the persist timer probe (as BSD
      // does); a zero window never counts towards giving up (RFC 1122 §4.2.2.17)
      sndNxt = sndUna;
      if (persistAt === null) armPersist();
      return;
    }
    if (retries >= maxRetries) {
      aborted = true;
      note("client", "abort", `no ACK after ${retries} retransmissions: the connection is aborted`, `重传 ${retries} 次仍无确认：连接中止`);
      stopPersist();
      return;
    }
    stats.timeouts++;
    const flight = seqDiff(sndMax, sndUna);
    if (retries === 0) ssthresh = Math.max(Math.floor(flight / 2), 2 * mss); // held on repeated timeouts (RFC 5681 §3.1)
    retries++;
    cwnd = mss;
    inRecovery = false;
    dupacks = 0;
    caBytes = 0;
    recover = sndMax;
    sacked.clear(); // RFC 2018 §5: after a timeout forget what was SACKed
    rexmit.clear();
    timing = null;
    const old = rto;
    rto = Math.min(rto * 2, maxRto); // RFC 6298 §5.5
    sndNxt = sndUna; // go back to the first unacknowledged byte
    note("client", "rto", `retransmission timer expired (RTO ${old} ms): ssthresh ${ssthresh}, cwnd 1 MSS, resend from SND.UNA ${rel(sndUna)}; RTO backs off to ${rto} ms`,
      `重传计时器超时（RTO ${old} 毫秒）：ssthresh ${ssthresh}，cwnd 1 个 MSS，从 SND.UNA ${rel(sndUna)} 重发；RTO 退避为 ${rto} 毫秒`);
    traceCwnd();
    trySend();
    if (rtoAt === null && seqLt(sndUna, sndMax)) armRto();
  }

  function onPersistTimer(): void {
    persistAt = null;
    if (sndWnd > 0 || written - off(sndNxt) <= 0) return;
    stats.probes++;
    // the timer is set again for the next probe as this one leaves (so the probe's snapshot shows it)
    persistBackoff++;
    armPersist();
    note("client", "persist_probe", `persist timer fired: zero-window probe ${stats.probes}; the next waits ${persistAt! - now} ms`,
      `坚持计时器到期：第 ${stats.probes} 个零窗口探测；下一个等 ${persistAt! - now} 毫秒`);
    if (probeStyle === "rfc") {
      // one byte of new data beyond the (zero) window; while a probe is unanswered (its ACK lost),
      // the next probe carries the same byte (BSD's tcp_output does not advance snd_nxt for a forced
      // byte while the persist timer runs)
      const seq = probeOutstanding && probeSeq !== null ? probeSeq : sndNxt;
      probeOutstanding = true;
      probeSeq = seq;
      // SND.MAX stays: the byte counts as sent only once an ACK covers it
      if (seq === sndNxt) sndNxt = seqAdd(sndNxt, 1);
      sendData(seq, 1, "zero_window_probe");
    } else {
      transmit({ from: "client", flags: ACKF, seq: seqAdd(sndUna, -1), ack: seqAdd(issS, 1), len: 0, win: 65_535, sack: [] }, "zero_window_probe", false);
    }
  }

  function onAck(w: Wire): void {
    if (aborted) return;
    if (probeOutstanding) {
      probeOutstanding = false;
      if (seqLe(w.ack, sndUna)) sndNxt = sndUna; // the probe's byte was not accepted
      else if (seqGt(sndNxt, sndMax)) sndMax = sndNxt; // it was: the window had opened
    }
    if (seqGt(w.ack, sndMax)) return; // acknowledges nothing we sent: RFC 9293 §3.10.7.4 would ACK and drop
    if (seqLt(w.ack, sndUna)) return; // an old ACK
    if (sackOn) for (const b of w.sack) if (seqGt(b.right, sndUna) && seqLe(b.right, sndMax)) sacked.add(off(seqGt(b.left, sndUna) ? b.left : sndUna), off(b.right));
    const windowChanged = w.win !== sndWnd;
    if (w.ack === sndUna) {
      // RFC 5681 §2 duplicate ACK: no data, outstanding data, same ACK, same window
      const isDup = w.len === 0 && seqGt(sndMax, sndUna) && !windowChanged;
      sndWnd = w.win;
      maxSndWnd = Math.max(maxSndWnd, sndWnd);
      if (sndWnd > 0 && persistAt !== null) stopPersist();
      if (isDup) onDupAck();
      trySend();
      return;
    }
    // new data acknowledged
    const acked = seqDiff(w.ack, sndUna);
    sndUna = w.ack;
    if (seqLt(sndNxt, sndUna)) sndNxt = sndUna;
    retries = 0;
    sndWnd = w.win;
    maxSndWnd = Math.max(maxSndWnd, sndWnd);
    sacked.trimBelow(off(sndUna));
    rexmit.trimBelow(off(sndUna));
    if (timing && seqGe(w.ack, timing.end)) {
      est = rfc6298Sample(est, now - timing.at);
      rto = rfc6298Rto(est, { minRto, maxRto, granularity: 0 });
      timing = null;
    }
    if (inRecovery) {
      if (!newReno && !sackOn) {
        endRecovery("Reno: the first ACK of new data ends fast recovery", "Reno：第一个确认新数据的 ACK 结束快速恢复");
      } else if (seqGe(w.ack, recover)) {
        endRecovery(`full ACK (≥ recover ${rel(recover)}) ends fast recovery`, `完整确认（≥ recover ${rel(recover)}）结束快速恢复`);
      } else {
        note("client", "partial_ack", `partial ACK ${rel(w.ack)} (< recover ${rel(recover)}): stay in fast recovery${sackOn ? "" : " and retransmit the next hole"}`,
          `部分确认 ${rel(w.ack)}（< recover ${rel(recover)}）：留在快速恢复${sackOn ? "" : "，重传下一个空洞"}`);
        if (!sackOn) {
          // RFC 6582 §3.2 step 3, partial acknowledgments: retransmit the first unacknowledged segment, deflate, reset the timer once
          sendData(sndUna, Math.min(mss, seqDiff(sndMax, sndUna)), "retransmission");
          cwnd = Math.max(mss, cwnd - acked + (acked >= mss ? mss : 0));
        }
        if (firstPartial) {
          firstPartial = false;
          armRto();
        }
      }
    } else if (cwnd < ssthresh) {
      cwnd += Math.min(acked, mss); // RFC 5681 eq. 2
    } else {
      caBytes += acked; // RFC 5681 §3.1 byte counting
      if (caBytes >= cwnd) {
        caBytes -= cwnd;
        cwnd += mss;
      }
    }
    dupacks = 0;
    traceCwnd();
    if (seqGe(sndUna, sndMax)) stopRto();
    else if (!inRecovery || sackOn) armRto(); // RFC 6298 §5.3
    if (sndWnd > 0 && persistAt !== null) stopPersist();
    trySend();
  }

  function endRecovery(en: string, zh: string): void {
    inRecovery = false;
    cwnd = ssthresh;
    caBytes = 0;
    rexmit.clear();
    note("client", "recovery_end", `${en}: cwnd = ssthresh = ${ssthresh}`, `${zh}：cwnd = ssthresh = ${ssthresh}`);
  }

  function onDupAck(): void {
    dupacks++;
    note("client", "dup_ack", `duplicate ACK ${dupacks} for ${rel(sndUna)}`, `第 ${dupacks} 个重复 ACK（${rel(sndUna)}）`);
    if (inRecovery) {
      if (!sackOn) cwnd += mss; // RFC 5681 §3.2 step 4
      traceCwnd();
      return;
    }
    if (dupacks !== 3) return;
    if (newReno && !seqGt(sndUna, recover)) return; // RFC 6582 §3.2 step 2: still below an earlier recovery point
    const flight = seqDiff(sndMax, sndUna);
    ssthresh = Math.max(Math.floor(flight / 2), 2 * mss);
    recover = sndMax;
    inRecovery = true;
    firstPartial = true;
    stats.fastRetransmits++;
    cwnd = sackOn ? ssthresh : ssthresh + 3 * mss;
    const len = Math.min(mss, flight);
    if (sackOn) rexmit.add(off(sndUna), off(sndUna) + len);
    note("client", "fast_retransmit", `third duplicate ACK: fast retransmit ${rel(sndUna)}; ssthresh = max(flight ${flight} / 2, 2·MSS) = ${ssthresh}, cwnd ${cwnd}${sackOn ? " (RFC 6675: cwnd = ssthresh)" : " (ssthresh + 3·MSS)"}`,
      `第三个重复 ACK：快速重传 ${rel(sndUna)}；ssthresh = max(在途 ${flight} / 2, 2·MSS) = ${ssthresh}，cwnd ${cwnd}`);
    traceCwnd();
    sendData(sndUna, len, "fast_retransmission");
  }

  // ---- receiver
  function sendAck(kind: SegmentKind, dup: SackBlock | null): void {
    pendingAck = 0;
    if (delackAt !== null) {
      delackGen++;
      delackAt = null;
      timerEnded("delayed_ack", "stopped");
    }
    transmit({ from: "server", flags: ACKF, seq: seqAdd(issS, 1), ack: rq.rcvNxt, len: 0, win: rcvWnd(), sack: sackOn ? rq.sackBlocks(4, dup) : [] }, kind, false);
  }
  /** Moves the right edge after the application read (receiver SWS avoidance, RFC 9293 §3.8.6.2.2). */
  function openWindow(): boolean {
    const candidate = seqAdd(rq.rcvNxt, rcvBuf - unread);
    if (seqGt(candidate, rightEdge) && seqDiff(candidate, rightEdge) >= Math.min(rcvBuf / 2, mss)) {
      rightEdge = candidate;
      return true;
    }
    return false;
  }
  function appRead(): void {
    if (now < readPausedUntil || unread === 0) return;
    delivered.push({ t: now, offset: readOffset, len: unread });
    readOffset += unread;
    unread = 0;
  }
  function onData(w: Wire): void {
    const before = rcvWnd();
    // a pure ACK inside the window (a challenge ACK) is acceptable and needs no answer (RFC 9293 §3.10.7.4)
    if (w.len === 0 && (before === 0 ? w.seq === rq.rcvNxt : seqGe(w.seq, rq.rcvNxt) && seqLt(w.seq, seqAdd(rq.rcvNxt, before)))) return;
    const r = rq.arrive(w.seq, w.len, before);
    let kind: ArrivalKind = r.kind;
    if (w.len === 0) kind = seqLt(w.seq, rq.rcvNxt) ? "duplicate" : "outside_window"; // a Linux-style probe
    if (r.delivered > 0) {
      unread += r.delivered;
      appRead();
      // the right edge never moves back; reading may move it forward
      openWindow();
    }
    if (kind === "in_order" && delack !== false && rq.blocks.length === 0) {
      pendingAck += r.delivered;
      if (pendingAck >= 2 * mss) sendAck("ack", null);
      else if (delackAt === null) {
        delackGen++;
        delackAt = now + delack;
        timerSet("delayed_ack", delackAt);
        q.push(delackAt, { type: "timer", kind: "delayed_ack", gen: delackGen });
      }
      return;
    }
    if (kind === "out_of_order") note("server", "out_of_order", `out-of-order segment ${rel(w.seq)}: immediate duplicate ACK ${rel(rq.rcvNxt)}`, `乱序报文段 ${rel(w.seq)}：立即发重复 ACK ${rel(rq.rcvNxt)}`);
    sendAck(kind === "duplicate" || kind === "out_of_order" ? "dup_ack" : "ack", sackOn ? r.dup : null);
  }
  function onRead(): void {
    if (!alive.server) return;
    appRead();
    if (openWindow()) {
      note("server", "window_update", `the application read; the window opens to ${rcvWnd()}: send a window update`, `应用读取了数据，窗口打开到 ${rcvWnd()}：发送窗口更新`);
      sendAck("window_update", null);
    }
  }

  // ---- RSTs: forged ones (faults), and the answers of an end whose TCB is gone
  /** RCV.NXT and RCV.WND of an end (the client receives no data: ISS(server) + 1, and advertises 65,535) */
  const rcvOf = (side: Side) => (side === "server" ? { nxt: rq.rcvNxt, wnd: rcvWnd() } : { nxt: seqAdd(issS, 1), wnd: 65_535 });
  const who = (side: Side, zh = false) => (zh ? (side === "client" ? "客户端" : "服务器") : side);
  function resetEnd(side: Side): void {
    alive[side] = false;
    resetOrder.push(side);
    if (side === "client") {
      stopRto();
      stopPersist();
    } else if (delackAt !== null) {
      delackGen++;
      delackAt = null;
      timerEnded("delayed_ack", "stopped");
    }
    note(side, "reset", `the RST is at RCV.NXT: the ${side} deletes its TCB (connection reset; its timers stop)`,
      `RST 恰好位于 RCV.NXT：${who(side, true)}删除 TCB（连接被重置，其计时器全部停止）`);
  }
  /**
   * What an RST reaching `to` does (RFC 9293 §3.10.7.4 first and second checks, RFC 5961 §3.2):
   * reset (at RCV.NXT), challenge (inside the window: answer with an ACK), dropped (outside it), or
   * no_tcb (the end has no connection any more: discarded).
   */
  function rstVerdict(to: Side, seq: number): "reset" | "challenge" | "dropped" | "no_tcb" {
    if (!alive[to]) return "no_tcb"; // §3.10.7.1: an RST to no connection is discarded
    const { nxt, wnd } = rcvOf(to);
    const inWindow = wnd === 0 ? seq === nxt : seqGe(seq, nxt) && seqLt(seq, seqAdd(nxt, wnd));
    if (!inWindow) return "dropped";
    return seq === nxt ? "reset" : "challenge";
  }
  function challengeAck(side: Side): void {
    // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
    if (side === "server") sendAck("challenge_ack", null);
    else transmit({ from: "client", flags: ACKF, seq: sndNxt, ack: seqAdd(issS, 1), len: 0, win: 65_535, sack: [] }, "challenge_ack", false);
  }
  function onForged(kind: RstFaultKind, to: Side): void {
    const from: Side = to === "client" ? "server" : "client";
    const { nxt } = rcvOf(to);
    const seq = seqAdd(nxt, kind === "rst_next" ? 0 : kind === "rst_window" ? SIM_RST_WINDOW_OFFSET : SIM_RST_OUTSIDE_OFFSET);
    const seg: TransferSegment = {
      index: segments.length, tx: null, t: now, arrivedAt: now, from, flags: "R", seq, ack: 0, len: 0, win: 0, sack: [],
      kind: "forged_rst", fate: "delivered", retransmission: false, forged: true,
    };
    segments.push(seg);
    if (snapshots) seg.state = state();
    const what = rstVerdict(to, seq);
    // relative to the receiver's peer's ISS, as tcpdump and Wireshark print it
    const at = to === "server" ? rel(seq) : (seq - issS) >>> 0;
    const toZh = who(to, true);
    if (what === "reset") {
      note(to, "forged_rst", `a forged RST (seq ${at}) from the ${from}'s address at the ${to}'s RCV.NXT: acceptable, so it resets the connection (RFC 9293 §3.10.7.4, RFC 5961 §3.2)`,
        `一个冒充${who(from, true)}地址的伪造 RST（seq ${at}）恰好位于${toZh}的 RCV.NXT：可以接受，于是连接被重置（RFC 9293 §3.10.7.4，RFC 5961 §3.2）`);
      resetEnd(to);
    } else if (what === "challenge") {
      note(to, "forged_rst", `a forged RST (seq ${at}) inside the ${to}'s window but not at RCV.NXT: it resets nothing; the ${to} answers with a challenge ACK (RFC 5961 §3.2)`,
        `一个伪造 RST（seq ${at}）落在${toZh}的接收窗口内但不等于 RCV.NXT：不重置任何东西；${toZh}回以挑战 ACK（RFC 5961 §3.2）`);
      challengeAck(to);
    } else if (what === "dropped") {
      note(to, "forged_rst", `a forged RST (seq ${at}) outside the ${to}'s window: not acceptable, and being an RST it is dropped without an answer (RFC 9293 §3.10.7.4 first check)`,
        `一个伪造 RST（seq ${at}）落在${toZh}的接收窗口之外：不可接受，又因为是 RST，被直接丢弃、不作回应（RFC 9293 §3.10.7.4 第一步检查）`);
    } else {
      note(to, "forged_rst", `a forged RST reaches the ${to}, which has no TCB any more: discarded (RFC 9293 §3.10.7.1)`,
        `一个伪造 RST 到达已经没有 TCB 的${toZh}：被丢弃（RFC 9293 §3.10.7.1）`);
    }
  }
  /** A segment reaches an end without TCB: RFC 9293 §3.10.7.1 answers an ACK-bearing one with <SEQ=SEG.ACK><CTL=RST>. */
  function noTcb(to: Side, w: Wire): void {
    transmit({ from: to, flags: RSTF, seq: w.ack, ack: 0, len: 0, win: 0, sack: [] }, "rst", false);
  }
  function onRst(to: Side, w: Wire): void {
    const what = rstVerdict(to, w.seq);
    if (what === "reset") resetEnd(to);
    else if (what === "challenge") challengeAck(to);
  }

  // ---- run
  for (const w of writes) q.push(w.at, { type: "write", bytes: w.bytes });
  if (readPausedUntil > 0) q.push(readPausedUntil, { type: "read" });
  traceCwnd();
  while (q.size > 0) {
    queueSum += q.size;
    loopEvents++;
    const { time, ev } = q.pop();
    if (time > maxTime) break;
    if (ev.type === "timer" && ev.gen !== (ev.kind === "retransmit" ? rtoGen : ev.kind === "persist" ? persistGen : delackGen)) continue; // cancelled
    now = time;
    if (ev.type === "timer") timerEnded(ev.kind, "fired");
    switch (ev.type) {
      case "write":
        written += ev.bytes;
        trySend();
        break;
      case "read":
        onRead();
        break;
      case "arrive":
        if (ev.wire.flags & RSTF) onRst(ev.to, ev.wire);
        else if (!alive[ev.to]) noTcb(ev.to, ev.wire);
        else if (ev.to === "server") onData(ev.wire);
        else onAck(ev.wire);
        break;
      case "forged":
        onForged(ev.kind, ev.to);
        break;
      case "timer":
        if (ev.kind === "retransmit") onRetransmitTimer();
        else if (ev.kind === "persist") onPersistTimer();
        else {
          delackAt = null;
          note("server", "delayed_ack", `delayed-ACK timer (${delack} ms) fired: ACK ${rel(rq.rcvNxt)}`, `延迟确认计时器（${delack} 毫秒）到期：发送 ACK ${rel(rq.rcvNxt)}`);
          sendAck("ack", null);
        }
        break;
    }
    if (aborted || segments.length >= MAX_SEGMENTS) break;
  }

  const deliveredBytes = delivered.reduce((a, d) => a + d.len, 0);
  return {
    seed, iss: { client: issC, server: issS }, mss, segments, events, cwnd: cwndTrace, delivered, timers: timerLog,
    summary: {
      bytes: totalBytes, deliveredBytes, complete: deliveredBytes === totalBytes && sndUna === sndMax && off(sndUna) === totalBytes && resetOrder.length === 0, aborted,
      reset: resetOrder,
      endT: now, segments: segments.length, dataSegments: stats.dataSegments, retransmissions: stats.retransmissions,
      timeouts: stats.timeouts, fastRetransmits: stats.fastRetransmits, probes: stats.probes,
      loop: { events: loopEvents, meanQueue: loopEvents ? queueSum / loopEvents : 0 },
    },
  };
}
