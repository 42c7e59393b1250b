import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { annotate, settledLines } from "./annotate";
import { listScenarios, simulate } from "./scenarios";
import { Simulator } from "./simulator";
import { renderTcpdump } from "./tcpdump";
import { DEFAULT_MSL_MS, INITIAL_RTO_MS, LINUX_TCP_SYN_LINEAR_TIMEOUTS, LINUX_TCP_SYN_RETRIES } from "./constants";
import { SYNCHRONIZED } from "./endpoint";
import type { Fault, SimStep } from "./types";

const flagsOf = (r: { steps: SimStep[] }) => r.steps.map((s) => `${s.from[0]}:${s.flags}${s.fate === "dropped" ? "x" : ""}`).join(" ");

describe("named scenarios", () => {
  it("there are at least the scenarios issue 4 asks for, each with a bilingual title and description", () => {
    const names = listScenarios().map((s) => s.name);
    for (const n of ["client-close", "server-close", "lost-syn", "lost-syn-ack", "lost-third-ack", "lost-third-ack-data",
      "lost-last-ack", "no-time-wait", "simultaneous-open", "simultaneous-close", "closed-port", "abortive-close",
      "old-duplicate-syn", "half-close", "syn-flood", "syn-flood-cookies", "syn-data", "tcp-fast-open"]) expect(names).toContain(n);
    for (const s of listScenarios()) {
      expect(s.title.en && s.title.zh && s.description.en && s.description.zh).toBeTruthy();
    }
  });
  it("a scenario is deterministic for a given seed and differs between seeds", () => {
    expect(simulate("client-close", { seed: 42 })).toEqual(simulate("client-close", { seed: 42 }));
    expect(simulate("client-close", { seed: 1 }).steps[0].seq).not.toBe(simulate("client-close", { seed: 2 }).steps[0].seq);
  });
  it("fixed ISS values are used when given", () => {
    const r = simulate("client-close", { iss: { client: 0xffff_fff0, server: 7 } });
    expect(r.steps[0].seq).toBe(0xffff_fff0);
    expect(r.steps[1]).toMatchObject({ seq: 7, ack: 0xffff_fff1 });
  });
  it("client-close: the client pays TIME_WAIT for 2MSL, then both are CLOSED", () => {
    const r = simulate("client-close", { seed: 3 });
    expect(flagsOf(r)).toBe("c:S s:S. c:. c:P. s:. s:P. c:. c:F. s:. s:F. c:.");
    expect(r.steps.at(-1)).toMatchObject({ client: "TIME_WAIT", server: "CLOSED" });
    expect(r.final).toMatchObject({ client: { state: "CLOSED" }, server: { state: "CLOSED" } });
    const tw = r.transitions.find((t) => t.to === "TIME_WAIT")!;
    const end = r.transitions.find((t) => t.from === "TIME_WAIT")!;
    expect(end.t - tw.t).toBe(2 * DEFAULT_MSL_MS);
  });
  it("the MSL is configurable", () => {
    const r = simulate("client-close", { mslMs: 1000 });
    const tw = r.transitions.find((t) => t.to === "TIME_WAIT")!;
    expect(r.transitions.find((t) => t.from === "TIME_WAIT")!.t - tw.t).toBe(2000);
  });
  it("lost-syn: the SYN is sent again after the initial RTO of 1 s", () => {
    const r = simulate("lost-syn");
    expect(r.steps[0]).toMatchObject({ fate: "dropped", server: "LISTEN" });
    expect(r.steps[1]).toMatchObject({ flags: "S", retransmission: true, t: INITIAL_RTO_MS, server: "SYN_RECEIVED" });
  });
  it("lost-syn-ack: both sides retransmit and the handshake completes", () => {
    const r = simulate("lost-syn-ack");
    expect(r.steps.filter((s) => s.retransmission).map((s) => s.flags).sort()).toEqual(["S", "S."]);
    expect(r.final.client.state).toBe("CLOSED");
  });
  it("lost-third-ack: the server stays SYN_RECEIVED until the retransmitted SYN-ACK is acknowledged", () => {
    const r = simulate("lost-third-ack");
    const rtx = r.steps.find((s) => s.retransmission)!;
    expect(rtx).toMatchObject({ from: "server", flags: "S.", client: "ESTABLISHED", server: "SYN_RECEIVED" });
    expect(r.steps[rtx.index + 1]).toMatchObject({ flags: ".", server: "ESTABLISHED" });
  });
  it("lost-third-ack-data: the data segment completes the handshake, no retransmission", () => {
    const r = simulate("lost-third-ack-data");
    expect(r.steps.some((s) => s.retransmission)).toBe(false);
    expect(r.steps[3]).toMatchObject({ flags: "P.", server: "ESTABLISHED" });
  });
  it("lost-last-ack: TIME_WAIT acknowledges the retransmitted FIN and restarts 2MSL", () => {
    const r = simulate("lost-last-ack");
    const fin2 = r.steps.find((s) => s.retransmission && s.flags === "F.")!;
    expect(fin2.client).toBe("TIME_WAIT");
    expect(fin2.note?.en).toMatch(/TIME_WAIT absorbs|Retransmission/);
    const ackAfter = r.steps[fin2.index + 1];
    expect(ackAfter).toMatchObject({ from: "client", flags: ".", server: "CLOSED" });
    const tw = ackAfter.timers.find((t) => t.kind === "2msl")!;
    expect(tw.expiresAt).toBe(fin2.t + 10 + 2 * DEFAULT_MSL_MS);
  });
  it("no-time-wait: the retransmitted FIN meets a closed port and the server is reset", () => {
    const r = simulate("no-time-wait");
    expect(r.steps.at(-1)).toMatchObject({ from: "client", flags: "R", client: "CLOSED", server: "CLOSED" });
  });
  it("simultaneous open goes through SYN_RECEIVED on both sides", () => {
    const r = simulate("simultaneous-open");
    expect(flagsOf(r).startsWith("c:S s:S s:S. c:S.")).toBe(true);
    expect(r.steps[1]).toMatchObject({ client: "SYN_RECEIVED", server: "SYN_RECEIVED" });
  });
  it("simultaneous close goes through CLOSING and both sides wait in TIME_WAIT", () => {
    const r = simulate("simultaneous-close");
    expect(r.transitions.filter((t) => t.to === "CLOSING").map((t) => t.side).sort()).toEqual(["client", "server"]);
    expect(r.transitions.filter((t) => t.to === "TIME_WAIT").length).toBe(2);
  });
  it("closed-port: refused with [R.] seq 0 ack = SYN + 1", () => {
    const r = simulate("closed-port", { iss: { client: 0xffff_ffff } });
    expect(r.steps[1]).toMatchObject({ from: "server", flags: "R.", seq: 0, ack: 0, client: "CLOSED" });
  });
  it("abortive close: one RST, no TIME_WAIT", () => {
    const r = simulate("abortive-close");
    expect(r.steps.at(-1)).toMatchObject({ flags: "R", client: "CLOSED", server: "CLOSED" });
    expect(r.transitions.some((t) => t.to === "TIME_WAIT")).toBe(false);
  });
  it("old duplicate SYN: the client's RST sends the server back to LISTEN before the real handshake", () => {
    const r = simulate("old-duplicate-syn");
    expect(flagsOf(r).startsWith("c:S c:S s:S. c:R s:S. c:.")).toBe(true);
    expect(r.steps[3]).toMatchObject({ flags: "R", server: "LISTEN", client: "SYN_SENT" });
  });
  it("half-close: the server keeps sending in CLOSE_WAIT while the client receives in FIN_WAIT_2", () => {
    const r = simulate("half-close");
    const data = r.steps.filter((s) => s.from === "server" && s.len > 0);
    expect(data.length).toBe(3);
    for (const d of data) expect(d).toMatchObject({ client: "FIN_WAIT_2", server: "CLOSE_WAIT" });
  });
  it("SYN flood without cookies: the client's SYNs are dropped on Linux 6.5+'s schedule and connect() times out at 131 s", () => {
    const r = simulate("syn-flood");
    // tcp_syn_retries (6) + tcp_syn_linear_timeouts (4) retransmissions; the first five timeouts 1 s
    // (the real capture of lib/lab/reproduce.kernel.test.ts shows SYNs 1 s apart on Linux 6.18)
    expect(r.steps.length).toBe(LINUX_TCP_SYN_RETRIES + LINUX_TCP_SYN_LINEAR_TIMEOUTS + 1);
    expect(r.steps.every((s) => s.fate === "dropped")).toBe(true);
    expect(r.steps.map((s) => s.t)).toEqual([0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67].map((x) => x * 1000));
    expect(r.final.client.state).toBe("CLOSED");
    expect(r.transitions.find((t) => t.side === "client" && t.cause === "gave_up")?.t).toBe(131_000);
  });
  it("a lost SYN is sent again after 1 s and the next timeout stays 1 s (Linux 6.5+), a lost SYN-ACK after 1 s with the timeout doubling", () => {
    const syn = simulate("client-close", { faults: [{ segment: 0, kind: "drop" }] });
    expect(syn.steps[1]).toMatchObject({ from: "client", flags: "S", t: 1000 });
    expect(syn.steps[1].note?.en).toMatch(/the SYN is sent again \(try 1\); the next timeout stays 1 s \(tcp_syn_linear_timeouts, Linux 6\.5\+\)/);
    expect(syn.steps[1].note?.zh).toMatch(/下一次超时仍为 1 秒/);
    const synAck = simulate("client-close", { faults: [{ segment: 1, kind: "drop" }] });
    const resent = synAck.steps.find((s) => s.from === "server" && s.retransmission);
    expect(resent?.note?.en).toMatch(/the SYN-ACK is sent again \(try 1\); the next timeout doubles to 2 s/);
  });
  it("SYN flood with cookies: the server goes from LISTEN straight to ESTABLISHED", () => {
    const r = simulate("syn-flood-cookies");
    expect(r.steps[1].server).toBe("LISTEN");
    expect(r.steps[2].server).toBe("ESTABLISHED");
    expect(r.transitions.some((t) => t.side === "server" && t.to === "SYN_RECEIVED")).toBe(false);
  });
  it("data in the SYN without Fast Open is acknowledged only as a SYN and sent again", () => {
    const r = simulate("syn-data");
    expect(r.steps[1].ack).toBe((r.steps[0].seq + 1) >>> 0);
    expect(r.problems.map((p) => p.code)).toEqual(["syn_data_without_tfo"]);
    expect(r.steps.some((s) => s.from === "client" && s.flags === "P." && s.seq === ((r.steps[0].seq + 1) >>> 0))).toBe(true);
  });
  it("data in the SYN with Fast Open is acknowledged by the SYN-ACK", () => {
    const r = simulate("tcp-fast-open");
    expect(r.steps[1].ack).toBe((r.steps[0].seq + 101) >>> 0);
    expect(r.problems).toEqual([]);
  });
  it("--drop applies to any scenario by transmission index", () => {
    const r = simulate("client-close", { faults: [{ segment: 7, kind: "drop" }] });
    expect(r.steps[7]).toMatchObject({ flags: "F.", fate: "dropped" });
    expect(r.steps.find((s) => s.index > 7 && s.flags === "F." && s.from === "client")?.retransmission).toBe(true);
  });
  it("throws for an unknown scenario", () => {
    expect(() => simulate("nope")).toThrow(/unknown scenario/);
  });
});

// ---- properties --------------------------------------------------------------------------------
const faultArb = fc.array(
  fc.record({ segment: fc.integer({ min: 0, max: 14 }), kind: fc.constantFrom<Fault["kind"]>("drop", "delay", "duplicate") }),
  { maxLength: 3 });
const dropsArb = fc.array(fc.record({ segment: fc.integer({ min: 0, max: 14 }), kind: fc.constant<Fault["kind"]>("drop") }), { maxLength: 3 });

describe("properties", () => {
  it("once the handshake completes the two endpoints agree on sequence numbers, under random loss", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), dropsArb,
      fc.constantFrom("client-close", "server-close", "half-close", "simultaneous-close", "lost-third-ack-data"),
      (seed, faults, name) => {
        const r = simulate(name, { seed, faults });
        for (const s of r.steps) {
          const { client: c, server: v } = s.tcb;
          if (SYNCHRONIZED.has(c.state) && SYNCHRONIZED.has(v.state)) {
            expect(c.iss).toBe(v.irs);
            expect(v.iss).toBe(c.irs);
          }
        }
        const { client: c, server: v } = r.final;
        if (c.state === "CLOSED" && v.state === "CLOSED") {
          expect(c.sndNxt).toBe(v.rcvNxt);
          expect(v.sndNxt).toBe(c.rcvNxt);
        }
      }), { numRuns: 120 });
  });

  it("only a side that closed first, or simultaneously, reaches TIME_WAIT", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 0, max: 40 }), fc.boolean(), dropsArb,
      (seed, gap, clientFirst, faults) => {
        const sim = new Simulator("random-close", seed, { seed, faults });
        sim.ep.server.listen();
        sim.ep.client.connect(sim.issOf.client);
        sim.flush("client");
        const [a, b] = clientFirst ? (["client", "server"] as const) : (["server", "client"] as const);
        sim.then({ run: (s) => void s.ep.client.write(50) },
          { run: (s) => void s.ep[a].close() },
          { ready: () => true, delay: gap, run: (s) => void s.ep[b].close() });
        sim.run();
        const r = sim.result();
        for (const side of ["client", "server"] as const) {
          if (r.transitions.some((t) => t.side === side && t.to === "TIME_WAIT")) {
            // it sent its FIN before receiving the peer's: it never was the passive closer
            expect(r.transitions.some((t) => t.side === side && t.to === "CLOSE_WAIT")).toBe(false);
            expect(r.transitions.some((t) => t.side === side && t.to === "FIN_WAIT_1")).toBe(true);
          }
        }
      }), { numRuns: 150 });
  });

  it("every loss-free run in which both sides close ends with both CLOSED after 2MSL", () => {
    const closing = ["client-close", "server-close", "simultaneous-open", "simultaneous-close", "half-close", "old-duplicate-syn",
      "syn-flood-cookies", "tcp-fast-open", "syn-data", "lost-third-ack-data"];
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), fc.constantFrom(...closing), fc.integer({ min: 1, max: 120 }),
      (seed, name, mslS) => {
        const r = simulate(name, { seed, mslMs: mslS * 1000 });
        expect(r.final.client.state).toBe("CLOSED");
        expect(r.final.server.state).toBe("CLOSED");
        for (const tw of r.transitions.filter((t) => t.to === "TIME_WAIT")) {
          const out = r.transitions.find((t) => t.side === tw.side && t.from === "TIME_WAIT" && t.t >= tw.t)!;
          expect(out.t - tw.t).toBeGreaterThanOrEqual(2 * mslS * 1000);
        }
      }), { numRuns: 120 });
  });

  it("annotate(renderTcpdump(simulate(x))) gives back the simulated states, for every scenario, seeds and faults", () => {
    const names = listScenarios().map((s) => s.name);
    fc.assert(fc.property(fc.constantFrom(...names), fc.integer({ min: 1, max: 1e6 }), faultArb,
      fc.constantFrom<"absolute" | "relative">("absolute", "relative"), fc.boolean(),
      (name, seed, faults, numbering, timestamps) => {
        // Known limits of reading a capture, each a fact about what a capture cannot show:
        // SYN cookies keep no SYN_RECEIVED state; a client that skips TIME_WAIT looks like one in it
        // until its RST; faults on the crossing segments of a simultaneous open/close or on the
        // stale SYN make the printed order ambiguous.
        if (name === "syn-flood-cookies" || name === "no-time-wait") return;
        if (faults.length > 0 && ["simultaneous-open", "simultaneous-close", "old-duplicate-syn"].includes(name)) return;
        // A duplicate and a delay together: the delayed segment can be overtaken by the answer to
        // the duplicate, and a capture does not show which of the two the receiver processed first
        // (seen with client-close, seed 1, duplicate SYN + delayed SYN-ACK).
        if (faults.some((f) => f.kind === "duplicate") && faults.some((f) => f.kind === "delay")) return;
        const r = simulate(name, { seed, faults });
        // Known limit (issue 16's closing note): a lost RST is not yet inferred from its receiver
        // going on (closed-port, seed 1, the RST dropped and the SYN retransmitted).
        if (r.steps.some((st) => st.fate === "dropped" && st.flags.includes("R"))) return;
        // the capture sees every segment, dropped ones too (as on loopback, where iptables drops a
        // packet after tcpdump saw it): that is what lets the annotator prove a segment lost
        const shown = r.steps;
        const a = annotate(renderTcpdump(shown, { numbering, timestamps }));
        // A delayed or duplicated copy is received at a moment no capture shows; its own line is not compared.
        // Issue 16: the simulator's step shows the states once its receiver processed it; an annotated
        // line shows them at the moment the capture saw it. The two agree on every settled line
        // (received at once, nothing earlier still in flight); lines that crossed others, lost ones,
        // and dropped, delayed or duplicated copies (received at a moment no capture shows) are not compared.
        const settled = settledLines(a);
        const hidden = (s: SimStep, i: number) => s.fate !== "delivered" || !settled[i];
        expect(a.segments.map((s, i) => `${s.from} ${s.flags} ${hidden(shown[i], i) ? "?" : `${s.client} ${s.server}`}`))
          .toEqual(shown.map((s, i) => `${s.from} ${s.flags} ${hidden(s, i) ? "?" : `${s.client} ${s.server}`}`));
        expect(a.problems.map((p) => p.code)).toEqual(r.problems.map((p) => p.code));
      }), { numRuns: 400 });
  });
});
