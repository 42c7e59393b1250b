/**
 * Sliding-window calculators, in bytes and 32-bit sequence numbers.
 *
 * Read first: RFC 9293 §3.4 (sequence space), §3.8.6 (managing the window, zero-window probing),
 * §3.10.7.4 (segment acceptability); RFC 5681 §4.2 (immediate ACKs for out-of-order data);
 * RFC 2018 (SACK blocks); RFC 2883 (D-SACK); RFC 1122 §4.2.2.17 (probing zero windows).
 */
import { seqAdd, seqDiff, seqGe, seqGt, seqLe, seqLt } from "../seq";
import { checkInt, checkNumber, TransferInputError } from "./errors";

const U32 = 0xffff_ffff;

/** A run of sequence numbers, both ends inclusive (as "bytes 1001 to 1500"); null when empty. */
export interface SeqRange {
  first: number;
  last: number;
  bytes: number;
}
const range = (first: number, bytes: number): SeqRange | null => (bytes <= 0 ? null : { first, last: seqAdd(first, bytes - 1), bytes });

// ------------------------------------------------------------------------------------------------
// Which bytes may be sent now

export interface SendWindowInput {
  sndUna: number;
  sndNxt: number;
  /** the peer's advertised window (already scaled, RFC 7323) */
  sndWnd: number;
  /** congestion window in bytes; the sender may have min(sndWnd, cwnd) unacknowledged */
  cwnd?: number;
  /** when given, also say how many full segments fit */
  mss?: number;
}
export interface SendWindowResult {
  /** min(SND.WND, cwnd) */
  window: number;
  limitedBy: "receiver_window" | "congestion_window";
  /** sent, not yet acknowledged: [SND.UNA, SND.NXT) */
  inFlight: SeqRange | null;
  /** may be sent now: [SND.NXT, SND.UNA + window) — the usable window */
  usable: SeqRange | null;
  /** the first sequence number beyond the window: not before the window moves */
  rightEdge: number;
  /** SND.NXT is beyond the right edge (the receiver shrank its window, RFC 9293 §3.8.6) */
  shrunk: boolean;
  fullSegments?: number;
}

/** RFC 9293 §3.8.6 / Fig. 4: usable window = SND.UNA + min(SND.WND, cwnd) − SND.NXT. */
export function sendWindow(input: SendWindowInput): SendWindowResult {
  const sndUna = checkInt(input.sndUna, "sndUna", 0, U32);
  const sndNxt = checkInt(input.sndNxt, "sndNxt", 0, U32);
  const sndWnd = checkInt(input.sndWnd, "sndWnd", 0, 0x3fff_c000); // 65535 << 14, RFC 7323 §2.3
  const cwnd = input.cwnd === undefined ? undefined : checkInt(input.cwnd, "cwnd", 1, 0x7fff_ffff);
  const mss = input.mss === undefined ? undefined : checkInt(input.mss, "mss", 1, 65_495);
  const outstanding = seqDiff(sndNxt, sndUna);
  if (outstanding < 0) throw new TransferInputError("sndNxt must not be before sndUna (modulo 2^32)");
  const window = cwnd === undefined ? sndWnd : Math.min(sndWnd, cwnd);
  const rightEdge = seqAdd(sndUna, window);
  const usableBytes = window - outstanding;
  const r: SendWindowResult = {
    window,
    limitedBy: cwnd !== undefined && cwnd < sndWnd ? "congestion_window" : "receiver_window",
    inFlight: range(sndUna, outstanding),
    usable: range(sndNxt, usableBytes),
    rightEdge,
    shrunk: usableBytes < 0,
  };
  if (mss !== undefined) r.fullSegments = Math.max(0, Math.floor(usableBytes / mss));
  return r;
}

// ------------------------------------------------------------------------------------------------
// What the receiver acknowledges

export interface SackBlock {
  /** first sequence number of the block */
  left: number;
  /** the sequence number just after the block (RFC 2018 §3: "Right Edge") */
  right: number;
}
export type ArrivalKind = "in_order" | "fills_gap" | "out_of_order" | "duplicate" | "outside_window";
export interface ReceiverInput {
  /** RCV.NXT before the first arrival */
  rcvNxt: number;
  arrivals: { seq: number; len: number }[];
  /** RCV.WND, constant here (the application reads at once); default 65535 */
  rcvWnd?: number;
  sack?: boolean;
  /** report duplicates in the first SACK block (RFC 2883); needs sack */
  dsack?: boolean;
  /** RFC 2018 §3: 4 blocks fit the option space, 3 beside the timestamps option (default 4) */
  maxBlocks?: number;
}
export interface ReceiverStep {
  seq: number;
  len: number;
  kind: ArrivalKind;
  /** the ACK this arrival causes (every arrival here is ACKed at once: out-of-order and duplicate
   *  ones must be, RFC 5681 §4.2; an in-order one may be delayed, which does not change its value) */
  ack: number;
  sack: SackBlock[];
  /** bytes this arrival made deliverable to the application, in order */
  delivered: number;
}

/**
 * Cumulative ACK and SACK blocks after each arrival. Segments are trimmed to the window
 * (RFC 9293 §3.10.7.4); RFC 2018 §4 orders the blocks: the first holds the segment that just
 * arrived, the rest are the most recently reported others. With D-SACK the first block is the
 * duplicate range (RFC 2883 §4), followed by the block it lies in when that is above RCV.NXT.
 */
export function receiverAcks(input: ReceiverInput): ReceiverStep[] {
  let rcvNxt = checkInt(input.rcvNxt, "rcvNxt", 0, U32);
  const rcvWnd = checkInt(input.rcvWnd ?? 65_535, "rcvWnd", 0, 0x3fff_c000);
  const sack = input.sack ?? false;
  const dsack = input.dsack ?? false;
  if (dsack && !sack) throw new TransferInputError("dsack needs sack");
  const maxBlocks = checkInt(input.maxBlocks ?? 4, "maxBlocks", 1, 4);
  if (!Array.isArray(input.arrivals) || input.arrivals.length === 0) throw new TransferInputError("arrivals must list at least one segment");
  if (input.arrivals.length > 10_000) throw new TransferInputError("at most 10000 arrivals");
  input.arrivals.forEach((a, i) => {
    checkInt(a?.seq, `arrival ${i + 1} seq`, 0, U32);
    checkInt(a?.len, `arrival ${i + 1} len`, 1, 0x3fff_c000);
  });

  const q = new ReassemblyQueue(rcvNxt);
  return input.arrivals.map(({ seq, len }) => {
    const r = q.arrive(seq, len, rcvWnd);
    return { seq, len, kind: r.kind, ack: q.rcvNxt, sack: sack ? q.sackBlocks(maxBlocks, dsack ? r.dup : null) : [], delivered: r.delivered };
  });
}

/**
 * The receiver's reassembly queue: RCV.NXT and the out-of-order blocks above it, most recently
 * changed first (the order RFC 2018 §4 reports them in). Shared by receiverAcks and the simulator.
 */
export class ReassemblyQueue {
  /** out-of-order data above RCV.NXT, most recently changed first */
  blocks: SackBlock[] = [];
  constructor(public rcvNxt: number) {}

  /** One segment arrives while RCV.WND is `rcvWnd`; RCV.NXT advances over in-order data. */
  arrive(seq: number, len: number, rcvWnd: number): { kind: ArrivalKind; delivered: number; dup: SackBlock | null } {
    const rcvNxt = this.rcvNxt;
    const end = seqAdd(seq, len);
    const wndEnd = seqAdd(rcvNxt, rcvWnd);
    if (seqLe(end, rcvNxt)) return { kind: "duplicate", delivered: 0, dup: { left: seq, right: end } };
    if (rcvWnd === 0 || seqGe(seq, wndEnd)) return { kind: "outside_window", delivered: 0, dup: null };
    // trim to [RCV.NXT, RCV.NXT + RCV.WND) (RFC 9293 §3.10.7.4)
    const left = seqLt(seq, rcvNxt) ? rcvNxt : seq;
    const right = seqGt(end, wndEnd) ? wndEnd : end;
    let dup: SackBlock | null = seqLt(seq, rcvNxt) ? { left: seq, right: rcvNxt } : null;
    const covered = this.blocks.find((b) => seqLe(b.left, left) && seqGe(b.right, right));
    if (covered) {
      this.blocks = [covered, ...this.blocks.filter((b) => b !== covered)];
      return { kind: "duplicate", delivered: 0, dup: { left: seq, right: end } };
    }
    if (left === rcvNxt) {
      const hadGap = this.blocks.length > 0;
      let next = right;
      // pull in every block the new edge reaches
      let moved = true;
      while (moved) {
        moved = false;
        for (const b of this.blocks) {
          if (seqLe(b.left, next)) {
            if (seqGt(b.right, next)) next = b.right;
            this.blocks = this.blocks.filter((x) => x !== b);
            moved = true;
            break;
          }
        }
      }
      this.rcvNxt = next;
      return { kind: hadGap ? "fills_gap" : "in_order", delivered: seqDiff(next, left), dup };
    }
    // merge with every overlapping or adjacent block, then report it first
    let nb: SackBlock = { left, right };
    const rest: SackBlock[] = [];
    for (const b of this.blocks) {
      if (seqLe(b.left, nb.right) && seqGe(b.right, nb.left)) {
        nb = { left: seqLt(b.left, nb.left) ? b.left : nb.left, right: seqGt(b.right, nb.right) ? b.right : nb.right };
      } else rest.push(b);
    }
    this.blocks = [nb, ...rest];
    dup = null;
    return { kind: "out_of_order", delivered: 0, dup };
  }

  /** The SACK blocks of the next ACK: a D-SACK block first when given (RFC 2883), at most `max`. */
  sackBlocks(max: number, dup: SackBlock | null): SackBlock[] {
    const all = dup ? [dup, ...this.blocks] : this.blocks;
    return all.slice(0, max).map((b) => ({ left: b.left, right: b.right }));
  }
}

// ------------------------------------------------------------------------------------------------
// Zero window: the persist timer and its probes

export interface PersistInput {
  /** when the ACK advertising a zero window arrived, with nothing left in flight (ms) */
  zeroWindowAt: number;
  /** the sender's current RTO (ms): the first probe waits one RTO (RFC 9293 §3.8.6.1, SHLD-29) */
  rto: number;
  /** SND.UNA = SND.NXT at that moment */
  sndUna: number;
  /** when the receiver's window opens again (ms); null: never, within the probes listed */
  windowOpensAt: number | null;
  /** the window the receiver advertises once open (bytes, default 65535) */
  openWindow?: number;
  /** whether the receiver's own window update reaches the sender (default false: it is lost, the case probes exist for) */
  updateDelivered?: boolean;
  /** round-trip time (ms, default 0); a probe sees the window as it is when it reaches the receiver, rtt/2 after it left */
  rtt?: number;
  /** "rfc": one byte of new data at SND.NXT; "linux": no data, at SND.UNA − 1 (tcp_xmit_probe_skb) */
  style?: "rfc" | "linux";
  maxRto?: number;
  /** at most this many probes are listed (default 10) */
  maxProbes?: number;
}
export interface Probe {
  n: number;
  /** when the persist timer fires and the probe leaves (ms) */
  at: number;
  /** time since the previous probe (or since the zero window) */
  interval: number;
  seq: number;
  len: number;
  /** the receiver's ACK to it */
  answer: { ack: number; win: number };
}
export interface PersistResult {
  probes: Probe[];
  /** when the sender learns the window is open and sends again (ms), or null */
  resumesAt: number | null;
  resumedBy: "window_update" | "probe" | null;
}

/**
 * RFC 9293 §3.8.6.1: the persist timer fires one RTO after the zero window and the interval doubles
 * after each probe (RFC 1122 §4.2.2.17, exponential back-off), bounded by the maximum RTO. Each
 * probe is answered with an ACK carrying the current window; the receiver does not accept the
 * probe's byte while its window is zero. Linux probes with a segment the receiver has already
 * acknowledged (SND.UNA − 1, no data), which forces the same ACK.
 */
export function persistTimer(input: PersistInput): PersistResult {
  const t0 = checkNumber(input.zeroWindowAt, "zeroWindowAt", 0, 1e9);
  const rtoMs = checkNumber(input.rto, "rto", 1, 3_600_000);
  const sndUna = checkInt(input.sndUna, "sndUna", 0, U32);
  const opens = input.windowOpensAt === null ? null : checkNumber(input.windowOpensAt, "windowOpensAt", 0, 1e9);
  const openWindow = checkInt(input.openWindow ?? 65_535, "openWindow", 1, 0x3fff_c000);
  const rtt = checkNumber(input.rtt ?? 0, "rtt", 0, 3_600_000);
  const style = input.style ?? "rfc";
  if (style !== "rfc" && style !== "linux") throw new TransferInputError(`style must be rfc or linux, got ${JSON.stringify(style)}`);
  const maxRto = checkNumber(input.maxRto ?? 60_000, "maxRto", rtoMs, 3_600_000);
  const maxProbes = checkInt(input.maxProbes ?? 10, "maxProbes", 1, 100);
  const updateAt = opens !== null && input.updateDelivered ? Math.max(opens, t0) + rtt / 2 : null;

  const probes: Probe[] = [];
  let at = t0;
  let interval = rtoMs;
  for (let n = 1; n <= maxProbes; n++) {
    const next = at + interval;
    if (updateAt !== null && updateAt <= next) return { probes, resumesAt: updateAt, resumedBy: "window_update" };
    at = next;
    const open = opens !== null && opens <= at + rtt / 2;
    const seq = style === "rfc" ? sndUna : seqAdd(sndUna, U32); // SND.UNA − 1
    const len = style === "rfc" ? 1 : 0;
    probes.push({ n, at, interval, seq, len, answer: { ack: open && style === "rfc" ? seqAdd(sndUna, 1) : sndUna, win: open ? openWindow - (style === "rfc" ? 1 : 0) : 0 } });
    if (open) return { probes, resumesAt: at + rtt, resumedBy: "probe" };
    interval = Math.min(interval * 2, maxRto);
  }
  return { probes, resumesAt: null, resumedBy: null };
}
