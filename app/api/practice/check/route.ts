import { NextResponse } from "next/server";
import { checkAnswer } from "@/lib/grading/practice";
import { getLocale } from "@/lib/i18n/server";
import { HttpError, assertSameOrigin, readJson, route } from "@/lib/server/http";
import { getSession, recordCheck, resolveItem } from "@/lib/server/practice";
import { checkedAt, parseChecked } from "@/lib/srs/checked";
import { AnswerBody, CheckBody } from "@/lib/server/practice-schemas";
import { cardRandom } from "@/lib/server/practice-view";
import { getApiUser } from "@/lib/server/users";

export const runtime = "nodejs";

/** Grades an answer to the session's current card and keeps it (the first one at a position counts); the learner then rates. */
export const POST = route(async (req) => {
  assertSameOrigin(req);
  const body = await readJson(req, CheckBody);
  const user = await getApiUser();
  const { session, currentItemId } = await getSession(user.id, body.sessionId);
  if (currentItemId !== body.itemId) {
    throw new HttpError(409, "session_mismatch", "This question is not the current one of the session.", "这道题不是当前会话正在进行的题目。");
  }
  const item = await resolveItem(user.id, body.itemId);
  if (!item) throw new HttpError(404, "unknown_item", "There is no such question.", "没有这道题。");
  if (item.type !== body.answer.type) {
    throw new HttpError(400, "invalid_request", `This is a ${item.type} question; send an answer of that type.`, `这是一道 ${item.type} 题，请提交对应类型的答案。`);
  }
  // The first check at this position counts: a second one (another tab, a retry after seeing
  // the answer) is answered with the grade of the stored answer.
  const earlier = checkedAt(parseChecked(session.checked), session.position, body.itemId);
  const answer = earlier ? (AnswerBody.parse(earlier.answer) as typeof body.answer) : body.answer;
  const responseMs = earlier ? earlier.responseMs : body.responseMs;
  const lang = await getLocale();
  const grade = (a: typeof answer, ms: number) => checkAnswer(item, a, { lang, rand: cardRandom(session.seed, session.position), responseMs: ms });
  let result = grade(answer, responseMs);
  if (!earlier) {
    const stored = await recordCheck(user.id, session.id, session.position, { itemId: body.itemId, answer, responseMs, correct: result.correct });
    if (stored.answer !== answer) result = grade(AnswerBody.parse(stored.answer) as typeof answer, stored.responseMs);
    return NextResponse.json({ ...result, given: stored.answer });
  }
  return NextResponse.json({ ...result, given: answer });
});
