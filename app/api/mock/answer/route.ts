import { NextResponse } from "next/server";
import { MockError } from "@/lib/mock/errors";
import { assertSameOrigin, readJson, route } from "@/lib/server/http";
import { submitAnswer } from "@/lib/server/mock";
import { AnswerMockBody, mockRefusal } from "@/lib/server/mock-api";
import { getApiUser } from "@/lib/server/users";

export const runtime = "nodejs";

/**
 * POST {interviewId, turnId, answer, elapsedMs}: answers the open question of an interview (the
 * same as the interview page's form). An answer to a question that is no longer open is refused
 * (409) and changes nothing; over 20,000 characters is refused (413).
 */
export const POST = route(async (req) => {
  assertSameOrigin(req);
  const body = await readJson(req, AnswerMockBody, 256 * 1024);
  const user = await getApiUser();
  try {
    const r = await submitAnswer(user.id, { ...body, timeUp: false }, new Date());
    return NextResponse.json(r);
  } catch (e) {
    if (e instanceof MockError) throw mockRefusal(e);
    throw e;
  }
});
