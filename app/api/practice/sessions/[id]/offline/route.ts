import { NextResponse } from "next/server";
import { getLocale } from "@/lib/i18n/server";
import { route } from "@/lib/server/http";
import { buildOfflineBundle } from "@/lib/server/practice-offline";
import { sessionIdParam } from "@/lib/server/session-param";
import { getApiUser } from "@/lib/server/users";

export const runtime = "nodejs";

/**
 * The rest of the session for offline practice (lib/server/practice-offline.ts): the cards as
 * they will be shown, their versions, the keys to rate them with, and their model answers. The
 * practice page keeps it in the browser; it is never cached by HTTP (another learner could sign
 * in on the same browser).
 */
export const GET = route(async (_req, ctx: { params: Promise<{ id: string }> }) => {
  const sessionId = await sessionIdParam(ctx);
  const user = await getApiUser();
  const bundle = await buildOfflineBundle(user.id, sessionId, await getLocale(), new Date());
  return NextResponse.json(bundle, { headers: { "Cache-Control": "no-store" } });
});
