/**
 * TCP analysis events of a capture, in Wireshark's vocabulary (its `tcp.analysis.*` flags), so that
 * a line of `annotate --json` says what Wireshark's "TCP Retransmission", "TCP Dup ACK", "TCP
 * ZeroWindow", ... would say of it.
 *
 * The definitions follow Wireshark's sequence analysis (epan/dissectors/packet-tcp.c,
 * tcp_analyze_sequence_number, as in Wireshark 4.x), re-stated here from its documented rules
 * (Wireshark User's Guide, "TCP Analysis"): per direction the analysis keeps the next expected
 * sequence number (the highest seq + len seen, SYN and FIN counting one), the highest contiguous
 * sequence number the peer may acknowledge, the last ACK, window and its time, the count of
 * duplicate ACKs and the flags of the last segment. Each segment is checked against those in one
 * O(1) step, so the pass is linear in the number of lines. Where we differ from tshark, see
 * docs/contracts.md "Capture analysis events".
 */
import type { AnnotatedColumns } from "./annotate";
import * as segment_ from "./segment";
const { ACK, FIN, RST, SYN } = segment_;
import * as seq_ from "./seq";
const { seqGt, seqLt, seqLe } = seq_;

export const TCP_EVENTS = [
  "retransmission", "fast_retransmission", "spurious_retransmission", "dup_ack", "out_of_order", "lost_segment",
  "ack_lost_segment", "zero_window", "zero_window_probe", "zero_window_probe_ack", "window_full", "window_update",
  "keep_alive", "keep_alive_ack",
] as const;
export type TcpEvent = (typeof TCP_EVENTS)[number];

const RETRANSMISSION = 1 << 0;
const FAST_RETRANSMISSION = 1 << 1;
const SPURIOUS_RETRANSMISSION = 1 << 2;
const DUP_ACK = 1 << 3;
const OUT_OF_ORDER = 1 << 4;
const LOST_SEGMENT = 1 << 5;
const ACK_LOST_SEGMENT = 1 << 6;
const ZERO_WINDOW = 1 << 7;
const ZERO_WINDOW_PROBE = 1 << 8;
const ZERO_WINDOW_PROBE_ACK = 1 << 9;
const WINDOW_FULL = 1 << 10;
const WINDOW_UPDATE = 1 << 11;
const KEEP_ALIVE = 1 << 12;
const KEEP_ALIVE_ACK = 1 << 13;

/**
 * Wireshark's thresholds: a retransmission within 20 ms of the 2nd+ duplicate ACK is "fast"; a segment
 * below the highest one is out of order within the first round trip of the handshake (3 ms when unknown)
 */
export const FAST_RETRANSMISSION_MS = 20;
export const OUT_OF_ORDER_MS = 3;

const NONE: readonly TcpEvent[] = Object.freeze([]);
const listCache = new Map<number, readonly TcpEvent[]>([[0, NONE]]);

/** the event names of a bit mask, in TCP_EVENTS order (one shared frozen array per distinct mask) */
export function eventList(mask: number): TcpEvent[] {
  let l = listCache.get(mask);
  if (!l) {
    l = Object.freeze(TCP_EVENTS.filter((_, k) => mask & (1 << k)));
    listCache.set(mask, l);
  }
  return l as TcpEvent[];
}

/** seconds since midnight of a tcpdump line's leading "HH:MM:SS.ffffff" (or "-tt" epoch seconds), NaN if none */
export function lineTime(text: string, start: number, end: number): number {
  let p = start;
  while (p < end && text.charCodeAt(p) === 32) p++;
  let v = 0;
  let seen = false;
  let part = 0;
  for (; p < end; p++) {
    const c = text.charCodeAt(p);
    if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      seen = true;
    } else if (c === 58 && seen) { // ':'
      v = (v + part) * 60;
      part = 0;
    } else break;
  }
  if (!seen || p >= end || text.charCodeAt(p) !== 46) return NaN; // '.'
  v += part;
  let f = 0.1;
  let frac = 0;
  for (p++; p < end; p++) {
    const c = text.charCodeAt(p);
    if (c < 48 || c > 57) break;
    frac += (c - 48) * f;
    f /= 10;
  }
  if (p < end && text.charCodeAt(p) !== 32) return NaN;
  return v + frac;
}

/** seconds from `b` to `a` (times of day: a capture may cross midnight); NaN when either is unknown */
const since = (a: number, b: number) => (a >= b ? a - b : a - b + 86400);

/** the "wscale N" of a SYN's options, or -1 */
function wscaleOf(text: string, start: number, end: number): number {
  const at = text.indexOf("wscale ", start);
  if (at < 0 || at >= end) return -1;
  const v = parseInt(text.slice(at + 7, Math.min(end, at + 10)), 10);
  return Number.isFinite(v) ? Math.min(v, 14) : -1;
}

/** One bit mask of events per slot of a replayed capture (see the top of this file). */
export function analyzeEvents(r: AnnotatedColumns): Uint16Array {
  const { cols, n } = r;
  const out = new Uint16Array(n);
  const { flags, len, start, end, text } = cols;
  // per direction (0 client → server, 1 server → client)
  const nextseq = [0, 0];
  const hasNext = [false, false];
  const maxToAck = [0, 0];
  const hasMaxToAck = [false, false];
  const lastack = [0, 0];
  const hasLastack = [false, false];
  const lastackTime = [NaN, NaN];
  const nextseqTime = [NaN, NaN];
  const window = [-1, -1];
  const dupacks = [0, 0];
  const lastFlags = [0, 0];
  const lastSpace = [0, 0]; // whether each side's last segment took sequence space
  // window scale: -1 unknown (no SYN seen), else the shift each side applies to its windows
  const wscale = [-1, -1];
  const sawSyn = [false, false];
  const synWscale = [-1, -1];
  const firstAck = [true, true]; // the window of a side's SYN is never scaled
  const synSeqOf = [-1, -1]; // each direction's SYN (without ACK) in the current conversation
  let synTime = NaN;
  let firstRtt = -1;
  for (let i = 0; i < n; i++) {
    const f = r.from[i];
    const o = 1 - f;
    const fl = flags[i];
    const seq = r.absSeq[i];
    const hasAck = (fl & ACK) !== 0 && r.absAck[i] >= 0;
    const a = hasAck ? r.absAck[i] : 0;
    const seglen = len[i];
    const win = cols.win(i);
    const t = lineTime(text, start[i], end[i]);
    const sfr = fl & (SYN | FIN | RST);
    if (fl & SYN && !(fl & ACK)) {
      // A SYN with another ISN from the same port starts a new conversation (a new attempt or
      // connection on the reused four-tuple): Wireshark flags it tcp.analysis.reused_ports and
      // analyses what follows afresh (packet-tcp.c, 4.0), and so do we.
      if (synSeqOf[f] >= 0 && seq !== synSeqOf[f]) {
        for (const d of [0, 1]) {
          hasNext[d] = hasMaxToAck[d] = hasLastack[d] = sawSyn[d] = false;
          lastackTime[d] = nextseqTime[d] = NaN;
          window[d] = wscale[d] = synWscale[d] = -1;
          dupacks[d] = lastFlags[d] = lastSpace[d] = 0;
          firstAck[d] = true;
        }
        synSeqOf[o] = -1;
      }
      synSeqOf[f] = seq;
    }
    if (fl & SYN) {
      sawSyn[f] = true;
      synWscale[f] = wscaleOf(text, start[i], end[i]);
      if (sawSyn[o]) {
        const both = synWscale[0] >= 0 && synWscale[1] >= 0;
        wscale[0] = both ? synWscale[0] : 0;
        wscale[1] = both ? synWscale[1] : 0;
      }
    }
    // the first round trip (the client's SYN to its first ACK) is the out-of-order threshold when known
    if (fl & SYN && !(fl & ACK)) synTime = t;
    else if (fl & ACK && !(fl & SYN) && f === 0 && firstRtt < 0 && synTime === synTime) firstRtt = since(t, synTime);
    let ev = 0;
    if (seglen === 1 && hasNext[f] && seq === nextseq[f] && window[o] === 0) {
      ev |= ZERO_WINDOW_PROBE;
    } else {
      if (win === 0 && !sfr) ev |= ZERO_WINDOW;
      if (hasNext[f] && seqGt(seq, nextseq[f]) && !(fl & RST)) ev |= LOST_SEGMENT;
      if (seglen <= 1 && hasNext[f] && seq === ((nextseq[f] - 1) >>> 0) && !(fl & (SYN | FIN | RST))) ev |= KEEP_ALIVE;
      const sameAck = seglen === 0 && hasNext[f] && seq === nextseq[f] && hasLastack[f] && a === lastack[f] && !sfr;
      if (sameAck && win > 0 && win !== window[f]) ev |= WINDOW_UPDATE;
      if (seglen > 0 && wscale[o] >= 0 && hasLastack[o] && window[o] >= 0 && !sfr &&
        ((seq + seglen) >>> 0) === (lastack[o] + window[o] * 2 ** (firstAck[o] ? 0 : wscale[o])) % 4294967296) ev |= WINDOW_FULL;
      if (sameAck && win > 0 && win === window[f] && lastFlags[o] & KEEP_ALIVE) ev |= KEEP_ALIVE_ACK;
      else if (sameAck && win === 0 && window[f] === 0 && lastFlags[o] & ZERO_WINDOW_PROBE) ev |= ZERO_WINDOW_PROBE_ACK;
      else if (sameAck && win > 0 && win === window[f]) {
        if (cols.seq[i] < 0 && lastSpace[o] === 0 && hasLastack[o] && lastack[o] === nextseq[f] && a === nextseq[o]) {
          // Linux's keep-alive and window probes are pure ACKs with seq SND.NXT - 1, which tcpdump does
          // not print: with nothing outstanding either way, after a segment without data, a repeated
          // ACK is read as that probe (docs/contracts.md "Capture analysis events")
          ev |= KEEP_ALIVE;
        } else {
          dupacks[f]++;
          ev |= DUP_ACK;
        }
      }
    }
    // the ACK moved: the duplicate count starts again
    if (!hasLastack[f] || a !== lastack[f]) dupacks[f] = 0;
    if (hasMaxToAck[o] && hasAck && seqGt(a, maxToAck[o])) {
      ev |= ACK_LOST_SEGMENT;
      maxToAck[o] = nextseq[o]; // once per gap
    }
    const next = (seq + seglen + (fl & (SYN | FIN) ? 1 : 0)) >>> 0;
    if ((seglen > 0 || fl & (SYN | FIN)) && !(ev & (KEEP_ALIVE | ZERO_WINDOW_PROBE))) {
      let notAdvanced = hasNext[f] && seqLt(seq, nextseq[f]);
      if (seglen > 1 && hasNext[f] && ((nextseq[f] - 1) >>> 0) === seq) notAdvanced = false;
      const end_ = (seq + seglen) >>> 0;
      // Wireshark's order: data the peer has already acknowledged is spurious whatever else it looks
      // like (a late original after a retransmission was acknowledged, captures/analysis/reorder);
      // then fast retransmission, out of order (its end, SYN and FIN counting one, short of the
      // highest), and any other segment below the highest is a retransmission
      if (seglen > 0 && hasLastack[o] && seqLe(end_, lastack[o])) ev |= SPURIOUS_RETRANSMISSION;
      else if (notAdvanced && dupacks[o] >= 2 && lastack[o] === seq && since(t, lastackTime[o]) * 1000 < FAST_RETRANSMISSION_MS) ev |= FAST_RETRANSMISSION;
      else if (notAdvanced && since(t, nextseqTime[f]) * 1000 < (firstRtt > 0 ? firstRtt * 1000 : OUT_OF_ORDER_MS) && nextseq[f] !== next) ev |= OUT_OF_ORDER;
      else if (notAdvanced) ev |= RETRANSMISSION;
    }
    if (!(ev & ZERO_WINDOW_PROBE)) {
      if (!hasNext[f] || seqGt(next, nextseq[f])) {
        nextseq[f] = next;
        hasNext[f] = true;
        nextseqTime[f] = t;
      }
      if (!hasMaxToAck[f] || seq === maxToAck[f]) {
        maxToAck[f] = nextseq[f];
        hasMaxToAck[f] = true;
      }
    }
    if (win >= 0) window[f] = win;
    if (hasAck) {
      if (!(fl & SYN)) firstAck[f] = false;
      lastack[f] = a;
      hasLastack[f] = true;
      lastackTime[f] = t;
    }
    lastFlags[f] = ev;
    lastSpace[f] = seglen > 0 || fl & (SYN | FIN) ? 1 : 0;
    out[i] = ev;
  }
  return out;
}
