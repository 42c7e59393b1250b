/**
 * The simulator against what Linux 6.18 did on the wire: the captures fast-retransmit and
 * newreno-partial (lib/tcp/captures/netns.py: SACK and RACK off at the sender, Reno, MSS 1448,
 * a 20 Mbit/s bottleneck, one or two segments of the first flight dropped), read with annotate().
 * Where they agree the test says so; where Linux differs for a named reason (RFC 3042 limited
 * transmit, RFC 6937 PRR instead of RFC 5681 window inflation) the difference is pinned on both
 * sides, as docs/transfer.md "The simulator, compared with Linux" states it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { annotate } from "../annotate";
import type { Annotation } from "../types";
import { lineTime } from "../events";
import { simulateTransfer, type TransferResult } from "./sim";

type AnnotatedSegment = Annotation["segments"][number];
const MSS = 1448;
const capture = (name: string) =>
  annotate(readFileSync(path.join(import.meta.dirname, "..", "captures", "analysis", `${name}.txt`), "utf8")).segments;
const time = (s: AnnotatedSegment) => lineTime(s.raw, 0, s.raw.length);

/** one step of a loss recovery, from either source: who sent it, what it carries */
interface Step {
  from: "client" | "server";
  /** client: offset of the first data byte (0 = the first byte of the stream); server: the ACK as an offset */
  at: number;
  len: number;
  kind: "new" | "retransmission" | "dup_ack" | "ack";
}

/** the capture's data phase as steps (tcpdump's relative numbers: the first data byte is 1) */
function fromCapture(segs: AnnotatedSegment[]): Step[] {
  let highest = 0;
  const out: Step[] = [];
  for (const s of segs) {
    if (s.flags.includes("S") || s.flags.includes("F")) continue;
    if (s.from === "client") {
      if (s.len === 0) continue;
      const at = s.seq - 1;
      out.push({ from: "client", at, len: s.len, kind: at < highest ? "retransmission" : "new" });
      highest = Math.max(highest, at + s.len);
    } else if (s.len === 0 && s.ack !== null) out.push({ from: "server", at: s.ack - 1, len: 0, kind: s.events.includes("dup_ack") ? "dup_ack" : "ack" });
  }
  return out;
}

/** the simulator's segments as steps, in the order the client sees them (its own when sent, ACKs when they arrive) */
function fromSim(r: TransferResult): Step[] {
  const off = (seq: number) => (seq - r.iss.client - 1) >>> 0;
  const seen = r.segments
    .filter((s) => s.from === "client" || s.arrivedAt !== null)
    .map((s) => ({ s, t: s.from === "client" ? s.t : s.arrivedAt! }))
    .sort((a, b) => a.t - b.t || a.s.index - b.s.index);
  return seen.map(({ s }): Step => s.from === "client"
    ? { from: "client", at: off(s.seq), len: s.len, kind: s.retransmission ? "retransmission" : "new" }
    : { from: "server", at: off(s.ack), len: 0, kind: s.kind === "dup_ack" ? "dup_ack" : "ack" });
}

/** what a loss recovery looked like: counted from the first duplicate ACK to the ACK that covers the recovery point */
function recovery(steps: Step[]) {
  const first = steps.findIndex((s) => s.kind === "dup_ack");
  const lost = steps[first].at;
  const rtx = steps.findIndex((s) => s.kind === "retransmission");
  const before = steps.slice(first, rtx);
  const recoverPoint = Math.max(...steps.slice(0, rtx).filter((s) => s.from === "client").map((s) => s.at + s.len));
  const full = steps.findIndex((s, i) => i > rtx && s.from === "server" && s.at >= recoverPoint);
  const during = steps.slice(rtx + 1, full);
  return {
    lost,
    retransmitted: steps[rtx].at,
    dupAcksBefore: before.filter((s) => s.kind === "dup_ack").length,
    /** the retransmission is the very next thing the client sends after the third duplicate ACK */
    followsThirdDupAck: steps[rtx - 1].kind === "dup_ack" && before.filter((s) => s.kind === "dup_ack").length === 3,
    newBeforeRetransmission: before.filter((s) => s.kind === "new").length,
    /** in recovery: for each new segment, how many duplicate ACKs had arrived since the retransmission */
    newAfterDupAcks: during.flatMap((s, i) => (s.kind === "new" ? [during.slice(0, i).filter((d) => d.kind === "dup_ack").length] : [])),
    dupAcksDuring: during.filter((s) => s.kind === "dup_ack").length,
    recoverPoint,
    fullAck: steps[full].at,
    /** ACKs of new data below the recovery point (NewReno partial ACKs) and what the client sent next */
    partial: during.flatMap((s, i) => (s.kind === "ack" && s.at > lost ? [{ ack: s.at, next: during.slice(i + 1).find((d) => d.from === "client") }] : [])),
    retransmissions: steps.filter((s) => s.kind === "retransmission").map((s) => s.at),
  };
}

/** the simulator set up as netns.py set up Linux: IW 10, MSS 1448, an ACK per segment, 20 Mbit/s = 2500 bytes/ms */
const simLike = (drops: number[]) =>
  simulateTransfer({
    writes: 40 * MSS, mss: MSS, initialWindow: 10, sack: false, algo: "newreno", delayedAckMs: false, nagle: false,
    latencyMs: 0.01, rate: 2500, rcvBuf: 1 << 20, minRto: 200, iss: { client: 0, server: 0 },
    faults: drops.map((segment) => ({ segment, from: "client" as const, kind: "drop" as const })),
  });

describe("fast retransmit: the simulator against Linux 6.18 with SACK and RACK off (captures/analysis/fast-retransmit)", () => {
  const linux = recovery(fromCapture(capture("fast-retransmit")));
  const sim = recovery(fromSim(simLike([2])));

  it("Linux: the third segment (bytes 2896–4343) is lost; three duplicate ACKs (net.ipv4.tcp_reordering = 3) and the retransmission is the next segment sent", () => {
    expect([linux.lost, linux.retransmitted, linux.dupAcksBefore, linux.followsThirdDupAck]).toEqual([2 * MSS, 2 * MSS, 3, true]);
    expect(linux.retransmissions).toEqual([2 * MSS]); // one retransmission, no timeout
  });
  it("the simulator agrees: the same three duplicate ACKs, the retransmission right after the third, nothing else resent", () => {
    expect([sim.lost, sim.retransmitted, sim.dupAcksBefore, sim.followsThirdDupAck]).toEqual([linux.lost, linux.retransmitted, 3, true]);
    expect(sim.retransmissions).toEqual(linux.retransmissions);
  });
  it("both end recovery at the first ACK that covers everything sent before the retransmission (a full ACK)", () => {
    expect(linux.fullAck).toBe(linux.recoverPoint);
    expect(sim.fullAck).toBe(sim.recoverPoint);
    expect(linux.partial).toEqual([]);
    expect(sim.partial).toEqual([]);
  });
  it("differs, RFC 3042 limited transmit: Linux sends a new segment on each of the first two duplicate ACKs, the simulator none", () => {
    expect(linux.newBeforeRetransmission).toBe(2);
    expect(sim.newBeforeRetransmission).toBe(0);
    // hence Linux's recovery point is two segments further on
    expect(linux.recoverPoint - sim.recoverPoint).toBe(2 * MSS);
  });
  it("differs, RFC 6937 PRR: in recovery Linux sends a new segment every second duplicate ACK from the start; the simulator (RFC 5681 inflation, cwnd = ssthresh + 3) first waits until the inflated window exceeds the flight, then sends one per duplicate ACK", () => {
    expect(linux.newAfterDupAcks).toEqual([2, 4, 6, 9, 10]);
    expect(linux.dupAcksDuring).toBe(10);
    expect(sim.newAfterDupAcks).toEqual([4, 5, 6, 7, 8]);
    expect(sim.dupAcksDuring).toBe(8);
  });
});

describe("NewReno partial ACK: the simulator against Linux 6.18 (captures/analysis/newreno-partial)", () => {
  const segs = capture("newreno-partial");
  const linux = recovery(fromCapture(segs));
  const sim = recovery(fromSim(simLike([2, 5])));

  it("Linux: segments 3 and 6 are lost; the fast retransmission's ACK stops at the second hole (partial), and the second hole is resent at once (12 µs later), before any new data", () => {
    expect([linux.lost, linux.dupAcksBefore, linux.followsThirdDupAck]).toEqual([2 * MSS, 3, true]);
    expect(linux.partial).toEqual([{ ack: 5 * MSS, next: { from: "client", at: 5 * MSS, len: MSS, kind: "retransmission" } }]);
    expect(linux.retransmissions).toEqual([2 * MSS, 5 * MSS]);
    const partial = segs.find((s) => s.from === "server" && s.ack === 5 * MSS + 1)!;
    const resent = segs.find((s) => s.from === "client" && s.seq === 5 * MSS + 1 && s.events.includes("retransmission"))!;
    expect((time(resent) - time(partial)) * 1e6).toBeLessThan(100);
  });
  it("the simulator agrees (RFC 6582 §3.2 step 3): the partial ACK at the second hole, its retransmission next, then a full ACK", () => {
    expect([sim.lost, sim.dupAcksBefore, sim.followsThirdDupAck]).toEqual([2 * MSS, 3, true]);
    expect(sim.partial).toEqual(linux.partial);
    expect(sim.retransmissions).toEqual(linux.retransmissions);
    // the full ACK (≥ recover) also covers what was sent during recovery and had arrived above the second hole
    expect([linux.recoverPoint, linux.fullAck]).toEqual([16 * MSS, 20 * MSS]);
    expect([sim.recoverPoint, sim.fullAck]).toEqual([14 * MSS, 18 * MSS]);
  });
});
