/**
 * The security headers of every response: set by next.config.ts on what Next.js serves, and by
 * the start-up script's gate (lib/http/gate.ts) on what it refuses before Next.js runs.
 * Next's inline bootstrap scripts need 'unsafe-inline' without per-request nonces; everything
 * else is locked to this origin (workers too: the offline-practice service worker), and no page may be framed.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  // the service worker of offline practice (/serwist/sw.js, app/sw.ts)
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: "Content-Security-Policy", value: CONTENT_SECURITY_POLICY },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
];
