/**
 * Sequence numbers shown two ways. The engine's annotation keeps numbers as the capture printed
 * them; the explainer offers both:
 *
 * - absolute: the numbers on the wire (tcpdump -S). A capture printed without -S is turned back
 *   with tcpdump's own rule (print-tcp.c): the first ACK-bearing segment and every SYN-ACK are
 *   printed absolute and set the bases; later ACK-bearing segments are relative to them.
 * - relative: each side's numbers minus its ISN (its SYN's seq), so the SYN is 0 and the first data
 *   byte is 1, as in tcpdump's default output. Without a SYN (a capture started mid-stream) the
 *   side's first number seen stands in for the ISN.
 *
 * Pure; used by the server to build the view and by the browser to flip the toggle.
 */
import type { Side } from "@/lib/tcp";

export type Numbering = "absolute" | "relative";

export interface NumberedSegment {
  from: Side;
  flags: string;
  seq: number;
  ack: number | null;
}

const hasAck = (flags: string) => flags.includes(".");
const hasSyn = (flags: string) => flags.includes("S");
const other = (s: Side): Side => (s === "client" ? "server" : "client");

/** Absolute seq/ack of every segment, undoing tcpdump's relative numbering when the capture used it. */
export function toAbsolute(segments: readonly NumberedSegment[], printed: Numbering): { seq: number[]; ack: (number | null)[] } {
  const seq = new Array<number>(segments.length);
  const ack = new Array<number | null>(segments.length);
  const base = { client: 0, server: 0 };
  let baseSet = false;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (printed === "relative" && hasAck(s.flags)) {
      if (!baseSet || hasSyn(s.flags)) {
        baseSet = true;
        base[s.from] = s.seq;
        base[other(s.from)] = s.ack === null ? 0 : (s.ack - 1) >>> 0;
        seq[i] = s.seq;
        ack[i] = s.ack;
        continue;
      }
      seq[i] = (s.seq + base[s.from]) >>> 0;
      ack[i] = s.ack === null ? null : (s.ack + base[other(s.from)]) >>> 0;
    } else {
      seq[i] = s.seq >>> 0;
      ack[i] = s.ack === null ? null : s.ack >>> 0;
    }
  }
  return { seq, ack };
}

/**
 * Each side's ISN as far as the trace shows it: the seq of its SYN; without a SYN, tcpdump's base
 * from the first ACK-bearing segment (its sender's seq, and the ack minus one for the other side);
 * else the side's first seq. Null when nothing says.
 */
export function initialNumbers(
  segments: readonly { from: Side; flags: string }[],
  abs: { seq: readonly number[]; ack: readonly (number | null)[] },
): Record<Side, number | null> {
  const isn: Record<Side, number | null> = { client: null, server: null };
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (isn[s.from] === null && hasSyn(s.flags)) isn[s.from] = abs.seq[i];
  }
  for (let i = 0; i < segments.length && (isn.client === null || isn.server === null); i++) {
    const s = segments[i];
    const a = abs.ack[i];
    if (hasAck(s.flags) && a !== null) {
      if (isn[s.from] === null) isn[s.from] = abs.seq[i];
      if (isn[other(s.from)] === null) isn[other(s.from)] = (a - 1) >>> 0;
      break;
    }
  }
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (isn[s.from] === null) isn[s.from] = abs.seq[i];
  }
  return isn;
}

/** A number for display: absolute as is, relative to `isn` (mod 2^32) otherwise. */
export function shown(n: number, isn: number | null, numbering: Numbering): number {
  return numbering === "absolute" || isn === null ? n : (n - isn) >>> 0;
}
