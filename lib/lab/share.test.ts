import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { annotate } from "@/lib/tcp";
import { buildExplainView } from "./view";
import { MAX_LINK_CHARS, decodeTrace, encodeTrace, parseFragment, viewCsv } from "./share";

const capture = fs.readFileSync(path.join(process.cwd(), "lib", "tcp", "captures", "client-close.txt"), "utf8");

describe("sharing an explained trace", () => {
  it("round-trips a real capture through the link fragment, and it fits in a link", async () => {
    const enc = await encodeTrace(capture);
    expect(enc.length).toBeLessThan(MAX_LINK_CHARS);
    expect(parseFragment(`#trace=${enc}`)).toEqual({ kind: "trace", value: enc });
    expect(await decodeTrace(enc, 1 << 20)).toBe(capture);
  });
  it("refuses a damaged fragment or one that inflates past the limit", async () => {
    expect(await decodeTrace("not*base64", 1000)).toBeNull();
    expect(await decodeTrace("AAAA", 1000)).toBeNull();
    expect(await decodeTrace(await encodeTrace("x".repeat(5000)), 1000)).toBeNull();
    expect(parseFragment("#other=1")).toBeNull();
    expect(parseFragment("#local=abc")).toEqual({ kind: "local", id: "abc" });
  });
  it("exports the rows as CSV with both sides' states", () => {
    const csv = viewCsv(buildExplainView(annotate(capture), []));
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("line,from,flags,seq,ack,len,client_state,server_state");
    expect(lines[1]).toMatch(/^1,client,S,\d+,,0,SYN_SENT,/);
    expect(lines.at(-1)).toMatch(/,(TIME_WAIT|CLOSED),CLOSED$/);
  });
});
