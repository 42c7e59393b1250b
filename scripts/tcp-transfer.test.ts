import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
function tcp(args: string[]) {
  const r = spawnSync(TSX, ["scripts/tcp.ts", ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("tcp congestion / rto / window on the command line", () => {
  it("congestion --json prints {steps} with event, cwnd, ssthresh and phase: cwnd 16, three dup ACKs → 11 / 8 fast recovery", () => {
    const r = tcp(["congestion", "--algo", "newreno", "--cwnd", "16", "--events", "dupack,dupack,dupack,partial_ack:2,ack", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ steps: [
      { event: "dupack", cwnd: 16, ssthresh: 64, phase: "slow_start" },
      { event: "dupack", cwnd: 16, ssthresh: 64, phase: "slow_start" },
      { event: "dupack", cwnd: 11, ssthresh: 8, phase: "fast_recovery" },
      { event: "partial_ack", cwnd: 10, ssthresh: 8, phase: "fast_recovery" },
      { event: "ack", cwnd: 8, ssthresh: 8, phase: "congestion_avoidance" },
    ] });
  });
  it("rto --json prints the steps and the back-off: 100 ms with the Linux minimum 200 → RTO 300, then 600", () => {
    const r = tcp(["rto", "--samples", "100", "--min-rto", "200", "--timeouts", "1", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ steps: [{ sample: 100, srtt: 100, rttvar: 50, rto: 300 }], backoff: [{ timeout: 1, rto: 600 }] });
  });
  it("cubic --json: W_max 100 → K = cbrt(75) ≈ 4.217 s, W(0) = 70, W(K) = 100", () => {
    const r = tcp(["cubic", "--wmax", "100", "--t", "0,4.217163", "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { k: number; points: { t: number; w: number }[] };
    expect(doc.k).toBeCloseTo(4.21716, 4);
    expect(doc.points[0].w).toBeCloseTo(70, 9);
    expect(doc.points[1].w).toBeCloseTo(100, 4);
  });
  it("transfer plays a scenario as JSON or as tcpdump lines", () => {
    const j = tcp(["transfer", "fast-retransmit", "--json"]);
    expect(j.code).toBe(0);
    const doc = JSON.parse(j.out) as { scenario: string; summary: { complete: boolean; fastRetransmits: number } };
    expect([doc.scenario, doc.summary.complete, doc.summary.fastRetransmits]).toEqual(["fast-retransmit", true, 1]);
    const t = tcp(["transfer", "rto-timeout", "--tcpdump", "--vantage", "wire"]);
    expect(t.code).toBe(0);
    expect(t.out.trim().split("\n")).toHaveLength(7);
    expect(t.out).toMatch(/^00:00:01\.100000 IP 10\.0\.0\.1\.40000 > 10\.0\.0\.2\.80: Flags \[P\.\], seq \d+:\d+, ack \d+, win 65535, length 1000$/m);
  });
  it("bad arguments exit 2 with one line on stderr and nothing on stdout", () => {
    for (const args of [
      ["congestion", "--algo", "vegas", "--events", "rtt"],
      ["congestion", "--algo", "reno", "--events", "rtt,bogus"],
      ["rto", "--samples", "100,-5"],
      ["window", "send", "--una", "5", "--nxt", "1", "--wnd", "10"],
      ["window", "fly"],
      ["transfer", "no-such-scenario"],
      ["transfer", "slow-start", "--loss", "0.9"],
    ]) {
      const r = tcp(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.out).toBe("");
      expect(r.err.trim().split("\n")).toHaveLength(1);
    }
  });
});

describe("the issue-18 calculators on the command line", () => {
  it("syn-retries --json: tcp_syn_retries 6 with 4 linear timeouts → resent at 1,2,3,4,5,7,11,19,35,67 s, ETIMEDOUT at 131 s", () => {
    const r = tcp(["syn-retries", "--retries", "6", "--linear", "4", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ retransmits: [1, 2, 3, 4, 5, 7, 11, 19, 35, 67].map((x) => x * 1000), giveUp: 131_000 });
  });
  it("keepalive, mss, ports, give-up and nagle --json give the calculators' numbers", () => {
    expect(JSON.parse(tcp(["keepalive", "--time", "7200", "--intvl", "75", "--probes", "9", "--json"]).out).dead).toBe(7875);
    expect(JSON.parse(tcp(["mss", "--mtu", "1500", "--timestamps", "--json"]).out)).toMatchObject({ mss: 1460, payload: 1448, udpPayload: 1472 });
    expect(JSON.parse(tcp(["ports", "--range", "32768-60999", "--json"]).out)).toMatchObject({ ports: 28232, maxRate: 470 });
    expect(JSON.parse(tcp(["give-up", "--retries2", "15", "--rto", "200", "--json"]).out)).toMatchObject({ limit: 924_600, giveUp: 924_600 });
    expect(JSON.parse(tcp(["nagle", "--rtt", "40", "--delayed-ack", "200", "--json"]).out)).toEqual({ bodySent: 240, response: 280, noDelay: 40 });
    expect(JSON.parse(tcp(["accept-queue", "--backlog", "128", "--somaxconn", "4096", "--completed", "500", "--json"]).out)).toEqual({ sendQ: 128, holds: 129, recvQ: 129, refused: 371 });
  });
  it("without --json prints the arithmetic; bad arguments exit 2 with one line", () => {
    const t = tcp(["wscale", "--win", "502", "--wscale", "7"]);
    expect(t.code).toBe(0);
    expect(t.out).toContain("502 × 2^7 = 64256");
    const bad = tcp(["framing", "--messages", "10", "--reads", "5"]);
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split("\n")).toHaveLength(1);
  });
});
