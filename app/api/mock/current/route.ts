import crypto from "node:crypto";
import { NextResponse } from "next/server";
import { MockError } from "@/lib/mock/errors";
import { HttpError, assertSameOrigin, readJson, route } from "@/lib/server/http";
import { getActiveMock, getMockView, startMock } from "@/lib/server/mock";
import { StartMockBody, mockRefusal } from "@/lib/server/mock-api";
import { getApiUser } from "@/lib/server/users";

export const runtime = "nodejs";

async function current(userId: string) {
  const active = await getActiveMock(userId);
  if (!active) return null;
  const view = await getMockView(userId, active.id);
  return view ? { interviewId: active.id, turnId: view.open?.id ?? null, itemId: view.open?.itemId ?? null, usedMs: view.usedMs } : null;
}

/** GET: the learner's interview in progress and its open question, or 404. */
export const GET = route(async () => {
  const user = await getApiUser();
  const c = await current(user.id);
  if (!c) throw new HttpError(404, "not_found", "No mock interview is in progress.", "没有进行中的模拟面试。");
  return NextResponse.json(c, { headers: { "Cache-Control": "no-store" } });
});

/** POST {lengthMinutes, focus, lang}: starts an interview (or returns the one in progress). */
export const POST = route(async (req) => {
  assertSameOrigin(req);
  const body = await readJson(req, StartMockBody);
  const user = await getApiUser();
  try {
    await startMock(user.id, body, new Date(), () => crypto.randomInt(2 ** 31) / 2 ** 31);
  } catch (e) {
    if (e instanceof MockError) throw mockRefusal(e);
    throw e;
  }
  return NextResponse.json(await current(user.id), { status: 201 });
});
