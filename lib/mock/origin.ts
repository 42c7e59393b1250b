/**
 * Same-origin check for mutations (pure). A browser sends `Origin` on every POST; a request whose
 * Origin is not this host's, or whose Sec-Fetch-Site says it came from another site, is refused.
 * A request with neither header (curl, a test client) is not a cross-site browser request.
 */
export function isSameOrigin(headers: { get(name: string): string | null }): boolean {
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return false;
  const origin = headers.get("origin");
  if (!origin) return true;
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  if (!host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
