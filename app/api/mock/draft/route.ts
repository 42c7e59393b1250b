import { NextResponse } from "next/server";
import { z } from "zod";
import { MockError } from "@/lib/mock/errors";
import { MAX_DRAFT_CHARS } from "@/lib/mock/limits";
import { isSameOrigin } from "@/lib/mock/origin";
import { saveDraft } from "@/lib/server/mock";
import { getCurrentUser } from "@/lib/server/users";

export const runtime = "nodejs";

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const DraftInput = z.strictObject({
  interviewId: id,
  turnId: id,
  draft: z.string().max(MAX_DRAFT_CHARS),
  elapsedMs: z.number().int().min(0).max(31 * 60_000),
});

const STATUS: Record<MockError["code"], number> = { not_found: 404, finished: 409, stale: 409, too_long: 413, no_questions: 409, invalid: 400 };

/**
 * POST /api/mock/draft — keeps the answer being typed and the open turn's clock (debounced by the
 * page, and sent with keepalive when the page is hidden or closed). Same-origin only.
 */
export async function POST(request: Request) {
  if (!isSameOrigin(request.headers)) return NextResponse.json({ error: "cross_origin" }, { status: 403 });
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return NextResponse.json({ error: "invalid" }, { status: 400 });
  }
  const parsed = DraftInput.safeParse(body);
  if (!parsed.success) return NextResponse.json({ error: "invalid", issues: parsed.error.issues.map((i) => i.path.join(".")) }, { status: 400 });
  const user = await getCurrentUser();
  try {
    const r = await saveDraft(user.id, parsed.data);
    return NextResponse.json({ ok: true, elapsedMs: r.elapsedMs });
  } catch (e) {
    if (e instanceof MockError) return NextResponse.json({ error: e.code }, { status: STATUS[e.code] });
    throw e;
  }
}
