/**
 * The one same-origin rule for requests that change data (pure; web-standard Headers).
 *
 * Cross-site when the browser says so (Sec-Fetch-Site other than same-origin or none), when the
 * Origin header is "null" (sandboxed frames, file: pages), names a host other than the Host
 * header, or names a host this server does not answer to (lib/http/hosts.ts: loopback names and
 * ALLOWED_HOSTS — a DNS-rebinding page sends matching Host and Origin of its own name). A request
 * without Origin or Sec-Fetch-Site is not a browser's cross-site request (browsers send Origin on
 * every cross-origin POST) and is allowed, e.g. curl or a test client. X-Forwarded-Host counts
 * only when TRUST_PROXY is set (the start-up script removes it from requests of other peers).
 * Next.js applies its own Origin check to server actions as well.
 */
import { hostPolicyFromEnv, isAllowedHost, type HostPolicy } from "./hosts";

export function isCrossSite(headers: { get(name: string): string | null }, policy: HostPolicy = hostPolicyFromEnv()): boolean {
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return true;
  const origin = headers.get("origin");
  if (origin === null) return false;
  const forwarded = policy.trustedProxies.length > 0 ? headers.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  const host = forwarded || headers.get("host");
  if (origin === "null" || !host) return true;
  try {
    const originHost = new URL(origin).host.toLowerCase();
    return originHost !== host.toLowerCase() || !isAllowedHost(originHost, policy);
  } catch {
    return true;
  }
}
