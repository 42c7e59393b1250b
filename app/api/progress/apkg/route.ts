import fs from "node:fs";
import { Readable } from "node:stream";
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { LOCALES } from "@/lib/i18n/config";
import { exportApkg } from "@/lib/server/apkg-export";
import { HttpError, route } from "@/lib/server/http";
import { getApiUser } from "@/lib/server/users";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const query = z.strictObject({ lang: z.enum(LOCALES) });

/** GET ?lang=en|zh: the bank and the learner's schedule as an Anki package (download). */
export const GET = route(async (req: NextRequest) => {
  const user = await getApiUser();
  const parsed = query.safeParse(Object.fromEntries(req.nextUrl.searchParams));
  if (!parsed.success || req.nextUrl.searchParams.getAll("lang").length !== 1) {
    throw new HttpError(400, "invalid_request", "Say which language to export: ?lang=en or ?lang=zh.", "请指定导出语言：?lang=en 或 ?lang=zh。");
  }
  const now = new Date();
  const apkg = await exportApkg(user.id, parsed.data.lang, now);
  const stream = fs.createReadStream(apkg.file);
  stream.on("close", () => void apkg.cleanup());
  return new NextResponse(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": "application/apkg",
      "Content-Length": String(apkg.size),
      "Content-Disposition": `attachment; filename="tcp-drill-${parsed.data.lang}-${now.toISOString().slice(0, 10)}.apkg"`,
      "Cache-Control": "no-store",
    },
  });
});
