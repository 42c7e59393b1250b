import { NextResponse, type NextRequest } from "next/server";
import { labBank } from "@/app/lab/_server/data";
import { explainOffThread } from "@/lib/server/lab-pool";
import { MAX_TRACE_BYTES, tooManyBytes } from "@/lib/lab/limits";
import { readBytesCapped } from "@/lib/http/body";
import { HttpError, assertSameOrigin, errorResponse, route } from "@/lib/server/http";
import { getApiUser } from "@/lib/server/users";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * POST /api/lab/annotate — body: the trace as text/plain (UTF-8), at most 1 MB and 100,000 lines.
 * Answers with the explainer's view (lib/lab/view.ts). Over the limits: 413 with a message in
 * both languages. The body is read as a stream and dropped as soon as it passes 1 MB. The engine
 * runs in a worker thread with a CPU budget (lib/server/lab-pool.ts): past it, or with every thread
 * and the queue busy, 503 with a message in both languages and Retry-After.
 */
export const POST = route(async (req: NextRequest) => {
  assertSameOrigin(req);
  await getApiUser();
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  if (!type.startsWith("text/plain")) {
    throw new HttpError(415, "unsupported_media_type", "Send the trace as text/plain.", "请以 text/plain 发送抓包文本。");
  }
  const body = await readBytesCapped(req, MAX_TRACE_BYTES);
  if (!body.ok) throw refuse(tooManyBytes(body.size));
  // decoding, the limits, the engine and the JSON all happen in the worker thread
  const outcome = await explainOffThread(body.bytes, labBank);
  if (!outcome.ok) {
    if ("status" in outcome) {
      const r = errorResponse(new HttpError(503, outcome.code, outcome.message.en, outcome.message.zh));
      r.headers.set("Retry-After", "5");
      return r;
    }
    if (outcome.code === "engine_error") throw new HttpError(500, outcome.code, outcome.message.en, outcome.message.zh);
    if (outcome.code === "not_utf8") throw new HttpError(400, outcome.code, outcome.message.en, outcome.message.zh);
    throw refuse(outcome.message, outcome.code);
  }
  return new NextResponse(outcome.body as Uint8Array<ArrayBuffer>, { headers: { "Content-Type": "application/json", "Cache-Control": "no-store" } });
});

function refuse(message: { en: string; zh: string }, code = "too_many_bytes"): HttpError {
  return new HttpError(413, code, message.en, message.zh);
}
