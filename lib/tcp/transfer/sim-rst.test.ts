/**
 * Forged RSTs in a data transfer (faults rst_next / rst_window / rst_outside, as in the connection
 * scenarios): RFC 9293 §3.10.7.4 with RFC 5961 §3.2, as Linux's tcp_validate_incoming()
 * (net/ipv4/tcp_input.c, 6.x) applies them: at RCV.NXT the receiver resets, inside the window it
 * sends a challenge ACK, outside it drops the RST without an answer; an end without a TCB answers
 * an ACK-bearing segment with <SEQ=SEG.ACK><CTL=RST> (§3.10.7.1).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { annotate } from "../annotate";
import { SIM_RST_OUTSIDE_OFFSET, SIM_RST_WINDOW_OFFSET } from "../constants";
import { RST_FAULT_KINDS } from "../types";
import { renderTransferTcpdump } from "./render";
import { listTransferScenarios, simulateTransferScenario, TRANSFER_SCENARIOS } from "./scenarios";
import { simulateTransfer, type TransferFault, type TransferResult } from "./sim";
import { TransferInputError } from "./errors";

const BASE = { seed: 3, writes: 8_000, delayedAckMs: false as const };
/** the run without the forged segment: what the ends sent, in order */
const sent = (r: TransferResult) => r.segments.filter((s) => !s.forged).map((s) => `${s.t} ${s.from} ${s.flags} ${s.seq} ${s.ack} ${s.len} ${s.kind}`);

describe("forged RSTs in a data transfer", () => {
  it("rst_next towards the server: the server resets; the client's next segment is answered with <SEQ=SEG.ACK><CTL=RST>, which resets the client", () => {
    const r = simulateTransfer({ ...BASE, faults: [{ from: "client", segment: 0, kind: "rst_next" }] });
    const forged = r.segments.find((s) => s.forged)!;
    expect(forged).toMatchObject({ from: "client", flags: "R", kind: "forged_rst", seq: (r.iss.client + 1 + 1000) >>> 0 });
    expect(r.summary.reset).toEqual(["server", "client"]);
    expect(r.summary.complete).toBe(false);
    const answer = r.segments.find((s) => s.kind === "rst")!;
    expect(answer).toMatchObject({ from: "server", flags: "R" });
    // its seq is the ACK of the client segment it answers: the client's RCV.NXT, so acceptable
    expect(answer.seq).toBe((r.iss.server + 1) >>> 0);
    // after its reset, the server sends nothing but RSTs, and the client nothing at all after its own
    expect(r.segments.filter((s) => s.from === "server" && s.index > forged.index).map((s) => s.kind)).toEqual(expect.arrayContaining(["rst"]));
    expect(r.segments.filter((s) => s.from === "server" && s.index > forged.index && s.kind !== "rst")).toEqual([]);
    const clientReset = r.events.find((e) => e.kind === "reset" && e.side === "client")!;
    expect(r.segments.filter((s) => s.from === "client" && s.index >= clientReset.before)).toEqual([]);
    expect(r.events.find((e) => e.kind === "forged_rst")!.note.en).toContain("resets the connection");
  });

  it("rst_window towards the server: a challenge ACK at RCV.NXT, the connection goes on and delivers everything", () => {
    const base = simulateTransfer(BASE);
    const r = simulateTransfer({ ...BASE, faults: [{ from: "client", segment: 0, kind: "rst_window" }] });
    const forged = r.segments.find((s) => s.forged)!;
    expect(forged.seq).toBe((r.iss.client + 1 + 1000 + SIM_RST_WINDOW_OFFSET) >>> 0);
    const ch = r.segments.find((s) => s.kind === "challenge_ack")!;
    expect(ch).toMatchObject({ from: "server", flags: ".", ack: (r.iss.client + 1 + 1000) >>> 0, t: forged.t });
    expect(r.summary).toMatchObject({ complete: true, reset: [], deliveredBytes: base.summary.bytes });
  });

  it("rst_outside towards the server: dropped without an answer — the run is the run without the fault, plus the forged segment", () => {
    const base = simulateTransfer(BASE);
    const r = simulateTransfer({ ...BASE, faults: [{ from: "client", segment: 0, kind: "rst_outside" }] });
    expect(r.segments.find((s) => s.forged)!.seq).toBe((r.iss.client + 1 + 1000 + SIM_RST_OUTSIDE_OFFSET) >>> 0);
    expect(sent(r)).toEqual(sent(base));
    expect(r.summary.complete).toBe(true);
  });

  it("towards the client (on a server ACK): rst_next resets the client; rst_window makes it send a challenge ACK that the server does not answer", () => {
    const next = simulateTransfer({ ...BASE, faults: [{ from: "server", segment: 0, kind: "rst_next" }] });
    expect(next.segments.find((s) => s.forged)).toMatchObject({ from: "server", seq: (next.iss.server + 1) >>> 0 });
    expect(next.summary.reset[0]).toBe("client");
    const win = simulateTransfer({ ...BASE, faults: [{ from: "server", segment: 0, kind: "rst_window" }] });
    const ch = win.segments.find((s) => s.kind === "challenge_ack")!;
    expect(ch).toMatchObject({ from: "client", len: 0, ack: (win.iss.server + 1) >>> 0 });
    // the server takes the pure ACK in its window without answering it: apart from that ACK, the run is the one without the fault
    expect(sent(win).filter((x) => !x.endsWith("challenge_ack"))).toEqual(sent(simulateTransfer(BASE)));
    expect(win.summary.complete).toBe(true);
  });

  it("the notes say what happened in both languages", () => {
    for (const kind of RST_FAULT_KINDS) {
      const r = simulateTransfer({ ...BASE, faults: [{ from: "client", segment: 1, kind }] });
      const n = r.events.find((e) => e.kind === "forged_rst")!.note;
      expect(n.en).toMatch(kind === "rst_next" ? /resets the connection/ : kind === "rst_window" ? /challenge ACK/ : /dropped without an answer/);
      expect(n.zh).toMatch(kind === "rst_next" ? /重置/ : kind === "rst_window" ? /挑战 ACK/ : /丢弃/);
    }
  });

  it("faults still count the ends' transmissions only: a fault after a forged RST hits the same segment as without it", () => {
    const drop = simulateTransfer({ ...BASE, faults: [{ segment: 6, kind: "drop" }] });
    const both = simulateTransfer({ ...BASE, faults: [{ segment: 1, kind: "rst_outside" }, { segment: 6, kind: "drop" }] });
    expect(sent(both)).toEqual(sent(drop));
  });

  it("rejects an unknown fault kind", () => {
    expect(() => simulateTransfer({ ...BASE, faults: [{ segment: 0, kind: "rst_sideways" as TransferFault["kind"] }] })).toThrow(TransferInputError);
  });

  it("property: on every scenario and segment, rst_outside changes nothing, rst_window keeps every byte delivered, rst_next resets and nothing but RSTs follows from a reset end", () => {
    const names = listTransferScenarios().map((s) => s.name);
    fc.assert(fc.property(fc.constantFrom(...names), fc.integer({ min: 0, max: 30 }), fc.constantFrom(...RST_FAULT_KINDS), (name, k, kind) => {
      const base = simulateTransferScenario(name);
      // a segment that exists and that the scenario's own faults leave alone
      if (k >= base.segments.length || base.segments[k].fate !== "delivered") return;
      // (overrides replace the scenario's own faults: keep them)
      const own = TRANSFER_SCENARIOS.find((s) => s.name === name)!.options.faults ?? [];
      if (own.some((f) => f.from === undefined && f.segment === k)) return;
      const r = simulateTransferScenario(name, { faults: [...own, { segment: k, kind }] });
      if (kind === "rst_outside") expect(sent(r)).toEqual(sent(base));
      if (kind === "rst_window") expect(r.summary.deliveredBytes).toBe(base.summary.deliveredBytes);
      if (kind === "rst_next") {
        expect(r.summary.reset.length).toBeGreaterThan(0);
        for (const side of r.summary.reset) {
          const at = r.events.find((e) => e.kind === "reset" && e.side === side)!.t;
          expect(r.segments.filter((s) => s.from === side && !s.forged && s.t > at && s.kind !== "rst")).toEqual([]);
        }
      }
      // the explainer reads the capture on the wire with the same segments (and the forged one)
      expect(annotate(renderTransferTcpdump(r, { vantage: "wire" })).segments).toHaveLength(r.segments.length);
    }), { numRuns: 120 });
  });
});
