import { NextResponse } from "next/server";
import { assertSameOrigin, readJson, route } from "@/lib/server/http";
import { undoLastRating } from "@/lib/server/practice";
import { UndoBody } from "@/lib/server/practice-schemas";
import { getApiUser } from "@/lib/server/users";

export const runtime = "nodejs";

/** Undoes the last rating (of the session, when given): the card's previous state comes back exactly. */
export const POST = route(async (req) => {
  assertSameOrigin(req);
  const body = await readJson(req, UndoBody);
  const user = await getApiUser();
  return NextResponse.json(await undoLastRating(user.id, body.sessionId ?? null, new Date()));
});
