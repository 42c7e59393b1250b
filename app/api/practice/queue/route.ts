import { NextResponse } from "next/server";
import { getBank } from "@/lib/server/bank";
import { route } from "@/lib/server/http";
import { buildTodayQueue, cardVersions } from "@/lib/server/practice";
import { getTzOffset } from "@/lib/server/request-context";
import { getApiUser } from "@/lib/server/users";

export const runtime = "nodejs";

/**
 * Today's queue (due reviews first, new items interleaved) with each card's current version;
 * `?scope=all` lists every question of the bank with its card version instead.
 */
export const GET = route(async (req) => {
  const user = await getApiUser();
  const all = req.nextUrl.searchParams.get("scope") === "all";
  const queue = all
    ? await cardVersions(user.id, getBank().items.map((i) => ({ itemId: i.id, topic: i.topic })))
    : await buildTodayQueue(user.id, new Date(), await getTzOffset());
  return NextResponse.json({ queue }, { headers: { "Cache-Control": "no-store" } });
});
