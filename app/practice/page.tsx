import type { Metadata } from "next";
import Link from "next/link";
import { startPractice } from "@/app/actions/practice";
import { PracticeSession } from "@/components/practice/practice-session";
import { PageHeader } from "@/components/shell/page-header";
import { getI18n } from "@/lib/i18n/server";
import { getBank } from "@/lib/server/bank";
import { getPrisma } from "@/lib/server/prisma";
import { buildSessionView } from "@/lib/server/practice-view";
import { getTzOffset } from "@/lib/server/request-context";
import { getCurrentUser } from "@/lib/server/users";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.pages.practice.title };
}

export default async function PracticePage() {
  const { t, locale } = await getI18n();
  const user = await getCurrentUser();
  const db = await getPrisma();
  // The latest session: an unfinished one resumes where it was; a finished one shows its summary.
  const latest = await db.practiceSession.findFirst({ where: { userId: user.id }, orderBy: { startedAt: "desc" }, select: { id: true } });
  const topicNames = Object.fromEntries(getBank().topics.map((tp) => [tp.id, tp.name[locale]]));
  return (
    <>
      <PageHeader title={t.pages.practice.title} intro={t.pages.practice.intro} />
      {latest ? (
        <PracticeSession
          key={latest.id}
          initial={await buildSessionView(user.id, latest.id, locale, new Date(), await getTzOffset())}
          t={t.practice.session}
          lang={locale}
          topicNames={topicNames}
          userId={user.id}
        />
      ) : (
        <div className="space-y-3">
          <p>{t.practice.session.empty}</p>
          <form action={startPractice}>
            <button type="submit" className="rounded-md bg-[var(--color-accent)] px-4 py-2 font-medium text-[var(--color-accent-fg)]">
              {t.practice.today.start}
            </button>
          </form>
          <Link href="/">{t.practice.session.backToday}</Link>
        </div>
      )}
    </>
  );
}
