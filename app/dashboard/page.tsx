import type { Metadata } from "next";
import { Suspense } from "react";
import { DashboardView } from "@/components/dashboard/dashboard-view";
import { PageHeader } from "@/components/shell/page-header";
import { getTimeZone } from "@/lib/server/request-context";
import type { Locale } from "@/lib/i18n/config";
import type { Dictionary } from "@/lib/i18n/dictionaries";
import { getI18n } from "@/lib/i18n/server";
import { getDashboard } from "@/lib/server/dashboard";
import { getCurrentUser } from "@/lib/server/users";
import { startDrill } from "./actions";
import { DashboardSkeleton } from "@/components/dashboard/skeleton";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.pages.dashboard.title };
}

/**
 * The progress dashboard. Days are the learner's: the UTC offset comes from the `tz` cookie
 * (minutes east of UTC, set by the page itself from the browser) and is 0 (UTC) without it.
 */
export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ locale, t }, params] = await Promise.all([getI18n(), searchParams]);
  return (
    <>
      <PageHeader title={t.pages.dashboard.title} intro={t.pages.dashboard.intro} />
      <Suspense fallback={<DashboardSkeleton label={t.dashboard.loading} />}>
        <DashboardData locale={locale} t={t} drillError={params.drill === "invalid"} />
      </Suspense>
    </>
  );
}

async function DashboardData({ locale, t, drillError }: { locale: Locale; t: Dictionary; drillError: boolean }) {
  const [user, tz] = await Promise.all([getCurrentUser(), getTimeZone()]);
  const data = await getDashboard(user.id, new Date(), tz.offset);
  return <DashboardView data={data} locale={locale} t={t} tzFromCookie={tz.fromCookie} drillError={drillError} startDrill={startDrill} />;
}
