/**
 * Pure geometry and arithmetic for the scenario player's data-transfer charts
 * (components/lab/transfer-charts.tsx draws what this computes): scales, ticks, step lines, the
 * phase bands under the cwnd chart, and the sender's window at a step. Numbers come from the
 * simulator's snapshots (lib/tcp/transfer/sim.ts); nothing here recomputes TCP.
 */
import type { Phase, TransferState } from "@/lib/tcp/transfer";

/** ssthresh before the first loss: "arbitrarily high" (sim.ts) */
export const SSTHRESH_UNLIMITED = 0x7fff_ffff;

/** A chart's drawing box in SVG user units: narrow enough that text stays readable on a 375 px phone. */
export const CHART = { width: 360, height: 220, left: 50, right: 12, top: 24, bottom: 34, font: 12.5 } as const;

export interface Frame {
  x: (v: number) => number;
  y: (v: number) => number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * Maps [tMin, tMax] × [0, vMax] onto the chart box (y grows upwards). A small negative `tMin`
 * keeps what happens at t = 0 off the y axis.
 */
export function frame(tMax: number, vMax: number, box: { width: number; height: number; left: number; right: number; top: number; bottom: number } = CHART, tMin = 0): Frame {
  const x0 = box.left;
  const x1 = box.width - box.right;
  const y0 = box.height - box.bottom;
  const y1 = box.top;
  const tm = tMax > tMin ? tMax - tMin : 1;
  const vm = vMax > 0 ? vMax : 1;
  return { x: (t) => round(x0 + ((x1 - x0) * (t - tMin)) / tm), y: (v) => round(y0 - ((y0 - y1) * v) / vm), x0, x1, y0, y1 };
}

/** Up to `count` + 1 "nice" ticks (steps of 1, 2 or 5 × 10^k) from 0 that cover [0, max]. */
export function ticks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let k = 0; ; k++) {
    out.push(round(k * step));
    if (k * step >= max * (1 - 1e-12)) return out;
  }
}

/** A step line through (t, v) points held until the next point, ending at `tEnd`: SVG path data. */
export function stepPath(points: readonly { t: number; v: number }[], f: Frame, tEnd: number): string {
  if (points.length === 0) return "";
  let d = `M${f.x(points[0].t)} ${f.y(points[0].v)}`;
  for (let i = 1; i < points.length; i++) d += `H${f.x(points[i].t)}V${f.y(points[i].v)}`;
  return d + `H${f.x(Math.max(tEnd, points[points.length - 1].t))}`;
}

/** The phase from one change to the next: contiguous bands with the same phase merged. */
export function phaseBands(trace: readonly { t: number; phase: Phase }[], tEnd: number): { from: number; to: number; phase: Phase }[] {
  const out: { from: number; to: number; phase: Phase }[] = [];
  trace.forEach((p, i) => {
    const to = i + 1 < trace.length ? trace[i + 1].t : Math.max(tEnd, p.t);
    const last = out[out.length - 1];
    if (last && last.phase === p.phase) last.to = to;
    else out.push({ from: p.t, to, phase: p.phase });
  });
  return out.filter((b) => b.to > b.from || out.length === 1);
}

export interface SenderWindow {
  /** offsets in bytes from SND.UNA */
  nxt: number;
  max: number;
  /** SND.UNA + min(SND.WND, cwnd): the sender may not send past it */
  limit: number;
  /** the peer's right edge, SND.UNA + SND.WND */
  wndEdge: number;
  /** SND.UNA + cwnd */
  cwndEdge: number;
  /** bytes in flight (FlightSize, SND.MAX − SND.UNA) */
  flight: number;
  /** bytes that may be sent now: limit − SND.NXT, at least 0 */
  usable: number;
  limitedBy: "cwnd" | "rwnd";
}

/** The sender's window after a step, from the snapshot (32-bit sequence arithmetic). */
export function senderWindow(s: Pick<TransferState, "sndUna" | "sndNxt" | "sndMax" | "sndWnd" | "cwnd" | "flight">): SenderWindow {
  const d = (a: number) => (a - s.sndUna) >>> 0;
  const nxt = d(s.sndNxt);
  const limit = Math.min(s.sndWnd, s.cwnd);
  return {
    nxt, max: d(s.sndMax), limit, wndEdge: s.sndWnd, cwndEdge: s.cwnd, flight: s.flight,
    usable: Math.max(0, limit - nxt), limitedBy: s.cwnd < s.sndWnd ? "cwnd" : "rwnd",
  };
}

/** Sequence numbers as Wireshark's relative numbers: the first data byte of the side is 1. */
export function relSeq(seq: number, iss: number): number {
  return (seq - iss) >>> 0;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
