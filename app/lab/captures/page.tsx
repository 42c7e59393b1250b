import type { Metadata } from "next";
import Link from "next/link";
import { LabTabs } from "@/components/lab/lab-tabs";
import { PageHeader } from "@/components/shell/page-header";
import { format } from "@/lib/i18n/dictionaries";
import { labDrillStrings } from "@/lib/i18n/features/lab-drill";
import { getI18n } from "@/lib/i18n/server";
import { listCaptures } from "@/lib/server/captures";
import { getCurrentUser } from "@/lib/server/users";
import { deleteCaptureAction } from "./actions";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t, locale } = await getI18n();
  return { title: `${labDrillStrings(locale).page.title} · ${t.pages.lab.title}` };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The learner's drilled captures ("Drill this capture" in the lab): their questions, and deleting them. */
export default async function MyCapturesPage({ searchParams }: Props) {
  const user = await getCurrentUser();
  const [{ t, locale }, sp] = await Promise.all([getI18n(), searchParams]);
  const s = labDrillStrings(locale);
  const p = s.page;
  const captures = await listCaptures(user.id);
  const deleted = typeof sp.deleted === "string" && /^\d+$/.test(sp.deleted) ? Number(sp.deleted) : null;
  const date = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en-GB", { dateStyle: "medium", timeStyle: "short" });
  return (
    <>
      <PageHeader title={t.pages.lab.title} intro={t.pages.lab.intro} />
      <LabTabs t={t.lab} current="captures" mine={s.open} />
      <h2 className="text-xl font-semibold">{p.title}</h2>
      <p className="mt-1 mb-4 text-sm text-[var(--color-muted)]">{p.intro}</p>
      {deleted !== null ? (
        <p role="status" className="mb-4 text-sm" data-testid="captures-deleted">
          {format(p.removed, { n: deleted })}
        </p>
      ) : null}
      {captures.length === 0 ? (
        <p data-testid="captures-empty">
          {p.empty} <Link href="/lab" className="underline">{p.toLab}</Link>
        </p>
      ) : (
        <ul className="space-y-6" data-testid="captures">
          {captures.map((c) => (
            <li key={c.id} className="rounded-md border border-[var(--color-border)] p-4" data-testid="capture">
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div>
                  <h3 className="font-semibold break-all">{c.name}</h3>
                  <p className="text-sm text-[var(--color-muted)]">
                    {p.source[c.source as keyof typeof p.source] ?? c.source} · {format(p.lines, { n: c.lines })} · {date.format(c.createdAt)}
                  </p>
                </div>
                <form action={deleteCaptureAction}>
                  <input type="hidden" name="captureId" value={c.id} />
                  <button
                    type="submit"
                    aria-label={format(p.removeLabel, { name: c.name })}
                    className="rounded-md border border-[var(--color-danger)] px-3 py-1.5 text-sm font-medium text-[var(--color-danger)]"
                  >
                    {p.remove}
                  </button>
                </form>
              </div>
              <h4 className="mt-3 text-sm font-medium">
                {p.questions} ({c.items.length})
              </h4>
              <ol className="mt-1 list-decimal space-y-0.5 pl-6 text-sm">
                {c.items.map((i) => (
                  <li key={i.id}>
                    {format(p.kind[i.kind], { line: i.line ?? "" })} —{" "}
                    <span className="text-[var(--color-muted)]">{i.due === null || i.state === 0 ? p.fresh : format(p.due, { date: date.format(i.due) })}</span>
                  </li>
                ))}
              </ol>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
