import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { annotate } from "@/lib/tcp";
import { initialNumbers, shown, toAbsolute } from "./numbering";

const DIR = path.join(process.cwd(), "lib/tcp/captures");
const PAIRS = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith(".S.txt"))
  .map((f) => f.replace(/\.S\.txt$/, ""));

describe("absolute and relative numbers", () => {
  it("turns every real capture printed without -S back into the numbers the same capture shows with -S", () => {
    expect(PAIRS.length).toBeGreaterThanOrEqual(10);
    for (const name of PAIRS) {
      const rel = annotate(fs.readFileSync(path.join(DIR, `${name}.txt`), "utf8"));
      const abs = annotate(fs.readFileSync(path.join(DIR, `${name}.S.txt`), "utf8"));
      // (a capture whose only ACK-bearing line is its first prints nothing relative: either reading fits)
      if (rel.segments.filter((s) => s.flags.includes(".")).length > 1) expect(rel.numbering, name).toBe("relative");
      expect(abs.numbering, name).toBe("absolute");
      const fromRel = toAbsolute(rel.segments, rel.numbering);
      const fromAbs = toAbsolute(abs.segments, "absolute");
      expect(fromRel, name).toEqual(fromAbs);
      expect(fromAbs.seq, name).toEqual(abs.segments.map((s) => s.seq));
    }
  });

  it("shows relative numbers from each side's ISN: the SYN is 0, the SYN-ACK acks 1", () => {
    const a = annotate(fs.readFileSync(path.join(DIR, "client-close.S.txt"), "utf8"));
    const abs = toAbsolute(a.segments, "absolute");
    const isn = initialNumbers(a.segments, abs);
    const rel = a.segments.map((s, i) => [shown(abs.seq[i], isn[s.from], "relative"), abs.ack[i] === null ? null : shown(abs.ack[i]!, isn[s.from === "client" ? "server" : "client"], "relative")]);
    expect(rel.slice(0, 4)).toEqual([[0, null], [0, 1], [1, 1], [1, 1]]);
    expect(shown(5, 10, "absolute")).toBe(5);
  });

  it("relative numbers wrap modulo 2^32 when the ISN is near the top", () => {
    expect(shown(3, 0xffff_fffe, "relative")).toBe(5);
  });

  it("a capture started mid-stream takes tcpdump's base from the first ACK-bearing segment", () => {
    const isn = initialNumbers([{ from: "client", flags: "P." }, { from: "server", flags: "." }], { seq: [1000, 5000], ack: [5001, 1100] });
    expect(isn).toEqual({ client: 1000, server: 5000 });
  });
});
