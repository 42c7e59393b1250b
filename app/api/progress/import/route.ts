import { revalidatePath } from "next/cache";
import { NextResponse } from "next/server";
import { z } from "zod";
import { isCrossOrigin, readBodyCapped } from "@/lib/dashboard/http";
import { importErrorMessage } from "@/lib/dashboard/messages";
import { MAX_IMPORT_BYTES } from "@/lib/dashboard/progress-file";
import { getI18n } from "@/lib/i18n/server";
import { importProgress } from "@/lib/server/progress-export";
import { getCurrentUser } from "@/lib/server/users";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const headers = { "Cache-Control": "no-store" };

/**
 * POST the text of a progress file (as exported by GET /api/progress/export) to replace the
 * learner's progress with it. The file itself is validated with zod, a checksum and the bank's
 * item ids (lib/dashboard/progress-file.ts); this handler checks the request: same origin, at
 * most 20 MB. Answers 200 {ok, cards, reviews, mocks}, or 4xx {ok:false, code, message} having
 * changed nothing.
 */
export async function POST(request: Request) {
  const { t } = await getI18n();
  const refuse = (status: number, code: Parameters<typeof importErrorMessage>[0]) =>
    NextResponse.json({ ok: false, code: code.code, message: importErrorMessage(code, t.dashboard.errors) }, { status, headers });

  if (isCrossOrigin(request.headers)) return refuse(403, { code: "cross_origin" });
  const body = await readBodyCapped(request, MAX_IMPORT_BYTES);
  if (!body.ok) return refuse(413, { code: "too_large" });
  // The body is the file's text; its shape is checked in full by parseProgressFile.
  const text = z.string().parse(body.text);

  const user = await getCurrentUser();
  const result = await importProgress(user.id, text, new Date());
  if (!result.ok) return refuse(result.error.code === "failed" ? 500 : 422, result.error);
  revalidatePath("/", "layout");
  return NextResponse.json({ ok: true, cards: result.cards, reviews: result.reviews, mocks: result.mocks }, { headers });
}
