/**
 * The simulator's output as a capture would show it: `tcpdump -n -S` lines (absolute sequence
 * numbers, SACK blocks in the options as print-tcp.c prints them) seen from one vantage point,
 * and a time-sequence data series in the style of tcptrace / Wireshark's "TCP Stream Graph".
 *
 * Vantage points: "client" is a capture on the sender (every segment it sends, at the time it
 * leaves, and every ACK that reaches it, at arrival: lost ACKs are absent); "server" is a capture
 * on the receiver (the mirror image); "wire" shows every segment when it was sent, lost or not.
 * Duplicated segments appear twice at the receiving end.
 */
import type { Side } from "../types";
import { renderTcpdump } from "../tcpdump";
import type { TransferResult, TransferSegment } from "./sim";
import { TransferInputError } from "./errors";

export type Vantage = "client" | "server" | "wire";

/** The segments a capture at `vantage` records, with the time it records each one. */
export function captured(r: TransferResult, vantage: Vantage = "client"): { t: number; seg: TransferSegment }[] {
  if (vantage !== "client" && vantage !== "server" && vantage !== "wire") throw new TransferInputError(`vantage must be client, server or wire, got ${JSON.stringify(vantage)}`);
  const rows: { t: number; seg: TransferSegment }[] = [];
  for (const seg of r.segments) {
    // a forged segment never was on its apparent sender's host: only the wire and its receiver see it
    if (seg.forged) {
      if (vantage !== seg.from) rows.push({ t: seg.t, seg });
      continue;
    }
    if (vantage === "wire" || seg.from === vantage) rows.push({ t: seg.t, seg });
    else if (seg.arrivedAt !== null) {
      rows.push({ t: seg.arrivedAt, seg });
      if (seg.fate === "duplicated") rows.push({ t: seg.arrivedAt + 1, seg });
    }
  }
  // stable: equal times keep the simulator's order
  return rows.map((x, i) => ({ ...x, i })).sort((a, b) => a.t - b.t || a.i - b.i).map(({ t, seg }) => ({ t, seg }));
}

/** tcpdump -n -S text of the transfer as captured at `vantage`, one line per segment. */
export function renderTransferTcpdump(r: TransferResult, opts: { vantage?: Vantage; client?: string; server?: string } = {}): string {
  const rows = captured(r, opts.vantage ?? "client");
  return renderTcpdump(
    rows.map(({ t, seg }) => ({
      from: seg.from as Side, flags: seg.flags, seq: seg.seq, ack: seg.ack, len: seg.len, win: seg.win, t,
      options: seg.sack.length > 0 ? `nop,nop,sack ${seg.sack.length} ${seg.sack.map((b) => `{${b.left}:${b.right}}`).join("")}` : undefined,
    })),
    { client: opts.client, server: opts.server, timestamps: true, numbering: "absolute" },
  );
}

export interface TimeSequence {
  /** stream offsets: byte 0 is the first data byte (ISS + 1), so the series read the same across the 2^32 wrap */
  data: { t: number; start: number; end: number; retransmission: boolean; lost: boolean; probe: boolean }[];
  /** the cumulative ACK arriving at the sender: a step line */
  ack: { t: number; ack: number }[];
  /** ACK + advertised window: the right edge the sender may not pass */
  window: { t: number; edge: number }[];
  /** SACKed ranges reported to the sender */
  sack: { t: number; start: number; end: number }[];
  /** congestion window (bytes) over time, as the sender's state changed */
  cwnd: { t: number; cwnd: number; ssthresh: number }[];
}

/**
 * tcptrace's time-sequence graph as data, from the sender's vantage: each data segment a vertical
 * bar from start to end at the time it was sent (retransmissions and lost ones marked), the ACK
 * line, the receive-window line, SACK blocks, and cwnd (in bytes) for a second axis.
 */
export function timeSequence(r: TransferResult): TimeSequence {
  const base = (r.iss.client + 1) >>> 0;
  const o = (seq: number) => (seq - base) >>> 0;
  const ts: TimeSequence = { data: [], ack: [], window: [], sack: [], cwnd: r.cwnd.map(({ t, cwnd, ssthresh }) => ({ t, cwnd, ssthresh })) };
  for (const { t, seg } of captured(r, "client")) {
    if (seg.flags.startsWith("R")) continue; // an RST carries no data and acknowledges nothing
    if (seg.from === "client") {
      if (seg.len === 0) continue; // a Linux-style probe carries no data
      ts.data.push({ t, start: o(seg.seq), end: o(seg.seq) + seg.len, retransmission: seg.retransmission, lost: seg.fate === "dropped", probe: seg.kind === "zero_window_probe" });
    } else {
      ts.ack.push({ t, ack: o(seg.ack) });
      ts.window.push({ t, edge: o(seg.ack) + seg.win });
      for (const b of seg.sack) ts.sack.push({ t, start: o(b.left), end: o(b.right) });
    }
  }
  return ts;
}
