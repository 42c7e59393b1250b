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
 */
import type { Annotation, Bilingual, Problem, Side, TcpState, TraceSegment } from "./types";
import * as endpoint_ from "./endpoint";
// local copies: module-namespace getters are slow in the hot paths
const { Endpoint, SYNCHRONIZED } = endpoint_;
type Endpoint = endpoint_.Endpoint;
import * as segment_ from "./segment";
import { type Segment } from "./segment";
// local copies: module-namespace getters are slow in the hot paths
const { ACK, FIN, RST, SYN, segLen } = segment_;
import * as seq_ from "./seq";
// local copies: module-namespace getters are slow in the hot paths
const { seqAdd, seqGe, seqGt } = seq_;
import * as tcpdump_ from "./tcpdump";
import type { ParsedLine } from "./tcpdump";
const { parseTcpdump } = tcpdump_;
import { ANNOTATE_WINDOW } from "./constants";

/** shared by every segment without problems (frozen: add problems through `problem()` only) */
const NO_PROBLEMS: Problem[] = Object.freeze([]) as unknown as Problem[];

const b = (en: string, zh: string): Bilingual => ({ zh, en });
const other = (s: Side): Side => (s === "client" ? "server" : "client");

interface Flight {
  idx: number;
  seg: Segment;
  end: number;
  /** occupies sequence space: an ACK past its start proves it arrived */
  hasSpace: boolean;
  /** occupies new sequence space, so it waits for a covering ACK from the receiver */
  needsCover: boolean;
  done: boolean;
}

interface SideInfo {
  ep: Endpoint;
  /** highest sequence number sent + 1 (absolute), null until known */
  maxSent: number | null;
  /** ISS learned from this side's own SYN or SYN-ACK */
  issKnown: boolean;
  /** the state before the first SYN was an assumption (a listener nobody saw start) */
  assumedListen: boolean;
  /** segments from the other side not yet received by this side */
  inbound: Flight[];
}

export function annotate(text: string): Annotation {
  const { lines: all, skipped } = parseTcpdump(text);
  const result: Annotation = { segments: [], problems: [], skipped, client: null, server: null, midStream: false, numbering: "absolute" };
  if (all.length === 0) return result;

  // Which end is the client: the sender of the first SYN without ACK, else the first sender.
  let first = all[0];
  for (const l of all) {
    if (l.flags & SYN && !(l.flags & ACK)) {
      first = l;
      break;
    }
  }
  const midStream = !(first.flags & SYN && !(first.flags & ACK)) || first !== all[0];
  const clientAddr = first.src;
  const serverAddr = first.dst;
  result.client = clientAddr;
  result.server = serverAddr;
  result.midStream = !(all[0].flags & SYN) && midStream;

  const lines: ParsedLine[] = [];
  for (const l of all) {
    if ((l.src === clientAddr && l.dst === serverAddr) || (l.src === serverAddr && l.dst === clientAddr)) lines.push(l);
    else skipped.push({ line: l.line, raw: l.raw, reason: b(
      `belongs to another connection (${l.src} > ${l.dst}); only ${clientAddr} <> ${serverAddr} is annotated`,
      `属于另一条连接（${l.src} > ${l.dst}）；只注释 ${clientAddr} <> ${serverAddr}`) });
  }
  if (skipped.length > 1) skipped.sort((x, y) => x.line - y.line);
  const N = lines.length;
  const from: Side[] = new Array(N);
  for (let i = 0; i < N; i++) from[i] = lines[i].src === clientAddr ? "client" : "server";

  const relative = detectRelative(lines, from);
  result.numbering = relative ? "relative" : "absolute";

  // Absolute numbers for every line (tcpdump's relative rule undone, print-tcp.c).
  const aSeq = new Float64Array(N).fill(-1); // -1: not printed
  const aAck = new Float64Array(N).fill(-1);
  const base = { client: 0, server: 0 };
  let baseSet = false;
  for (let i = 0; i < N; i++) {
    const l = lines[i];
    const s = from[i];
    const o = other(s);
    if (relative && l.flags & ACK) {
      if (!baseSet || l.flags & SYN) {
        baseSet = true;
        if (l.seq !== null) base[s] = l.seq;
        base[o] = ((l.ack ?? 1) - 1) >>> 0;
        aSeq[i] = l.seq ?? -1;
        aAck[i] = l.ack ?? -1;
      } else {
        aSeq[i] = l.seq === null ? -1 : (l.seq + base[s]) >>> 0;
        aAck[i] = l.ack === null ? -1 : (l.ack + base[o]) >>> 0;
      }
    } else {
      aSeq[i] = l.seq ?? -1;
      aAck[i] = l.ack ?? -1;
    }
  }

  // ---- replay ---------------------------------------------------------------------------------
  const startsWithSyn = !result.midStream;
  const mk = (side: Side): SideInfo => ({
    ep: new Endpoint({ side, emit: false, rcvWnd: ANNOTATE_WINDOW, tfoServer: true }),
    maxSent: null, issKnown: false, assumedListen: false, inbound: [],
  });
  const sides: Record<Side, SideInfo> = { client: mk("client"), server: mk("server") };
  if (startsWithSyn) {
    sides.server.ep.listen();
    sides.server.assumedListen = true;
  } else {
    sides.client.ep.state = "ESTABLISHED";
    sides.server.ep.state = "ESTABLISHED";
  }
  let reset = false;
  const stClient: TcpState[] = new Array(N);
  const stServer: TcpState[] = new Array(N);
  const lineSeq = new Float64Array(N);
  const probs: Problem[][] = new Array(N);

  const problem = (i: number, code: string, en: string, zh: string) => {
    const p: Problem = { index: i, line: lines[i].line, code, message: { zh, en } };
    (probs[i] ??= []).push(p);
    result.problems.push(p);
  };

  /** Mid-stream: learn a side's position from the first numbers seen. */
  const learn = (s: Side, seq: number, ack: number) => {
    const me = sides[s];
    const peer = sides[other(s)];
    if (me.maxSent === null && seq >= 0) {
      me.maxSent = seq;
      me.ep.sndUna = me.ep.sndNxt = seq;
      me.ep.iss = seqAdd(seq, -1);
      peer.ep.rcvNxt = seq;
      peer.ep.irs = me.ep.iss;
    }
    if (peer.maxSent === null && ack >= 0) {
      peer.maxSent = ack;
      peer.ep.sndUna = peer.ep.sndNxt = ack;
      peer.ep.iss = seqAdd(ack, -1);
      me.ep.rcvNxt = ack;
      me.ep.irs = peer.ep.iss;
    }
  };

  const receive = (f: Flight, to: Side, trigger: number) => {
    f.done = true;
    const r = sides[to];
    const seg = f.seg;
    if (r.assumedListen && r.ep.state === "LISTEN" && seg.flags & SYN && !(seg.flags & ACK)
      && trigger >= 0 && from[trigger] === to && lines[trigger].flags & RST) {
      // The answer to this SYN is an RST: nobody was listening after all.
      r.ep.setState("CLOSED", "no_listener");
    }
    r.assumedListen = false;
    const before = r.ep.state;
    let s = seg;
    if (seg.flags & SYN && seg.len > 0 && seg.tfo && trigger >= 0 && from[trigger] === to
      && lines[trigger].flags & ACK && aAck[trigger] === seqAdd(seg.seq, 1)) {
      s = { ...seg, tfo: false }; // the SYN-ACK acknowledges only the SYN: the Fast Open data was refused
    }
    r.ep.arrive(s);
    if (before === "LISTEN" && r.ep.state === "SYN_RECEIVED") r.issKnown = false;
    stClient[f.idx] = sides.client.ep.state;
    stServer[f.idx] = sides.server.ep.state;
  };

  /** Deliver to `to` everything the current line (index `i`, sent by `to`) proves it has received. */
  const deliverBefore = (to: Side, i: number, ack: number, hasAck: boolean, isRst: boolean) => {
    const q = sides[to].inbound;
    if (q.length === 0) return;
    for (const f of q) {
      if (f.done) continue;
      // an ACK beyond a segment's first sequence number proves the segment (or its start) arrived
      const covered = isRst && !hasAck ? true : hasAck && f.hasSpace && seqGt(ack, f.seg.seq);
      if (covered || (!f.needsCover && !blockedBy(q, f))) receive(f, to, i);
    }
    compact(q);
  };

  for (let i = 0; i < N; i++) {
    const l = lines[i];
    const s = from[i];
    const o = other(s);
    const me = sides[s];
    const peer = sides[o];
    const e = me.ep;
    const f = l.flags;
    const hasAck = (f & ACK) !== 0;
    const ack = hasAck ? aAck[i] : 0;
    if (!startsWithSyn || me.maxSent === null || peer.maxSent === null) {
      if (result.midStream) learn(s, aSeq[i], hasAck ? ack : -1);
    }
    // The sequence number of a pure ACK is not printed: it is the sender's SND.NXT.
    let seq = aSeq[i];
    if (seq < 0) seq = me.maxSent ?? e.sndNxt;
    lineSeq[i] = seq;
    const seg: Segment = { seq, ack: hasAck ? ack : 0, flags: f, len: l.len };
    if (l.tfo) seg.tfo = true;
    const end = seqAdd(seq, segLen(seg));

    // 1. what this sender must already have received
    deliverBefore(s, i, ack, hasAck, (f & RST) !== 0);

    // 2. can this sender send this segment in its state?
    const isNew = me.maxSent === null || seqGt(end, me.maxSent);
    if (reset && !(f & RST)) {
      problem(i, "segment_after_rst",
        `A ${l.flagText} segment after the connection was reset: an RST deletes the TCB on both ends, so neither can send anything but another RST on this connection.`,
        `连接被重置之后又出现 ${l.flagText} 报文段：RST 会删除两端的 TCB，此后双方在这条连接上除了 RST 什么都不能再发。`);
    } else if (f & RST) {
      if (SYNCHRONIZED.has(e.state) || (e.state === "SYN_RECEIVED" && seq === e.sndNxt)) {
        e.closedBy = "rst_sent";
        e.setState("CLOSED", "abort");
        reset = true;
      } else if (e.state === "CLOSED" && e.closedBy === "rst_received") {
        // answering a segment after it was reset: allowed
      }
    } else if (f & SYN) {
      if (!hasAck) {
        if (e.state === "CLOSED" || e.state === "LISTEN") {
          me.assumedListen = false;
          e.iss = seq;
          e.sndUna = seq;
          e.sndNxt = end;
          me.issKnown = true;
          e.setState("SYN_SENT", "active_open");
        } else if (e.state === "SYN_SENT" || (e.state === "SYN_RECEIVED" && seq === e.iss)) {
          // same ISS: a retransmission; another one: an old duplicate still in the network
        } else {
          problem(i, "unexpected_syn",
            `A SYN from an endpoint in ${e.state}: once a connection is synchronized it never sends another SYN on the same ports until it is CLOSED.`,
            `处于 ${e.state} 的一端发出 SYN：连接一旦同步，在回到 CLOSED 之前，同一对端口上不会再发 SYN。`);
        }
        if (l.len > 0 && !l.tfo && isNew) problem(i, "syn_data_without_tfo",
          `The SYN carries ${l.len} bytes but no TCP Fast Open option: a receiver cannot accept data before the handshake completes, so it will be dropped and must be sent again (RFC 9293 §3.10.7.2; only RFC 7413 Fast Open delivers SYN data).`,
          `该 SYN 携带 ${l.len} 字节却没有 TCP Fast Open 选项：握手完成前接收方不能接受数据，它会被丢弃并必须重发（RFC 9293 §3.10.7.2；只有 RFC 7413 的 Fast Open 才会交付 SYN 中的数据）。`);
      } else if (e.state === "SYN_RECEIVED") {
        if (!me.issKnown) {
          e.iss = seq;
          e.sndUna = seq;
          e.sndNxt = seqAdd(seq, 1);
          me.issKnown = true;
        }
      } else if (!(SYNCHRONIZED.has(e.state) && seq === e.iss)) {
        problem(i, "syn_ack_without_syn",
          `A SYN-ACK from an endpoint in ${e.state} that has received no SYN to answer: only SYN_RECEIVED sends a SYN-ACK.`,
          `处于 ${e.state} 的一端发出 SYN-ACK，但它没有收到任何需要回应的 SYN：只有 SYN_RECEIVED 才发 SYN-ACK。`);
      }
    } else {
      if (!hasAck) {
        problem(i, "missing_ack",
          `A ${l.flagText} segment without ACK outside the handshake: after the SYN every segment carries an ACK (RFC 9293 §3.10.7.4 fifth: 'if the ACK bit is off drop the segment').`,
          `握手之外出现不带 ACK 的 ${l.flagText} 报文段：SYN 之后的每个报文段都带 ACK（RFC 9293 §3.10.7.4 第五步："ACK 位未置位则丢弃该报文段"）。`);
      } else if (e.state === "LISTEN" || e.state === "SYN_SENT") {
        problem(i, "ack_before_handshake",
          `An ACK-bearing ${l.flagText} segment from an endpoint in ${e.state}, which has not received the peer's SYN and so has nothing to acknowledge.`,
          `处于 ${e.state} 的一端发出带 ACK 的 ${l.flagText} 报文段，但它尚未收到对端的 SYN，没有可确认的东西。`);
      } else if (e.state === "CLOSED" && (isNew || e.closedBy !== "graceful")) {
        problem(i, "segment_from_closed",
          `A ${l.flagText} segment from an endpoint that is already CLOSED: without a TCB it can only answer with RST.`,
          `已处于 CLOSED 的一端发出 ${l.flagText} 报文段：没有 TCB 时它只能回 RST。`);
      } else {
        if (l.len > 0 && isNew && e.finSeq !== null && seqGt(end, e.finSeq) && !(f & FIN && seqAdd(seq, l.len) === e.finSeq)) {
          problem(i, "data_after_fin",
            `New data from an endpoint that already sent its FIN (in ${e.state}): the FIN is the last sequence number it will ever use.`,
            `已发出 FIN 的一端（${e.state}）又发送新数据：FIN 是它用到的最后一个序号。`);
        }
        if (f & FIN) {
          const finSeq = seqAdd(seq, l.len);
          if (e.finSeq === null) {
            e.finSeq = finSeq;
            if (e.state === "ESTABLISHED" || e.state === "SYN_RECEIVED") e.setState("FIN_WAIT_1", "close");
            else if (e.state === "CLOSE_WAIT") e.setState("LAST_ACK", "close");
          } else if (finSeq !== e.finSeq) {
            problem(i, "second_fin",
              `A second FIN at a different sequence number (${finSeq}, the first was at ${e.finSeq}): a side closes its direction once.`,
              `在不同序号（${finSeq}，第一个在 ${e.finSeq}）上出现第二个 FIN：每个方向只能关闭一次。`);
          }
        }
      }
    }
    // 3. the ACK may only acknowledge what the peer has sent
    if (hasAck && peer.maxSent !== null && seqGt(ack, peer.maxSent) && !(f & RST && !SYNCHRONIZED.has(e.state) && e.state !== "SYN_RECEIVED" && seq === 0)) {
      problem(i, "ack_of_unsent",
        `ack ${l.ack} acknowledges sequence numbers the ${o} never sent (it has sent up to ${relative ? (peer.maxSent - base[o]) >>> 0 : peer.maxSent}).`,
        `ack ${l.ack} 确认了${o === "client" ? "客户端" : "服务器"}从未发送过的序号（它只发到 ${relative ? (peer.maxSent - base[o]) >>> 0 : peer.maxSent}）。`);
    }
    if (isNew && (segLen(seg) > 0 || aSeq[i] >= 0)) {
      me.maxSent = end;
      if (seqGt(end, e.sndNxt) || e.state === "CLOSED") e.sndNxt = end;
    }
    if (f & RST) reset ||= e.state === "CLOSED" && e.closedBy === "rst_sent";

    // 4. hand it to the network
    const flight: Flight = { idx: i, seg, end, hasSpace: segLen(seg) > 0, needsCover: isNew && segLen(seg) > 0 && !(f & RST), done: false };
    stClient[i] = sides.client.ep.state;
    stServer[i] = sides.server.ep.state;
    const q = peer.inbound;
    if (!flight.needsCover && !blockedBy(q, flight)) {
      receive(flight, o, -1);
      if (peer.ep.state === "CLOSED" && peer.ep.closedBy === "rst_received") reset = true;
    } else q.push(flight);
  }
  // everything still in flight arrives at the end, in the order it was sent
  const rest: [Flight, Side][] = [];
  for (const s of ["client", "server"] as const) for (const f of sides[s].inbound) if (!f.done) rest.push([f, s]);
  rest.sort((x, y) => x[0].idx - y[0].idx);
  for (const [f, s] of rest) receive(f, s, -1);

  for (let i = 0; i < N; i++) {
    const l = lines[i];
    const seqOut = l.seq !== null ? l.seq : relative && l.flags & ACK ? (lineSeq[i] - base[from[i]]) >>> 0 : lineSeq[i];
    const seg: TraceSegment & { line: number; raw: string } = {
      index: i, from: from[i], flags: l.flagText, seq: seqOut, ack: l.flags & ACK ? l.ack : null, len: l.len,
      client: stClient[i], server: stServer[i], problems: probs[i] ?? NO_PROBLEMS, line: l.line, raw: l.raw,
    };
    result.segments.push(seg);
  }
  return result;
}

/**
 * A segment with nothing new waits behind an earlier segment of the same sender that is still in
 * flight and does not lie beyond it in sequence space (FIFO within what the sender sent in order).
 */
function blockedBy(q: Flight[], f: Flight): boolean {
  for (const x of q) {
    if (x === f) return false;
    if (!x.done && x.needsCover && x.idx < f.idx && seqGe(f.seg.seq, x.seg.seq)) return true;
  }
  return false;
}

function compact(q: Flight[]): void {
  let w = 0;
  for (let r = 0; r < q.length; r++) if (!q[r].done) q[w++] = q[r];
  q.length = w;
}

/**
 * Was the trace printed without -S? tcpdump then prints the first ACK-bearing segment (and every
 * SYN-ACK) with absolute numbers and later ones relative to each direction's ISN. Compare the next
 * ACK-bearing segment's ack against both readings and keep the closer one.
 */
function detectRelative(lines: ParsedLine[], from: Side[]): boolean {
  let baseIdx = -1;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!(l.flags & ACK) || l.ack === null) continue;
    if (baseIdx < 0 || l.flags & SYN) {
      baseIdx = i;
      continue;
    }
    const bl = lines[baseIdx];
    // the ack this segment would print in absolute numbers is near the base segment's numbers
    const expectAbs = from[i] === from[baseIdx] ? bl.ack! : (bl.seq ?? bl.ack!);
    const dAbs = Math.abs(((l.ack - expectAbs) | 0));
    const dRel = l.ack; // relative acks count bytes from 1
    return dRel < dAbs;
  }
  return false;
}
