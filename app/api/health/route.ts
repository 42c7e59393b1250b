import { NextResponse } from "next/server";
import { getHealth } from "@/lib/server/health";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * 200 {"status":"ok", database, content} when the database answers and can be written;
 * 503 {"status":"degraded", reason, fault, …} when it answers but writes would fail now (read-only,
 * disk full, another process's lock, a fault just seen on a write); 503 {"status":"unavailable"}
 * when it does not answer.
 */
export async function GET() {
  const health = await getHealth();
  return NextResponse.json(health, {
    status: health.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
