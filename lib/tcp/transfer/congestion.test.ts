import { describe, expect, it } from "vitest";
import { congestion, cubicWindow, type CongestionEvent, type CongestionEventKind } from "./congestion";
import { TransferInputError } from "./errors";

const run = (algo: "reno" | "newreno", events: (CongestionEventKind | CongestionEvent)[], cwnd?: number, ssthresh?: number) =>
  congestion({ algo, cwnd, ssthresh, events }).map(({ event, cwnd, ssthresh, phase }) => ({ event, cwnd, ssthresh, phase }));
const cw = (algo: "reno" | "newreno", events: (CongestionEventKind | CongestionEvent)[], cwnd?: number, ssthresh?: number) =>
  run(algo, events, cwnd, ssthresh).map((s) => [s.cwnd, s.ssthresh, s.phase]);

describe("Reno (RFC 5681)", () => {
  it("RFC 5681 §3.1: from cwnd 1, ssthresh 64, six clean RTTs give 2, 4, 8, 16, 32, 64 — the last one reaches ssthresh and switches to congestion avoidance", () => {
    expect(run("reno", ["rtt", "rtt", "rtt", "rtt", "rtt", "rtt"])).toEqual([
      { event: "rtt", cwnd: 2, ssthresh: 64, phase: "slow_start" },
      { event: "rtt", cwnd: 4, ssthresh: 64, phase: "slow_start" },
      { event: "rtt", cwnd: 8, ssthresh: 64, phase: "slow_start" },
      { event: "rtt", cwnd: 16, ssthresh: 64, phase: "slow_start" },
      { event: "rtt", cwnd: 32, ssthresh: 64, phase: "slow_start" },
      { event: "rtt", cwnd: 64, ssthresh: 64, phase: "congestion_avoidance" },
    ]);
  });
  it("RFC 5681 §3.1: slow start stops at ssthresh: cwnd 16, ssthresh 20 → min(2·16, 20) = 20, then congestion avoidance 21, 22", () => {
    expect(cw("reno", ["rtt", "rtt", "rtt"], 16, 20)).toEqual([[20, 20, "congestion_avoidance"], [21, 20, "congestion_avoidance"], [22, 20, "congestion_avoidance"]]);
  });
  it("RFC 5681 §3.2: cwnd 16, three dup ACKs: the 1st and 2nd change nothing, the 3rd gives ssthresh = max(16/2, 2) = 8, cwnd = 8 + 3 = 11", () => {
    expect(cw("reno", ["dupack", "dupack", "dupack"], 16, 64)).toEqual([[16, 64, "slow_start"], [16, 64, "slow_start"], [11, 8, "fast_recovery"]]);
  });
  it("RFC 5681 §3.2 step 4: each further dup ACK inflates cwnd by one: 11 → 12 → 13, and the ACK of new data deflates it to ssthresh 8 (congestion avoidance)", () => {
    expect(cw("reno", ["dupack", "dupack", "dupack", "dupack", "dupack", "ack"], 16, 64).slice(3)).toEqual([
      [12, 8, "fast_recovery"], [13, 8, "fast_recovery"], [8, 8, "congestion_avoidance"],
    ]);
  });
  it("RFC 5681 §3.2: an odd flight rounds down: flight 15 → ssthresh max(⌊15/2⌋, 2) = 7, cwnd 10", () => {
    expect(cw("reno", ["dupack", "dupack", "dupack"], 15, 64)[2]).toEqual([10, 7, "fast_recovery"]);
  });
  it("RFC 5681 eq. 4: ssthresh is at least 2: cwnd 3 and three dup ACKs → ssthresh max(⌊3/2⌋, 2) = 2, cwnd 5", () => {
    expect(cw("reno", ["dupack", "dupack", "dupack"], 3, 64)[2]).toEqual([5, 2, "fast_recovery"]);
  });
  it("a stated flight overrides cwnd: cwnd 20 but only 12 segments in flight → ssthresh 6, cwnd 9", () => {
    expect(cw("reno", ["dupack", "dupack", { event: "dupack", flight: 12 }], 20, 64)[2]).toEqual([9, 6, "fast_recovery"]);
  });
  it("RFC 5681 eq. 4: timeout at cwnd 32 → ssthresh max(32/2, 2) = 16, cwnd 1, then slow start 2, 4, 8, 16 and congestion avoidance 17", () => {
    expect(cw("reno", ["timeout", "rtt", "rtt", "rtt", "rtt", "rtt"], 32, 64)).toEqual([
      [1, 16, "slow_start"], [2, 16, "slow_start"], [4, 16, "slow_start"], [8, 16, "slow_start"], [16, 16, "congestion_avoidance"], [17, 16, "congestion_avoidance"],
    ]);
  });
  it("RFC 5681 §3.1: a second timeout for the same retransmission holds ssthresh (16), it does not halve cwnd 1 to 2", () => {
    expect(cw("reno", ["timeout", "timeout"], 32, 64)).toEqual([[1, 16, "slow_start"], [1, 16, "slow_start"]]);
  });
  it("a timeout in fast recovery halves the flight at loss (16 → 8), not the inflated cwnd (8 + 3 + 2 = 13)", () => {
    expect(cw("reno", ["dupack", "dupack", "dupack", "dupack", "dupack", "timeout"], 16, 64).at(-1)).toEqual([1, 8, "slow_start"]);
  });
  it("RFC 5681 §3.1 byte counting: in congestion avoidance at cwnd 4, single ACKs leave cwnd at 4 until 4 segments are acknowledged, then 5", () => {
    expect(cw("reno", ["ack", "ack", "ack", "ack", "ack"], 4, 4).map((s) => s[0])).toEqual([4, 4, 4, 5, 5]);
  });
  it("RFC 5681 eq. 2: in slow start an ACK of 3 segments still adds only min(3, 1) = 1: cwnd 2 → 3", () => {
    expect(cw("reno", [{ event: "ack", acked: 3 }], 2, 64)[0][0]).toBe(3);
  });
  it("Reno: a partial ACK already ends fast recovery (cwnd 11 → ssthresh 8), so the next three dup ACKs halve again: ssthresh 4, cwnd 7", () => {
    expect(cw("reno", ["dupack", "dupack", "dupack", "partial_ack", "dupack", "dupack", "dupack"], 16, 64).slice(3)).toEqual([
      [8, 8, "congestion_avoidance"], [8, 8, "congestion_avoidance"], [8, 8, "congestion_avoidance"], [7, 4, "fast_recovery"],
    ]);
  });
  it("every step explains its rule in both languages", () => {
    for (const s of congestion({ algo: "newreno", events: ["rtt", "ack", "dupack", "dupack", "dupack", "dupack", "partial_ack", "ack", "timeout", "timeout"] })) {
      expect(s.why.en).toMatch(/RFC/);
      expect(s.why.zh).toMatch(/RFC/);
    }
  });
});

describe("NewReno (RFC 6582)", () => {
  it("RFC 6582 §3.2 step 3, partial acknowledgments: cwnd 16, 3 dup ACKs (ssthresh 8, cwnd 11), a partial ACK of 2 segments keeps fast recovery with cwnd 11 − 2 + 1 = 10", () => {
    expect(cw("newreno", ["dupack", "dupack", "dupack", { event: "partial_ack", acked: 2 }], 16, 64).at(-1)).toEqual([10, 8, "fast_recovery"]);
  });
  it("RFC 6582 §3.2 step 3, full acknowledgments: after partial ACKs the full ACK sets cwnd = ssthresh 8 and leaves fast recovery", () => {
    expect(cw("newreno", ["dupack", "dupack", "dupack", "partial_ack", "dupack", "ack"], 16, 64).slice(3)).toEqual([
      [11, 8, "fast_recovery"], [12, 8, "fast_recovery"], [8, 8, "congestion_avoidance"],
    ]);
  });
  it("without partial ACKs NewReno and Reno agree", () => {
    const ev: CongestionEventKind[] = ["rtt", "rtt", "dupack", "dupack", "dupack", "dupack", "ack", "rtt", "timeout", "rtt"];
    expect(run("newreno", ev)).toEqual(run("reno", ev));
  });
});

describe("CUBIC window (RFC 9438 §4.2)", () => {
  it("RFC 9438 eq. 2: W_max 100, β 0.7, C 0.4 → K = cbrt(100·0.3/0.4) = cbrt(75) ≈ 4.217 s and W(0) = 0.4·(−K)^3 + 100 = 100 − 30 = 70 = β·W_max", () => {
    const r = cubicWindow({ wMax: 100, t: 0 });
    expect(r.k).toBeCloseTo(4.2172, 4);
    expect(r.w).toBeCloseTo(70, 9);
  });
  it("RFC 9438 eq. 1: the window returns to W_max at t = K and grows convexly after: W(K + 2) = 0.4·8 + 100 = 103.2", () => {
    const { k } = cubicWindow({ wMax: 100, t: 0 });
    expect(cubicWindow({ wMax: 100, t: k }).w).toBeCloseTo(100, 9);
    expect(cubicWindow({ wMax: 100, t: k + 2 }).w).toBeCloseTo(103.2, 9);
  });
  it("K = cbrt(W_max·(1−β)/C): W_max 40 → cbrt(40·0.3/0.4) = cbrt(30) ≈ 3.107 s", () => {
    expect(cubicWindow({ wMax: 40, t: 1 }).k).toBeCloseTo(3.1072, 4);
  });
});

describe("input checks", () => {
  it("refuses unknown events, algorithms, counts on the wrong event and windows below the minimum", () => {
    expect(() => congestion({ algo: "reno", events: ["nope" as CongestionEventKind] })).toThrow(TransferInputError);
    expect(() => congestion({ algo: "cubic" as "reno", events: ["rtt"] })).toThrow(/algo/);
    expect(() => congestion({ algo: "reno", events: [{ event: "rtt", acked: 2 }] })).toThrow(/segment count/);
    expect(() => congestion({ algo: "reno", cwnd: 0, events: ["rtt"] })).toThrow(/cwnd/);
    expect(() => congestion({ algo: "reno", ssthresh: 1, events: ["rtt"] })).toThrow(/ssthresh/);
    expect(() => congestion({ algo: "reno", events: [] })).toThrow(/at least one/);
    expect(() => cubicWindow({ wMax: Number.NaN, t: 0 })).toThrow(/wMax/);
  });
});
