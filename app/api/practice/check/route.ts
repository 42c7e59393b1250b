import { NextResponse } from "next/server";
import { checkAnswer } from "@/lib/grading/practice";
import { getLocale } from "@/lib/i18n/server";
import { getBank } from "@/lib/server/bank";
import { HttpError, assertSameOrigin, readJson, route } from "@/lib/server/http";
import { getSession } from "@/lib/server/practice";
import { CheckBody } from "@/lib/server/practice-schemas";
import { cardRandom } from "@/lib/server/practice-view";
import { getCurrentUser } from "@/lib/server/users";

export const runtime = "nodejs";

/** Grades an answer to the session's current card. Writes nothing: the learner then rates. */
export const POST = route(async (req) => {
  assertSameOrigin(req);
  const body = await readJson(req, CheckBody);
  const user = await getCurrentUser();
  const { session, currentItemId } = await getSession(user.id, body.sessionId);
  if (currentItemId !== body.itemId) {
    throw new HttpError(409, "session_mismatch", "This question is not the current one of the session.", "这道题不是当前会话正在进行的题目。");
  }
  const item = getBank().byId.get(body.itemId);
  if (!item) throw new HttpError(404, "unknown_item", "There is no such question.", "没有这道题。");
  if (item.type !== body.answer.type) {
    throw new HttpError(400, "invalid_request", `This is a ${item.type} question; send an answer of that type.`, `这是一道 ${item.type} 题，请提交对应类型的答案。`);
  }
  const result = checkAnswer(item, body.answer, {
    lang: await getLocale(),
    rand: cardRandom(session.seed, session.position),
    responseMs: body.responseMs,
  });
  return NextResponse.json(result);
});
