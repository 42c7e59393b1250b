import { NextResponse } from "next/server";
import { z } from "zod";
import { MockError } from "@/lib/mock/errors";
import { MAX_DRAFT_CHARS } from "@/lib/mock/limits";
import { HttpError, assertSameOrigin, readJson, route } from "@/lib/server/http";
import { saveDraft } from "@/lib/server/mock";
import { getApiUser } from "@/lib/server/users";

export const runtime = "nodejs";

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const DraftInput = z.strictObject({
  interviewId: id,
  turnId: id,
  draft: z.string().max(MAX_DRAFT_CHARS, { message: `a draft is limited to ${MAX_DRAFT_CHARS} characters` }),
  elapsedMs: z.number().int().min(0).max(31 * 60_000),
});

const REFUSALS: Record<MockError["code"], { status: number; en: string; zh: string }> = {
  not_found: { status: 404, en: "There is no such interview or question.", zh: "没有这场面试或这道题。" },
  finished: { status: 409, en: "This interview has finished; the draft was not saved.", zh: "这场面试已经结束，草稿未保存。" },
  stale: { status: 409, en: "This question has been answered already; the draft was not saved.", zh: "这道题已经作答，草稿未保存。" },
  too_long: { status: 413, en: `A draft is limited to ${MAX_DRAFT_CHARS} characters; nothing was saved.`, zh: `草稿最多 ${MAX_DRAFT_CHARS} 个字符，未保存。` },
  no_questions: { status: 409, en: "There are no questions left in this interview.", zh: "这场面试没有剩余题目。" },
  invalid: { status: 400, en: "Invalid draft.", zh: "草稿无效。" },
};

/**
 * POST /api/mock/draft — keeps the answer being typed and the open turn's clock (debounced by the
 * page, and sent with keepalive when the page is hidden or closed). Same-origin only.
 */
export const POST = route(async (req) => {
  assertSameOrigin(req);
  const body = await readJson(req, DraftInput, 256 * 1024);
  const user = await getApiUser();
  try {
    const r = await saveDraft(user.id, body);
    return NextResponse.json({ ok: true, elapsedMs: r.elapsedMs });
  } catch (e) {
    if (e instanceof MockError) {
      const r = REFUSALS[e.code];
      throw new HttpError(r.status, e.code, r.en, r.zh);
    }
    throw e;
  }
});
