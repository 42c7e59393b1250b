import { NextResponse } from "next/server";
import { getHealth } from "@/lib/server/health";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** 200 {"status":"ok", database, content} when the database answers; 503 with a reason otherwise. */
export async function GET() {
  const health = await getHealth();
  return NextResponse.json(health, {
    status: health.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
