import { describe, expect, it } from "vitest";
import { listTransferScenarios, simulateTransferScenario } from "./scenarios";
import { simulateTransfer, type TransferResult } from "./sim";

/** Data segments of the client as [time, offset of the first byte, length, kind]. */
const data = (r: TransferResult) =>
  r.segments.filter((s) => s.from === "client").map((s) => [s.t, (s.seq - r.iss.client - 1) >>> 0, s.len, s.kind] as const);
const acks = (r: TransferResult) => r.segments.filter((s) => s.from === "server").map((s) => (s.ack - r.iss.client - 1) >>> 0);

describe("the transfer simulator's scenarios", () => {
  it("lists six scenarios, each titled and described in both languages", () => {
    const list = listTransferScenarios();
    expect(list.map((s) => s.name)).toEqual(["slow-start", "fast-retransmit", "rto-timeout", "zero-window-probe", "nagle-delayed-ack-stall", "sack-recovery"]);
    for (const s of list) for (const t of [s.title, s.description]) expect(t.en.length * t.zh.length).toBeGreaterThan(0);
  });
  it("every scenario delivers all its bytes, in order, and is the same on every run", () => {
    for (const { name } of listTransferScenarios()) {
      const r = simulateTransferScenario(name);
      expect(r.summary.complete, name).toBe(true);
      expect(r.summary.deliveredBytes, name).toBe(r.summary.bytes);
      expect(JSON.stringify(simulateTransferScenario(name))).toBe(JSON.stringify(r));
    }
  });
  it("slow start: with an ACK per segment the client sends 1, 2, 4, 8, 15 segments in successive round trips of 100 ms (cwnd 1000 → 2000 → 4000 → 8000 → 16000)", () => {
    const r = simulateTransferScenario("slow-start");
    const perRtt = new Map<number, number>();
    for (const [t] of data(r)) perRtt.set(t, (perRtt.get(t) ?? 0) + 1);
    expect([...perRtt.entries()]).toEqual([[0, 1], [100, 2], [200, 4], [300, 8], [400, 15]]);
    expect(r.cwnd.slice(0, 5).map((c) => [c.t, c.cwnd])).toEqual([[0, 1000], [100, 2000], [200, 4000], [300, 8000], [400, 16000]]);
    expect(r.summary.retransmissions).toBe(0);
  });
  it("fast retransmit: bytes 6000–6999 are lost; three duplicate ACKs for 6000 retransmit them at once, ssthresh = flight 10000 / 2 = 5000, cwnd 5000 + 3·1000 = 8000, no timeout", () => {
    const r = simulateTransferScenario("fast-retransmit");
    const fr = r.segments.find((s) => s.kind === "fast_retransmission")!;
    expect((fr.seq - r.iss.client - 1) >>> 0).toBe(6000);
    expect([fr.state!.ssthresh, fr.state!.cwnd, fr.state!.phase]).toEqual([5000, 8000, "fast_recovery"]);
    const dupsBefore = r.segments.filter((s) => s.kind === "dup_ack" && s.arrivedAt! <= fr.t);
    expect(dupsBefore.length).toBeGreaterThanOrEqual(3);
    expect(r.summary.timeouts).toBe(0);
    expect(r.events.filter((e) => e.kind === "recovery_end")).toHaveLength(1);
    expect(r.cwnd.at(-1)!.phase).toBe("congestion_avoidance");
  });
  it("RTO: the tail segment 2000 is lost twice; the timer fires 1000 ms after the last ACK (t = 1100), then backs off to 2000 ms (t = 3100); ssthresh max(1000/2, 2·1000) = 2000", () => {
    const r = simulateTransferScenario("rto-timeout");
    const rtx = data(r).filter((d) => d[3] === "retransmission");
    expect(rtx.map((d) => [d[0], d[1]])).toEqual([[1100, 2000], [3100, 2000]]);
    expect(r.segments.find((s) => s.t === 3100)!.state!.rto).toBe(4000);
    expect(r.segments.find((s) => s.t === 1100)!.state!.ssthresh).toBe(2000);
    expect(r.summary.timeouts).toBe(2);
  });
  it("zero window: the 4000-byte buffer fills, the sender probes one RTO later (t = 1100) and again 2000 ms after (t = 3100); the lost window update is found by the second probe", () => {
    const r = simulateTransferScenario("zero-window-probe");
    const probes = r.segments.filter((s) => s.kind === "zero_window_probe");
    expect(probes.map((p) => [p.t, p.len, (p.seq - r.iss.client - 1) >>> 0])).toEqual([[1100, 1, 4000], [3100, 1, 4000]]);
    // the first is refused (window 0); the second is accepted and ACKed with the delayed ACK, 200 ms after it arrived
    const answers = probes.map((p) => r.segments.find((s) => s.from === "server" && s.t >= p.arrivedAt!)!);
    expect(answers.map((a) => [a.t, (a.ack - r.iss.client - 1) >>> 0, a.win])).toEqual([[1150, 4000, 0], [3350, 4001, 3999]]);
    const update = r.segments.find((s) => s.kind === "window_update")!;
    expect([update.t, update.fate, update.win]).toEqual([2500, "dropped", 4000]);
    expect(r.delivered[0]).toEqual({ t: 2500, offset: 0, len: 4000 });
  });
  it("the Linux probe has no data and the sequence number SND.UNA − 1", () => {
    const r = simulateTransferScenario("zero-window-probe", { probeStyle: "linux" });
    const p = r.segments.find((s) => s.kind === "zero_window_probe")!;
    expect([p.len, (p.seq - r.iss.client - 1) | 0]).toEqual([0, 3999]);
    expect(r.summary.complete).toBe(true);
  });
  it("Nagle + delayed ACK: the second write waits for the ACK the receiver delays 200 ms: sent at t = 300 instead of t = 1", () => {
    const r = simulateTransferScenario("nagle-delayed-ack-stall");
    expect(data(r).map((d) => [d[0], d[1], d[2]])).toEqual([[0, 0, 200], [300, 200, 300]]);
    expect(r.events.map((e) => e.kind)).toEqual(["nagle_hold", "delayed_ack", "delayed_ack"]);
  });
  it("without Nagle the second write leaves at once (t = 1); without delayed ACK it leaves when the immediate ACK returns (t = 100)", () => {
    expect(data(simulateTransferScenario("nagle-delayed-ack-stall", { nagle: false })).map((d) => d[0])).toEqual([0, 1]);
    expect(data(simulateTransferScenario("nagle-delayed-ack-stall", { delayedAckMs: false })).map((d) => d[0])).toEqual([0, 100]);
  });
  it("SACK: the three holes of one window are retransmitted within one round trip (t = 200, 300, 300: RFC 6675 deems a hole lost once more than 2·MSS above it is SACKed); NewReno without SACK needs a round trip per hole (200, 300, 400)", () => {
    const sack = simulateTransferScenario("sack-recovery");
    const holes = sack.segments.filter((s) => s.retransmission);
    expect(holes.map((s) => [s.t, (s.seq - sack.iss.client - 1) >>> 0])).toEqual([[200, 6000], [300, 8000], [300, 10000]]);
    expect(sack.segments.some((s) => s.sack.length > 0)).toBe(true);
    const plain = simulateTransferScenario("sack-recovery", { sack: false });
    const plainHoles = plain.segments.filter((s) => s.retransmission);
    expect(plainHoles.map((s) => [s.t, (s.seq - plain.iss.client - 1) >>> 0])).toEqual([[200, 6000], [300, 8000], [400, 10000]]);
    expect(plain.segments.every((s) => s.sack.length === 0)).toBe(true);
    const end = (r: TransferResult) => r.events.find((e) => e.kind === "recovery_end")!.t;
    expect([end(sack), end(plain)]).toEqual([400, 500]);
  });
  it("Reno leaves fast recovery at the first partial ACK, NewReno stays until recover is acknowledged", () => {
    const reno = simulateTransferScenario("sack-recovery", { sack: false, algo: "reno" });
    const nr = simulateTransferScenario("sack-recovery", { sack: false, algo: "newreno" });
    expect(nr.events.filter((e) => e.kind === "partial_ack").length).toBe(2);
    expect(reno.events.filter((e) => e.kind === "partial_ack").length).toBe(0);
    expect(reno.summary.complete && nr.summary.complete).toBe(true);
  });
});

describe("sequence numbers and windows", () => {
  it("a transfer whose sequence numbers wrap past 2^32 is delivered whole: ISS 4294960000, 20 KB", () => {
    const r = simulateTransfer({ writes: 20_000, iss: { client: 4_294_960_000, server: 7 }, faults: [{ from: "client", segment: 9, kind: "drop" }] });
    expect(r.summary.complete).toBe(true);
    expect(r.segments.some((s) => s.from === "client" && s.seq < 1_000_000)).toBe(true);
    expect(acks(r).at(-1)).toBe(20_000);
  });
  it("never has more unacknowledged data than the receiver's window", () => {
    const r = simulateTransfer({ writes: 50_000, rcvBuf: 6_000, readPausedUntil: 300, seed: 5 });
    for (const s of r.segments) if (s.from === "client" && s.state) expect(((s.state.sndNxt - s.state.sndUna) >>> 0)).toBeLessThanOrEqual(6_000);
    expect(r.summary.complete).toBe(true);
  });
  it("a delayed ACK goes out on every second full-sized segment", () => {
    const r = simulateTransfer({ writes: 4_000, initialWindow: 4 });
    expect(acks(r)).toEqual([2000, 4000]);
  });
  it("aborts after maxRetries timeouts when every segment is lost", () => {
    const r = simulateTransfer({ writes: 1_000, lossRate: 0.5, seed: 3, maxRetries: 3, faults: Array.from({ length: 10 }, (_, i) => ({ segment: i, kind: "drop" as const })) });
    expect([r.summary.aborted, r.summary.timeouts, r.summary.complete]).toEqual([true, 3, false]);
  });
  it("refuses bad options with a message naming the field", () => {
    expect(() => simulateTransfer({ writes: -1 })).toThrow(/writes/);
    expect(() => simulateTransfer({ writes: 1, mss: 0 })).toThrow(/mss/);
    expect(() => simulateTransfer({ writes: 1, lossRate: 2 })).toThrow(/lossRate/);
    expect(() => simulateTransfer({ writes: 1, faults: [{ segment: 0, kind: "explode" as "drop" }] })).toThrow(/fault 1/);
    expect(() => simulateTransfer({ writes: 1, delayedAckMs: 900 })).toThrow(/delayedAckMs/);
    expect(() => simulateTransferScenario("nope")).toThrow(/unknown transfer scenario/);
  });
});

describe("what each snapshot and the timer log say (the scenario player shows them)", () => {
  const rel = (r: TransferResult, seq: number) => (seq - r.iss.client) >>> 0;
  it("RTO: every data segment leaves with the retransmission timer running (RFC 6298 §5.1); each timeout doubles it and counts the back-off", () => {
    const r = simulateTransferScenario("rto-timeout");
    for (const s of r.segments) if (s.from === "client") expect(s.state!.timers.retransmit, `segment ${s.index}`).not.toBeNull();
    const rtx = r.segments.filter((s) => s.retransmission);
    expect(rtx.map((s) => [s.t, s.state!.rto, s.state!.backoff, s.state!.timers.retransmit])).toEqual([[1100, 2000, 1, 3100], [3100, 4000, 2, 7100]]);
    expect(r.timers.filter((t) => t.kind === "retransmit").map((t) => [t.setAt, t.expiresAt, t.end, t.endedAt])).toEqual([
      [0, 1000, "restarted", 100], // the (delayed) ACK of new data restarts it (RFC 6298 §5.3)
      [100, 1100, "fired", 1100],
      [1100, 3100, "fired", 3100],
      [3100, 7100, "stopped", 3400], // everything acknowledged (§5.2)
    ]);
    // FlightSize is SND.MAX − SND.UNA, and SND.NXT went back to SND.UNA for the retransmission
    expect([rtx[0].state!.flight, rel(r, rtx[0].state!.sndUna), rel(r, rtx[0].state!.sndNxt), rel(r, rtx[0].state!.sndMax)]).toEqual([1000, 2001, 3001, 3001]);
  });
  it("zero window: each probe leaves with the persist timer set for the next at a doubled interval, and counts the probes; data after the window opens stops it", () => {
    const r = simulateTransferScenario("zero-window-probe");
    const probes = r.segments.filter((s) => s.kind === "zero_window_probe");
    expect(probes.map((p) => [p.t, p.state!.probes, p.state!.timers.persist, p.state!.timers.retransmit])).toEqual([[1100, 1, 3100, null], [3100, 2, 7100, null]]);
    expect(r.timers.filter((t) => t.kind === "persist").map((t) => [t.setAt, t.expiresAt, t.end, t.endedAt])).toEqual([
      [100, 1100, "fired", 1100],
      [1100, 3100, "fired", 3100],
      [3100, 7100, "stopped", 3400],
    ]);
    // the timeout at 1100 under a zero window hands over to the persist timer: no back-off counted
    expect(probes.every((p) => p.state!.backoff === 0)).toBe(true);
  });
  it("Nagle + delayed ACK: the receiver's delayed-ACK timer runs 50 → 250 ms and fires; it owes 200 bytes meanwhile", () => {
    const r = simulateTransferScenario("nagle-delayed-ack-stall");
    expect(r.timers.filter((t) => t.kind === "delayed_ack").map((t) => [t.side, t.setAt, t.expiresAt, t.end])).toEqual([["server", 50, 250, "fired"], ["server", 350, 550, "fired"]]);
    expect(r.segments.map((s) => s.state!.ackPending)).toEqual([0, 0, 0, 0]);
  });
  it("a delayed ACK owed is visible while it waits; the second full segment sends the ACK and stops the timer, a lone one waits it out", () => {
    const r = simulateTransfer({ writes: 5_000, initialWindow: 3, delayedAckMs: 200 });
    // the third segment arrived alone at 50: 1000 bytes owed until 250 when the client sends at 100
    expect(r.segments.filter((s) => s.state!.ackPending > 0).map((s) => [s.t, s.state!.ackPending, s.state!.timers.delayedAck])).toEqual([[100, 1000, 250], [100, 1000, 250]]);
    expect(r.timers.filter((t) => t.kind === "delayed_ack").map((t) => [t.setAt, t.end, t.endedAt])).toEqual([[50, "stopped", 50], [50, "stopped", 150], [150, "fired", 350]]);
  });
  it("each event names the segment it led to: the fast retransmission, the timeout's retransmission, the probe", () => {
    const led = (r: TransferResult, kind: string) => r.events.filter((e) => e.kind === kind).map((e) => r.segments[e.before]?.kind);
    expect(led(simulateTransferScenario("fast-retransmit"), "fast_retransmit")).toEqual(["fast_retransmission"]);
    expect(led(simulateTransferScenario("rto-timeout"), "rto")).toEqual(["retransmission", "retransmission"]);
    expect(led(simulateTransferScenario("zero-window-probe"), "persist_probe")).toEqual(["zero_window_probe", "zero_window_probe"]);
    const z = simulateTransferScenario("zero-window-probe");
    expect(z.timers.filter((t) => t.kind === "persist" && t.end === "fired").map((t) => z.segments[t.endedBefore!].kind)).toEqual(["zero_window_probe", "zero_window_probe"]);
  });
  it("no timer log without snapshots (the benchmark's setting), and the same transfer either way", () => {
    const a = simulateTransferScenario("fast-retransmit");
    const b = simulateTransferScenario("fast-retransmit", { snapshots: false });
    expect(b.timers).toEqual([]);
    expect(b.segments.map(({ state: _state, ...s }) => s)).toEqual(a.segments.map(({ state: _state, ...s }) => s));
  });
});

describe("zero-window probes whose answer is lost", () => {
  it("the next probe carries the same byte, not the one after it (BSD tcp_output: no snd_nxt advance for a forced byte)", () => {
    // seed 10 with these options: the ACK of the first probe (t = 1313 ms) is lost
    const r = simulateTransfer({ seed: 10, writes: 21079, sack: false, algo: "newreno", delayedAckMs: 113, lossRate: 0.06725192915182561, lossUntil: 2000, nagle: true, rcvBuf: 2204, readPausedUntil: 3490 });
    const probes = r.segments.filter((s) => s.kind === "zero_window_probe");
    expect(probes.length).toBeGreaterThanOrEqual(2);
    expect(r.segments.some((s) => s.from === "server" && s.t > probes[0].t && s.t < probes[1].t && s.arrivedAt === null)).toBe(true);
    expect(new Set(probes.map((p) => p.seq)).size).toBe(1);
  });
});
