import { describe, expect, it } from "vitest";
import { persistTimer, receiverAcks, sendWindow } from "./window";

describe("which bytes may be sent (RFC 9293 §3.8.6)", () => {
  it("SND.UNA 1001, SND.NXT 3001, SND.WND 4000: bytes 1001–3000 are in flight, usable window 1001 + 4000 − 3001 = 2000 (bytes 3001–5000), nothing from 5001", () => {
    expect(sendWindow({ sndUna: 1001, sndNxt: 3001, sndWnd: 4000, mss: 1000 })).toEqual({
      window: 4000, limitedBy: "receiver_window",
      inFlight: { first: 1001, last: 3000, bytes: 2000 }, usable: { first: 3001, last: 5000, bytes: 2000 },
      rightEdge: 5001, shrunk: false, fullSegments: 2,
    });
  });
  it("cwnd below SND.WND limits the sender: min(4000, cwnd 2500) − 2000 in flight = 500 usable, no full 1000-byte segment", () => {
    const r = sendWindow({ sndUna: 1001, sndNxt: 3001, sndWnd: 4000, cwnd: 2500, mss: 1000 });
    expect([r.window, r.limitedBy, r.usable, r.fullSegments]).toEqual([2500, "congestion_window", { first: 3001, last: 3500, bytes: 500 }, 0]);
  });
  it("the window wraps past 2^32: SND.UNA 4294967000, 296 in flight, window 1000 → usable 704 bytes from 0 to 703", () => {
    const r = sendWindow({ sndUna: 4_294_967_000, sndNxt: 0, sndWnd: 1000 });
    expect(r.inFlight).toEqual({ first: 4_294_967_000, last: 4_294_967_295, bytes: 296 });
    expect(r.usable).toEqual({ first: 0, last: 703, bytes: 704 });
    expect(r.rightEdge).toBe(704);
  });
  it("a window shrunk below what is in flight leaves nothing usable and says so", () => {
    const r = sendWindow({ sndUna: 100, sndNxt: 600, sndWnd: 300 });
    expect([r.usable, r.shrunk]).toEqual([null, true]);
  });
  it("refuses SND.NXT before SND.UNA and out-of-range numbers", () => {
    expect(() => sendWindow({ sndUna: 600, sndNxt: 100, sndWnd: 300 })).toThrow(/sndNxt/);
    expect(() => sendWindow({ sndUna: -1, sndNxt: 100, sndWnd: 300 })).toThrow(/sndUna/);
    expect(() => sendWindow({ sndUna: 1, sndNxt: 1, sndWnd: 1.5 })).toThrow(/sndWnd/);
  });
});

describe("what the receiver acknowledges (cumulative ACK, RFC 2018 SACK, RFC 2883 D-SACK)", () => {
  const segs = (...starts: number[]) => starts.map((seq) => ({ seq, len: 100 }));
  it("RCV.NXT 1000, segments 1000, 1200, 1300, 1100 arrive: ACKs 1100, 1100, 1100, then 1400 when the gap fills (cumulative ACK only)", () => {
    const r = receiverAcks({ rcvNxt: 1000, arrivals: segs(1000, 1200, 1300, 1100) });
    expect(r.map((s) => [s.kind, s.ack, s.sack, s.delivered])).toEqual([
      ["in_order", 1100, [], 100], ["out_of_order", 1100, [], 0], ["out_of_order", 1100, [], 0], ["fills_gap", 1400, [], 300],
    ]);
  });
  it("RFC 2018 §4: the same arrivals with SACK report [1200,1300), then the merged [1200,1400), and no block once the gap fills", () => {
    const r = receiverAcks({ rcvNxt: 1000, arrivals: segs(1000, 1200, 1300, 1100), sack: true });
    expect(r.map((s) => s.sack)).toEqual([[], [{ left: 1200, right: 1300 }], [{ left: 1200, right: 1400 }], []]);
  });
  it("RFC 2018 §4: the first block holds the latest arrival, then the most recently reported: 1000 lost, 1200 then 1400 then 1600 arrive → [1600,1700), [1400,1500), [1200,1300)", () => {
    const r = receiverAcks({ rcvNxt: 1000, arrivals: segs(1200, 1400, 1600), sack: true });
    expect(r.at(-1)!.sack).toEqual([{ left: 1600, right: 1700 }, { left: 1400, right: 1500 }, { left: 1200, right: 1300 }]);
    expect(r.at(-1)!.ack).toBe(1000);
  });
  it("RFC 2018 §3: at most maxBlocks blocks (3 beside timestamps), the oldest left out", () => {
    const r = receiverAcks({ rcvNxt: 0, arrivals: segs(200, 400, 600, 800), sack: true, maxBlocks: 3 });
    expect(r.at(-1)!.sack.map((b) => b.left)).toEqual([800, 600, 400]);
  });
  it("RFC 2883 §4: a duplicate of 1000–1099 after ACK 1100 is reported as D-SACK block [1000,1100) below the ACK", () => {
    const r = receiverAcks({ rcvNxt: 1000, arrivals: segs(1000, 1000), sack: true, dsack: true });
    expect(r[1]).toEqual({ seq: 1000, len: 100, kind: "duplicate", ack: 1100, sack: [{ left: 1000, right: 1100 }], delivered: 0 });
  });
  it("RFC 2883 §4: a duplicate of an out-of-order segment gives the D-SACK block first, then the block containing it", () => {
    const r = receiverAcks({ rcvNxt: 1000, arrivals: segs(1200, 1300, 1200), sack: true, dsack: true });
    expect(r[2].sack).toEqual([{ left: 1200, right: 1300 }, { left: 1200, right: 1400 }]);
  });
  it("RFC 9293 §3.10.7.4: with RCV.WND 200 a segment at 1200 lies outside [1000, 1200) and is only ACKed", () => {
    const r = receiverAcks({ rcvNxt: 1000, rcvWnd: 200, arrivals: segs(1200, 1000) });
    expect(r.map((s) => [s.kind, s.ack])).toEqual([["outside_window", 1000], ["in_order", 1100]]);
  });
  it("sequence numbers wrap: RCV.NXT 4294967246, 100 bytes in order → ACK 50", () => {
    expect(receiverAcks({ rcvNxt: 4_294_967_246, arrivals: [{ seq: 4_294_967_246, len: 100 }] })[0].ack).toBe(50);
  });
  it("refuses D-SACK without SACK, empty arrivals and zero-length segments", () => {
    expect(() => receiverAcks({ rcvNxt: 0, arrivals: segs(0), dsack: true })).toThrow(/dsack/);
    expect(() => receiverAcks({ rcvNxt: 0, arrivals: [] })).toThrow(/arrivals/);
    expect(() => receiverAcks({ rcvNxt: 0, arrivals: [{ seq: 0, len: 0 }] })).toThrow(/len/);
  });
});

describe("the persist timer (RFC 9293 §3.8.6.1, RFC 1122 §4.2.2.17)", () => {
  it("zero window at t=0, RTO 200 ms, window opens at 1000 and its update is lost: probes at 200, 600 (200 + 400), 1400 (600 + 800); the third finds the window open", () => {
    const r = persistTimer({ zeroWindowAt: 0, rto: 200, sndUna: 5000, windowOpensAt: 1000, openWindow: 4000 });
    expect(r.probes.map((p) => [p.at, p.interval, p.seq, p.len, p.answer.ack, p.answer.win])).toEqual([
      [200, 200, 5000, 1, 5000, 0], [600, 400, 5000, 1, 5000, 0], [1400, 800, 5000, 1, 5001, 3999],
    ]);
    expect([r.resumesAt, r.resumedBy]).toEqual([1400, "probe"]);
  });
  it("Linux probes carry no data at SND.UNA − 1 (5000 → 4999), answered by ACK 5000", () => {
    const r = persistTimer({ zeroWindowAt: 0, rto: 200, sndUna: 5000, windowOpensAt: 500, style: "linux", openWindow: 4000 });
    expect(r.probes.map((p) => [p.seq, p.len, p.answer.ack, p.answer.win])).toEqual([[4999, 0, 5000, 0], [4999, 0, 5000, 4000]]);
  });
  it("a delivered window update ends the wait before the next probe: opens at 300 with RTT 20 → resumes at 310 after one probe at 200", () => {
    const r = persistTimer({ zeroWindowAt: 0, rto: 200, sndUna: 1, windowOpensAt: 300, updateDelivered: true, rtt: 20 });
    expect([r.probes.length, r.resumesAt, r.resumedBy]).toEqual([1, 310, "window_update"]);
  });
  it("the probe interval stops doubling at the maximum RTO: 1 s RTO, 60 s maximum → intervals 1, 2, 4, 8, 16, 32, 60, 60 s", () => {
    const r = persistTimer({ zeroWindowAt: 0, rto: 1000, sndUna: 0, windowOpensAt: null, maxProbes: 8 });
    expect(r.probes.map((p) => p.interval)).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
    expect(r.resumesAt).toBeNull();
  });
  it("the probe at SND.UNA 0 is Linux's 4294967295 (SND.UNA − 1 wraps)", () => {
    expect(persistTimer({ zeroWindowAt: 0, rto: 1, sndUna: 0, windowOpensAt: null, style: "linux", maxProbes: 1 }).probes[0].seq).toBe(4_294_967_295);
  });
});
