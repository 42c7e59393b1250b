/**
 * Which names this server answers to (pure). A browser page on another site can make a name it
 * controls resolve to 127.0.0.1 (DNS rebinding); its requests then carry that name in `Host`
 * and a matching `Origin`. So every request must name this server by a loopback name
 * (localhost, 127.0.0.1, [::1]) or by one the operator listed in ALLOWED_HOSTS.
 */

/** The operator's settings that decide which hosts and proxies are trusted. */
export interface HostPolicy {
  /** The port the server listens on; a loopback name must come with it (or with none). */
  port: number;
  /** Extra names from ALLOWED_HOSTS: "name" (any port) or "name:port", lower case. */
  allowed: string[];
  /** Proxy addresses from TRUST_PROXY whose X-Forwarded-* headers are believed. */
  trustedProxies: string[];
}

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

function list(v: string | undefined): string[] {
  return (v ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length > 0);
}

/** Reads ALLOWED_HOSTS, TRUST_PROXY and PORT (the same defaults as lib/config/env). */
export function hostPolicyFromEnv(env: Record<string, string | undefined> = process.env): HostPolicy {
  const port = Number(env.PORT);
  return {
    port: Number.isInteger(port) && port > 0 && port <= 65535 ? port : 3000,
    allowed: list(env.ALLOWED_HOSTS),
    trustedProxies: list(env.TRUST_PROXY).map(normaliseAddress),
  };
}

/** Splits "name:port" / "[v6]:port" into its parts; null when it is not a host at all. */
export function splitHost(value: string): { name: string; port: string | null } | null {
  const v = value.trim().toLowerCase();
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/.exec(v);
  if (!m) return null;
  return { name: m[1], port: m[2] ?? null };
}

/** True when `host` (a Host header value, or an Origin's host) names this server. */
export function isAllowedHost(host: string | null | undefined, policy: HostPolicy): boolean {
  if (!host) return false;
  const parts = splitHost(host);
  if (!parts) return false;
  if (LOOPBACK_NAMES.has(parts.name)) return parts.port === null || Number(parts.port) === policy.port;
  const full = parts.port === null ? parts.name : `${parts.name}:${parts.port}`;
  return policy.allowed.some((a) => a === full || a === parts.name);
}

/** "::ffff:127.0.0.1" → "127.0.0.1"; other addresses unchanged (lower case). */
export function normaliseAddress(address: string): string {
  const a = address.trim().toLowerCase();
  return a.startsWith("::ffff:") && a.includes(".") ? a.slice(7) : a;
}

/** True when the peer is a proxy named in TRUST_PROXY. */
export function isTrustedProxy(remoteAddress: string | undefined, policy: HostPolicy): boolean {
  return !!remoteAddress && policy.trustedProxies.includes(normaliseAddress(remoteAddress));
}

/** True for an address or name that only this machine can reach. */
export function isLoopbackAddress(address: string): boolean {
  const a = normaliseAddress(address).replace(/^\[|\]$/g, "");
  return a === "localhost" || a === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}
