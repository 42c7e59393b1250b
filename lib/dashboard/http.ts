/**
 * Boundary checks for the progress routes (web-standard Request only; no Next.js).
 */
import { readBytesCapped } from "@/lib/http/body";
import { isCrossSite } from "@/lib/http/same-origin";

/** True when a state-changing request comes from another site (lib/http/same-origin.ts). */
export const isCrossOrigin = isCrossSite;

export type BodyResult = { ok: true; text: string } | { ok: false; reason: "too_large" };

/** Reads a request body as UTF-8 text, refusing more than `maxBytes` (lib/http/body.ts). */
export async function readBodyCapped(request: Request, maxBytes: number): Promise<BodyResult> {
  const body = await readBytesCapped(request, maxBytes);
  return body.ok ? { ok: true, text: new TextDecoder("utf-8").decode(body.bytes) } : { ok: false, reason: "too_large" };
}
