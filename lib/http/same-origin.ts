/**
 * The one same-origin rule for requests that change data (pure; web-standard Headers).
 *
 * Cross-site when the browser says so (Sec-Fetch-Site other than same-origin or none), when the
 * Origin header is "null" (sandboxed frames, file: pages) or names a host other than the Host
 * header. A request without Origin or Sec-Fetch-Site is not a browser's cross-site request
 * (browsers send Origin on every cross-origin POST) and is allowed, e.g. curl or a test client.
 * Next.js applies its own Origin check to server actions as well.
 */
export function isCrossSite(headers: { get(name: string): string | null }): boolean {
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return true;
  const origin = headers.get("origin");
  if (origin === null) return false;
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  if (origin === "null" || !host) return true;
  try {
    return new URL(origin).host.toLowerCase() !== host.toLowerCase();
  } catch {
    return true;
  }
}
