import { topicById } from "@/lib/content/topics";
import { getI18n } from "@/lib/i18n/server";
import { reportMarkdown } from "@/lib/mock/markdown";
import { getReport } from "@/lib/server/mock";
import { getCurrentUser } from "@/lib/server/users";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /mock/<id>/report/export — the report as a Markdown file, in the interface's language. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return new Response("Not found", { status: 404 });
  const [{ t, locale }, user] = await Promise.all([getI18n(), getCurrentUser()]);
  const report = await getReport(user.id, id);
  if (!report) return new Response("Not found", { status: 404 });
  const tm = t.mock;
  const date = report.interview.startedAt.toISOString().slice(0, 10);
  const md = reportMarkdown(report, {
    t: tm,
    focusName: tm.focuses[report.interview.focus as keyof typeof tm.focuses] ?? report.interview.focus,
    langName: tm.langs[report.interview.lang],
    date,
    topicName: (topic) => topicById(topic)?.name[locale] ?? topic,
  });
  return new Response(md, {
    headers: {
      "content-type": "text/markdown; charset=utf-8",
      "content-disposition": `attachment; filename="tcp-drill-mock-${date}-${id.slice(-8)}.md"`,
      "cache-control": "no-store",
    },
  });
}
