import { describe, expect, it } from "vitest";
import { readBytesCapped } from "./body";

describe("reading a body with a size limit", () => {
  it("reads a body up to the limit, byte for byte", async () => {
    const r = await readBytesCapped(new Request("http://x/", { method: "POST", body: "héllo" }), 6);
    expect(r.ok && new TextDecoder().decode(r.bytes)).toBe("héllo");
  });

  it("refuses a declared Content-Length over the limit without reading, and names the size", async () => {
    const req = new Request("http://x/", { method: "POST", body: "x", headers: { "content-length": "5000" } });
    expect(await readBytesCapped(req, 100)).toEqual({ ok: false, reason: "too_large", size: 5000 });
  });

  it("cuts a chunked body off as soon as it passes the limit", async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(64));
        if (pulled > 1000) c.close();
      },
    });
    const r = await readBytesCapped(new Request("http://x/", { method: "POST", body: stream, duplex: "half" } as RequestInit), 200);
    expect(r).toEqual({ ok: false, reason: "too_large", size: 256 });
    expect(pulled).toBeLessThan(10);
  });
});
