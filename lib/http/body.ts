/**
 * Reading a request body with a size limit (pure; web-standard Request): refused at once from
 * Content-Length when the client sends it, else while reading — a chunked body is cut off as soon
 * as it passes the limit, never buffered whole.
 */
export type CappedBody = { ok: true; bytes: Uint8Array } | { ok: false; reason: "too_large"; size: number };

export async function readBytesCapped(request: Request, maxBytes: number): Promise<CappedBody> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return { ok: false, reason: "too_large", size: declared };
  if (!request.body) return { ok: true, bytes: new Uint8Array() };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return { ok: false, reason: "too_large", size };
    }
    chunks.push(value);
  }
  return { ok: true, bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks) };
}
