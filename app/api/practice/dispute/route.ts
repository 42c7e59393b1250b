import { NextResponse } from "next/server";
import { getLocale } from "@/lib/i18n/server";
import { getBank } from "@/lib/server/bank";
import { recordDispute } from "@/lib/server/disputes";
import { HttpError, assertSameOrigin, readJson, route } from "@/lib/server/http";
import { DisputeBody } from "@/lib/server/practice-schemas";
import { getApiUser } from "@/lib/server/users";

export const runtime = "nodejs";

/**
 * The learner rated an open answer against the grader's verdict: keep it for review
 * (`npm run grade:disputes`). The text is graded again here; nothing is sent anywhere.
 */
export const POST = route(async (req) => {
  assertSameOrigin(req);
  const body = await readJson(req, DisputeBody);
  const user = await getApiUser();
  const item = getBank().byId.get(body.itemId);
  if (!item) throw new HttpError(404, "unknown_item", "There is no such question.", "没有这道题。");
  if (item.keyPoints.length === 0) throw new HttpError(400, "invalid_request", "This question is not graded by key points.", "这道题不按要点评分。");
  const recorded = await recordDispute(user.id, item, await getLocale(), body.text, body.chosen);
  return NextResponse.json({ recorded });
});
