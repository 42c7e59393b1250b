import "server-only";
import { z } from "zod";
import { MockError } from "@/lib/mock/errors";
import { LENGTHS, MAX_DRAFT_CHARS, MOCK_FOCUSES } from "@/lib/mock/limits";
import { HttpError } from "./http";

/** Request bodies and refusals of the mock interview's JSON API (the pages use server actions). */
const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, { message: "must be an id (letters, digits, - and _)" });

export const StartMockBody = z.strictObject({
  lengthMinutes: z.union(LENGTHS.map((n) => z.literal(n)) as [z.ZodLiteral<10>, z.ZodLiteral<20>, z.ZodLiteral<30>], {
    message: "lengthMinutes must be 10, 20 or 30",
  }),
  focus: z.enum(MOCK_FOCUSES),
  lang: z.enum(["zh", "en"]),
});

export const AnswerMockBody = z.strictObject({
  interviewId: id,
  turnId: id,
  // up to the draft limit here, so that an over-long answer is refused with how long it was
  answer: z.string().max(MAX_DRAFT_CHARS),
  elapsedMs: z.int().min(0).max(31 * 60_000),
});

const REFUSALS: Record<MockError["code"], { status: number; en: string; zh: string }> = {
  not_found: { status: 404, en: "There is no such interview or question.", zh: "没有这场面试或这道题。" },
  finished: { status: 409, en: "This interview has finished.", zh: "这场面试已经结束。" },
  stale: { status: 409, en: "This question has been answered already; reload the interview.", zh: "这道题已经作答，请重新载入面试。" },
  too_long: { status: 413, en: "An answer is limited to 20,000 characters; nothing was changed.", zh: "回答最多 20000 个字符，未做任何修改。" },
  no_questions: { status: 409, en: "There are no questions for this focus.", zh: "这个方向没有可问的题目。" },
  invalid: { status: 400, en: "Invalid request.", zh: "请求无效。" },
};

export function mockRefusal(e: MockError): HttpError {
  const r = REFUSALS[e.code];
  return new HttpError(r.status, e.code, r.en, r.zh);
}
