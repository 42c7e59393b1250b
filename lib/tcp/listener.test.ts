/**
 * Tests for the listener in front of the server endpoint: its accept queue (listen() backlog).
 * RFC 9293 leaves queue limits to the implementation; the behaviour tested is Linux's
 * (tcp_conn_request, tcp_check_req, net.ipv4.tcp_abort_on_overflow).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { annotate, settledLines } from "./annotate";
import { INITIAL_RTO_MS, LINUX_TCP_SYN_LINEAR_TIMEOUTS, LINUX_TCP_SYNACK_RETRIES, LINUX_TCP_SYN_RETRIES } from "./constants";
import { listScenarios, simulate } from "./scenarios";
import { Simulator, type ListenerOptions } from "./simulator";
import { renderTcpdump } from "./tcpdump";
import type { Fault, SimStep } from "./types";

const flagsOf = (steps: SimStep[]) => steps.map((s) => `${s.from[0]}:${s.flags}${s.fate === "dropped" ? "x" : ""}`).join(" ");

/** A listener with the given queues and a client connecting to it (ISS fixed near 2^32 on purpose). */
function listening(listener: ListenerOptions): Simulator {
  const sim = new Simulator("listener", 1, { iss: { client: 0xffff_fff0, server: 0xffff_ff00 } });
  sim.listener = listener;
  sim.ep.server.listen();
  sim.ep.client.connect(sim.issOf.client);
  sim.flush("client");
  return sim;
}
/** The accept queue fills while the SYN-ACK is in flight (another client's handshake completes). */
function fillsDuringHandshake(sim: Simulator): Simulator {
  return sim.then({ ready: () => true, delay: 15, run: (s) => void (s.listener!.accepted = (s.listener!.accepted ?? 0) + 1) });
}
const QUEUE_WITH_ONE_PLACE: ListenerOptions = { synQueue: 128, acceptQueue: 3, accepted: 2, synCookies: false, flood: 0 };

describe("the accept-queue-full scenario", () => {
  it("is listed with a bilingual title and description that name the Linux behaviour", () => {
    const s = listScenarios().find((x) => x.name === "accept-queue-full")!;
    expect(s.title.en && s.title.zh).toBeTruthy();
    expect(s.description.en).toMatch(/tcp_abort_on_overflow = 0/);
    expect(s.description.zh).toMatch(/tcp_abort_on_overflow = 0/);
    expect(s.description.en).toMatch(/accept\(\)/);
  });
  it("is deterministic for a given seed and differs between seeds", () => {
    expect(simulate("accept-queue-full", { seed: 9 })).toEqual(simulate("accept-queue-full", { seed: 9 }));
    expect(simulate("accept-queue-full", { seed: 1 }).steps[0].seq).not.toBe(simulate("accept-queue-full", { seed: 2 }).steps[0].seq);
  });
  it("the client is ESTABLISHED after the SYN-ACK while the listener drops its ACK and the server stays SYN_RECEIVED", () => {
    const r = simulate("accept-queue-full", { seed: 3 });
    expect(r.steps[1]).toMatchObject({ from: "server", flags: "S.", client: "ESTABLISHED", server: "SYN_RECEIVED" });
    expect(r.steps[2]).toMatchObject({ from: "client", flags: ".", fate: "dropped", client: "ESTABLISHED", server: "SYN_RECEIVED" });
    expect(r.steps[2].note?.en).toMatch(/Accept queue full.*tcp_abort_on_overflow = 0/);
    expect(r.steps[2].note?.zh).toMatch(/全连接队列已满/);
    expect(r.transitions.some((t) => t.side === "server" && t.to === "ESTABLISHED")).toBe(false);
  });
  it("the SYN-ACK timer resends the SYN-ACK at 1, 3, 7, 15 and 31 s and every ACK that answers it is dropped", () => {
    const r = simulate("accept-queue-full", { seed: 3 });
    expect(flagsOf(r.steps)).toBe("c:S s:S. c:.x s:S. c:.x s:S. c:.x s:S. c:.x s:S. c:.x s:S. c:.x");
    const t0 = r.steps[1].t;
    expect(r.steps.filter((s) => s.retransmission).map((s) => s.t - t0)).toEqual([1, 3, 7, 15, 31].map((x) => x * INITIAL_RTO_MS));
    expect(r.steps.filter((s) => s.retransmission).length).toBe(LINUX_TCP_SYNACK_RETRIES);
    for (const s of r.steps.slice(2)) expect(s).toMatchObject({ client: "ESTABLISHED", server: "SYN_RECEIVED" });
  });
  it("after tcp_synack_retries the server forgets the half-open connection silently: LISTEN, while the client stays ESTABLISHED", () => {
    const r = simulate("accept-queue-full", { seed: 3 });
    expect(r.final.server.state).toBe("LISTEN");
    expect(r.final.client.state).toBe("ESTABLISHED");
    expect(r.final.t - r.steps[1].t).toBe(63 * INITIAL_RTO_MS);
    expect(r.steps.some((s) => s.flags.startsWith("R"))).toBe(false);
  });
  it("renderTcpdump then annotate gives back the simulated states and no problems, for seeds, losses and duplicates", () => {
    // No "delay" faults here: a delayed segment overtaken by a later one of the same sender (e.g. a
    // SYN-ACK overtaken by the ACK that answers a duplicate SYN) is printed in sending order, and no
    // capture can say which one arrived first; that ambiguity is not this scenario's.
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }),
      fc.array(fc.record({ segment: fc.integer({ min: 0, max: 14 }), kind: fc.constantFrom<Fault["kind"]>("drop", "duplicate") }), { maxLength: 3 }),
      fc.constantFrom<"absolute" | "relative">("absolute", "relative"),
      (seed, faults, numbering) => {
        const r = simulate("accept-queue-full", { seed, faults });
        // the capture sees every segment, dropped ones too (as on loopback, where iptables drops a
        // packet after tcpdump saw it): that is what lets the annotator prove a segment lost
        const shown = r.steps;
        const a = annotate(renderTcpdump(shown, { numbering }));
        // Issue 16: the simulator's step shows the states once its receiver processed it; an annotated
        // line shows them at the moment the capture saw it. The two agree on every settled line
        // (received at once, nothing earlier still in flight); lines that crossed others, lost ones,
        // and dropped, delayed or duplicated copies (received at a moment no capture shows) are not compared.
        const settled = settledLines(a);
        const hidden = (s: SimStep, i: number) => s.fate !== "delivered" || !settled[i];
        expect(a.segments.map((s, i) => `${s.from} ${s.flags} ${hidden(shown[i], i) ? "?" : `${s.client} ${s.server}`}`))
          .toEqual(shown.map((s, i) => `${s.from} ${s.flags} ${hidden(s, i) ? "?" : `${s.client} ${s.server}`}`));
        expect(a.problems).toEqual([]);
      }), { numRuns: 1000 });
  });
});

describe("Tests for a listener whose accept queue is full", () => {
  it("a SYN is dropped without a reply, and connect() times out after tcp_syn_retries + tcp_syn_linear_timeouts retransmissions (Linux 6.5+)", () => {
    const sim = listening({ ...QUEUE_WITH_ONE_PLACE, accepted: 3 });
    sim.run();
    const r = sim.result();
    expect(r.steps.length).toBe(LINUX_TCP_SYN_RETRIES + LINUX_TCP_SYN_LINEAR_TIMEOUTS + 1);
    expect(r.steps.every((s) => s.flags === "S" && s.fate === "dropped" && s.server === "LISTEN")).toBe(true);
    expect(r.steps[0].note?.en).toMatch(/Accept queue full.*drops a new SYN/);
    expect(r.final).toMatchObject({ client: { state: "CLOSED" }, server: { state: "LISTEN" } });
  });
  it("with room for one more connection the handshake completes and the server is ESTABLISHED", () => {
    const sim = listening(QUEUE_WITH_ONE_PLACE);
    sim.run();
    const r = sim.result();
    expect(flagsOf(r.steps)).toBe("c:S s:S. c:.");
    expect(r.steps[2]).toMatchObject({ fate: "delivered", client: "ESTABLISHED", server: "ESTABLISHED" });
  });
  it("with tcp_abort_on_overflow = 1 the final ACK is answered with <SEQ=SEG.ACK><CTL=RST> and the client's connection is reset", () => {
    const sim = fillsDuringHandshake(listening({ ...QUEUE_WITH_ONE_PLACE, abortOnOverflow: true }));
    sim.run();
    const r = sim.result();
    expect(flagsOf(r.steps)).toBe("c:S s:S. c:. s:R");
    expect(r.steps[2]).toMatchObject({ fate: "delivered", client: "ESTABLISHED", server: "LISTEN" });
    expect(r.steps[2].note?.en).toMatch(/tcp_abort_on_overflow = 1/);
    expect(r.steps[3]).toMatchObject({ seq: 0xffff_ff01, ack: null, client: "CLOSED", server: "LISTEN" });
    expect(r.final).toMatchObject({ client: { state: "CLOSED" }, server: { state: "LISTEN" } });
    expect(r.transitions.find((t) => t.side === "client" && t.to === "CLOSED")?.cause).toBe("rcv_rst");
  });
  it("once accept() makes room, the next ACK (the answer to a retransmitted SYN-ACK) completes the handshake", () => {
    const sim = fillsDuringHandshake(listening(QUEUE_WITH_ONE_PLACE));
    // the application finally calls accept() 2 s later: one place frees up
    sim.then({ ready: () => true, delay: 2_000, run: (s) => void (s.listener!.accepted! -= 1) });
    sim.run();
    const r = sim.result();
    expect(flagsOf(r.steps)).toBe("c:S s:S. c:.x s:S. c:.x s:S. c:.");
    expect(r.steps.at(-1)).toMatchObject({ fate: "delivered", client: "ESTABLISHED", server: "ESTABLISHED" });
    expect(r.final.server.state).toBe("ESTABLISHED");
  });
});
