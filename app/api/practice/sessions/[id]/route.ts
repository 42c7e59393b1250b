import { NextResponse } from "next/server";
import { getLocale } from "@/lib/i18n/server";
import { route } from "@/lib/server/http";
import { buildSessionView } from "@/lib/server/practice-view";
import { getTzOffset } from "@/lib/server/request-context";
import { sessionIdParam } from "@/lib/server/session-param";
import { getApiUser } from "@/lib/server/users";

export const runtime = "nodejs";

/** The session's current card (without its answer), progress, and interval previews. */
export const GET = route(async (_req, ctx: { params: Promise<{ id: string }> }) => {
  const sessionId = await sessionIdParam(ctx);
  const user = await getApiUser();
  const view = await buildSessionView(user.id, sessionId, await getLocale(), new Date(), await getTzOffset());
  return NextResponse.json(view, { headers: { "Cache-Control": "no-store" } });
});
