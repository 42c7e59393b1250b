import crypto from "node:crypto";
import { NextResponse } from "next/server";
import { getLocale } from "@/lib/i18n/server";
import { getBank } from "@/lib/server/bank";
import { HttpError, assertSameOrigin, readJson, route } from "@/lib/server/http";
import { ownPersonalIds } from "@/lib/server/captures";
import { isPersonalItemId } from "@/lib/lab/drill";
import { startSession } from "@/lib/server/practice";
import { StartSessionBody } from "@/lib/server/practice-schemas";
import { buildSessionView } from "@/lib/server/practice-view";
import { getTzOffset } from "@/lib/server/request-context";
import { getApiUser } from "@/lib/server/users";

export const runtime = "nodejs";

/** Starts (or resumes) a practice session; `only` drills the given questions. */
export const POST = route(async (req) => {
  assertSameOrigin(req);
  const body = await readJson(req, StartSessionBody);
  const user = await getApiUser();
  // the bank's questions, or the learner's own (drilled from their captures), never another learner's
  const own = await ownPersonalIds(user.id, body.only ?? []);
  const unknown = [...(body.only ?? []), ...(body.topic && !getBank().topics.some((t) => t.id === body.topic) ? [body.topic] : [])].filter(
    (id) => !getBank().byId.has(id) && !own.has(id),
  );
  if (unknown.length > 0) {
    // the bank's ids are public; a personal item's id names a capture, so it is not echoed
    const shown = unknown.filter((id) => !isPersonalItemId(id)).slice(0, 5);
    if (shown.length === 0) throw new HttpError(404, "unknown_item", "There is no such question.", "没有这道题。");
    throw new HttpError(404, "unknown_item", `No such question: ${shown.join(", ")}`, `没有这些题目：${shown.join("、")}`);
  }
  const now = new Date();
  const tz = await getTzOffset();
  const sessionId = await startSession(user.id, now, tz, { only: body.only, topic: body.topic, cram: body.cram, seed: crypto.randomInt(2 ** 31) });
  const view = await buildSessionView(user.id, sessionId, await getLocale(), now, tz);
  return NextResponse.json(view, { status: 201 });
});
