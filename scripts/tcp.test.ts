import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
function tcp(args: string[], input?: string) {
  const r = spawnSync(TSX, ["scripts/tcp.ts", ...args], { cwd: ROOT, input, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const json = (s: string) => JSON.parse(s) as Record<string, unknown>;

describe("tcp command line", () => {
  it("annotate --json prints one JSON document with the segments and states, exit 0 for a valid trace", () => {
    const r = tcp(["annotate", "lib/tcp/captures/refused.txt", "--json"]);
    expect(r.code).toBe(0);
    const doc = json(r.out);
    expect(Object.keys(doc)).toEqual(["segments", "problems"]);
    expect(doc.segments).toEqual([
      { from: "client", flags: "S", seq: expect.any(Number), ack: null, len: 0, client: "SYN_SENT", server: "CLOSED", problems: [], delivery: { kind: "at_once", at: 0, proof: null }, events: [] },
      { from: "server", flags: "R.", seq: 0, ack: expect.any(Number), len: 0, client: "CLOSED", server: "CLOSED", problems: [], delivery: { kind: "at_once", at: 1, proof: null }, events: [] },
    ]);
  });
  it("annotate --json gives each segment Wireshark's analysis events, and the table shows them", () => {
    const r = tcp(["annotate", "lib/tcp/captures/analysis/data-retransmit.pcap", "--json"]);
    expect(r.code).toBe(0);
    const segs = json(r.out).segments as { events: string[] }[];
    expect(segs.map((s, i) => [i + 1, s.events]).filter(([, e]) => (e as string[]).length)).toEqual([
      [8, ["dup_ack"]], [9, ["retransmission"]], [10, ["retransmission"]],
    ]);
    expect(tcp(["annotate", "lib/tcp/captures/analysis/keepalive.txt"]).out).toContain("keep_alive_ack");
  });
  it("annotate reads pcap and pcapng files (by their magic number) as it reads tcpdump's text of them", () => {
    for (const f of ["simultaneous-open.pcap", "ipv6.pcapng", "challenge-ack.ns.pcap"]) {
      const bin = tcp(["annotate", `lib/tcp/captures/binary/${f}`, "--json"]);
      const txt = tcp(["annotate", `lib/tcp/captures/binary/${f}.txt`, "--json"]);
      expect(bin.code, bin.err).toBe(0);
      expect(json(bin.out)).toEqual(json(txt.out));
    }
    const broken = tcp(["annotate", "-"], "\xd4\xc3\xb2\xa1 damaged");
    expect(broken.code).toBe(2);
  });
  it("annotate's table says how each segment arrived: crossed, lost and the line that proves it", () => {
    const r = tcp(["annotate", "lib/tcp/captures/last-ack-lost.S.txt"]);
    expect(r.out).toContain("lost (#9 proves it)");
    expect(tcp(["annotate", "lib/tcp/captures/simultaneous-close.txt"]).out).toContain("crossed → #6");
  });
  it("annotate reads standard input with - and prints a table", () => {
    const r = tcp(["annotate", "-"], "IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [S], seq 1, win 3, length 0\n");
    expect(r.code).toBe(0);
    expect(r.out).toContain("SYN_SENT");
  });
  it("annotate exits 1 when the trace has a segment that cannot happen", () => {
    const r = tcp(["annotate", "-", "--json"], "IP 10.0.0.1.5000 > 10.0.0.2.80: Flags [S], seq 1:11, win 3, length 10\n");
    expect(r.code).toBe(1);
    expect((json(r.out).problems as { code: string }[])[0].code).toBe("syn_data_without_tfo");
  });
  it("annotate exits 2 with a one-line reason for unreadable input", () => {
    const r = tcp(["annotate", "no/such/file.txt"]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err.trim().split("\n")).toHaveLength(1);
    const e = tcp(["annotate", "-"], "hello world\n");
    expect(e.code).toBe(2);
    expect(e.err).toMatch(/no TCP segment/);
  });
  it("transition --json gives next and send, or an error with exit 1", () => {
    const ok = tcp(["transition", "SYN_SENT", "rcv_syn_ack", "--json"]);
    expect(ok.code).toBe(0);
    expect(json(ok.out)).toEqual({ next: "ESTABLISHED", send: ["ACK"] });
    const origin = tcp(["transition", "SYN_RECEIVED", "rcv_rst", "--origin", "active", "--json"]);
    expect(json(origin.out)).toEqual({ next: "CLOSED", send: [] });
    const bad = tcp(["transition", "CLOSED", "close", "--json"]);
    expect(bad.code).toBe(1);
    expect(json(bad.out).error).toMatch(/connection does not exist/);
  });
  it("transition --json keeps the RFC's response (send) and the rule in a rejection", () => {
    const r = tcp(["transition", "CLOSED", "rcv_data", "--json"]);
    expect(r.code).toBe(1);
    const doc = json(r.out);
    expect(doc).toMatchObject({ code: "no_connection_rst", send: ["RST"], rule: "RFC 9293 §3.10.7.1" });
    expect((doc.message as { en: string; zh: string }).zh.length).toBeGreaterThan(3);
  });
  it("transition and annotate agree on a SYN in TIME_WAIT: a new connection, as Linux does", () => {
    const t = tcp(["transition", "TIME_WAIT", "rcv_syn", "--json"]);
    expect(json(t.out)).toEqual({ next: "SYN_RECEIVED", send: ["SYN_ACK"] });
    const a = json(tcp(["annotate", "lib/tcp/captures/time-wait-reuse.S.txt", "--json"]).out);
    const segs = a.segments as { flags: string; server: string }[];
    const second = segs.findIndex((s, i) => i > 0 && s.flags === "S");
    expect(segs[second - 1].server).toBe("TIME_WAIT");
    expect(segs[second].server).toBe("SYN_RECEIVED");
  });
  it("simulate --list and simulate --json", () => {
    const list = tcp(["simulate", "--list"]);
    expect(list.code).toBe(0);
    expect(list.out).toContain("simultaneous-close");
    const sim = tcp(["simulate", "client-close", "--seed", "7", "--drop", "0", "--json"]);
    expect(sim.code).toBe(0);
    const doc = json(sim.out);
    const segs = doc.segments as { flags: string; fate: string; client: string }[];
    expect(segs[0]).toMatchObject({ flags: "S", fate: "dropped" });
    expect(segs.at(-1)).toMatchObject({ client: "TIME_WAIT" });
    expect(doc.problems).toEqual([]);
  });
  it("an unknown scenario is reported on stderr with exit 2", () => {
    const r = tcp(["simulate", "nope"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown scenario/);
  });
});
