import { NextResponse } from "next/server";
import { z } from "zod";
import { getLocale } from "@/lib/i18n/server";
import { HttpError, route } from "@/lib/server/http";
import { buildOfflineBundle } from "@/lib/server/practice-offline";
import { getApiUser } from "@/lib/server/users";

export const runtime = "nodejs";

const Id = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/);

/**
 * The rest of the session for offline practice (lib/server/practice-offline.ts): the cards as
 * they will be shown, their versions, the keys to rate them with, and their model answers. The
 * practice page keeps it in the browser; it is never cached by HTTP (another learner could sign
 * in on the same browser).
 */
export const GET = route(async (_req, ctx: { params: Promise<{ id: string }> }) => {
  const parsed = Id.safeParse((await ctx.params).id);
  if (!parsed.success) throw new HttpError(400, "invalid_request", "Invalid session id.", "会话 id 无效。");
  const user = await getApiUser();
  const bundle = await buildOfflineBundle(user.id, parsed.data, await getLocale(), new Date());
  return NextResponse.json(bundle, { headers: { "Cache-Control": "no-store" } });
});
