/**
 * Boundary checks for the progress routes (web-standard Request only; no Next.js).
 */

/**
 * True when a state-changing request comes from another site: the Origin header names a host
 * other than the Host header, or is "null" (sandboxed frames, file: pages), or the browser says
 * Sec-Fetch-Site: cross-site. A request without Origin is not from a browser's cross-site form or
 * fetch (browsers always send Origin on cross-origin POSTs) and is allowed, e.g. curl.
 */
export function isCrossOrigin(headers: Headers): boolean {
  const origin = headers.get("origin");
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  if (headers.get("sec-fetch-site") === "cross-site") return true;
  if (origin === null) return false;
  if (origin === "null" || !host) return true;
  try {
    return new URL(origin).host.toLowerCase() !== host.toLowerCase();
  } catch {
    return true;
  }
}

export type BodyResult = { ok: true; text: string } | { ok: false; reason: "too_large" };

/**
 * Reads a request body as UTF-8 text, refusing more than `maxBytes`: at once from
 * Content-Length when the client sends it, else while reading (a chunked body is cut off as soon
 * as it passes the limit, never buffered whole).
 */
export async function readBodyCapped(request: Request, maxBytes: number): Promise<BodyResult> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return { ok: false, reason: "too_large" };
  if (!request.body) return { ok: true, text: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return { ok: false, reason: "too_large" };
    }
    chunks.push(value);
  }
  return { ok: true, text: new TextDecoder("utf-8").decode(Buffer.concat(chunks)) };
}
