import { describe, expect, it } from "vitest";
import { simulateTransferScenario } from "@/lib/tcp/transfer";
import { frame, phaseBands, senderWindow, stepPath, ticks } from "./transfer-charts";
import { builtInSteps, isTransferScenario, simulateTransferRun, transferTcpdump, transferView, wiresharkLabels } from "./transfer";

const view = (name: string, seed = 1) => transferView(name, simulateTransferRun(name, seed, []).result);

describe("the player's view of a transfer run", () => {
  it("knows the six transfer scenarios and no connection scenario", () => {
    expect(["slow-start", "fast-retransmit", "rto-timeout", "zero-window-probe", "nagle-delayed-ack-stall", "sack-recovery"].every(isTransferScenario)).toBe(true);
    expect(isTransferScenario("client-close")).toBe(false);
  });
  it("fast retransmit: Wireshark labels the duplicate ACKs and the fast retransmission; the scenario's own drop (the 7th data segment) is step 11", () => {
    const run = simulateTransferRun("fast-retransmit", 1, []);
    expect(run.builtIn).toEqual([{ step: 11, kind: "drop" }]);
    const v = transferView("fast-retransmit", run.result);
    expect(v.steps[10]).toMatchObject({ fate: "dropped", from: "client", kind: "new" });
    const fr = v.steps.findIndex((s) => s.kind === "fast_retransmission");
    expect(v.steps[fr].wireshark).toEqual(["fast_retransmission"]);
    expect(v.steps[fr].notes.map((n) => n.kind)).toContain("fast_retransmit");
    expect(v.steps.filter((s) => s.wireshark.includes("dup_ack")).every((s) => s.kind === "dup_ack" && s.from === "server")).toBe(true);
    expect(v.steps[fr].state).toMatchObject({ ssthresh: 5000, cwnd: 8000, phase: "fast_recovery" });
  });
  it("forged RSTs as what-ifs: kept on their step, the forged segment is a step no fault can name, its outcome in the notes", () => {
    const next = simulateTransferRun("slow-start", 1, [{ step: 3, kind: "rst_next" }]);
    expect(next.faults).toEqual([{ step: 3, kind: "rst_next" }]);
    expect(next.ignored).toEqual([]);
    const v = transferView("slow-start", next.result);
    const k = v.steps.findIndex((s) => s.kind === "forged_rst");
    expect(v.steps[k]).toMatchObject({ forged: true, segment: null, flags: "R", from: v.steps[2].from });
    // what its receiver did with it is noted on the step it led to (notes belong to the step after them)
    expect(v.steps[Math.min(k + 1, v.steps.length - 1)].notes.map((n) => n.kind)).toEqual(expect.arrayContaining(["forged_rst", "reset"]));
    expect(v.summary.reset.length).toBeGreaterThan(0);
    // transmissions keep their numbers: the step after the forged one is the transmission after step 3's
    expect(v.steps.filter((s) => s.segment !== null).map((s) => s.segment)).toEqual(v.steps.filter((s) => s.segment !== null).map((_, i) => i));
    const win = transferView("slow-start", simulateTransferRun("slow-start", 1, [{ step: 3, kind: "rst_window" }]).result);
    expect(win.steps.some((s) => s.kind === "challenge_ack")).toBe(true);
    expect(win.summary.complete).toBe(true);
    // a fault on the forged step itself names no transmission: ignored, as for a network copy
    const onForged = simulateTransferRun("slow-start", 1, [{ step: 3, kind: "rst_window" }, { step: k + 1, kind: "drop" }]);
    expect(onForged.ignored).toEqual([{ step: k + 1, kind: "drop" }]);
  });
  it("RTO: the retransmissions are labelled retransmission, and each step lists the timer that fired since the one before", () => {
    const v = view("rto-timeout");
    const rtx = v.steps.filter((s) => s.retransmission);
    expect(rtx.map((s) => [s.t, s.wireshark, s.fired.map((f) => [f.kind, f.setAt, f.endedAt])])).toEqual([
      [1100, ["retransmission"], [["retransmit", 100, 1100]]],
      [3100, ["retransmission"], [["retransmit", 1100, 3100]]],
    ]);
    expect(rtx.map((s) => s.notes.map((n) => n.kind))).toEqual([["rto"], ["rto"]]);
  });
  it("zero window: zero_window, zero_window_probe and window_update labels on the right steps; the persist timer fires before each probe", () => {
    const v = view("zero-window-probe");
    const label = (e: string) => v.steps.flatMap((s, i) => (s.wireshark.includes(e as never) ? [i + 1] : []));
    expect(label("zero_window")).toEqual([6, 8]);
    expect(label("zero_window_probe")).toEqual([7, 10]);
    expect(label("window_update")).toEqual([9]);
    expect(v.steps[6].fired.map((f) => f.kind)).toEqual(["persist"]);
    expect(v.steps[6].notes.map((n) => n.kind)).toEqual(["zero_window", "persist_probe"]);
  });
  it("Nagle + delayed ACK: the hold and the delayed ACK's timer are shown on the ACK's step; the trailing timer on the last", () => {
    const v = view("nagle-delayed-ack-stall");
    expect(v.steps.map((s) => s.notes.map((n) => [n.t, n.kind]))).toEqual([[], [[1, "nagle_hold"], [250, "delayed_ack"]], [], [[550, "delayed_ack"]]]);
    expect(v.steps[1].fired.map((f) => [f.kind, f.side, f.setAt, f.endedAt])).toEqual([["delayed_ack", "server", 50, 250]]);
  });
  it("every simulator event and every fired timer is shown on exactly one step", () => {
    for (const name of ["slow-start", "fast-retransmit", "rto-timeout", "zero-window-probe", "nagle-delayed-ack-stall", "sack-recovery"]) {
      const r = simulateTransferScenario(name);
      const v = transferView(name, r);
      expect(v.steps.flatMap((s) => s.notes).length, name).toBe(r.events.length);
      expect(v.steps.flatMap((s) => s.fired).length, name).toBe(r.timers.filter((t) => t.end === "fired").length);
      expect(v.steps.length, name).toBe(r.segments.length);
    }
  });
  it("a segment that crosses later ones on the ladder arrives at the last step sent before it arrived", () => {
    const v = view("slow-start");
    // the first segment leaves at 0 and arrives at 50; its ACK leaves at 50: nothing crosses it
    expect(v.steps[0].arrivesAt).toBeUndefined();
    const crossing = v.steps.filter((s) => s.arrivesAt !== undefined);
    expect(crossing.length).toBeGreaterThan(0);
    for (const s of crossing) expect(v.steps[s.arrivesAt!].t).toBeLessThan(s.arrivedAt!);
  });
  it("the learner's fault on a step is applied to that transmission, beside the scenario's own", () => {
    const run = simulateTransferRun("slow-start", 1, [{ step: 3, kind: "drop" }, { step: 999, kind: "drop" }]);
    expect(run.faults).toEqual([{ step: 3, kind: "drop" }]);
    expect(run.ignored).toEqual([{ step: 999, kind: "drop" }]);
    expect(run.result.segments[2].fate).toBe("dropped");
    expect(run.result.summary.retransmissions).toBeGreaterThan(0);
    // an old link's transmission index maps to its step
    expect(simulateTransferRun("slow-start", 1, [], [{ segment: 2, kind: "drop" }]).faults).toEqual([{ step: 3, kind: "drop" }]);
    expect(builtInSteps([{ segment: 0, kind: "duplicate" }], run.result)).toEqual([{ step: 1, kind: "duplicate" }]);
  });
  it("the seed draws the initial sequence numbers: different seeds, the same relative story", () => {
    const a = view("fast-retransmit", 1);
    const b = view("fast-retransmit", 2);
    expect(a.iss).not.toEqual(b.iss);
    expect(b.steps.map((s) => s.wireshark)).toEqual(a.steps.map((s) => s.wireshark));
  });
  it("exports every segment, lost ones too, as tcpdump text", () => {
    const r = simulateTransferScenario("rto-timeout");
    expect(transferTcpdump(r).trim().split("\n")).toHaveLength(r.segments.length);
    expect(wiresharkLabels(r)).toHaveLength(r.segments.length);
  });
});

describe("chart geometry", () => {
  it("ticks are nice numbers from 0 covering the maximum", () => {
    expect(ticks(16000)).toEqual([0, 5000, 10000, 15000, 20000]);
    expect(ticks(3400, 4)).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(ticks(0)).toEqual([0]);
    expect(ticks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(ticks(8)).toEqual([0, 2, 4, 6, 8]);
  });
  it("a frame maps time left to right and values bottom to top", () => {
    const f = frame(100, 10);
    expect([f.x(0), f.x(100), f.y(0), f.y(10)]).toEqual([f.x0, f.x1, f.y0, f.y1]);
    expect(f.y(5)).toBeLessThan(f.y(0));
    // a margin before t = 0 moves t = 0 off the axis, t = tMax stays at the right edge
    const g = frame(100, 10, undefined, -5);
    expect([g.x(-5), g.x(100)]).toEqual([g.x0, g.x1]);
    expect(g.x(0)).toBeGreaterThan(g.x0);
  });
  it("a step line holds each value until the next change and runs to the end", () => {
    const f = frame(10, 10, { width: 10, height: 10, left: 0, right: 0, top: 0, bottom: 0 });
    expect(stepPath([{ t: 0, v: 1 }, { t: 5, v: 2 }], f, 10)).toBe("M0 9H5V8H10");
    expect(stepPath([], f, 10)).toBe("");
  });
  it("phase bands merge runs of one phase and end at the end of the run", () => {
    expect(phaseBands([{ t: 0, phase: "slow_start" }, { t: 100, phase: "slow_start" }, { t: 200, phase: "fast_recovery" }, { t: 300, phase: "congestion_avoidance" }], 500)).toEqual([
      { from: 0, to: 200, phase: "slow_start" },
      { from: 200, to: 300, phase: "fast_recovery" },
      { from: 300, to: 500, phase: "congestion_avoidance" },
    ]);
  });
  it("the sender's window: usable = min(SND.WND, cwnd) − (SND.NXT − SND.UNA), across the 2^32 wrap", () => {
    const una = 0xffff_ff00;
    const w = senderWindow({ sndUna: una, sndNxt: (una + 3000) >>> 0, sndMax: (una + 4000) >>> 0, sndWnd: 6000, cwnd: 5000, flight: 4000 });
    expect(w).toEqual({ nxt: 3000, max: 4000, limit: 5000, wndEdge: 6000, cwndEdge: 5000, flight: 4000, usable: 2000, limitedBy: "cwnd" });
    expect(senderWindow({ sndUna: 1, sndNxt: 4001, sndMax: 4001, sndWnd: 0, cwnd: 4000, flight: 4000 })).toMatchObject({ usable: 0, limit: 0, limitedBy: "rwnd" });
  });
});

describe("a slow reader (what-if slow_read)", () => {
  it("closes the receiver's window and makes the sender probe it; the data still all arrives once the application reads (every built-in transfer scenario)", async () => {
    const { listTransferScenarios } = await import("@/lib/tcp/transfer");
    const { SLOW_READ_MS, SLOW_READ_RCVBUF } = await import("./transfer");
    for (const { name } of listTransferScenarios()) {
      const plain = simulateTransferRun(name, 1, []).result;
      const slow = simulateTransferRun(name, 1, [], [], { slowRead: true }).result;
      const delivered = (r: typeof plain) => Math.max(...r.segments.filter((s) => s.from === "server").map((s) => s.ack)) - Math.min(...r.segments.filter((s) => s.from === "client").map((s) => s.seq));
      // the same bytes are acknowledged in the end
      expect(delivered(slow), name).toBe(delivered(plain));
      // the receiver never advertises more than the smaller buffer
      expect(Math.max(...slow.segments.filter((s) => s.from === "server").map((s) => s.win)), name).toBeLessThanOrEqual(SLOW_READ_RCVBUF);
      const bytes = delivered(plain);
      if (bytes > SLOW_READ_RCVBUF) {
        // more to send than the buffer holds: the window closes and the sender probes until the application reads
        expect(slow.segments.some((s) => s.from === "server" && s.win === 0), name).toBe(true);
        const probes = slow.segments.filter((s) => s.kind === "zero_window_probe");
        expect(probes.length, name).toBeGreaterThan(0);
        expect(Math.max(...slow.segments.map((s) => s.t)), name).toBeGreaterThan(SLOW_READ_MS);
      }
    }
  });
});
