import { describe, expect, it } from "vitest";
import { annotate, parseTcpdump } from "../index";
import { captured, renderTransferTcpdump, timeSequence } from "./render";
import { listTransferScenarios, simulateTransferScenario } from "./scenarios";

describe("the transfer as tcpdump -n -S text", () => {
  it("a capture on the sender shows its lost data segments but not the lost ACKs; one on the receiver the other way round", () => {
    const r = simulateTransferScenario("zero-window-probe");
    const atClient = captured(r, "client").map((x) => x.seg);
    const atServer = captured(r, "server").map((x) => x.seg);
    const lostUpdate = r.segments.find((s) => s.kind === "window_update")!;
    expect(lostUpdate.fate).toBe("dropped");
    expect(atClient).not.toContain(lostUpdate);
    expect(atServer).toContain(lostUpdate);
    expect(captured(r, "wire")).toHaveLength(r.segments.length);
  });
  it("every line reads back with the same sequence number, ACK, window, length and SACK blocks", () => {
    const r = simulateTransferScenario("sack-recovery");
    const rows = captured(r, "client");
    const text = renderTransferTcpdump(r);
    const parsed = parseTcpdump(text);
    expect(parsed.skipped).toEqual([]);
    expect(parsed.lines).toHaveLength(rows.length);
    parsed.lines.forEach((l, i) => {
      const s = rows[i].seg;
      expect([l.seq ?? s.seq, l.ack, l.win, l.len]).toEqual([s.seq, s.ack, s.win, s.len]);
      if (s.from === "client") expect(l.seq).toBe(s.seq);
      for (const b of s.sack) expect(l.raw).toContain(`{${b.left}:${b.right}}`);
    });
    expect(text).toMatch(/^00:00:00\.000000 IP 10\.0\.0\.1\.40000 > 10\.0\.0\.2\.80: Flags \[\.\], seq \d+:\d+, ack \d+, win 65535, length 1000$/m);
    expect(text).toMatch(/options \[nop,nop,sack 3 \{\d+:\d+\}\{\d+:\d+\}\{\d+:\d+\}\]/);
  });
  it("the annotator reads every scenario's capture, from both ends, as a valid mid-stream connection", () => {
    for (const { name } of listTransferScenarios()) {
      const r = simulateTransferScenario(name);
      for (const vantage of ["client", "server"] as const) {
        const a = annotate(renderTransferTcpdump(r, { vantage }));
        expect(a.skipped, `${name} ${vantage}`).toEqual([]);
        expect(a.segments.length, `${name} ${vantage}`).toBe(captured(r, vantage).length);
        expect(a.problems, `${name} ${vantage}`).toEqual([]);
        expect(a.midStream).toBe(true);
      }
    }
  });
});

describe("the time-sequence series (tcptrace style)", () => {
  it("fast retransmit: the bar at 6000–7000 is sent at t = 100 and lost, then resent at t = 200 as a retransmission; the ACK line never falls and the window edge stays above it", () => {
    const ts = timeSequence(simulateTransferScenario("fast-retransmit"));
    expect(ts.data.filter((d) => d.start === 6000)).toEqual([
      { t: 100, start: 6000, end: 7000, retransmission: false, lost: true, probe: false },
      { t: 200, start: 6000, end: 7000, retransmission: true, lost: false, probe: false },
    ]);
    for (let i = 1; i < ts.ack.length; i++) expect(ts.ack[i].ack).toBeGreaterThanOrEqual(ts.ack[i - 1].ack);
    ts.window.forEach((w, i) => expect(w.edge).toBeGreaterThanOrEqual(ts.ack[i].ack));
    expect(ts.ack.at(-1)!.ack).toBe(20_000);
  });
  it("SACK blocks and the window in offsets from the first byte, so a transfer across the 2^32 wrap graphs like any other", () => {
    const a = timeSequence(simulateTransferScenario("sack-recovery"));
    const b = timeSequence(simulateTransferScenario("sack-recovery", { iss: { client: 0xffff_ff00, server: 1 } }));
    expect(b).toEqual(a);
    expect(a.sack[0]).toEqual({ t: 200, start: 7000, end: 8000 }); // reported at 150, reaching the sender at 200
  });
});
