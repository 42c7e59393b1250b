/**
 * Issue 21: captures the reproduce scripts found the explainer could not read (docs/contracts.md
 * "Stale copies, second SYNs and overtaken segments"):
 * - a copy of an earlier segment that arrives after the reply, carrying an old ACK (the network's
 *   duplicate or a delayed copy): no retransmission, nothing lost;
 * - an old duplicate SYN (RFC 9293 §3.5 Figure 8): the SYN-ACK answering it, the client's RST, the
 *   listener back to LISTEN, then the real SYN — which the old one overtook;
 * - a new connection attempt from the same port (a second SYN with a higher ISN from SYN_SENT).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { annotate, settledLines } from "./annotate";
import { renderTcpdump } from "./tcpdump";
import { simulate } from "./scenarios";
import { seqAdd } from "./seq";
import type { SimStep } from "./types";

type Seg = { from: "client" | "server"; flags: string; seq: number; ack: number | null; len: number };
const seg = (from: Seg["from"], flags: string, seq: number, ack: number | null, len = 0): Seg => ({ from, flags, seq, ack, len });
const text = (segs: Seg[]) => renderTcpdump(segs, { numbering: "absolute" });
const states = (segs: Seg[]) => annotate(text(segs)).segments.map((s) => `${s.client} ${s.server}`);

const C = 1000; // client ISS
const S = 5000; // server ISS
const E = "ESTABLISHED ESTABLISHED";
/** handshake, a 100-byte request, its ACK, a 200-byte response, its ACK */
const EXCHANGE: Seg[] = [
  seg("client", "S", C, null), seg("server", "S.", S, C + 1), seg("client", ".", C + 1, S + 1),
  seg("client", "P.", C + 1, S + 1, 100), seg("server", ".", S + 1, C + 101),
  seg("server", "P.", S + 1, C + 101, 200), seg("client", ".", C + 101, S + 201),
];
/** the client closes first, then the server */
const CLOSE: Seg[] = [
  seg("client", "F.", C + 101, S + 201), seg("server", ".", S + 201, C + 102),
  seg("server", "F.", S + 201, C + 102), seg("client", ".", C + 102, S + 202),
];
const CLOSE_STATES = ["FIN_WAIT_1 CLOSE_WAIT", "FIN_WAIT_2 CLOSE_WAIT", "TIME_WAIT LAST_ACK", "TIME_WAIT CLOSED"];

describe("a stale copy: an earlier segment again, after the reply, with an old ACK", () => {
  // A TCP always acknowledges its current RCV.NXT (RFC 9293 §3.10.7.4; Linux tcp_transmit_skb()
  // writes tp->rcv_nxt, net/ipv4/tcp_output.c, 6.x): the request's copy below carries ack S+1 after
  // the client sent ack S+201, so the client's TCB did not send it then.
  const copy = seg("client", "P.", C + 1, S + 1, 100);
  const dupAck = seg("server", ".", S + 201, C + 101);

  it("is not a retransmission: the server's ACKs are not lost and the client still reaches TIME_WAIT (captures/analysis/duplicate-after-reply)", () => {
    const a = annotate(text([...EXCHANGE, copy, dupAck, ...CLOSE]));
    expect(a.problems).toEqual([]);
    expect(a.segments.map((s) => s.delivery.kind)).not.toContain("lost");
    expect(a.segments.map((s) => `${s.client} ${s.server}`)).toEqual([
      "SYN_SENT SYN_RECEIVED", "ESTABLISHED SYN_RECEIVED", E, E, E, E, E, E, E, ...CLOSE_STATES]);
    // Wireshark's reading of the same: data the peer already acknowledged, then its duplicate ACK
    expect(a.segments[7].events).toEqual(["spurious_retransmission"]);
    expect(a.segments[8].events).toEqual(["dup_ack"]);
  });

  it("the same segment with the sender's current ACK is a retransmission, which proves the server's later ACKs lost", () => {
    // the control: only the ACK field differs, and a real retransmission from SND.UNA says the ACK
    // of the request never arrived (issue 16's rule), so the client never got the response either
    const a = annotate(text([...EXCHANGE.slice(0, 5), seg("client", "P.", C + 1, S + 1, 100), seg("server", ".", S + 1, C + 101)]));
    expect(a.segments[4].delivery.kind).toBe("lost");
  });

  it("a copy of the client's SYN after the handshake is no new SYN: no problem, the server answers with an ACK (RFC 5961 §4)", () => {
    const a = annotate(text([...EXCHANGE.slice(0, 3), seg("client", "S", C, null), seg("server", ".", S + 1, C + 1), ...EXCHANGE.slice(3), ...CLOSE]));
    expect(a.problems).toEqual([]);
    expect(a.segments[3]).toMatchObject({ client: "ESTABLISHED", server: "ESTABLISHED", delivery: { kind: "at_once" } });
    expect(a.segments.at(-1)).toMatchObject({ client: "TIME_WAIT", server: "CLOSED" });
  });

  it("a copy of the SYN-ACK after the first data is no retransmission either (the client's data is not lost)", () => {
    const a = annotate(text([...EXCHANGE.slice(0, 5), seg("server", "S.", S, C + 1), seg("client", ".", C + 101, S + 1), ...EXCHANGE.slice(5), ...CLOSE]));
    expect(a.problems).toEqual([]);
    expect(a.segments.map((s) => s.delivery.kind)).not.toContain("lost");
    expect(a.segments.slice(-4).map((s) => `${s.client} ${s.server}`)).toEqual(CLOSE_STATES);
  });

  it("property: a stale copy of any earlier ACK-bearing segment, put anywhere after its sender acknowledged more, changes no other line", () => {
    const base = [...EXCHANGE, ...CLOSE];
    const want = annotate(text(base)).segments.map((s) => `${s.client} ${s.server} ${s.delivery.kind}`);
    // candidates: (segment k, insert after line j) with a later line of k's sender before j that carries a higher ack
    const pairs: [number, number][] = [];
    for (let k = 1; k < base.length; k++) {
      if (base[k].ack === null) continue;
      for (let j = k + 1; j < base.length; j++) {
        const higher = base.slice(k + 1, j + 1).some((x) => x.from === base[k].from && x.ack !== null && x.ack > base[k].ack!);
        if (higher) pairs.push([k, j]);
      }
    }
    expect(pairs.length).toBeGreaterThan(20);
    fc.assert(fc.property(fc.constantFrom(...pairs), ([k, j]) => {
      const withCopy = [...base.slice(0, j + 1), { ...base[k] }, ...base.slice(j + 1)];
      const a = annotate(text(withCopy));
      expect(a.problems).toEqual([]);
      const others = a.segments.filter((_, i) => i !== j + 1).map((s) => `${s.client} ${s.server} ${s.delivery.kind}`);
      expect(others).toEqual(want);
    }), { numRuns: 100 });
  });
});

describe("an old duplicate SYN (RFC 9293 §3.5 Figure 8)", () => {
  // the real SYN (ISS C) is delayed; the old one (C − 10,000) reaches the listener first
  const OLD = C - 10_000 >>> 0;
  const figure8 = (realAgain: boolean): Seg[] => [
    seg("client", "S", C, null),
    seg("client", "S", OLD, null),
    seg("server", "S.", S, OLD + 1),
    // <SEQ=SEG.ACK><CTL=RST> from SYN_SENT (RFC 9293 §3.10.7.3; Linux tcp_rcv_synsent_state_process → reset_and_undo)
    seg("client", "R", OLD + 1, null),
    ...(realAgain ? [seg("client", "S", C, null)] : []),
    seg("server", "S.", S + 7, C + 1),
    seg("client", ".", C + 1, S + 8),
  ];

  it("the engine's own run: the old SYN overtakes the delayed real one, the RST sends the listener back to LISTEN, then the real SYN", () => {
    const a = annotate(text(figure8(false)));
    expect(a.problems).toEqual([]);
    expect(a.segments.map((s) => `${s.client} ${s.server}`)).toEqual([
      "SYN_SENT LISTEN", "SYN_SENT LISTEN", "SYN_SENT SYN_RECEIVED", "SYN_SENT LISTEN", "ESTABLISHED SYN_RECEIVED", E]);
    // the real SYN is received at the SYN-ACK that acknowledges it, after the RST sent later
    expect(a.segments[0].delivery).toMatchObject({ kind: "crossed", at: 4 });
    expect(a.segments[1].delivery).toMatchObject({ kind: "crossed", at: 2 });
    expect(a.segments[3].delivery.kind).toBe("at_once");
  });

  it("Linux's capture: the first real SYN is lost and its retransmission opens the connection (lib/lab/reproduce.kernel.test.ts)", () => {
    const a = annotate(text(figure8(true)));
    expect(a.problems).toEqual([]);
    expect(a.segments.map((s) => `${s.client} ${s.server}`)).toEqual([
      "SYN_SENT LISTEN", "SYN_SENT LISTEN", "SYN_SENT SYN_RECEIVED", "SYN_SENT LISTEN", "SYN_SENT SYN_RECEIVED", "ESTABLISHED SYN_RECEIVED", E]);
    expect(a.segments[0].delivery).toMatchObject({ kind: "lost", proof: 4 });
  });

  it("without the client's RST, a lower second ISN is still the older one (the ISN clock, RFC 9293 §3.4.1)", () => {
    const a = annotate(text([seg("client", "S", C, null), seg("client", "S", OLD, null), seg("server", "S.", S, C + 1), seg("client", ".", C + 1, S + 1)]));
    expect(a.problems).toEqual([]);
    expect(a.segments.at(-1)).toMatchObject({ client: "ESTABLISHED", server: "ESTABLISHED" });
  });

  it("property: every seed's run of old-duplicate-syn reads back without problems and with the run's states on every settled line", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), fc.constantFrom<"absolute" | "relative">("absolute", "relative"), (seed, numbering) => {
      const r = simulate("old-duplicate-syn", { seed });
      const a = annotate(renderTcpdump(r.steps, { numbering }));
      expect(a.problems).toEqual([]);
      const settled = settledLines(a);
      const shown = (s: SimStep, i: number) => s.fate === "delivered" && settled[i];
      expect(a.segments.map((s, i) => (shown(r.steps[i], i) ? `${s.client} ${s.server}` : "?")))
        .toEqual(r.steps.map((s, i) => (shown(s, i) ? `${s.client} ${s.server}` : "?")));
      // each side goes through the same states as in Figure 8
      const server = a.segments.map((s) => s.server).filter((x, i, all) => i === 0 || all[i - 1] !== x);
      expect(server.slice(0, 5)).toEqual(["LISTEN", "SYN_RECEIVED", "LISTEN", "SYN_RECEIVED", "ESTABLISHED"]);
    }), { numRuns: 60 });
  });
});

describe("a new connection attempt from the same port", () => {
  it("a second SYN with a higher ISN from SYN_SENT is a new TCB; the unanswered first SYN was lost (captures/analysis/syn-new-attempt)", () => {
    const NEW = seqAdd(C, 6_400_000); // Linux: about 0.4 s of the 64 ns ISN clock later
    const a = annotate(text([
      seg("client", "S", C, null), seg("client", "S", NEW, null), seg("server", "S.", S, NEW + 1), seg("client", ".", NEW + 1, S + 1),
      seg("client", "P.", NEW + 1, S + 1, 10), seg("server", ".", S + 1, NEW + 11),
    ]));
    expect(a.problems).toEqual([]);
    expect(a.segments.map((s) => `${s.client} ${s.server}`)).toEqual([
      "SYN_SENT LISTEN", "SYN_SENT SYN_RECEIVED", "ESTABLISHED SYN_RECEIVED", E, E, E]);
    expect(a.segments[0].delivery).toMatchObject({ kind: "lost", proof: 1 });
    // Wireshark starts a new conversation there (reused ports): no lost segment, no ACK of an unseen one
    expect(a.segments.flatMap((s) => s.events)).toEqual([]);
  });

  it("after a SYN-ACK to the first attempt, the second SYN reaches a SYN_RECEIVED listener: back to LISTEN (RFC 9293 §3.10.7.4 fourth), Linux's RST refuses it", () => {
    // Linux: tcp_check_req() meets an in-window SYN that is not the request's own → embryonic_reset:
    // an RST answering the SYN (<SEQ=0><ACK=SEG.SEQ+1><CTL=RST,ACK>) and the request dropped
    const NEW = seqAdd(C, 100);
    const a = annotate(text([seg("client", "S", C, null), seg("server", "S.", S, C + 1), seg("client", "S", NEW, null), seg("server", "R.", 0, NEW + 1)]));
    expect(a.problems).toEqual([]);
    expect(a.segments.map((s) => `${s.client} ${s.server}`)).toEqual([
      "SYN_SENT SYN_RECEIVED", "SYN_SENT SYN_RECEIVED", "SYN_SENT LISTEN", "CLOSED LISTEN"]);
  });

  it("property: whatever the gap between the ISNs, a higher second ISN answered by the listener opens the connection without problems", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (iss, gap) => {
      const next = seqAdd(iss, gap);
      const a = annotate(text([seg("client", "S", iss, null), seg("client", "S", next, null), seg("server", "S.", S, seqAdd(next, 1)),
        seg("client", ".", seqAdd(next, 1), S + 1)]));
      expect(a.problems).toEqual([]);
      expect(a.segments.at(-1)).toMatchObject({ client: "ESTABLISHED", server: "ESTABLISHED" });
      expect(a.segments[0].delivery.kind).toBe("lost");
    }), { numRuns: 200 });
  });
});
