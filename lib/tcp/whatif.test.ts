/**
 * What-if faults of the simulator beyond the network's drop / delay / duplicate (issue 21 §2):
 * a forged RST after a segment (at RCV.NXT, inside the window, outside it) and a slow application
 * (late accept(), late close()). Checked against RFC 9293 §3.10.7.4 and RFC 5961 §3.2.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SYNCHRONIZED } from "./endpoint";
import { listScenarios, simulate } from "./scenarios";
import { SIM_SLOW_APP_MS } from "./constants";
import type { Fault, SimStep } from "./types";

const names = listScenarios().map((s) => s.name);
const line = (s: SimStep) => `${s.from[0]} ${s.flags} ${s.seq} ${s.ack} ${s.len} ${s.fate} ${s.client} ${s.server} t${s.t}`;
/** the injected RST: the step without a transmission index right after the faulted segment's arrival */
const injected = (steps: SimStep[]) => steps.filter((s) => s.segment === undefined && s.flags === "R");

describe("a forged RST after a segment", () => {
  it("at RCV.NXT resets the receiver; its peer's next segment is answered with RST (RFC 9293 §3.10.7.4 second check)", () => {
    // client-close, seed 1: transmission 3 is the client's request; the RST follows it to the server
    const r = simulate("client-close", { seed: 1, faults: [{ segment: 3, kind: "rst_next" }] });
    const [rst] = injected(r.steps);
    expect(rst).toMatchObject({ from: "client", server: "CLOSED", client: "ESTABLISHED" });
    expect(rst.seq).toBe(r.steps[3].seq + r.steps[3].len);
    expect(r.transitions.find((t) => t.cause === "rcv_rst")).toMatchObject({ side: "server", from: "ESTABLISHED", to: "CLOSED", step: r.steps.indexOf(rst) });
    // the server never answers the request; the client's FIN reaches no connection and is reset
    expect(r.steps.filter((s) => s.from === "server" && s.len > 0)).toEqual([]);
    expect(r.steps.at(-1)).toMatchObject({ from: "server", flags: "R", client: "CLOSED" });
  });

  it("inside the window but not at RCV.NXT draws a challenge ACK and resets nothing (RFC 5961 §3.2)", () => {
    const base = simulate("client-close", { seed: 1 });
    const r = simulate("client-close", { seed: 1, faults: [{ segment: 3, kind: "rst_window" }] });
    const [rst] = injected(r.steps);
    const i = r.steps.indexOf(rst);
    expect(rst.seq).toBe((r.steps[3].seq + r.steps[3].len + 1000) >>> 0);
    expect(r.steps[i + 1]).toMatchObject({ from: "server", flags: ".", len: 0, seq: rst.ack ?? r.steps[i + 1].seq, ack: rst.seq - 1000 });
    expect(r.transitions.some((t) => t.cause === "rcv_rst")).toBe(false);
    expect(r.final).toMatchObject({ client: { state: "CLOSED" }, server: { state: "CLOSED" } });
    // the same close as without the RST, one challenge ACK later
    expect(r.steps.map((s) => `${s.from} ${s.flags}`).filter((_, k) => k !== i && k !== i + 1)).toEqual(base.steps.map((s) => `${s.from} ${s.flags}`));
  });

  it("outside the window is dropped without an answer: the run is the run without it (property, every scenario)", () => {
    fc.assert(fc.property(fc.constantFrom(...names), fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 0, max: 12 }), (name, seed, segment) => {
      const base = simulate(name, { seed });
      const r = simulate(name, { seed, faults: [{ segment, kind: "rst_outside" }] });
      const mine = injected(r.steps).filter((s) => (s.note?.en ?? "").includes("outside"));
      // a segment the scenario itself drops or delays carries no RST: the learner's fault replaces the scenario's
      const own = base.steps.find((s) => s.segment === segment);
      if (!own || own.fate !== "delivered") return;
      expect(r.steps.filter((s) => !mine.includes(s)).map(line)).toEqual(base.steps.map(line));
      expect(r.transitions.map((t) => `${t.side} ${t.from} ${t.to} ${t.cause}`)).toEqual(base.transitions.map((t) => `${t.side} ${t.from} ${t.to} ${t.cause}`));
    }));
  });

  it("at RCV.NXT, a receiver in a synchronized state ends CLOSED at that step (property, every scenario)", () => {
    fc.assert(fc.property(fc.constantFrom(...names), fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 0, max: 12 }), (name, seed, segment) => {
      const r = simulate(name, { seed, faults: [{ segment, kind: "rst_next" }] });
      const faulted = r.steps.find((s) => s.segment === segment);
      if (!faulted || faulted.fate === "dropped") return;
      const rst = r.steps.find((s) => s.segment === undefined && s.flags === "R" && (s.note?.en ?? "").startsWith("A forged RST with seq"));
      if (!rst) return; // the segment was dropped by a scenario's own rule (listener overflow, SYN queue)
      const i = r.steps.indexOf(rst);
      const to = rst.from === "client" ? "server" : "client";
      // it arrives when it is made (no latency): the receiver's state then, before its own effect
      const before = r.transitions.filter((t) => t.side === to && t.t <= rst.t && t.step !== i).at(-1)?.to ?? "CLOSED";
      const after = r.transitions.filter((t) => t.step === i && t.side === to).at(-1)?.to;
      if ((SYNCHRONIZED as ReadonlySet<string>).has(before)) {
        expect(after, `${name} ${seed} ${segment} from ${before}`).toBe("CLOSED");
      } else if (before === "SYN_RECEIVED") {
        // RFC 9293 §3.10.7.4: back to LISTEN when it came from a passive OPEN, else CLOSED
        expect(["LISTEN", "CLOSED"]).toContain(after);
      } else {
        // LISTEN ignores an RST; in SYN_SENT an RST without an acceptable ACK is dropped (§3.10.7.2, §3.10.7.3)
        expect(r.transitions.some((t) => t.step === i && t.side === to && t.to === "CLOSED")).toBe(false);
      }
    }));
  });

  it("every fault kind keeps the run finite and the engine's problems empty (property)", () => {
    const kinds: Fault["kind"][] = ["drop", "delay", "duplicate", "rst_next", "rst_window", "rst_outside"];
    fc.assert(fc.property(fc.constantFrom(...names), fc.integer({ min: 1, max: 1e6 }),
      fc.array(fc.record({ segment: fc.integer({ min: 0, max: 12 }), kind: fc.constantFrom(...kinds) }), { maxLength: 3 }),
      fc.boolean(), fc.boolean(), (name, seed, faults, slowAccept, slowClose) => {
        const r = simulate(name, { seed, faults, app: { slowAccept, slowClose } });
        expect(r.steps.length).toBeLessThan(400);
        expect(r.final.t).toBeLessThanOrEqual(900_000);
      }));
  });
});

describe("a slow application", () => {
  it("slow accept: the kernel answers the handshake and acknowledges the request at once; only the answer is late", () => {
    const base = simulate("client-close", { seed: 2 });
    const r = simulate("client-close", { seed: 2, app: { slowAccept: true } });
    const ack = (x: typeof r) => x.steps.find((s) => s.from === "server" && s.flags === "." && s.ack !== null && s.t > 20)!;
    expect(ack(r).t).toBe(ack(base).t);
    const answer = (x: typeof r) => x.steps.find((s) => s.from === "server" && s.len > 0)!;
    expect(answer(r).t - answer(base).t).toBe(SIM_SLOW_APP_MS);
    expect(answer(r).note?.en).toMatch(/accept\(\) 3 s late/);
    expect(answer(r).note?.zh).toMatch(/accept\(\)/);
    expect(r.steps.map((s) => `${s.flags} ${s.client} ${s.server}`)).toEqual(base.steps.map((s) => `${s.flags} ${s.client} ${s.server}`));
  });

  it("slow close: the passive closer sits in CLOSE_WAIT and its peer in FIN_WAIT_2 for the delay", () => {
    for (const [name, passive] of [["client-close", "server"], ["server-close", "client"]] as const) {
      const r = simulate(name, { seed: 5, app: { slowClose: true } });
      const fins = r.steps.filter((s) => s.flags.includes("F"));
      expect(fins.map((s) => s.from)).toEqual([passive === "server" ? "client" : "server", passive]);
      const wait = r.steps.filter((s) => s.t > fins[0].t && s.t < fins[1].t);
      expect(wait.at(-1)).toMatchObject({ [passive]: "CLOSE_WAIT", [passive === "server" ? "client" : "server"]: "FIN_WAIT_2" });
      // the ACK of the FIN arrives 10 ms after it left (latency), the call comes 50 ms + the delay after that
      expect(fins[1].t - wait.at(-1)!.t).toBe(10 + 50 + SIM_SLOW_APP_MS);
      expect(fins[1].note?.en).toMatch(/CLOSE_WAIT/);
    }
  });

  it("slow close does nothing where nobody closes passively (simultaneous close, abort)", () => {
    for (const name of ["simultaneous-close", "abortive-close"]) {
      expect(simulate(name, { seed: 3, app: { slowClose: true } }).steps.map(line)).toEqual(simulate(name, { seed: 3 }).steps.map(line));
    }
  });
});

describe("state changes belong to steps", () => {
  it("a user call belongs to the segment it sends, an arrival to the segment that arrived, a timer after the last", () => {
    const r = simulate("client-close", { seed: 1 });
    const at = (cause: string, side: string) => r.transitions.find((t) => t.cause === cause && t.side === side)!.step;
    expect(at("active_open", "client")).toBe(0);
    expect(at("rcv_syn_ack", "client")).toBe(1);
    const fin = r.steps.findIndex((s) => s.flags === "F.");
    expect(at("close", "client")).toBe(fin);
    expect(at("rcv_fin", "server")).toBe(fin);
    expect(at("timeout_2msl", "client")).toBe(r.steps.length);
  });
});
