import { NextResponse, type NextRequest } from "next/server";
import { CaptureError, NewCaptureBody, createCapture } from "@/lib/server/captures";
import { HttpError, assertSameOrigin, readJson, route } from "@/lib/server/http";
import { getApiUser } from "@/lib/server/users";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * POST /api/lab/captures — body { name, source: text|pcap|pcapng, text } (JSON, at most 256 KB):
 * drills the capture (lib/lab/drill.ts) and adds its questions to the signed-in learner's own
 * practice. 201 { id, items }; 413 past the capture size; 409 past the learner's limits (both
 * languages in the message).
 */
export const POST = route(async (req: NextRequest) => {
  assertSameOrigin(req);
  const user = await getApiUser();
  const body = await readJson(req, NewCaptureBody, 256 * 1024);
  try {
    const made = await createCapture(user.id, body, new Date());
    return NextResponse.json(made, { status: 201 });
  } catch (e) {
    if (e instanceof CaptureError) {
      const status = e.code === "too_large" ? 413 : e.code === "too_many_captures" || e.code === "too_many_items" ? 409 : 422;
      throw new HttpError(status, e.code, e.bilingual.en, e.bilingual.zh);
    }
    throw e;
  }
});
