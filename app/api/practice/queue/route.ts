import { NextResponse } from "next/server";
import { route } from "@/lib/server/http";
import { buildTodayQueue } from "@/lib/server/practice";
import { getTzOffset } from "@/lib/server/request-context";
import { getCurrentUser } from "@/lib/server/users";

export const runtime = "nodejs";

/** Today's queue (due reviews first, new items interleaved) with each card's current version. */
export const GET = route(async () => {
  const user = await getCurrentUser();
  const queue = await buildTodayQueue(user.id, new Date(), await getTzOffset());
  return NextResponse.json({ queue }, { headers: { "Cache-Control": "no-store" } });
});
