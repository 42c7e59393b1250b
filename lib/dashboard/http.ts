/**
 * Boundary checks for the progress routes (web-standard Request only; no Next.js).
 */
import { isCrossSite } from "@/lib/http/same-origin";

/** True when a state-changing request comes from another site (lib/http/same-origin.ts). */
export const isCrossOrigin = isCrossSite;

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
