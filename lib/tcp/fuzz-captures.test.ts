/**
 * The engine against the kernel on random real connections (captures/fuzz.py): each capture is a
 * seeded random program — data either way, shutdown, close with and without unread data, aborts, a
 * side that stops reading, one side's segments dropped for a while — recorded on loopback with
 * `ss -tan` snapshots taken after every step. annotate() replays the capture, and its states at the
 * moment of each snapshot (after the last line captured before `ss` ran) must be the kernel's.
 * A snapshot with a segment captured while `ss` was running is ambiguous and skipped. Each capture is
 * also printed without -S (tcpdump's relative numbers, SEED.r.txt), which must read the same, and its
 * analysis events must be tshark's (SEED.tshark.txt, TShark 4.0.17) packet by packet.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { annotate } from "./annotate";
import { readTsharkFlags } from "./tshark-analysis.test-helper";

const DIR = path.join(import.meta.dirname, "captures", "fuzz");
const seeds = readdirSync(DIR)
  .filter((f) => /^\d+\.txt$/.test(f))
  .map((f) => Number(f.slice(0, -4)))
  .sort((a, b) => a - b);

interface Snapshot { before: string; after: string; label: string; rows: string[][] }

function snapshots(seed: number): Snapshot[] {
  return readFileSync(path.join(DIR, `${seed}.ss.txt`), "utf8").trim().split("\n").map((line) => {
    const m = /^(\S+) (\S+) (.*?): ((?:[A-Z][A-Z0-9-]* \S+ \S+(?: \| )?)+|\(no socket\))$/.exec(line);
    if (!m) throw new Error(`fuzz/${seed}.ss.txt: cannot read "${line}"`);
    const rows = m[4] === "(no socket)" ? [] : m[4].split(" | ").map((r) => r.split(" "));
    return { before: m[1], after: m[2], label: m[3], rows };
  });
}

/** The kernel's state of the socket at `local` talking to `peer` ("addr.port" as tcpdump prints them). */
function kernelState(rows: string[][], local: string, peer: string): string {
  const port = (a: string) => a.slice(a.lastIndexOf(".") + 1);
  const r = rows.find((x) => x[1].endsWith(`:${port(local)}`) && x[2].endsWith(`:${port(peer)}`));
  if (!r) return "CLOSED";
  return r[0].replace(/-/g, "_").replace(/^ESTAB$/, "ESTABLISHED").replace(/^SYN_RECV$/, "SYN_RECEIVED");
}

describe("random real connections: the engine's states are the kernel's (captures/fuzz)", () => {
  it("there are recorded captures", () => {
    expect(seeds.length).toBeGreaterThan(20);
  });
  for (const seed of seeds) {
    const program = readFileSync(path.join(DIR, `${seed}.program.txt`), "utf8").trim().split("\n").slice(1).join("; ");
    it(`seed ${seed} (${program})`, () => {
      const a = annotate(readFileSync(path.join(DIR, `${seed}.txt`), "utf8"));
      expect(a.problems.map((p) => p.message.en)).toEqual([]);
      const times = a.segments.map((s) => s.raw.slice(0, 15));
      let compared = 0;
      for (const snap of snapshots(seed)) {
        if (times.some((t) => t >= snap.before && t <= snap.after)) continue; // a segment while ss ran
        let i = -1;
        while (i + 1 < times.length && times[i + 1] < snap.before) i++;
        if (i < 0) continue;
        const engine = `${a.segments[i].client} ${a.segments[i].server}`;
        const kernel = `${kernelState(snap.rows, a.client!, a.server!)} ${kernelState(snap.rows, a.server!, a.client!)}`;
        expect(engine, `${snap.label} (after line ${i + 1}: ${a.segments[i].raw.slice(0, 90)})`).toBe(kernel);
        compared++;
      }
      expect(compared).toBeGreaterThan(0);
      // Wireshark's analysis (TShark 4.0.17 on the pcap, SEED.tshark.txt): the same events per packet
      const ts = readTsharkFlags(readFileSync(path.join(DIR, `${seed}.tshark.txt`), "utf8")).frames;
      const flagged = new Set<number>([...ts.keys(), ...a.segments.filter((s) => s.events.length).map((s) => s.line)]);
      for (const f of flagged) expect([f, a.segments.find((s) => s.line === f)?.events ?? []]).toEqual([f, ts.get(f) ?? []]);
      // the same capture printed with tcpdump's relative numbers (no -S) reads the same
      const r = annotate(readFileSync(path.join(DIR, `${seed}.r.txt`), "utf8"));
      expect(r.problems.map((p) => p.message.en)).toEqual([]);
      expect(r.segments.map((s) => `${s.client} ${s.server} ${s.delivery.kind} ${s.events.join(",")}`))
        .toEqual(a.segments.map((s) => `${s.client} ${s.server} ${s.delivery.kind} ${s.events.join(",")}`));
    });
  }
});
