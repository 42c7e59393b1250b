/**
 * Binary captures (issue 16 §3). Parity: the reader's segments equal what `tcpdump -n -S -r` prints
 * for the same file (the fixtures in captures/binary were recorded with tcpdump on loopback and
 * converted with editcap; FILE.txt beside each is tcpdump's output, so no tcpdump is needed here).
 * Corruption: any damage to a file gives a typed error or a reading, never an exception.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { annotate } from "./annotate";
import { isCaptureFile, readCaptureFile } from "./pcap";
import { parseTcpdump } from "./tcpdump";

const DIR = path.join(import.meta.dirname, "captures", "binary");
const files = readdirSync(DIR).filter((f) => /\.(pcap|pcapng)$/.test(f));
const fields = (text: string) => parseTcpdump(text).lines.map((l) => [l.src, l.dst, l.flagText, l.seq, l.ack, l.win, l.len, l.tfo]);

describe("pcap and pcapng files read like tcpdump -n -S reads them", () => {
  it("has fixtures of every kind: pcap µs and ns, pcapng, Ethernet, VLAN, SLL, SLL2, raw IP, IPv6", () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
  });
  for (const f of files) {
    it(`${f}: the same segments as tcpdump's output`, () => {
      const bytes = new Uint8Array(readFileSync(path.join(DIR, f)));
      expect(isCaptureFile(bytes)).toBe(true);
      const r = readCaptureFile(bytes);
      if (!r.ok) throw new Error(r.message.en);
      const tcpdump = readFileSync(path.join(DIR, `${f}.txt`), "utf8");
      expect(fields(r.text)).toEqual(fields(tcpdump));
      expect(r.format).toBe(f.endsWith(".pcapng") ? "pcapng" : "pcap");
    });
    it(`${f}: annotated like tcpdump's text of it`, () => {
      const r = readCaptureFile(new Uint8Array(readFileSync(path.join(DIR, f))));
      if (!r.ok) throw new Error(r.message.en);
      const a = annotate(r.text);
      const t = annotate(readFileSync(path.join(DIR, `${f}.txt`), "utf8"));
      expect(a.segments.map((s) => `${s.client} ${s.server} ${s.delivery.kind}`)).toEqual(t.segments.map((s) => `${s.client} ${s.server} ${s.delivery.kind}`));
      expect(a.problems.map((p) => p.code)).toEqual(t.problems.map((p) => p.code));
    });
  }
  it("text is not a capture file", () => {
    expect(readCaptureFile(new TextEncoder().encode("IP 1.2.3.4.5 > 6.7.8.9.10: Flags [S], seq 1, win 1, length 0\n"))).toMatchObject({ ok: false, code: "not_a_capture" });
  });
});

describe("a damaged capture file gives a typed error, never an exception", () => {
  const originals = files.map((f) => new Uint8Array(readFileSync(path.join(DIR, f))));
  it("random byte changes, cuts and insertions", () => {
    fc.assert(fc.property(
      fc.nat(originals.length - 1),
      fc.array(fc.record({ at: fc.nat(), byte: fc.nat(255) }), { minLength: 1, maxLength: 12 }),
      fc.option(fc.nat(), { nil: undefined }),
      fc.uint8Array({ maxLength: 40 }),
      (which, changes, cut, insert) => {
        const src = originals[which];
        let bytes = new Uint8Array(src);
        for (const c of changes) bytes[c.at % bytes.length] = c.byte;
        if (cut !== undefined) bytes = bytes.slice(0, cut % (bytes.length + 1));
        if (insert.length > 0) {
          const at = (changes[0].at * 7) % (bytes.length + 1);
          bytes = new Uint8Array([...bytes.slice(0, at), ...insert, ...bytes.slice(at)]);
        }
        const r = readCaptureFile(bytes);
        if (r.ok) expect(typeof r.text).toBe("string");
        else {
          expect(["not_a_capture", "truncated", "bad_block", "unsupported_link", "no_tcp"]).toContain(r.code);
          expect(r.message.zh.length).toBeGreaterThan(5);
        }
      }), { numRuns: 3000 });
  });
});
