import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { CaptureError, deleteCapture } from "@/lib/server/captures";
import { HttpError, assertSameOrigin, route } from "@/lib/server/http";
import { getApiUser } from "@/lib/server/users";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const CaptureId = z.string().regex(/^[a-f0-9]{32}$/);

/** DELETE /api/lab/captures/:id — deletes one of the learner's captures with its questions, cards and reviews. 404 when it is not theirs. */
export const DELETE = route(async (req: NextRequest, ctx: { params: Promise<{ id: string }> }) => {
  assertSameOrigin(req);
  const user = await getApiUser();
  const id = CaptureId.safeParse((await ctx.params).id);
  if (!id.success) throw new HttpError(404, "unknown_capture", "There is no such capture among yours.", "你的抓包中没有这一个。");
  try {
    return NextResponse.json(await deleteCapture(user.id, id.data));
  } catch (e) {
    if (e instanceof CaptureError) throw new HttpError(404, e.code, e.bilingual.en, e.bilingual.zh);
    throw e;
  }
});
