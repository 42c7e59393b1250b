import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TransferInputError } from "./errors";
import { acceptQueue, ephemeralPorts, frameReads, mssFromMtu, scaledWindow } from "./limits";

describe("mssFromMtu (RFC 9293 §3.7.1: MSS = MTU − IP header − TCP header; options come out of the payload)", () => {
  it("Ethernet 1500, IPv4: 1500 − 20 − 20 = 1460; with timestamps 1460 − 12 = 1448 per segment", () => {
    expect(mssFromMtu({ mtu: 1500, family: "ipv4" })).toMatchObject({ mss: 1460, payload: 1460 });
    expect(mssFromMtu({ mtu: 1500, family: "ipv4", timestamps: true })).toMatchObject({ mss: 1460, payload: 1448 });
  });
  it("IPv6's fixed header is 40 bytes: 1500 − 40 − 20 = 1440", () => {
    expect(mssFromMtu({ mtu: 1500, family: "ipv6" }).mss).toBe(1440);
  });
  it("PPPoE 1492: 1492 − 20 − 20 = 1452; the sender uses min(peer's 1400, own 1452) = 1400", () => {
    expect(mssFromMtu({ mtu: 1492, family: "ipv4", peerMss: 1400 })).toMatchObject({ mss: 1452, payload: 1400 });
  });
  it("10 000 bytes at 1448 per segment: ⌈10000 / 1448⌉ = 7 segments", () => {
    expect(mssFromMtu({ mtu: 1500, family: "ipv4", timestamps: true, bytes: 10_000 }).segments).toBe(7);
  });
  it("UDP on the same link: 1500 − 20 − 8 = 1472 bytes per unfragmented datagram (IPv6: 1452)", () => {
    expect(mssFromMtu({ mtu: 1500, family: "ipv4" }).udpPayload).toBe(1472);
    expect(mssFromMtu({ mtu: 1500, family: "ipv6" }).udpPayload).toBe(1452);
  });
  it("refuses an MTU below the IPv4 minimum 576 / IPv6 minimum 1280 (RFC 8200 §5)", () => {
    expect(() => mssFromMtu({ mtu: 500, family: "ipv4" })).toThrow(TransferInputError);
    expect(() => mssFromMtu({ mtu: 1200, family: "ipv6" })).toThrow(TransferInputError);
  });
  it("property: segments × payload covers the bytes and one segment fewer does not", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1280, max: 9000 }), fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 10_000_000 }), (mtu, v6, ts, bytes) => {
        const r = mssFromMtu({ mtu, family: v6 ? "ipv6" : "ipv4", timestamps: ts, bytes });
        expect(r.segments! * r.payload).toBeGreaterThanOrEqual(bytes);
        expect((r.segments! - 1) * r.payload).toBeLessThan(bytes);
        expect(r.payload + (ts ? 12 : 0) + 20 + (v6 ? 40 : 20)).toBe(mtu);
      }),
    );
  });
});

describe("scaledWindow (RFC 7323 §2.3: window = SEG.WND << Snd.Wind.Shift)", () => {
  it("win 502 with wscale 7: 502 × 2^7 = 64256 bytes", () => {
    expect(scaledWindow({ win: 502, wscale: 7 }).window).toBe(64256);
  });
  it("65535 bytes per 100 ms round trip: 655350 bytes/s (about 5.24 Mbit/s)", () => {
    expect(scaledWindow({ win: 65535, wscale: 0, rttMs: 100 }).throughput).toBe(655350);
  });
  it("a shift above 14 counts as 14 (RFC 7323 §2.3)", () => {
    expect(scaledWindow({ win: 1, wscale: 15 }).window).toBe(2 ** 14);
  });
  it("property: throughput × RTT = window", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 1, max: 60_000 }), (win, ws, rtt) => {
        const r = scaledWindow({ win, wscale: ws, rttMs: rtt });
        expect(r.window).toBe(win * 2 ** ws);
        expect((r.throughput! * rtt) / 1000).toBeCloseTo(r.window, 3);
      }),
    );
  });
});

describe("ephemeralPorts (ip_local_port_range; __inet_hash_connect, inet_csk_find_open_port; TCP_TIMEWAIT_LEN 60 s)", () => {
  it("the default range 32768–60999: 60999 − 32768 + 1 = 28232 ports, ⌊28232 / 60⌋ = 470 closed connections per second", () => {
    expect(ephemeralPorts({ low: 32768, high: 60999 })).toMatchObject({ ports: 28232, connect: 28232, bindFirst: 28232, maxRate: 470 });
  });
  it("connect() to 3 destinations: 28232 × 3 = 84696 at once; bind(0) first: still 28232", () => {
    expect(ephemeralPorts({ low: 32768, high: 60999, destinations: 3 })).toMatchObject({ connect: 84696, bindFirst: 28232 });
  });
  it("1000 closes per second hold 1000 × 60 = 60000 ports in TIME-WAIT, more than 28232", () => {
    const r = ephemeralPorts({ low: 32768, high: 60999, rate: 1000 });
    expect(r.inTimeWait).toBe(60000);
    expect(r.steps.at(-1)!.en).toContain("EADDRNOTAVAIL");
  });
  it("refuses high < low", () => {
    expect(() => ephemeralPorts({ low: 5000, high: 4000 })).toThrow(TransferInputError);
  });
  it("property: a rate of maxRate fits in the range and maxRate + 1 does not", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1024, max: 65535 }), fc.integer({ min: 60, max: 64000 }), (low, n) => {
        const high = Math.min(65535, low + n - 1);
        const r = ephemeralPorts({ low, high });
        expect(r.maxRate * 60).toBeLessThanOrEqual(r.ports);
        expect((r.maxRate + 1) * 60).toBeGreaterThan(r.ports);
      }),
    );
  });
});

describe("frameReads (RFC 9293 §2.2: a byte stream; 4-byte length prefixes cut it into messages)", () => {
  it("messages of 10 and 20 bytes read as 6, 20, 12: 0 complete (6 buffered), 1 (12 buffered: 26 − 14), 1 (0 buffered)", () => {
    expect(frameReads({ header: 4, messages: [10, 20], reads: [6, 20, 12] }).reads).toEqual([
      { bytes: 6, completed: 0, buffered: 6 },
      { bytes: 20, completed: 1, buffered: 12 },
      { bytes: 12, completed: 1, buffered: 0 },
    ]);
  });
  it("one read may complete several messages: 3 messages of 5 in one recv of 27 bytes", () => {
    expect(frameReads({ header: 4, messages: [5, 5, 5], reads: [27] }).reads).toEqual([{ bytes: 27, completed: 3, buffered: 0 }]);
  });
  it("refuses reads that do not add up to the stream", () => {
    expect(() => frameReads({ header: 4, messages: [10], reads: [5] })).toThrow(TransferInputError);
  });
  it("property: every message is completed exactly once and nothing is left at the end", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 19 }), (msgs, cuts) => {
        const total = msgs.reduce((a, m) => a + 4 + m, 0);
        const reads: number[] = [];
        let left = total;
        for (const c of cuts) {
          if (left <= 0) break;
          const r = Math.min(c, left);
          reads.push(r);
          left -= r;
        }
        if (left > 0) reads.push(left);
        if (reads.length > 20) return;
        const out = frameReads({ header: 4, messages: msgs, reads }).reads;
        expect(out.reduce((a, r) => a + r.completed, 0)).toBe(msgs.length);
        expect(out.at(-1)!.buffered).toBe(0);
      }),
    );
  });
});

describe("acceptQueue (__sys_listen caps at somaxconn; sk_acceptq_is_full is `>`, include/net/sock.h, Linux 6.6)", () => {
  it("listen(fd, 128) with somaxconn 4096: Send-Q 128, and 128 + 1 = 129 connections fit (ss shows Recv-Q 129)", () => {
    expect(acceptQueue({ backlog: 128, somaxconn: 4096, completed: 500 })).toMatchObject({ sendQ: 128, holds: 129, recvQ: 129, refused: 371 });
  });
  it("listen(fd, 1024) with the pre-5.4 somaxconn 128: min(1024, 128) = 128", () => {
    expect(acceptQueue({ backlog: 1024, somaxconn: 128 }).sendQ).toBe(128);
  });
  it("backlog 0 still holds one connection", () => {
    expect(acceptQueue({ backlog: 0, somaxconn: 4096 }).holds).toBe(1);
  });
  it("property: Recv-Q never exceeds Send-Q + 1 and held + refused = completed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 100000 }), (b, s, n) => {
        const r = acceptQueue({ backlog: b, somaxconn: s, completed: n });
        expect(r.recvQ!).toBeLessThanOrEqual(r.sendQ + 1);
        expect(r.recvQ! + r.refused!).toBe(n);
      }),
    );
  });
});
