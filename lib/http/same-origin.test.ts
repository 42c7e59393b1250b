import { describe, expect, it } from "vitest";
import { isCrossSite } from "./same-origin";

const h = (o: Record<string, string>) => new Headers(o);

describe("the same-origin rule for requests that change data", () => {
  it("allows the page's own origin, and requests that carry no Origin at all", () => {
    expect(isCrossSite(h({ origin: "http://127.0.0.1:3000", host: "127.0.0.1:3000" }))).toBe(false);
    expect(isCrossSite(h({ host: "127.0.0.1:3000" }))).toBe(false);
    expect(isCrossSite(h({ "sec-fetch-site": "same-origin", origin: "http://a:1", host: "a:1" }))).toBe(false);
  });

  it("refuses another host or port, a null origin, a malformed one, and what the browser calls cross-site or same-site", () => {
    expect(isCrossSite(h({ origin: "https://evil.example", host: "127.0.0.1:3000" }))).toBe(true);
    expect(isCrossSite(h({ origin: "http://127.0.0.1:9999", host: "127.0.0.1:3000" }))).toBe(true);
    expect(isCrossSite(h({ origin: "null", host: "127.0.0.1:3000" }))).toBe(true);
    expect(isCrossSite(h({ origin: "::not a url", host: "127.0.0.1:3000" }))).toBe(true);
    expect(isCrossSite(h({ "sec-fetch-site": "cross-site", host: "127.0.0.1:3000" }))).toBe(true);
    expect(isCrossSite(h({ "sec-fetch-site": "same-site", host: "127.0.0.1:3000" }))).toBe(true);
  });
});
