import { NextResponse } from "next/server";
import { exportReviewLogCsv } from "@/lib/server/progress-export";
import { route } from "@/lib/server/http";
import { getApiUser } from "@/lib/server/users";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET: the learner's review log as CSV (download). */
export const GET = route(async () => {
  const user = await getApiUser();
  const csv = await exportReviewLogCsv(user.id);
  return new NextResponse(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="tcp-drill-review-log-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "no-store",
    },
  });
});
