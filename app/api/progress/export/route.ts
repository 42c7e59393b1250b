import { NextResponse } from "next/server";
import { exportProgress } from "@/lib/server/progress-export";
import { route } from "@/lib/server/http";
import { getApiUser } from "@/lib/server/users";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET: the learner's progress as a versioned JSON file (download). */
export const GET = route(async () => {
  const user = await getApiUser();
  const now = new Date();
  const file = await exportProgress(user.id, now);
  return new NextResponse(JSON.stringify(file, null, 1), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="tcp-drill-progress-${now.toISOString().slice(0, 10)}.json"`,
      "Cache-Control": "no-store",
    },
  });
});
