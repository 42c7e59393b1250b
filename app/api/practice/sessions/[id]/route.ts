import { NextResponse } from "next/server";
import { z } from "zod";
import { getLocale } from "@/lib/i18n/server";
import { HttpError, route } from "@/lib/server/http";
import { buildSessionView } from "@/lib/server/practice-view";
import { getTzOffset } from "@/lib/server/request-context";
import { getApiUser } from "@/lib/server/users";

export const runtime = "nodejs";

const Id = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/);

/** The session's current card (without its answer), progress, and interval previews. */
export const GET = route(async (_req, ctx: { params: Promise<{ id: string }> }) => {
  const parsed = Id.safeParse((await ctx.params).id);
  if (!parsed.success) throw new HttpError(400, "invalid_request", "Invalid session id.", "会话 id 无效。");
  const user = await getApiUser();
  const view = await buildSessionView(user.id, parsed.data, await getLocale(), new Date(), await getTzOffset());
  return NextResponse.json(view, { headers: { "Cache-Control": "no-store" } });
});
