"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { MockError, type MockErrorCode } from "@/lib/mock/errors";
import { LENGTHS, MAX_DISPUTE_CHARS, MAX_DRAFT_CHARS, MOCK_FOCUSES, countChars, MAX_ANSWER_CHARS } from "@/lib/mock/limits";
import { addDispute, endMock, startMock, submitAnswer } from "@/lib/server/mock";
import { getCurrentUser } from "@/lib/server/users";
import { isSameOrigin } from "@/lib/mock/origin";
import { formOf } from "@/lib/http/form";
import { classifyDbError, recordFault } from "@/lib/db/faults";

export type ActionState = { error: MockErrorCode | "cross_origin" | "unavailable" | null; chars?: number };

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const elapsed = z.coerce.number().int().min(0).max(31 * 60_000);

const StartInput = z.object({
  lengthMinutes: z.coerce.number().pipe(z.union(LENGTHS.map((n) => z.literal(n)) as [z.ZodLiteral<10>, z.ZodLiteral<20>, z.ZodLiteral<30>])),
  focus: z.enum(MOCK_FOCUSES),
  lang: z.enum(["zh", "en"]),
});

/** A database fault (another process's lock past the wait, full disk, read-only): nothing was saved; say so. */
function isFault(e: unknown): boolean {
  const fault = classifyDbError(e);
  if (fault) recordFault(fault);
  return fault !== null;
}

async function sameOrigin(): Promise<boolean> {
  return isSameOrigin(await headers());
}

export async function startMockAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  if (!(await sameOrigin())) return { error: "cross_origin" };
  const form = formOf(formData);
  if (!form) return { error: "invalid" };
  const parsed = StartInput.safeParse({ lengthMinutes: form.get("lengthMinutes"), focus: form.get("focus"), lang: form.get("lang") });
  if (!parsed.success) return { error: "invalid" };
  const user = await getCurrentUser();
  let mockId: string;
  try {
    mockId = await startMock(user.id, parsed.data, new Date(), Math.random);
  } catch (e) {
    if (e instanceof MockError) return { error: e.code };
    if (isFault(e)) return { error: "unavailable" };
    throw e;
  }
  redirect(`/mock/${mockId}`);
}

const SubmitInput = z.object({
  interviewId: id,
  turnId: id,
  // Longer than the limit is accepted here so that the refusal can say how long it was.
  answer: z.string().max(MAX_DRAFT_CHARS),
  elapsedMs: elapsed,
  timeUp: z.enum(["0", "1"]).default("0"),
});

export async function submitAnswerAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  if (!(await sameOrigin())) return { error: "cross_origin" };
  const form = formOf(formData);
  if (!form) return { error: "invalid" };
  const parsed = SubmitInput.safeParse({
    interviewId: form.get("interviewId"),
    turnId: form.get("turnId"),
    answer: form.get("answer") ?? "",
    elapsedMs: form.get("elapsedMs"),
    timeUp: form.get("timeUp") ?? undefined,
  });
  if (!parsed.success) return { error: "invalid" };
  const chars = countChars(parsed.data.answer);
  if (chars > MAX_ANSWER_CHARS) return { error: "too_long", chars };
  const user = await getCurrentUser();
  let finished: boolean;
  try {
    ({ finished } = await submitAnswer(user.id, { ...parsed.data, timeUp: parsed.data.timeUp === "1" }, new Date()));
  } catch (e) {
    if (e instanceof MockError) {
      if (e.code === "finished") redirect(`/mock/${parsed.data.interviewId}/report`);
      return { error: e.code };
    }
    if (isFault(e)) return { error: "unavailable" };
    throw e;
  }
  revalidatePath("/mock");
  redirect(finished ? `/mock/${parsed.data.interviewId}/report` : `/mock/${parsed.data.interviewId}`);
}

const EndInput = z.object({ interviewId: id, elapsedMs: elapsed, answer: z.string().max(MAX_DRAFT_CHARS).optional() });

export async function endMockAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  if (!(await sameOrigin())) return { error: "cross_origin" };
  const form = formOf(formData);
  if (!form) return { error: "invalid" };
  const parsed = EndInput.safeParse({ interviewId: form.get("interviewId"), elapsedMs: form.get("elapsedMs") ?? 0, answer: form.get("answer") ?? undefined });
  if (!parsed.success) return { error: "invalid" };
  const user = await getCurrentUser();
  try {
    await endMock(user.id, { interviewId: parsed.data.interviewId, elapsedMs: parsed.data.elapsedMs, draft: parsed.data.answer }, new Date());
  } catch (e) {
    if (!(e instanceof MockError) || e.code !== "finished") {
      if (e instanceof MockError) return { error: e.code };
      if (isFault(e)) return { error: "unavailable" };
      throw e;
    }
  }
  revalidatePath("/mock");
  redirect(`/mock/${parsed.data.interviewId}/report`);
}

const DisputeInput = z.object({
  interviewId: id,
  turnId: id,
  point: z.string().min(1).max(64).regex(/^[a-z0-9-]+$/),
  note: z.string().trim().min(1).max(MAX_DISPUTE_CHARS * 2).refine((s) => countChars(s) <= MAX_DISPUTE_CHARS),
  back: z.enum(["interview", "report"]),
});

/** Keeps a dispute of a missed key point; works without JavaScript (a plain form post). */
export async function disputeAction(formData: FormData): Promise<void> {
  if (!(await sameOrigin())) return;
  const form = formOf(formData);
  if (!form) return;
  const parsed = DisputeInput.safeParse({
    interviewId: form.get("interviewId"),
    turnId: form.get("turnId"),
    point: form.get("point"),
    note: form.get("note"),
    back: form.get("back"),
  });
  if (!parsed.success) return;
  const user = await getCurrentUser();
  try {
    await addDispute(user.id, parsed.data, new Date());
  } catch (e) {
    if (!(e instanceof MockError) && !isFault(e)) throw e;
    return;
  }
  const path = parsed.data.back === "report" ? `/mock/${parsed.data.interviewId}/report` : `/mock/${parsed.data.interviewId}`;
  revalidatePath(path);
  redirect(path);
}
