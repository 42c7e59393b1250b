/**
 * Annotating a capture: replay a tcpdump trace through two endpoints and give every line the states
 * of both ends at that line, how its segment reached the other end, and the segments that cannot happen.
 *
 * What a line's states mean. A capture is not a lock-step dialogue: each line has a send (at its
 * sender) and a receive (at the other end), and segments may cross in flight. The states on line i
 * are those of both ends at the moment the capture saw line i: after its sender sent it, after
 * every receive the capture proves happened before it, and after its own receive when nothing
 * contradicts that it arrived at once. Lines are moments in order, so each end's column only moves
 * forward through RFC 9293's diagram (several steps on one line are fine; a reset to CLOSED,
 * SYN_RECEIVED back to LISTEN and a new connection on a reused four-tuple are the other moves).
 *
 * How each segment is received (`delivery` on every line):
 * - at_once: on its own line — the receiver's next line acknowledges it (or there is none);
 * - crossed: the receiver sent lines that do not acknowledge it, so the two crossed in flight; it is
 *   received just before the first line of the receiver whose ACK covers it (an RST answering it,
 *   or the end of the trace): a FIN crossing the peer's FIN (simultaneous close), a SYN crossing the
 *   peer's SYN (simultaneous open), data crossing data. Segments with nothing new in sequence space
 *   (pure ACKs, RSTs) never wait for an ACK but stay behind earlier segments of their sender (FIFO);
 * - lost: the capture proves it never arrived — its sender sent it again before the other side
 *   said anything (a SYN retransmitted with no SYN-ACK in between: the listener stayed LISTEN; a
 *   FIN retransmitted: the first copy was not acknowledged), or a later copy replaced it while it
 *   was in flight, or its receiver later retransmits what it acknowledges (the server in LAST_ACK
 *   resending its FIN proves the client's ACK never arrived: the server stays LAST_ACK);
 * - unreachable: an ICMP error (port unreachable) answered it: it reached no TCP;
 * - end: still in flight at the end of the trace: received on the last line, except a SYN nobody
 *   answered (nothing shows that a listener got it; `at` is then null).
 *
 * The sender side only checks that a segment is possible (an ACK of something never sent, flags the
 * sender's state cannot produce, data on a SYN without Fast Open, data below the ISS, a segment from
 * an end already reset, ...); the receiver side is the RFC 9293 SEGMENT ARRIVES of endpoint.ts,
 * including RFC 5961: an RST in the window but not at RCV.NXT gets a challenge ACK and resets nothing.
 *
 * Speed: `annotateColumns` reads the trace into columns (tcpdump.ts) and replays it with every
 * per-line value in typed arrays, so a 100,000-line capture allocates a few dozen arrays and no
 * object, string or boxed number per line; `annotate` then builds the public objects from it.
 * Every step is O(1) amortised (see `Replay`), so the time is linear in the number of lines.
 */
import { TCP_STATES, type Annotation, type Bilingual, type Problem, type Side, type SkippedLine, type TcpState, type TraceSegment } from "./types";
import * as endpoint_ from "./endpoint";
// local copies: module-namespace getters are slow in the hot paths
const { Endpoint, SYNCHRONIZED } = endpoint_;
type Endpoint = endpoint_.Endpoint;
import * as segment_ from "./segment";
import { type Segment } from "./segment";
// local copies: module-namespace getters are slow in the hot paths
const { ACK, FIN, RST, SYN } = segment_;
import * as seq_ from "./seq";
// local copies: module-namespace getters are slow in the hot paths
const { seqAdd, seqGt, seqLt } = seq_;
import * as tcpdump_ from "./tcpdump";
import type { TraceColumns } from "./tcpdump";
const { readColumns } = tcpdump_;
import { analyzeEvents, eventList } from "./events";
import { ANNOTATE_WINDOW } from "./constants";

/** shared by every segment without problems (frozen: add problems through `problem()` only) */
const NO_PROBLEMS: Problem[] = Object.freeze([]) as unknown as Problem[];

const b = (en: string, zh: string): Bilingual => ({ zh, en });
/** sides as array indices in the hot loop: 0 is the client, 1 the server */
const CLIENT = 0;
const SERVER = 1;
const SIDES: readonly Side[] = ["client", "server"];

/**
 * A replayed capture in columns (slot i is the i-th segment of the annotated connection): what
 * `annotate()` returns, before it is turned into one object per line. Used by `annotate()` and by
 * callers that only need the states, such as the benchmark.
 */
export interface AnnotatedColumns {
  /** the segment lines of the annotated connection (other connections' lines are in `skipped`) */
  cols: TraceColumns;
  n: number;
  /** 0 the client sent it, 1 the server */
  from: Uint8Array;
  /** seq as the trace prints it, or inferred in the same numbering for a pure ACK */
  seqOut: Float64Array;
  /** absolute seq of each slot (a pure ACK's inferred), and absolute ack (-1: none printed) */
  absSeq: Float64Array;
  absAck: Float64Array;
  /** each end's state after the slot's segment, as an index into TCP_STATES */
  client: Uint8Array;
  server: Uint8Array;
  /** how each slot's segment was received: index into DELIVERY_KINDS */
  fate: Uint8Array;
  /** the slot at which it was received (-1: never) */
  recvAt: Int32Array;
  /** the slot that proves a loss or an ICMP answer (-1: none) */
  proof: Int32Array;
  /** the problems of the slots that have any */
  problemsAt: Map<number, Problem[]>;
  problems: Problem[];
  skipped: SkippedLine[];
  clientAddr: string | null;
  serverAddr: string | null;
  midStream: boolean;
  numbering: "absolute" | "relative";
}

export function annotate(text: string): Annotation {
  return toAnnotation(annotateColumns(text));
}

type AnnotatedSegment = Annotation["segments"][number];

/**
 * The public shape: one plain object per segment line. An object literal, not a constructor: V8
 * learns from the literal's allocation site that these objects survive and allocates them in the
 * old generation at once, instead of copying 100,000 of them through the young one (measured:
 * the literal costs ~3 ms on top of the columns for 100,000 lines, a constructor ~18 ms).
 */
export function toAnnotation(r: AnnotatedColumns): Annotation {
  const { cols, n } = r;
  const segments: AnnotatedSegment[] = new Array(n);
  const { line, flags, ack, len, start, end, text } = cols;
  const anyProblems = r.problemsAt.size > 0;
  const ev = analyzeEvents(r);
  for (let i = 0; i < n; i++) {
    const a = ack[i];
    segments[i] = { index: i, from: SIDES[r.from[i]], flags: cols.flagText(i), seq: r.seqOut[i], ack: flags[i] & ACK && a >= 0 ? a : null, len: len[i],
      client: TCP_STATES[r.client[i]], server: TCP_STATES[r.server[i]], problems: (anyProblems && r.problemsAt.get(i)) || NO_PROBLEMS,
      line: line[i], raw: text.slice(start[i], end[i]),
      delivery: { kind: DELIVERY_KINDS[r.fate[i]], at: r.recvAt[i] < 0 ? null : r.recvAt[i], proof: r.proof[i] < 0 ? null : r.proof[i] }, events: eventList(ev[i]) };
  }
  return {
    segments, problems: r.problems, skipped: r.skipped, client: r.clientAddr, server: r.serverAddr,
    midStream: r.midStream, numbering: r.numbering,
  };
}

/** Replay a capture (see the top of this file) and keep the result in columns. */
export function annotateColumns(text: string): AnnotatedColumns {
  const cols = readColumns(text);
  const skipped = cols.skipped;
  const result: AnnotatedColumns = {
    cols, n: 0, from: new Uint8Array(0), seqOut: new Float64Array(0), absSeq: new Float64Array(0), absAck: new Float64Array(0), client: new Uint8Array(0), server: new Uint8Array(0),
    fate: new Uint8Array(0), recvAt: new Int32Array(0), proof: new Int32Array(0),
    problemsAt: new Map(), problems: [],
    skipped, clientAddr: null, serverAddr: null, midStream: false, numbering: "absolute",
  };
  const all = cols.n;
  if (all === 0) return result;
  const cflags = cols.flags;

  // Which end is the client: the sender of the first SYN without ACK, else the first sender.
  let first = 0;
  for (let k = 0; k < all; k++) {
    if (cflags[k] & SYN && !(cflags[k] & ACK)) {
      first = k;
      break;
    }
  }
  const midStream = !(cflags[first] & SYN && !(cflags[first] & ACK)) || first !== 0;
  const clientId = cols.src[first];
  const serverId = cols.dst[first];
  const clientAddr = cols.addrs[clientId];
  const serverAddr = cols.addrs[serverId];
  result.clientAddr = clientAddr;
  result.serverAddr = serverAddr;
  result.midStream = !(cflags[0] & SYN) && midStream;

  {
    let others = 0;
    for (let k = 0; k < all; k++) {
      const s = cols.src[k];
      const d = cols.dst[k];
      if (!((s === clientId && d === serverId) || (s === serverId && d === clientId))) others++;
    }
    if (others > 0) {
      const keep = new Uint8Array(all);
      // one reason for every such line (the line itself shows its addresses): a capture of many
      // connections costs one object per skipped line, not two new strings
      const other = b(`belongs to another connection; only ${clientAddr} <> ${serverAddr} is annotated`,
        `属于另一条连接；只注释 ${clientAddr} <> ${serverAddr}`);
      for (let k = 0; k < all; k++) {
        const s = cols.src[k];
        const d = cols.dst[k];
        if ((s === clientId && d === serverId) || (s === serverId && d === clientId)) keep[k] = 1;
        else skipped.push({ line: cols.line[k], raw: cols.raw(k), reason: other });
      }
      cols.compact(keep);
    }
  }
  if (skipped.length > 1) skipped.sort((x, y) => x.line - y.line);
  const N = cols.n;
  result.n = N;
  // local views of the columns (the compaction above may have shortened n, never moved them)
  const flagsCol = cols.flags;
  const pSeq = cols.seq;
  const pAck = cols.ack;
  const from = new Uint8Array(N);
  for (let i = 0; i < N; i++) from[i] = cols.src[i] === clientId ? CLIENT : SERVER;
  result.from = from;

  const relative = detectRelative(cols, from);
  result.numbering = relative ? "relative" : "absolute";

  // Absolute numbers for every line (tcpdump's relative rule undone, print-tcp.c). -1: not printed.
  const aSeq = new Float64Array(N);
  const aAck = new Float64Array(N);
  // seqOut holds, until the replay is done, the base of each line's sender at that line: a new
  // connection on the same four-tuple (TIME_WAIT reuse) rebases tcpdump's relative numbers
  const seqOut = new Float64Array(N);
  const base = new Float64Array(2);
  let baseSet = false;
  for (let i = 0; i < N; i++) {
    const s = from[i];
    const o = s ^ 1;
    const f = flagsCol[i];
    const ps = pSeq[i];
    const pa = pAck[i];
    if (relative && f & ACK) {
      if (!baseSet || f & SYN) {
        baseSet = true;
        if (ps >= 0) base[s] = ps;
        base[o] = ((pa >= 0 ? pa : 1) - 1) >>> 0;
        aSeq[i] = ps;
        aAck[i] = pa;
      } else {
        aSeq[i] = ps < 0 ? -1 : (ps + base[s]) >>> 0;
        aAck[i] = pa < 0 ? -1 : (pa + base[o]) >>> 0;
      }
    } else {
      aSeq[i] = ps;
      aAck[i] = pa;
    }
    seqOut[i] = base[s];
  }

  // ---- replay ---------------------------------------------------------------------------------
  // ICMP errors about the server's port (tcpdump.ts reads them), placed after the slot they follow
  const icmpAfter = new Uint8Array(N);
  if (cols.icmp.length > 0 && !result.midStream) {
    let k = 0;
    for (const ev of cols.icmp) {
      if (ev.addr !== serverAddr) continue;
      while (k < N && cols.line[k] < ev.line) k++;
      if (k > 0) icmpAfter[k - 1] = 1;
    }
  }
  const replay = new Replay(cols, N, from, aSeq, aAck, relative, base, result.midStream, icmpAfter, foreignRsts(cols, N, from));
  replay.run();
  result.client = replay.stClient;
  result.server = replay.stServer;
  result.fate = replay.fate;
  result.recvAt = replay.recvAt;
  result.proof = replay.proof;
  result.problemsAt = replay.probs;
  result.problems = replay.problems;

  // seq as printed, or a pure ACK's inferred seq in the trace's numbering
  const lineSeq = replay.lineSeq;
  for (let i = 0; i < N; i++) {
    const ps = pSeq[i];
    seqOut[i] = ps >= 0 ? ps : relative && flagsCol[i] & ACK ? (lineSeq[i] - seqOut[i]) >>> 0 : lineSeq[i];
  }
  result.seqOut = seqOut;
  result.absSeq = lineSeq;
  result.absAck = aAck;
  return result;
}

/** How a segment reached its receiver (see the top of this file): index into DELIVERY_KINDS. */
const AT_ONCE = 0;
const CROSSED = 1;
const LOST = 2;
const AT_END = 3;
const UNREACHABLE = 4;
export const DELIVERY_KINDS = ["at_once", "crossed", "lost", "end", "unreachable"] as const;
/** key of a segment for recognising its retransmission: its first sequence number and SYN/FIN/ACK-on-SYN */
const key = (seq: number, f: number) => seq * 8 + (f & SYN ? 1 : 0) + (f & FIN ? 2 : 0) + (f & SYN && f & ACK ? 4 : 0);

/**
 * The replay of one capture through two endpoints. A class, not closures inside `annotate`, so that
 * each step is optimised on its own and per-line numbers stay unboxed: everything per line lives in
 * typed arrays indexed by line, and only line indices cross method calls.
 *
 * Every step is O(1) amortised, so a replay is O(lines) whatever the trace: segments in flight wait
 * in one FIFO per direction (a receiver line only ever looks at the head), retransmissions find
 * the copy they replace through a map keyed by sequence number, and what needs the future (the next
 * line of the other side, a later retransmission that proves an ACK lost) is computed once by
 * passes over the whole trace before the replay.
 */
/**
 * Per line: an RST that its sender's own TCB did not send — forged, or injected by a middlebox with
 * the sender's four-tuple (RFC 5961 §1) — so it resets nothing at its apparent sender. Told apart
 * from an end's own abort only where the capture proves it: the connection negotiated timestamps,
 * the RST carries none (Linux puts them on every RST a TCB sends: tcp_send_active_reset() →
 * tcp_transmit_skb() with tcp_established_options()), and the same end goes on after it — sends
 * anything but an RST, or an RST with timestamps (its TCB's own abort, later): an end whose TCB was
 * reset sends nothing more but TCB-less RSTs, or a new SYN. Seen in captures/fuzz (seeds 101, 304).
 */
function foreignRsts(cols: TraceColumns, N: number, from: Uint8Array): Uint8Array | null {
  let syn = -1;
  let synAck = -1;
  for (let i = 0; i < N && (syn < 0 || synAck < 0); i++) {
    const f = cols.flags[i];
    if (f & SYN && !(f & ACK) && syn < 0) syn = i;
    else if (f & SYN && f & ACK && synAck < 0) synAck = i;
  }
  const TS = /\bTS val \d+/;
  if (syn < 0 || synAck < 0 || !TS.test(cols.raw(syn)) || !TS.test(cols.raw(synAck))) return null;
  let out: Uint8Array | null = null;
  const goesOn = [false, false];
  for (let i = N - 1; i >= 0; i--) {
    const f = cols.flags[i];
    const s = from[i];
    if (f & SYN && !(f & ACK)) goesOn[s] = false; // a new connection on the same four-tuple starts here
    else if (!(f & RST)) goesOn[s] = true;
    else if (TS.test(cols.raw(i))) goesOn[s] = true; // an RST its TCB sent: the TCB was still there
    else if (goesOn[s]) (out ??= new Uint8Array(N))[i] = 1;
  }
  return out;
}

class Replay {
  readonly ep: Endpoint[];
  /** highest sequence number each side sent + 1 (absolute), -1 until known */
  readonly maxSent = new Float64Array([-1, -1]);
  /** ISS learned from the side's own SYN or SYN-ACK */
  readonly issKnown = [false, false];
  /** the SYNs (without ACK) each side sent on this connection: ISS, data length, ISS, length, ... */
  readonly synsSeen: number[][] = [[], []];
  /** the state before the first SYN was an assumption (a listener nobody saw start) */
  readonly assumedListen = [false, false];
  /** segments in flight towards side s, in the order sent: `inbound[s][head[s] .. tail[s])` */
  readonly inbound: Int32Array[];
  readonly head = new Int32Array(2);
  readonly tail = new Int32Array(2);
  /** the queue position of each in-flight segment towards side s, by `key()` */
  readonly pendingAt = [new Map<number, number>(), new Map<number, number>()];
  /** each end's state after each line, as an index into TCP_STATES */
  readonly stClient: Uint8Array;
  readonly stServer: Uint8Array;
  readonly probs = new Map<number, Problem[]>();
  readonly problems: Problem[] = [];
  // per line: its sequence number (inferred for a pure ACK), whether it occupies sequence space,
  // whether it waits in flight for a covering ACK
  readonly lineSeq: Float64Array;
  readonly hasSpace: Uint8Array;
  readonly needsCover: Uint8Array;
  /** per line: how it was received (AT_ONCE ...), at which line (-1: never), the line proving a loss */
  readonly fate: Uint8Array;
  readonly recvAt: Int32Array;
  readonly proof: Int32Array;
  /** per line: received out of FIFO order (still in its queue, to be skipped) */
  private readonly gone: Uint8Array;
  /** per line: the next line of the other side (-1: none) */
  private readonly nextOther: Int32Array;
  /** per line: the retransmission of it sent before any line of the other side (-1: none) */
  private readonly retxSoon: Int32Array;
  /** per line: a later line of its receiver that retransmits what its ACK covers (-1: none) */
  private readonly ackLost: Int32Array;
  /**
   * per RST line: the last line its receiver sends after it (non-RST, before the receiver's own next
   * RST or new SYN; -1: none). An RST that would reset its receiver, followed by such a line, crossed
   * it: the receiver had not yet got the RST when it sent that line (seen in captures/fuzz: a burst of
   * data already on its way while the peer's RST arrives).
   */
  private readonly rstCrossUntil: Int32Array;
  /**
   * per line: a stale copy — the network's duplicate or a delayed copy of an earlier segment, not
   * something its sender's TCB sent at that moment (see `lookAhead`). It is received like any segment
   * (as an old duplicate) but checks nothing at its sender and proves no retransmission or loss.
   */
  readonly stale: Uint8Array;
  /** per SYN line: a new connection attempt from an end still in SYN_SENT (a new TCB, a new ISS) */
  private readonly newAttempt: Uint8Array;
  /** per SYN line: an old duplicate SYN of an earlier connection (RFC 9293 §3.5 Figure 8), not the sender's */
  private readonly oldSyn: Uint8Array;
  /**
   * per side: segments overtaken in the network (a later one of lower sequence number got there
   * first): delayed, they no longer hold back what follows them and are received at the first line
   * of their receiver that acknowledges them
   */
  private readonly late: number[][] = [[], []];
  /** RSTs received after the line they crossed: line → the RST lines */
  private readonly crossingRsts = new Map<number, number[]>();
  /** per line: an ICMP error about the connection follows it (before the next line) */
  private readonly icmpAfter: Uint8Array;
  /** per line: the first line j >= i followed by an ICMP error (-1: none) */
  private readonly nextIcmp: Int32Array;
  /** the last thing the client heard was an ICMP error */
  private icmpLast = false;
  /** the one segment handed to `Endpoint.arrive` (it reads the fields and keeps nothing) */
  private readonly arriving: Segment = { seq: 0.5, ack: 0.5, flags: 0, len: 0, tfo: false };
  private readonly flags: Uint8Array;
  private readonly len: Float64Array;
  private readonly tfo: Uint8Array;

  constructor(
    private readonly cols: TraceColumns, private readonly N: number, private readonly from: Uint8Array,
    private readonly aSeq: Float64Array, private readonly aAck: Float64Array,
    private readonly relative: boolean, private readonly base: Float64Array, private readonly midStream: boolean,
    icmpAfter: Uint8Array,
    /** per line: an RST its sender's TCB did not send (null: none) */
    private readonly foreignRst: Uint8Array | null = null,
  ) {
    this.ep = [
      new Endpoint({ side: "client", emit: false, rcvWnd: ANNOTATE_WINDOW, tfoServer: true }),
      new Endpoint({ side: "server", emit: false, rcvWnd: ANNOTATE_WINDOW, tfoServer: true }),
    ];
    this.stClient = new Uint8Array(N);
    this.stServer = new Uint8Array(N);
    this.lineSeq = new Float64Array(N);
    this.hasSpace = new Uint8Array(N);
    this.needsCover = new Uint8Array(N);
    this.fate = new Uint8Array(N);
    this.recvAt = new Int32Array(N).fill(-1);
    this.proof = new Int32Array(N).fill(-1);
    this.gone = new Uint8Array(N);
    this.inbound = [new Int32Array(N), new Int32Array(N)];
    this.flags = cols.flags;
    this.len = cols.len;
    this.tfo = cols.tfo;
    this.icmpAfter = icmpAfter;
    this.nextOther = new Int32Array(N);
    this.retxSoon = new Int32Array(N).fill(-1);
    this.ackLost = new Int32Array(N).fill(-1);
    this.rstCrossUntil = new Int32Array(N).fill(-1);
    this.nextIcmp = new Int32Array(N);
    this.stale = new Uint8Array(N);
    this.newAttempt = new Uint8Array(N);
    this.oldSyn = new Uint8Array(N);
    this.lookAhead();
    if (!midStream) {
      this.ep[SERVER].listen();
      this.assumedListen[SERVER] = true;
    } else {
      this.ep[CLIENT].state = "ESTABLISHED";
      this.ep[SERVER].state = "ESTABLISHED";
    }
  }

  /** The passes over the whole trace that tell each line what comes after it (all O(lines)). */
  private lookAhead(): void {
    const { N, from, flags, len, aSeq, aAck } = this;
    this.staleCopies();
    // the next line of the other side, and the next ICMP error (a stale copy is no line of its
    // sender's: it says nothing about what that sender has received)
    let next0 = -1;
    let next1 = -1;
    let icmp = -1;
    for (let i = N - 1; i >= 0; i--) {
      if (this.icmpAfter[i]) icmp = i;
      this.nextIcmp[i] = icmp;
      if (this.stale[i]) this.nextOther[i] = from[i] === CLIENT ? next1 : next0;
      else if (from[i] === CLIENT) {
        this.nextOther[i] = next1;
        next0 = i;
      } else {
        this.nextOther[i] = next0;
        next1 = i;
      }
    }
    // the last line each side sends before its own next RST or new SYN (scanning backwards)
    const lastGoing = [-1, -1];
    for (let i = N - 1; i >= 0; i--) {
      const f = flags[i];
      const x = from[i];
      if (this.stale[i]) continue;
      if (f & RST) this.rstCrossUntil[i] = lastGoing[x ^ 1];
      if (f & RST || (f & SYN && !(f & ACK))) lastGoing[x] = -1;
      else if (lastGoing[x] < 0) lastGoing[x] = i;
    }
    // a retransmission sent before the other side said anything: the first copy was not answered
    const soon = [new Map<number, number>(), new Map<number, number>()];
    // retransmissions: per side the highest end sent so far; a new connection (a SYN with another
    // ISS) starts a new epoch
    const maxEnd = new Float64Array([-1, -1]);
    const synSeq = new Float64Array([-1, -1]);
    const epoch = new Int32Array(N);
    const retxStart = new Float64Array(N).fill(-1);
    let ep = 0;
    for (let i = 0; i < N; i++) {
      const s = from[i];
      const f = flags[i];
      epoch[i] = ep;
      if (this.stale[i]) continue; // the network's copy: its sender said nothing new
      soon[s ^ 1].clear();
      const seq = aSeq[i];
      if (f & SYN && !(f & ACK) && seq >= 0 && !this.oldSyn[i]) {
        if (synSeq[s] >= 0 && synSeq[s] !== seq) {
          ep++;
          maxEnd[0] = maxEnd[1] = -1;
        }
        synSeq[s] = seq;
      }
      epoch[i] = ep;
      if (seq < 0 || f & RST) continue;
      const slen = len[i] + (f & SYN ? 1 : 0) + (f & FIN ? 1 : 0);
      if (slen === 0) continue;
      const end = seqAdd(seq, slen);
      const k = key(seq, f);
      const first = soon[s].get(k);
      if (first !== undefined && this.retxSoon[first] < 0) this.retxSoon[first] = i;
      soon[s].set(k, i);
      if (maxEnd[s] >= 0 && !seqGt(end, maxEnd[s]) && (synSeq[s] < 0 || seqGt(seq, synSeq[s]))) {
        // a retransmission (1-byte segments are left out: keepalive probes may carry one old byte)
        if (f & (SYN | FIN) || len[i] > 1) retxStart[i] = seq;
      } else maxEnd[s] = end;
    }
    // An ACK beyond the start of what its receiver retransmits later had not reached it then: a
    // sender retransmits from SND.UNA, and that ACK would have moved SND.UNA past it. Lost.
    const minEnd = new Float64Array([-1, -1]);
    const minAt = new Int32Array([-1, -1]);
    let curEpoch = -1;
    for (let i = N - 1; i >= 0; i--) {
      if (epoch[i] !== curEpoch) {
        curEpoch = epoch[i];
        minEnd[0] = minEnd[1] = -1;
      }
      const s = from[i];
      const o = s ^ 1;
      if (this.stale[i]) continue;
      if (flags[i] & ACK && aAck[i] >= 0 && minEnd[o] >= 0 && seqLt(minEnd[o], aAck[i])) this.ackLost[i] = minAt[o];
      const e = retxStart[i];
      if (e >= 0 && (minEnd[s] < 0 || !seqGt(e, minEnd[s]))) {
        minEnd[s] = e;
        minAt[s] = i;
      }
    }
  }

  /**
   * Stale copies and second SYNs, one pass forward (O(lines)).
   *
   * A TCP puts its current RCV.NXT in the ACK field of everything it sends, retransmissions included
   * (RFC 9293 §3.10.7.4; Linux: tcp_transmit_skb() writes tp->rcv_nxt, net/ipv4/tcp_output.c, 6.x),
   * and it never sends its SYN again once it has acknowledged the peer's. So a non-RST line whose
   * ACK is below one its sender already sent on this connection, or a SYN at its sender's ISS after
   * the sender sent an ACK-bearing segment, is not its sender's send at that moment: it is a copy
   * the network duplicated or delayed, arriving after the reply (the tap's duplicate and delay on a
   * real kernel). It is received as any old duplicate (acknowledged again, RFC 9293 §3.10.7.4 first
   * check; a SYN in a synchronized state: a challenge ACK, RFC 5961 §4), and proves nothing about
   * its sender — it is no retransmission, so it neither makes the peer's earlier ACKs lost nor
   * replaces a copy in flight. (RSTs are left out: a TCB-less end's RST takes its numbers from the
   * segment it answers.)
   *
   * A second SYN with another ISN from an end still in SYN_SENT (nothing acknowledged since its
   * SYN) is either an old duplicate of an earlier connection (RFC 9293 §3.5 Figure 8) or a new
   * attempt: the application gave up and a new socket connect()s from the same port. The old
   * duplicate is proven when its sender later answers the SYN-ACK that acknowledges it with
   * <SEQ=SEG.ACK><CTL=RST> (RFC 9293 §3.10.7.3; Linux tcp_rcv_synsent_state_process() →
   * reset_and_undo, net/ipv4/tcp_input.c), i.e. an RST at its ISN + 1; without that answer the ISN
   * clock decides: ISNs of one four-tuple grow with time (RFC 9293 §3.4.1; Linux secure_tcp_seq()
   * adds a 64 ns clock to a hash of the four-tuple, net/core/secure_seq.c), so a SYN below the first
   * one is the older.
   */
  private staleCopies(): void {
    const { N, from, flags, aSeq, aAck } = this;
    // the last RST of each side at each sequence number
    const rstAt = [new Map<number, number>(), new Map<number, number>()];
    for (let i = 0; i < N; i++) if (flags[i] & RST && aSeq[i] >= 0) rstAt[from[i]].set(aSeq[i], i);
    const maxAck = new Float64Array([-1, -1]);
    const iss = new Float64Array([-1, -1]);
    const acked = [false, false];
    // each side's last SYN line, and whether the other side sent anything since
    const lastSyn = new Int32Array([-1, -1]);
    const answered = [false, false];
    for (let i = 0; i < N; i++) {
      const s = from[i];
      const f = flags[i];
      answered[s ^ 1] = true;
      if (f & RST) continue;
      const seq = aSeq[i];
      if (f & SYN && !(f & ACK)) {
        if (seq < 0) continue;
        if (iss[s] >= 0 && seq === iss[s]) {
          if (acked[s]) this.stale[i] = 1;
          continue;
        }
        if (iss[s] >= 0 && !acked[s]) {
          const rst = rstAt[s].get(seqAdd(seq, 1));
          if ((rst !== undefined && rst > i) || (rst === undefined && seqLt(seq, iss[s]))) {
            this.oldSyn[i] = 1;
            continue;
          }
          this.newAttempt[i] = 1;
          // the old attempt's SYN, never answered, was lost (nothing shows a listener got it)
          if (lastSyn[s] >= 0 && !answered[s]) this.retxSoon[lastSyn[s]] = i;
        }
        lastSyn[s] = i;
        answered[s] = false;
        // a new connection (or attempt) on this four-tuple: the ACKs start afresh
        iss[s] = seq;
        iss[s ^ 1] = -1;
        maxAck[0] = maxAck[1] = -1;
        acked[0] = acked[1] = false;
        continue;
      }
      if (!(f & ACK) || aAck[i] < 0) continue;
      if (maxAck[s] >= 0 && seqLt(aAck[i], maxAck[s])) this.stale[i] = 1;
      else {
        maxAck[s] = aAck[i];
        acked[s] = true;
      }
    }
  }

  run(): void {
    for (let i = 0; i < this.N; i++) this.line(i);
    // everything still in flight arrives at the end, in the order it was sent, on the last line
    const last = this.N - 1;
    for (;;) {
      for (const side of [CLIENT, SERVER]) {
        while (this.head[side] < this.tail[side] && this.gone[this.inbound[side][this.head[side]]]) this.head[side]++;
      }
      const c = this.head[CLIENT] < this.tail[CLIENT] ? this.inbound[CLIENT][this.head[CLIENT]] : -1;
      const s = this.head[SERVER] < this.tail[SERVER] ? this.inbound[SERVER][this.head[SERVER]] : -1;
      if (c < 0 && s < 0) break;
      const to = s < 0 || (c >= 0 && c < s) ? CLIENT : SERVER;
      const f = this.pop(to);
      if (this.fate[f] === AT_ONCE) this.fate[f] = AT_END;
      // an unanswered SYN stays in flight; anything else is taken as received on the last line
      if (!(this.flags[f] & SYN && !(this.flags[f] & ACK))) this.receive(f, to, -1, last);
    }
    for (const to of [CLIENT, SERVER]) {
      for (const f of this.late[to]) {
        if (this.fate[f] === AT_ONCE) this.fate[f] = AT_END;
        if (!(this.flags[f] & SYN && !(this.flags[f] & ACK))) this.receive(f, to, -1, last);
      }
      this.late[to].length = 0;
    }
    if (this.icmpLast && this.ep[CLIENT].state === "SYN_SENT") this.ep[CLIENT].setState("CLOSED", "icmp_unreachable");
    if (last >= 0) this.recordStates(last);
  }

  // the last state string seen per side and its index: states change rarely, so this saves a lookup
  private lastState: TcpState[] = ["CLOSED", "CLOSED"];
  private lastCode = new Uint8Array(2);

  private stateCode(side: number): number {
    const st = this.ep[side].state;
    if (st === this.lastState[side]) return this.lastCode[side];
    const code = TCP_STATES.indexOf(st);
    this.lastState[side] = st;
    this.lastCode[side] = code;
    return code;
  }

  /** the states of both ends at line i: after its send and every receive placed at it */
  private recordStates(i: number): void {
    this.stClient[i] = this.stateCode(CLIENT);
    this.stServer[i] = this.stateCode(SERVER);
  }

  private problem(i: number, code: string, en: string, zh: string): void {
    const p: Problem = { index: i, line: this.cols.line[i], code, message: { zh, en } };
    const at = this.probs.get(i);
    if (at) at.push(p);
    else this.probs.set(i, [p]);
    this.problems.push(p);
  }

  /** Mid-stream: learn a side's position from the first numbers seen. */
  private learn(s: number, i: number): void {
    const seq = this.aSeq[i];
    const ack = this.flags[i] & ACK ? this.aAck[i] : -1;
    const me = this.ep[s];
    const peer = this.ep[s ^ 1];
    if (this.maxSent[s] < 0 && seq >= 0) {
      this.maxSent[s] = seq;
      me.sndUna = me.sndNxt = seq;
      me.iss = seqAdd(seq, -1);
      peer.rcvNxt = seq;
      peer.irs = me.iss;
    }
    if (this.maxSent[s ^ 1] < 0 && ack >= 0) {
      this.maxSent[s ^ 1] = ack;
      peer.sndUna = peer.sndNxt = ack;
      peer.iss = seqAdd(ack, -1);
      me.rcvNxt = ack;
      me.irs = peer.iss;
    }
  }

  /** Take the head of the queue towards `to` (skipping what was received out of order). */
  private pop(to: number): number {
    while (this.gone[this.inbound[to][this.head[to]]] && this.head[to] < this.tail[to] - 1) this.head[to]++;
    const f = this.inbound[to][this.head[to]++];
    if (this.hasSpace[f]) {
      const m = this.pendingAt[to];
      const k = key(this.lineSeq[f], this.flags[f]);
      if (m.get(k) === this.head[to] - 1) m.delete(k);
    }
    return f;
  }

  /** Line f's segment reaches `to` at line `at` (`trigger`: the line of `to` that proved it, or -1). */
  private receive(f: number, to: number, trigger: number, at: number): void {
    this.recvAt[f] = at;
    const e = this.ep[to];
    const flags = this.flags[f];
    const seq = this.lineSeq[f];
    const len = this.len[f];
    if (this.assumedListen[to] && e.state === "LISTEN" && flags & SYN && !(flags & ACK)
      && trigger >= 0 && this.from[trigger] === to && this.flags[trigger] & RST) {
      // The answer to this SYN is an RST: nobody was listening after all.
      e.setState("CLOSED", "no_listener");
    }
    this.assumedListen[to] = false;
    const before = e.state;
    let tfo = this.tfo[f] === 1;
    if (flags & SYN && len > 0 && tfo && trigger >= 0 && this.from[trigger] === to
      && this.flags[trigger] & ACK && this.aAck[trigger] === seqAdd(seq, 1)) {
      tfo = false; // the SYN-ACK acknowledges only the SYN: the Fast Open data was refused
    }
    const seg = this.arriving;
    seg.seq = seq;
    seg.ack = flags & ACK ? this.aAck[f] : 0;
    seg.flags = flags;
    seg.len = len;
    seg.tfo = tfo;
    e.arrive(seg);
    if (before === "LISTEN" && e.state === "SYN_RECEIVED") this.issKnown[to] = false;
  }

  /** Does line k (of the receiver of line f) prove that f arrived before k was sent? */
  private covers(k: number, f: number): boolean {
    const fk = this.flags[k];
    if (fk & RST && !(fk & ACK)) return true; // an RST answering it
    return (fk & ACK) !== 0 && this.hasSpace[f] === 1 && seqGt(this.aAck[k], this.lineSeq[f]);
  }

  /**
   * Deliver to the sender of line i everything that line proves it has received: the queue's head
   * while covered (FIFO), and behind an uncovered head only the segments at lower sequence numbers
   * right after it (reordered in the network, e.g. an old duplicate SYN overtaking the new one).
   */
  private deliverBefore(i: number): void {
    const to = this.from[i];
    const q = this.inbound[to];
    while (this.head[to] < this.tail[to]) {
      const f = q[this.head[to]];
      if (this.gone[f]) {
        this.head[to]++;
        continue;
      }
      if (this.needsCover[f] && !this.covers(i, f)) {
        const hs = this.lineSeq[f];
        let overtaken = false;
        for (let j = this.head[to] + 1; j < this.tail[to]; j++) {
          const g = q[j];
          if (this.gone[g]) continue;
          if (!this.hasSpace[g] || !seqLt(this.lineSeq[g], hs)) break;
          if (!this.covers(i, g)) continue;
          this.gone[g] = 1;
          const m = this.pendingAt[to];
          const k = key(this.lineSeq[g], this.flags[g]);
          if (m.get(k) === j) m.delete(k);
          if (this.fate[g] === AT_ONCE) this.fate[g] = CROSSED;
          this.receive(g, to, i, i);
          overtaken = true;
        }
        if (!overtaken) break;
        // The head was overtaken: it is delayed in the network and holds back nothing sent after it
        // (RFC 9293 §3.5 Figure 8: the old SYN's SYN-ACK, then the client's RST, reach the server
        // before the delayed new SYN). It is received at the first line that acknowledges it.
        this.gone[f] = 1;
        const m = this.pendingAt[to];
        const k = key(hs, this.flags[f]);
        if (m.get(k) === this.head[to]) m.delete(k);
        this.head[to]++;
        this.late[to].push(f);
        continue;
      }
      this.pop(to);
      if (this.recvAt[f] < 0 && this.fate[f] === AT_ONCE) this.fate[f] = CROSSED;
      this.receive(f, to, i, i);
    }
    const late = this.late[to];
    for (let j = 0; j < late.length; j++) {
      const f = late[j];
      if (!this.covers(i, f)) continue;
      late.splice(j--, 1);
      if (this.fate[f] === AT_ONCE) this.fate[f] = CROSSED;
      this.receive(f, to, i, i);
    }
  }

  /** One line: what its sender must have received, whether it can send it, then the network. */
  private line(i: number): void {
    const s = this.from[i];
    const o = s ^ 1;
    const f = this.flags[i];
    const stale = this.stale[i] === 1;
    if (f & SYN && !(f & ACK) && !stale) {
      this.synSent(i, s);
      const seen = this.synsSeen[s];
      if (seen.length < 16 && this.aSeq[i] >= 0 && !seen.includes(this.aSeq[i])) seen.push(this.aSeq[i], this.len[i]);
    }
    const e = this.ep[s];
    const len = this.len[i];
    const hasAck = (f & ACK) !== 0;
    const ack = hasAck ? this.aAck[i] : 0;
    if (this.midStream && (this.maxSent[s] < 0 || this.maxSent[o] < 0)) this.learn(s, i);
    // The sequence number of a pure ACK is not printed: it is the sender's SND.NXT.
    let seq = this.aSeq[i];
    if (seq < 0) seq = this.maxSent[s] >= 0 ? this.maxSent[s] : e.sndNxt;
    this.lineSeq[i] = seq;
    const slen = len + (f & SYN ? 1 : 0) + (f & FIN ? 1 : 0); // SEG.LEN
    const end = seqAdd(seq, slen);

    // 1. what this sender must already have received
    if (!stale && (this.head[s] < this.tail[s] || this.late[s].length > 0)) this.deliverBefore(i);
    if (s === CLIENT) this.icmpLast = false;

    // 2. can this sender send this segment in its state? (Data or an ACK in ESTABLISHED before
    // any FIN, the bulk of a capture, passes every check: skip the call.)
    const isNew = this.maxSent[s] < 0 || seqGt(end, this.maxSent[s]);
    if (!stale && (f & (RST | SYN | FIN) || !hasAck || e.state !== "ESTABLISHED" || e.finSeq !== null || (len > 0 && this.issKnown[s]))) {
      this.check(i, s, seq, end, isNew);
    }
    // 3. the ACK may only acknowledge what the peer has sent
    const peerSent = this.maxSent[o];
    if (hasAck && peerSent >= 0 && seqGt(ack, peerSent) && !(f & RST && !SYNCHRONIZED.has(e.state) && e.state !== "SYN_RECEIVED" && seq === 0)
      && !(f & SYN && this.issKnown[o])) {
      const printed = this.cols.ack[i] < 0 ? null : this.cols.ack[i];
      const sent = this.relative ? (peerSent - this.base[o]) >>> 0 : peerSent;
      const who = SIDES[o];
      this.problem(i, "ack_of_unsent",
        `ack ${printed} acknowledges sequence numbers the ${who} never sent (it has sent up to ${sent}).`,
        `ack ${printed} 确认了${who === "client" ? "客户端" : "服务器"}从未发送过的序号（它只发到 ${sent}）。`);
    }
    // (an RST occupies no sequence space, and a forged one may carry any number: it moves nothing)
    if (isNew && (slen > 0 || this.aSeq[i] >= 0) && !(f & RST)) {
      this.maxSent[s] = end;
      if (seqGt(end, e.sndNxt) || e.state === "CLOSED") e.sndNxt = end;
    }

    // 4. the network
    const space = slen > 0 && !(f & RST);
    this.hasSpace[i] = slen > 0 ? 1 : 0;
    this.needsCover[i] = space ? 1 : 0;
    const nextO = this.nextOther[i];
    const icmp = this.nextIcmp[i];
    if (this.ackLost[i] >= 0) {
      // its receiver later retransmits what this segment acknowledges: it never got it
      this.fate[i] = LOST;
      this.proof[i] = this.ackLost[i];
    } else if (s === CLIENT && icmp >= 0 && (nextO < 0 || icmp < nextO) && (this.retxSoon[i] < 0 || icmp < this.retxSoon[i])) {
      // answered by an ICMP error (port unreachable): it reached no TCP
      this.fate[i] = UNREACHABLE;
      this.proof[i] = icmp;
    } else if (space && this.retxSoon[i] >= 0) {
      // sent again before the other side said anything: this copy was not answered, so lost
      this.fate[i] = LOST;
      this.proof[i] = this.retxSoon[i];
    } else {
      const m = this.pendingAt[o];
      // (a stale copy is no retransmission: it replaces nothing)
      const tracked = space && !stale;
      const k = tracked ? key(seq, f) : 0;
      const at = tracked ? m.get(k) : undefined;
      const q = this.inbound[o];
      if (at !== undefined && at >= this.head[o]) {
        // a retransmission of a copy still in flight takes its place in the queue; that copy was lost
        const old = q[at];
        this.fate[old] = LOST;
        this.proof[old] = i;
        q[at] = i;
      } else {
        if (tracked) {
          // a retransmission of an overtaken copy still in flight (late): that copy was lost
          const late = this.late[o];
          for (let j = 0; j < late.length; j++) {
            const old = late[j];
            if (key(this.lineSeq[old], this.flags[old]) !== k) continue;
            this.fate[old] = LOST;
            this.proof[old] = i;
            late.splice(j, 1);
            break;
          }
          m.set(k, this.tail[o]);
        }
        q[this.tail[o]++] = i;
      }
      // received at once when nothing is ahead of it and the receiver's next line does not contradict it
      // (a SYN nobody answers within the capture is not taken as received: nothing shows a listener got it)
      while (this.gone[q[this.head[o]]] && this.head[o] < this.tail[o]) this.head[o]++;
      if (q[this.head[o]] === i && (!space || (nextO < 0 ? !(f & SYN && !hasAck) : this.covers(nextO, i)))) {
        this.pop(o);
        const cross = f & RST ? this.rstCrossUntil[i] : -1;
        const r = this.ep[o];
        if (cross >= 0 && SYNCHRONIZED.has(r.state) && seq === r.rcvNxt) {
          // it would reset its receiver, which still sends after it: they crossed
          this.fate[i] = CROSSED;
          const list = this.crossingRsts.get(cross);
          if (list) list.push(i);
          else this.crossingRsts.set(cross, [i]);
        } else this.receive(i, o, nextO, i);
      }
    }
    const crossed = this.crossingRsts.get(i);
    if (crossed) for (const r of crossed) this.receive(r, s, i, i);
    if (this.icmpAfter[i]) this.icmpError();
    this.recordStates(i);
  }

  /** An ICMP error about the connection's server port: nothing listens there. */
  private icmpError(): void {
    const srv = this.ep[SERVER];
    if (srv.state === "LISTEN" && this.assumedListen[SERVER]) {
      srv.setState("CLOSED", "no_listener");
      this.assumedListen[SERVER] = false;
    }
    this.icmpLast = true;
  }

  /**
   * A SYN without ACK, before anything else is done with it: a new connection on the same four-tuple: its sender has closed (CLOSED, or TIME_WAIT when
   *   it closed first) and sends a SYN with a new ISS. RFC 9293 §3.6.1 and RFC 6191 let a
   *   TIME_WAIT end accept it (Linux does when the timestamps or the ISN grow, and lets a
   *   connect() reuse a TIME_WAIT four-tuple on loopback, tcp_tw_reuse 2): both ends start afresh,
   *   the peer as a listener. `transition("TIME_WAIT", "rcv_syn")` answers the same.
   */
  private synSent(i: number, s: number): void {
    const e = this.ep[s];
    const o = s ^ 1;
    const seq = this.aSeq[i];
    if (this.newAttempt[i] && e.state === "SYN_SENT") {
      // a new attempt from the same port: the old TCB is gone (CLOSE in SYN-SENT deletes it, RFC 9293
      // §3.10.4, and sends nothing); the new one starts in check() as any active OPEN
      this.ep[s] = new Endpoint({ side: SIDES[s], emit: false, rcvWnd: ANNOTATE_WINDOW, tfoServer: true });
      this.maxSent[s] = -1;
      this.issKnown[s] = false;
      this.synsSeen[s] = [];
      return;
    }
    if (this.maxSent[s] >= 0 && (e.state === "CLOSED" || e.state === "TIME_WAIT") && seq !== e.iss) {
      const p = this.ep[o];
      if (p.state === "CLOSED" || p.state === "TIME_WAIT" || p.state === "LISTEN") {
        this.ep[s] = new Endpoint({ side: SIDES[s], emit: false, rcvWnd: ANNOTATE_WINDOW, tfoServer: true });
        this.ep[o] = new Endpoint({ side: SIDES[o], emit: false, rcvWnd: ANNOTATE_WINDOW, tfoServer: true });
        this.ep[o].listen();
        this.assumedListen[o] = true;
        this.assumedListen[s] = false;
        this.issKnown[0] = this.issKnown[1] = false;
        this.maxSent[0] = this.maxSent[1] = -1;
        this.synsSeen[0] = [];
        this.synsSeen[1] = [];
        // what the old connection still had in flight died with it
        for (const side of [CLIENT, SERVER]) {
          while (this.head[side] < this.tail[side]) {
            const f = this.pop(side);
            if (this.gone[f]) continue;
            this.fate[f] = LOST;
            this.proof[f] = i;
          }
          this.pendingAt[side].clear();
          for (const f of this.late[side]) {
            this.fate[f] = LOST;
            this.proof[f] = i;
          }
          this.late[side].length = 0;
        }
        return;
      }
    }
  }

  /** Step 2 of a line: can its sender send it in its state? */
  private check(i: number, s: number, seq: number, end: number, isNew: boolean): void {
    const e = this.ep[s];
    const f = this.flags[i];
    const len = this.len[i];
    const hasAck = (f & ACK) !== 0;
    if (e.state === "CLOSED" && (e.closedBy === "rst_sent" || e.closedBy === "rst_received") && !(f & RST)) {
      this.problem(i, "segment_after_rst",
        `A ${this.cols.flagText(i)} segment after the connection was reset: an RST deletes the TCB on both ends, so neither can send anything but another RST on this connection.`,
        `连接被重置之后又出现 ${this.cols.flagText(i)} 报文段：RST 会删除两端的 TCB，此后双方在这条连接上除了 RST 什么都不能再发。`);
    } else if (f & RST) {
      // An abort sends <SEQ=SND.NXT><CTL=RST>. An RST at another sequence number is not this end's
      // abort (a forged or stale RST): it changes nothing here, and its receiver decides (RFC 5961).
      if (this.foreignRst?.[i]) {
        // forged or injected: its apparent sender goes on (foreignRsts)
      } else if ((SYNCHRONIZED.has(e.state) && (seq === e.sndNxt || seq === this.maxSent[s])) || (e.state === "SYN_RECEIVED" && seq === e.sndNxt)) {
        e.closedBy = "rst_sent";
        e.setState("CLOSED", "abort");
      }
    } else if (f & SYN) {
      if (!hasAck) {
        if (e.state === "CLOSED" || e.state === "LISTEN") {
          this.assumedListen[s] = false;
          e.iss = seq;
          e.sndUna = seq;
          e.sndNxt = end;
          this.issKnown[s] = true;
          e.setState("SYN_SENT", "active_open");
        } else if (e.state === "SYN_SENT" || (e.state === "SYN_RECEIVED" && seq === e.iss)) {
          // same ISS: a retransmission; another one: an old duplicate still in the network
        } else {
          this.problem(i, "unexpected_syn",
            `A SYN from an endpoint in ${e.state}: once a connection is synchronized it never sends another SYN on the same ports until it is CLOSED.`,
            `处于 ${e.state} 的一端发出 SYN：连接一旦同步，在回到 CLOSED 之前，同一对端口上不会再发 SYN。`);
        }
        if (len > 0 && !this.tfo[i] && isNew) this.problem(i, "syn_data_without_tfo",
          `The SYN carries ${len} bytes but no TCP Fast Open option: a receiver cannot accept data before the handshake completes, so it will be dropped and must be sent again (RFC 9293 §3.10.7.2; only RFC 7413 Fast Open delivers SYN data).`,
          `该 SYN 携带 ${len} 字节却没有 TCP Fast Open 选项：握手完成前接收方不能接受数据，它会被丢弃并必须重发（RFC 9293 §3.10.7.2；只有 RFC 7413 的 Fast Open 才会交付 SYN 中的数据）。`);
      } else {
        const o = s ^ 1;
        const peer = this.ep[o];
        const ack = this.aAck[i];
        // the peer's SYNs are known: a SYN-ACK must acknowledge one of them (ISS+1, plus any Fast Open
        // data; an old duplicate SYN is answered too)
        let wrongAck = this.issKnown[o] && this.synsSeen[o].length > 0;
        for (let k = 0; wrongAck && k < this.synsSeen[o].length; k += 2) {
          const iss = this.synsSeen[o][k];
          if (seqGt(ack, iss) && !seqGt(ack, seqAdd(iss, 1 + this.synsSeen[o][k + 1]))) wrongAck = false;
        }
        void peer;
        if (wrongAck) {
          const printed = this.cols.ack[i];
          const want = this.relative ? 1 : seqAdd(peer.iss, 1);
          this.problem(i, "syn_ack_wrong_ack",
            `The SYN-ACK's ack ${printed} does not acknowledge the ${SIDES[o]}'s SYN: a SYN-ACK answers a SYN with ack = its ISS + 1 (${want}), plus any Fast Open data (RFC 9293 §3.10.7.2).`,
            `该 SYN-ACK 的 ack ${printed} 没有确认${o === CLIENT ? "客户端" : "服务器"}的 SYN：SYN-ACK 回应 SYN 时 ack = 其 ISS + 1（${want}），再加上 Fast Open 数据（RFC 9293 §3.10.7.2）。`);
        } else if (e.state === "SYN_RECEIVED") {
          if (!this.issKnown[s]) {
            e.iss = seq;
            e.sndUna = seq;
            e.sndNxt = seqAdd(seq, 1);
            this.issKnown[s] = true;
          }
        } else if (!(SYNCHRONIZED.has(e.state) && seq === e.iss)) {
          this.problem(i, "syn_ack_without_syn",
            `A SYN-ACK from an endpoint in ${e.state} that has received no SYN to answer: only SYN_RECEIVED sends a SYN-ACK.`,
            `处于 ${e.state} 的一端发出 SYN-ACK，但它没有收到任何需要回应的 SYN：只有 SYN_RECEIVED 才发 SYN-ACK。`);
        }
      }
    } else {
      if (!hasAck) {
        this.problem(i, "missing_ack",
          `A ${this.cols.flagText(i)} segment without ACK outside the handshake: after the SYN every segment carries an ACK (RFC 9293 §3.10.7.4 fifth: 'if the ACK bit is off drop the segment').`,
          `握手之外出现不带 ACK 的 ${this.cols.flagText(i)} 报文段：SYN 之后的每个报文段都带 ACK（RFC 9293 §3.10.7.4 第五步："ACK 位未置位则丢弃该报文段"）。`);
      } else if (e.state === "LISTEN" || e.state === "SYN_SENT") {
        this.problem(i, "ack_before_handshake",
          `An ACK-bearing ${this.cols.flagText(i)} segment from an endpoint in ${e.state}, which has not received the peer's SYN and so has nothing to acknowledge.`,
          `处于 ${e.state} 的一端发出带 ACK 的 ${this.cols.flagText(i)} 报文段，但它尚未收到对端的 SYN，没有可确认的东西。`);
      } else if (e.state === "SYN_RECEIVED" && !this.issKnown[s]) {
        this.problem(i, "ack_before_syn_ack",
          `A ${this.cols.flagText(i)} segment from the listener before it sent any SYN-ACK: a listener that receives a SYN answers first with its SYN-ACK, which carries its ISS; nothing else can come before it.`,
          `监听方在发出任何 SYN-ACK 之前就发出 ${this.cols.flagText(i)} 报文段：监听方收到 SYN 后首先回 SYN-ACK（携带自己的 ISS），在它之前不可能有别的报文段。`);
      } else if (e.state === "CLOSED") {
        this.problem(i, "segment_from_closed",
          `A ${this.cols.flagText(i)} segment from an endpoint that is already CLOSED: without a TCB it can only answer with RST.${f & FIN ? " (A retransmitted FIN proves the end was not CLOSED: an ACK that seemed to close it never arrived — but nothing in this capture shows that.)" : ""}`,
          `已处于 CLOSED 的一端发出 ${this.cols.flagText(i)} 报文段：没有 TCB 时它只能回 RST。${f & FIN ? "（重传的 FIN 说明它其实没有关闭：看似关闭它的 ACK 并未到达——但本抓包中没有任何迹象表明这一点。）" : ""}`);
      } else {
        if (len > 0 && this.issKnown[s] && (seqLt(seq, e.iss) || (isNew && !seqGt(seq, e.iss)))) {
          this.problem(i, "seq_below_iss",
            `Data at seq ${this.cols.seq[i]}, below this side's first data byte (ISS + 1): the ISS is the SYN's own number, so no data can lie at or below it.`,
            `数据位于序号 ${this.cols.seq[i]}，低于本端第一个数据字节（ISS + 1）：ISS 是 SYN 自己的序号，数据不可能位于它或它之下。`);
        }
        if (len > 0 && isNew && e.finSeq !== null && seqGt(end, e.finSeq) && !(f & FIN && seqAdd(seq, len) === e.finSeq)) {
          this.problem(i, "data_after_fin",
            `New data from an endpoint that already sent its FIN (in ${e.state}): the FIN is the last sequence number it will ever use.`,
            `已发出 FIN 的一端（${e.state}）又发送新数据：FIN 是它用到的最后一个序号。`);
        }
        if (f & FIN) {
          const finSeq = seqAdd(seq, len);
          if (e.finSeq === null) {
            e.finSeq = finSeq;
            if (e.state === "ESTABLISHED" || e.state === "SYN_RECEIVED") e.setState("FIN_WAIT_1", "close");
            else if (e.state === "CLOSE_WAIT") e.setState("LAST_ACK", "close");
          } else if (finSeq !== e.finSeq) {
            this.problem(i, "second_fin",
              `A second FIN at a different sequence number (${finSeq}, the first was at ${e.finSeq}): a side closes its direction once.`,
              `在不同序号（${finSeq}，第一个在 ${e.finSeq}）上出现第二个 FIN：每个方向只能关闭一次。`);
          }
        }
      }
    }
  }
}

/**
 * Was the trace printed without -S? tcpdump then prints the first ACK-bearing segment (and every
 * SYN-ACK) with absolute numbers and later ones relative to each direction's ISN. Compare the next
 * ACK-bearing segment's ack against both readings and keep the closer one.
 */
function detectRelative(cols: TraceColumns, from: Uint8Array): boolean {
  let baseIdx = -1;
  for (let i = 0; i < cols.n; i++) {
    const f = cols.flags[i];
    const ack = cols.ack[i];
    if (!(f & ACK) || ack < 0) continue;
    if (baseIdx < 0 || f & SYN) {
      baseIdx = i;
      continue;
    }
    // the ack this segment would print in absolute numbers is near the base segment's numbers
    const bSeq = cols.seq[baseIdx];
    const expectAbs = from[i] === from[baseIdx] ? cols.ack[baseIdx] : (bSeq >= 0 ? bSeq : cols.ack[baseIdx]);
    const dAbs = Math.abs(((ack - expectAbs) | 0));
    const dRel = ack; // relative acks count bytes from 1
    return dRel < dAbs;
  }
  return false;
}

/**
 * Which lines are settled: received at once while nothing sent earlier is still in flight (or lost
 * on the way), so that the line's states are those once its receiver processed it — the view of a
 * simulator step. Lines that crossed others, lost ones, and lines sent while an earlier segment was
 * still in flight are not settled. O(lines).
 */
export function settledLines(a: Pick<Annotation, "segments">): boolean[] {
  const out = new Array<boolean>(a.segments.length);
  let busyUntil = -1; // the last line at which something sent earlier is still unreceived
  for (let i = 0; i < a.segments.length; i++) {
    const d = a.segments[i].delivery;
    out[i] = d.kind === "at_once" && busyUntil < i;
    const until = d.kind === "at_once" ? i : d.at === null ? Infinity : d.at;
    if (until > busyUntil) busyUntil = until;
  }
  return out;
}
