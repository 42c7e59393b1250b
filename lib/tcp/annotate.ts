/**
 * Annotating a capture: replay a tcpdump trace through two endpoints and give every line the state
 * of both ends once that segment was processed by its receiver, plus the segments that cannot happen.
 *
 * A capture is not a lock-step dialogue. Each line has a send (at its sender, at the line) and a
 * receive (at the other end). The receive of a segment that occupies sequence space is placed just
 * before the first line of its receiver whose ACK covers it — so a FIN that crossed the peer's FIN
 * in flight (simultaneous close), or a SYN overtaken by an old duplicate, is received where the ack
 * numbers prove it was, not where it was printed. Segments with nothing new in sequence space (pure
 * ACKs, RSTs, retransmissions) are received at once, behind any earlier segment of the same sender
 * still in flight. Whatever is still in flight at the end of the trace is received then.
 *
 * The sender side only checks that a segment is possible (an ACK of something never sent, flags the
 * sender's state cannot produce, data on a SYN without Fast Open, a segment after an RST, ...);
 * the receiver side is the RFC 9293 SEGMENT ARRIVES of endpoint.ts.
 *
 * Speed: `annotateColumns` reads the trace into columns (tcpdump.ts) and replays it with every
 * per-line value in typed arrays, so a 100,000-line capture allocates a few dozen arrays and no
 * object, string or boxed number per line; `annotate` then builds the public objects from it.
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
const { seqAdd, seqGe, seqGt } = seq_;
import * as tcpdump_ from "./tcpdump";
import type { TraceColumns } from "./tcpdump";
const { readColumns } = tcpdump_;
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
  /** each end's state after the slot's segment, as an index into TCP_STATES */
  client: Uint8Array;
  server: Uint8Array;
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

type AnnotatedSegment = TraceSegment & { line: number; raw: string };

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
  for (let i = 0; i < n; i++) {
    const a = ack[i];
    segments[i] = { index: i, from: SIDES[r.from[i]], flags: cols.flagText(i), seq: r.seqOut[i], ack: flags[i] & ACK && a >= 0 ? a : null, len: len[i],
      client: TCP_STATES[r.client[i]], server: TCP_STATES[r.server[i]], problems: (anyProblems && r.problemsAt.get(i)) || NO_PROBLEMS,
      line: line[i], raw: text.slice(start[i], end[i]) };
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
    cols, n: 0, from: new Uint8Array(0), seqOut: new Float64Array(0), client: new Uint8Array(0), server: new Uint8Array(0),
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
      for (let k = 0; k < all; k++) {
        const s = cols.src[k];
        const d = cols.dst[k];
        if ((s === clientId && d === serverId) || (s === serverId && d === clientId)) keep[k] = 1;
        else {
          const src = cols.addrs[s];
          const dst = cols.addrs[d];
          skipped.push({ line: cols.line[k], raw: cols.raw(k), reason: b(
            `belongs to another connection (${src} > ${dst}); only ${clientAddr} <> ${serverAddr} is annotated`,
            `属于另一条连接（${src} > ${dst}）；只注释 ${clientAddr} <> ${serverAddr}`) });
        }
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
  const replay = new Replay(cols, N, from, aSeq, aAck, relative, base, result.midStream);
  replay.run();
  result.client = replay.stClient;
  result.server = replay.stServer;
  result.problemsAt = replay.probs;
  result.problems = replay.problems;

  // seq as printed, or a pure ACK's inferred seq in the trace's numbering
  const lineSeq = replay.lineSeq;
  for (let i = 0; i < N; i++) {
    const ps = pSeq[i];
    seqOut[i] = ps >= 0 ? ps : relative && flagsCol[i] & ACK ? (lineSeq[i] - seqOut[i]) >>> 0 : lineSeq[i];
  }
  result.seqOut = seqOut;
  return result;
}

/**
 * The replay of one capture through two endpoints. A class, not closures inside `annotate`, so that
 * each step is optimised on its own and per-line numbers stay unboxed: everything per line lives in
 * typed arrays indexed by line, and only line indices cross method calls.
 */
class Replay {
  readonly ep: Endpoint[];
  /** highest sequence number each side sent + 1 (absolute), -1 until known */
  readonly maxSent = new Float64Array([-1, -1]);
  /** ISS learned from the side's own SYN or SYN-ACK */
  readonly issKnown = [false, false];
  /** the state before the first SYN was an assumption (a listener nobody saw start) */
  readonly assumedListen = [false, false];
  /**
   * segments from the other side not yet received by each side, as line indices in the order sent:
   * `inboundLen[s]` entries of `inbound[s]` (an array whose length dropped to 0 would lose its
   * backing store and allocate a new one at the next push, on almost every line)
   */
  readonly inbound: Int32Array[];
  readonly inboundLen = new Int32Array(2);
  reset = false;
  /** each end's state after each line, as an index into TCP_STATES */
  readonly stClient: Uint8Array;
  readonly stServer: Uint8Array;
  readonly probs = new Map<number, Problem[]>();
  readonly problems: Problem[] = [];
  // per line: its sequence number (inferred for a pure ACK), whether it occupies sequence space,
  // whether it waits in flight for a covering ACK, whether its receiver has processed it
  readonly lineSeq: Float64Array;
  readonly hasSpace: Uint8Array;
  readonly needsCover: Uint8Array;
  readonly done: Uint8Array;
  /** the one segment handed to `Endpoint.arrive` (it reads the fields and keeps nothing) */
  private readonly arriving: Segment = { seq: 0.5, ack: 0.5, flags: 0, len: 0, tfo: false };
  private readonly flags: Uint8Array;
  private readonly len: Float64Array;
  private readonly tfo: Uint8Array;

  constructor(
    private readonly cols: TraceColumns, private readonly N: number, private readonly from: Uint8Array,
    private readonly aSeq: Float64Array, private readonly aAck: Float64Array,
    private readonly relative: boolean, private readonly base: Float64Array, private readonly midStream: boolean,
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
    this.done = new Uint8Array(N);
    this.inbound = [new Int32Array(N), new Int32Array(N)];
    this.flags = cols.flags;
    this.len = cols.len;
    this.tfo = cols.tfo;
    if (!midStream) {
      this.ep[SERVER].listen();
      this.assumedListen[SERVER] = true;
    } else {
      this.ep[CLIENT].state = "ESTABLISHED";
      this.ep[SERVER].state = "ESTABLISHED";
    }
  }

  run(): void {
    for (let i = 0; i < this.N; i++) this.line(i);
    // everything still in flight arrives at the end, in the order it was sent
    const rest: number[] = [];
    for (const s of [CLIENT, SERVER]) {
      for (let j = 0; j < this.inboundLen[s]; j++) if (!this.done[this.inbound[s][j]]) rest.push(this.inbound[s][j]);
    }
    rest.sort((x, y) => x - y);
    for (const f of rest) this.receive(f, this.from[f] ^ 1, -1);
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

  /** the states of both ends once line i's segment has been processed */
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

  /** Line f's segment reaches `to` (`trigger`: the line of `to` that proved it, or -1). */
  private receive(f: number, to: number, trigger: number): void {
    this.done[f] = 1;
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
    this.recordStates(f);
  }

  /**
   * A segment with nothing new waits behind an earlier segment of the same sender that is still in
   * flight and does not lie beyond it in sequence space (FIFO within what the sender sent in order).
   */
  private blockedBy(side: number, f: number): boolean {
    const q = this.inbound[side];
    const n = this.inboundLen[side];
    for (let j = 0; j < n; j++) {
      const x = q[j];
      if (x === f) return false;
      if (!this.done[x] && this.needsCover[x] && x < f && seqGe(this.lineSeq[f], this.lineSeq[x])) return true;
    }
    return false;
  }

  /** Deliver to the sender of line i everything that line proves it has received. */
  private deliverBefore(i: number): void {
    const to = this.from[i];
    const q = this.inbound[to];
    const n = this.inboundLen[to];
    if (n === 0) return;
    const f0 = this.flags[i];
    const hasAck = (f0 & ACK) !== 0;
    const ack = hasAck ? this.aAck[i] : 0;
    const rstOnly = (f0 & RST) !== 0 && !hasAck;
    for (let j = 0; j < n; j++) {
      const f = q[j];
      if (this.done[f]) continue;
      // an ACK beyond a segment's first sequence number proves the segment (or its start) arrived
      const covered = rstOnly ? true : hasAck && this.hasSpace[f] === 1 && seqGt(ack, this.lineSeq[f]);
      if (covered || (!this.needsCover[f] && !this.blockedBy(to, f))) this.receive(f, to, i);
    }
    // drop what was received
    let w = 0;
    for (let j = 0; j < n; j++) if (!this.done[q[j]]) q[w++] = q[j];
    this.inboundLen[to] = w;
  }

  /** One line: what its sender must have received, whether it can send it, then the network. */
  private line(i: number): void {
    const s = this.from[i];
    const o = s ^ 1;
    const f = this.flags[i];
    if (f & SYN && !(f & ACK)) this.synSent(i, s);
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
    this.deliverBefore(i);

    // 2. can this sender send this segment in its state? (Data or an ACK in ESTABLISHED before
    // any FIN, the bulk of a capture, passes every check: skip the call.)
    const isNew = this.maxSent[s] < 0 || seqGt(end, this.maxSent[s]);
    if (this.reset || f & (RST | SYN | FIN) || !hasAck || e.state !== "ESTABLISHED" || e.finSeq !== null) {
      this.check(i, s, seq, end, isNew);
    }
    // 3. the ACK may only acknowledge what the peer has sent
    const peerSent = this.maxSent[o];
    if (hasAck && peerSent >= 0 && seqGt(ack, peerSent) && !(f & RST && !SYNCHRONIZED.has(e.state) && e.state !== "SYN_RECEIVED" && seq === 0)) {
      const printed = this.cols.ack[i] < 0 ? null : this.cols.ack[i];
      const sent = this.relative ? (peerSent - this.base[o]) >>> 0 : peerSent;
      const who = SIDES[o];
      this.problem(i, "ack_of_unsent",
        `ack ${printed} acknowledges sequence numbers the ${who} never sent (it has sent up to ${sent}).`,
        `ack ${printed} 确认了${who === "client" ? "客户端" : "服务器"}从未发送过的序号（它只发到 ${sent}）。`);
    }
    if (isNew && (slen > 0 || this.aSeq[i] >= 0)) {
      this.maxSent[s] = end;
      if (seqGt(end, e.sndNxt) || e.state === "CLOSED") e.sndNxt = end;
    }
    if (f & RST) this.reset ||= e.state === "CLOSED" && e.closedBy === "rst_sent";

    // 4. hand it to the network
    this.hasSpace[i] = slen > 0 ? 1 : 0;
    const cover = isNew && slen > 0 && !(f & RST);
    this.needsCover[i] = cover ? 1 : 0;
    this.recordStates(i);
    if (!cover && !this.blockedBy(o, i)) {
      this.receive(i, o, -1);
      const peer = this.ep[o];
      if (peer.state === "CLOSED" && peer.closedBy === "rst_received") this.reset = true;
    } else this.inbound[o][this.inboundLen[o]++] = i;
  }

  /**
   * A SYN without ACK, before anything else is done with it: a new connection on the same four-tuple: its sender has closed (CLOSED, or TIME_WAIT when
   *   it closed first) and sends a SYN with a new ISS. RFC 9293 §3.6.1 and RFC 6191 let a
   *   TIME_WAIT end accept it (Linux does when the timestamps or the ISN grow, and lets a
   *   connect() reuse a TIME_WAIT four-tuple on loopback, tcp_tw_reuse 2): both ends start afresh,
   *   the peer as a listener.
   */
  private synSent(i: number, s: number): void {
    const e = this.ep[s];
    const o = s ^ 1;
    const seq = this.aSeq[i];
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
        this.reset = false;
        // what the old connection still had in flight died with it
        for (const side of [CLIENT, SERVER]) {
          for (let j = 0; j < this.inboundLen[side]; j++) this.done[this.inbound[side][j]] = 1;
          this.inboundLen[side] = 0;
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
    const ft = this.cols.flagText(i);
    if (this.reset && !(f & RST)) {
      this.problem(i, "segment_after_rst",
        `A ${ft} segment after the connection was reset: an RST deletes the TCB on both ends, so neither can send anything but another RST on this connection.`,
        `连接被重置之后又出现 ${ft} 报文段：RST 会删除两端的 TCB，此后双方在这条连接上除了 RST 什么都不能再发。`);
    } else if (f & RST) {
      if (SYNCHRONIZED.has(e.state) || (e.state === "SYN_RECEIVED" && seq === e.sndNxt)) {
        e.closedBy = "rst_sent";
        e.setState("CLOSED", "abort");
        this.reset = true;
      } else if (e.state === "CLOSED" && e.closedBy === "rst_received") {
        // answering a segment after it was reset: allowed
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
    } else {
      if (!hasAck) {
        this.problem(i, "missing_ack",
          `A ${ft} segment without ACK outside the handshake: after the SYN every segment carries an ACK (RFC 9293 §3.10.7.4 fifth: 'if the ACK bit is off drop the segment').`,
          `握手之外出现不带 ACK 的 ${ft} 报文段：SYN 之后的每个报文段都带 ACK（RFC 9293 §3.10.7.4 第五步："ACK 位未置位则丢弃该报文段"）。`);
      } else if (e.state === "LISTEN" || e.state === "SYN_SENT") {
        this.problem(i, "ack_before_handshake",
          `An ACK-bearing ${ft} segment from an endpoint in ${e.state}, which has not received the peer's SYN and so has nothing to acknowledge.`,
          `处于 ${e.state} 的一端发出带 ACK 的 ${ft} 报文段，但它尚未收到对端的 SYN，没有可确认的东西。`);
      } else if (e.state === "CLOSED" && (isNew || e.closedBy !== "graceful")) {
        this.problem(i, "segment_from_closed",
          `A ${ft} segment from an endpoint that is already CLOSED: without a TCB it can only answer with RST.`,
          `已处于 CLOSED 的一端发出 ${ft} 报文段：没有 TCB 时它只能回 RST。`);
      } else {
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
