import { describe, expect, it } from "vitest";
import { isCrossOrigin, readBodyCapped } from "./http";

const h = (o: Record<string, string>) => new Headers(o);

describe("cross-origin check", () => {
  it("allows an Origin whose host is the Host header", () => {
    expect(isCrossOrigin(h({ origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }))).toBe(false);
  });
  it("refuses another host, another port, a null origin and Sec-Fetch-Site cross-site", () => {
    expect(isCrossOrigin(h({ origin: "https://evil.example", host: "127.0.0.1:3211" }))).toBe(true);
    expect(isCrossOrigin(h({ origin: "http://127.0.0.1:9999", host: "127.0.0.1:3211" }))).toBe(true);
    expect(isCrossOrigin(h({ origin: "null", host: "127.0.0.1:3211" }))).toBe(true);
    expect(isCrossOrigin(h({ "sec-fetch-site": "cross-site", host: "127.0.0.1:3211" }))).toBe(true);
  });
  it("allows a request without Origin (not a browser's cross-site request)", () => {
    expect(isCrossOrigin(h({ host: "127.0.0.1:3211" }))).toBe(false);
  });
});

describe("capped body", () => {
  it("reads a body up to the limit", async () => {
    const r = await readBodyCapped(new Request("http://x/", { method: "POST", body: "héllo" }), 6);
    expect(r).toEqual({ ok: true, text: "héllo" });
  });
  it("refuses a body one byte over the limit while reading", async () => {
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode("abcd"));
        c.enqueue(new TextEncoder().encode("efg"));
        c.close();
      },
    });
    const r = await readBodyCapped(new Request("http://x/", { method: "POST", body: stream, duplex: "half" } as RequestInit), 6);
    expect(r).toEqual({ ok: false, reason: "too_large" });
  });
  it("refuses at once when Content-Length is over the limit", async () => {
    const r = await readBodyCapped(new Request("http://x/", { method: "POST", body: "x", headers: { "content-length": "999999999" } }), 10);
    expect(r).toEqual({ ok: false, reason: "too_large" });
  });
});
