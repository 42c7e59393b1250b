import { revalidatePath } from "next/cache";
import { NextResponse } from "next/server";
import { isCrossOrigin } from "@/lib/dashboard/http";
import { importErrorMessage, type ImportRefusal } from "@/lib/dashboard/messages";
import { MAX_IMPORT_BYTES } from "@/lib/dashboard/progress-file";
import { readBytesCapped } from "@/lib/http/body";
import { getI18n } from "@/lib/i18n/server";
import { classifyDbError, recordFault, RETRY_AFTER_SECONDS } from "@/lib/db/faults";
import { importProgress } from "@/lib/server/progress-import";
import { errorResponse, HttpError } from "@/lib/server/http";
import { getApiUser } from "@/lib/server/users";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const headers = { "Cache-Control": "no-store" };

const STATUS: Partial<Record<ImportRefusal["code"], number>> = {
  cross_origin: 403,
  too_large: 413,
  too_complex: 413,
  busy: 429,
  locked: 503,
  read_only: 503,
  disk_full: 507,
  failed: 500,
};

/**
 * POST the text of a progress file (as exported by GET /api/progress/export) to replace the
 * learner's progress with it. This handler checks the request (same origin, at most 20 MB) and
 * hands the bytes to a worker thread (lib/server/progress-import.ts) that checks the file in full
 * (lib/dashboard/progress-file.ts) and writes it in one transaction. Answers 200 {ok, cards,
 * reviews, mocks}, or {ok:false, code, message} having changed nothing: 4xx for a refused file,
 * 503 with Retry-After when the database is locked, 429 with Retry-After while two other imports
 * wait their turn, 507 when the disk is full. Small files are checked on this thread (a few ms),
 * larger ones in a worker.
 */
export async function POST(request: Request) {
  const { t } = await getI18n();
  const refuse = (error: ImportRefusal) => {
    const status = STATUS[error.code] ?? 422;
    const retry: Record<string, string> = error.code === "locked" || error.code === "busy" ? { "Retry-After": String(RETRY_AFTER_SECONDS) } : {};
    return NextResponse.json({ ok: false, code: error.code, message: importErrorMessage(error, t.dashboard.errors) }, { status, headers: { ...headers, ...retry } });
  };

  if (isCrossOrigin(request.headers)) return refuse({ code: "cross_origin" });
  let user;
  try {
    user = await getApiUser();
  } catch (e) {
    if (e instanceof HttpError) return errorResponse(e);
    throw e;
  }
  const body = await readBytesCapped(request, MAX_IMPORT_BYTES);
  if (!body.ok) return refuse({ code: "too_large" });

  let result;
  try {
    result = await importProgress(user.id, body.bytes, new Date());
  } catch (e) {
    // A small import is written on the server's connection: name its database faults the same way.
    const fault = classifyDbError(e);
    if (!fault) throw e;
    recordFault(fault);
    result = { ok: false as const, error: { code: fault === "corrupt" ? ("failed" as const) : fault } };
  }
  if (!result.ok) return refuse(result.error);
  revalidatePath("/", "layout");
  return NextResponse.json({ ok: true, cards: result.cards, reviews: result.reviews, mocks: result.mocks }, { headers });
}
