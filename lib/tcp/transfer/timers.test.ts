import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TransferInputError } from "./errors";
import { keepaliveSchedule, modelTimeout, nagleStall, retransmitGiveUp, synRetries } from "./timers";

describe("keepaliveSchedule (tcp_keepalive_timer, Linux 6.6: dead when the timer fires with probes_out ≥ keepalive_probes)", () => {
  it("defaults 7200 / 75 / 9: probes at 7200, 7275, …, 7800 s; dead at 7200 + 9 × 75 = 7875 s (2 h 11 min 15 s)", () => {
    const r = keepaliveSchedule({ time: 7200, intvl: 75, probes: 9 });
    expect(r.probes).toEqual([7200, 7275, 7350, 7425, 7500, 7575, 7650, 7725, 7800]);
    expect(r.dead).toBe(7875);
  });
  it("TCP_KEEPIDLE 60, TCP_KEEPINTVL 10, TCP_KEEPCNT 3: 60 + 3 × 10 = 90 s", () => {
    expect(keepaliveSchedule({ time: 60, intvl: 10, probes: 3 }).dead).toBe(90);
  });
  it("refuses 0 probes (the kernel allows 1 to 127, MAX_TCP_KEEPCNT)", () => {
    expect(() => keepaliveSchedule({ time: 60, intvl: 10, probes: 0 })).toThrow(TransferInputError);
  });
  it("property: dead = last probe + intvl", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 32767 }), fc.integer({ min: 1, max: 32767 }), fc.integer({ min: 1, max: 127 }), (time, intvl, probes) => {
        const r = keepaliveSchedule({ time, intvl, probes });
        expect(r.probes).toHaveLength(probes);
        expect(r.dead).toBe(r.probes[probes - 1] + intvl);
      }),
    );
  });
});

describe("modelTimeout (tcp_model_timeout, net/ipv4/tcp_timer.c)", () => {
  it("tcp_retries2 = 15 from TCP_RTO_MIN 200 ms: (2^10 − 1) × 0.2 + (15 − 9) × 120 = 924.6 s (ip-sysctl's figure)", () => {
    expect(modelTimeout(15, 200)).toBe(924_600);
  });
  it("tcp_syn_retries = 6 from 1 s: (2^7 − 1) × 1 = 127 s", () => {
    expect(modelTimeout(6, 1000)).toBe(127_000);
  });
});

describe("synRetries (tcp_write_timeout and tcp_retransmit_timer, Linux 6.5+; reqsk_timer_handler)", () => {
  it("Linux 6.5+ defaults, tcp_syn_retries 6 and tcp_syn_linear_timeouts 4: resent at 1,2,3,4,5,7,11,19,35,67 s; fails at 67 + 64 = 131 s", () => {
    const r = synRetries({ side: "syn", retries: 6, linear: 4 });
    expect(r.retransmits).toEqual([1, 2, 3, 4, 5, 7, 11, 19, 35, 67].map((x) => x * 1000));
    expect(r.giveUp).toBe(131_000);
  });
  it("before 6.5 (no linear timeouts), tcp_syn_retries 6: resent at 1,3,7,15,31,63 s; fails at 127 s (ip-sysctl: about 127 s)", () => {
    const r = synRetries({ side: "syn", retries: 6, linear: 0 });
    expect(r.retransmits).toEqual([1, 3, 7, 15, 31, 63].map((x) => x * 1000));
    expect(r.giveUp).toBe(127_000);
  });
  it("tcp_syn_retries 2 with 4 linear timeouts: the time limit (2^3 − 1) × 1 s = 7 s ends it after 5 retransmissions", () => {
    const r = synRetries({ side: "syn", retries: 2, linear: 4 });
    expect(r.retransmits).toEqual([1, 2, 3, 4, 5].map((x) => x * 1000));
    expect(r.giveUp).toBe(7000);
  });
  it("SYN+ACK with tcp_synack_retries 5: resent at 1, 3, 7, 15, 31 s; dropped at 63 s (ip-sysctl)", () => {
    const r = synRetries({ side: "synack", retries: 5 });
    expect(r.retransmits).toEqual([1, 3, 7, 15, 31].map((x) => x * 1000));
    expect(r.giveUp).toBe(63_000);
  });
  it("property: at most retries + linear retransmissions, increasing, and give-up after the last", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 10 }), (retries, linear) => {
        const r = synRetries({ side: "syn", retries, linear });
        expect(r.retransmits.length).toBeLessThanOrEqual(retries + linear);
        expect(r.retransmits.length).toBeGreaterThanOrEqual(1);
        r.retransmits.forEach((t, i) => expect(t).toBeGreaterThan(i === 0 ? 0 : r.retransmits[i - 1]));
        expect(r.giveUp).toBeGreaterThan(r.retransmits.at(-1)!);
        // without linear timeouts the count limit and the time limit agree (both model doubling from 1 s)
        if (linear === 0) expect(r.retransmits.length).toBe(retries);
      }),
    );
  });
});

describe("retransmitGiveUp (retransmits_timed_out with tcp_retries2, ip-sysctl: the first RTO past the hypothetical timeout)", () => {
  it("tcp_retries2 15 with RTO 200 ms: 15 retransmissions, error at exactly 924.6 s", () => {
    const r = retransmitGiveUp({ retries2: 15, rto: 200 });
    expect(r.limit).toBe(924_600);
    expect(r.retransmits).toHaveLength(15);
    expect(r.giveUp).toBe(924_600);
  });
  it("tcp_retries2 15 with RTO 1 s: limit 924.6 s, error at the first expiry after it", () => {
    const r = retransmitGiveUp({ retries2: 15, rto: 1000 });
    // 1+2+…+64 = 127 s, then +120 s each: 247, 367, …, 847, 967
    expect(r.giveUp).toBe(967_000);
    expect(r.retransmits.at(-1)).toBe(847_000);
  });
  it("tcp_retries2 8 with RTO 200 ms: (2^9 − 1) × 0.2 = 102.2 s", () => {
    expect(retransmitGiveUp({ retries2: 8, rto: 200 }).giveUp).toBe(102_200);
  });
  it("property: the error comes at or after the limit and the last retransmission before it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 200, max: 3000 }), (r2, rto) => {
        const r = retransmitGiveUp({ retries2: r2, rto });
        expect(r.giveUp).toBeGreaterThanOrEqual(r.limit);
        expect(r.retransmits.length === 1 || r.retransmits.at(-1)! < r.limit).toBe(true);
      }),
    );
  });
});

describe("nagleStall (RFC 9293 §3.7.4 Nagle; §3.8.6.3 delayed ACK)", () => {
  it("RTT 40 ms, delayed ACK 200 ms: the body leaves at 40 + 200 = 240 ms, the response arrives at 280 ms instead of 40", () => {
    expect(nagleStall({ rtt: 40, delayedAck: 200 })).toMatchObject({ bodySent: 240, response: 280, noDelay: 40 });
  });
  it("refuses a delayed ACK above RFC 1122's 500 ms", () => {
    expect(() => nagleStall({ rtt: 40, delayedAck: 600 })).toThrow(TransferInputError);
  });
  it("property: the stall costs exactly one round trip plus the ACK delay", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10000 }), fc.integer({ min: 1, max: 500 }), (rtt, d) => {
        const r = nagleStall({ rtt, delayedAck: d });
        expect(r.response - r.noDelay).toBe(rtt + d);
      }),
    );
  });
});
