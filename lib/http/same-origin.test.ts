import { describe, expect, it } from "vitest";
import { isCrossSite } from "./same-origin";

const h = (o: Record<string, string>) => new Headers(o);

describe("the same-origin rule for requests that change data", () => {
  it("allows the page's own origin, and requests that carry no Origin at all", () => {
    expect(isCrossSite(h({ origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }))).toBe(false);
    expect(isCrossSite(h({ host: "127.0.0.1:3000" }))).toBe(false);
    expect(isCrossSite(h({ "sec-fetch-site": "same-origin", origin: "http://localhost:3000", host: "localhost:3000" }))).toBe(false);
  });

  it("refuses another host or port, a null origin, a malformed one, and what the browser calls cross-site or same-site", () => {
    expect(isCrossSite(h({ origin: "https://evil.example", host: "127.0.0.1:3000" }))).toBe(true);
    expect(isCrossSite(h({ origin: "http://127.0.0.1:9999", host: "127.0.0.1:3000" }))).toBe(true);
    expect(isCrossSite(h({ origin: "null", host: "127.0.0.1:3000" }))).toBe(true);
    expect(isCrossSite(h({ origin: "::not a url", host: "127.0.0.1:3000" }))).toBe(true);
    expect(isCrossSite(h({ "sec-fetch-site": "cross-site", host: "127.0.0.1:3000" }))).toBe(true);
    expect(isCrossSite(h({ "sec-fetch-site": "same-site", host: "127.0.0.1:3000" }))).toBe(true);
  });

  it("refuses a DNS-rebinding page: Origin and Host agree but name a host this server does not answer to", () => {
    expect(isCrossSite(h({ origin: "http://evil.example:3000", host: "evil.example:3000" }))).toBe(true);
    const policy = { port: 3000, allowed: ["drill.lan"], trustedProxies: [] };
    expect(isCrossSite(h({ origin: "http://drill.lan:3000", host: "drill.lan:3000" }), policy)).toBe(false);
  });

  it("believes X-Forwarded-Host only when a proxy is trusted", () => {
    const forged = h({ origin: "http://evil.example", host: "127.0.0.1:3000", "x-forwarded-host": "evil.example" });
    expect(isCrossSite(forged, { port: 3000, allowed: [], trustedProxies: [] })).toBe(true);
    const proxied = h({ origin: "https://drill.example", host: "127.0.0.1:3000", "x-forwarded-host": "drill.example" });
    expect(isCrossSite(proxied, { port: 3000, allowed: ["drill.example"], trustedProxies: ["127.0.0.1"] })).toBe(false);
  });
});
