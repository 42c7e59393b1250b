import { describe, expect, it } from "vitest";
import { checkActionBody, checkHead, dropUntrustedForwarding, MAX_ACTION_BYTES, setClientAddress } from "./gate";
import { hostPolicyFromEnv, isAllowedHost, isLoopbackAddress } from "./hosts";

const policy = hostPolicyFromEnv({ PORT: "3000" });
function req(o: { method?: string; url?: string; headers?: Record<string, string>; remote?: string }) {
  const headers = { host: "127.0.0.1:3000", ...(o.headers ?? {}) };
  return {
    method: o.method ?? "GET",
    url: o.url ?? "/",
    headers: headers as Record<string, string>,
    rawHeaders: Object.entries(headers).flat(),
    socket: { remoteAddress: o.remote ?? "127.0.0.1" },
  };
}

describe("the hosts this server answers to", () => {
  it("accepts loopback names on its own port (or none) and names listed in ALLOWED_HOSTS", () => {
    for (const h of ["localhost:3000", "127.0.0.1:3000", "[::1]:3000", "LOCALHOST", "127.0.0.1"]) expect(isAllowedHost(h, policy), h).toBe(true);
    for (const h of ["evil.example:3000", "127.0.0.1:4000", "127.0.0.1.evil.example:3000", "", "localhost:3000@evil", "0.0.0.0:3000"]) expect(isAllowedHost(h, policy), h).toBe(false);
    const lan = hostPolicyFromEnv({ PORT: "3000", ALLOWED_HOSTS: "drill.lan, 10.0.0.5:3000" });
    expect(isAllowedHost("drill.lan:3000", lan)).toBe(true);
    expect(isAllowedHost("10.0.0.5:3000", lan)).toBe(true);
    expect(isAllowedHost("10.0.0.5:4000", lan)).toBe(false);
  });

  it("knows loopback addresses", () => {
    for (const a of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "::ffff:127.0.0.1"]) expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of ["0.0.0.0", "::", "192.168.1.2", "10.0.0.1"]) expect(isLoopbackAddress(a), a).toBe(false);
  });
});

describe("the gate before Next.js", () => {
  it("refuses a request for another host (DNS rebinding) with 421", () => {
    expect(checkHead(req({ headers: { host: "evil.example:3000" } }), policy)?.status).toBe(421);
    expect(checkHead(req({ url: "/api/progress/export" }), policy)).toBeNull();
  });

  it("drops X-Forwarded-* from peers that are not trusted proxies, and believes a trusted one", () => {
    const r = req({ headers: { "x-forwarded-host": "localhost:3000", "x-forwarded-for": "1.2.3.4" }, remote: "10.0.0.9" });
    dropUntrustedForwarding(r, policy);
    expect(r.headers["x-forwarded-host"]).toBeUndefined();
    expect(r.rawHeaders).not.toContain("x-forwarded-for");
    const proxy = hostPolicyFromEnv({ PORT: "3000", TRUST_PROXY: "10.0.0.9", ALLOWED_HOSTS: "drill.example" });
    const p = req({ headers: { host: "backend:3000", "x-forwarded-host": "drill.example" }, remote: "::ffff:10.0.0.9" });
    dropUntrustedForwarding(p, proxy);
    expect(checkHead(p, proxy)).toBeNull();
    const forged = req({ headers: { host: "evil.example:3000", "x-forwarded-host": "localhost:3000" }, remote: "127.0.0.1" });
    dropUntrustedForwarding(forged, policy);
    expect(checkHead(forged, policy)?.status).toBe(421);
  });

  it("puts the client's address in X-TCP-Drill-Client, replacing a forged one; a trusted proxy's X-Forwarded-For names it", () => {
    const r = req({ headers: { "x-tcp-drill-client": "1.1.1.1", "x-forwarded-for": "2.2.2.2" }, remote: "::ffff:10.0.0.7" });
    dropUntrustedForwarding(r, policy);
    setClientAddress(r, policy);
    expect(r.headers["x-tcp-drill-client"]).toBe("10.0.0.7");
    expect(r.rawHeaders.filter((h) => h.toLowerCase() === "x-tcp-drill-client")).toHaveLength(1);
    expect(r.rawHeaders).not.toContain("1.1.1.1");
    const proxy = hostPolicyFromEnv({ PORT: "3000", TRUST_PROXY: "10.0.0.9" });
    const p = req({ headers: { "x-forwarded-for": "203.0.113.5, 10.0.0.8" }, remote: "10.0.0.9" });
    dropUntrustedForwarding(p, proxy);
    setClientAddress(p, proxy);
    expect(p.headers["x-tcp-drill-client"]).toBe("203.0.113.5");
  });

  it("answers a malformed %-escape in the path with 400", () => {
    for (const url of ["/mock/%", "/questions/%zz", "/api/practice/sessions/%E0%A4%A"]) expect(checkHead(req({ url }), policy)?.status, url).toBe(400);
    expect(checkHead(req({ url: "/questions/a%20b?x=%" }), policy)).toBeNull();
  });

  it("refuses server actions from another origin (403) or larger than 1 MB (413)", () => {
    const action = { method: "POST", url: "/mock", headers: { "next-action": "abc" } };
    expect(checkHead(req({ ...action, headers: { ...action.headers, origin: "http://evil.example" } }), policy)?.status).toBe(403);
    expect(checkHead(req({ ...action, headers: { ...action.headers, origin: "null" } }), policy)?.status).toBe(403);
    expect(checkHead(req({ ...action, headers: { ...action.headers, origin: "http://127.0.0.1:3000" } }), policy)).toBeNull();
    expect(checkHead(req({ ...action, headers: { ...action.headers, "content-length": String(MAX_ACTION_BYTES + 1) } }), policy)?.status).toBe(413);
    // A form posted without JavaScript is an action too.
    expect(checkHead(req({ method: "POST", url: "/mock/x", headers: { origin: "http://evil.example" } }), policy)?.status).toBe(403);
    // API routes make their own checks.
    expect(checkHead(req({ method: "POST", url: "/api/practice/rate", headers: { origin: "http://evil.example" } }), policy)).toBeNull();
  });

  it("refuses action bodies that are neither multipart form data nor UTF-8 JSON", async () => {
    const enc = new TextEncoder();
    expect(await checkActionBody("text/plain;charset=UTF-8", enc.encode('["$K1"]'))).toBeNull();
    expect((await checkActionBody("text/plain;charset=UTF-8", enc.encode("not json")))?.status).toBe(400);
    expect((await checkActionBody("text/plain", new Uint8Array([0x5b, 0x22, 0xff, 0x22, 0x5d])))?.status).toBe(400);
    expect((await checkActionBody("multipart/form-data; boundary=xx", enc.encode("--xx\r\nbroken")))?.status).toBe(400);
    const part = (name: string, value: string) => `--xx\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const multipart = (...parts: string[]) => enc.encode(parts.join("") + "--xx--\r\n");
    const mp = "multipart/form-data; boundary=xx";
    // What the app's forms send: the previous state, then the FormData (fields prefixed "_1_").
    expect(await checkActionBody(mp, multipart(part("_1_theme", "dark"), part("0", '[null,"$K1"]')))).toBeNull();
    expect(await checkActionBody(mp, multipart(part("1", '{"a":1}'), part("0", '["$1","$undefined","$D2020-01-01T00:00:00.000Z"]')))).toBeNull();
    // References React cannot resolve here: a missing part, a Map, a promise, a server reference, no root.
    for (const root of ['["$5"]', '["$Q1"]', '["$@1"]', '["$F1"]', '["$W1"]', '["$B1"]', '["$R1"]', "not json"]) {
      expect((await checkActionBody(mp, multipart(part("0", root))))?.status, root).toBe(400);
    }
    expect((await checkActionBody(mp, multipart(part("a", "b"))))?.status).toBe(400);
    // A form posted without JavaScript (no Next-Action header) carries plain fields.
    expect(await checkActionBody(mp, multipart(part("$ACTION_ID_abc", ""), part("theme", "dark")), false)).toBeNull();
    expect((await checkActionBody("text/plain", enc.encode(""), true))?.status).toBe(400);
    expect((await checkActionBody("text/plain", enc.encode('["$Q1"]'), true))?.status).toBe(400);
    expect(await checkActionBody("text/plain", enc.encode('["$$money", {"a": ["$-0"]}]'), true)).toBeNull();
  });
});
