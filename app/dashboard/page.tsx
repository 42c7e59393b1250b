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
import { CalibrationPanel, WorkloadSection } from "@/components/schedule/evidence-panels";
import { getCalibration } from "@/lib/server/evidence";
import { getWorkload } from "@/lib/server/workload";
import { HttpError } from "@/lib/server/http";

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
  const evidence = (
    <div className="grid gap-4 md:grid-cols-2">
      <Suspense fallback={<PanelLoading label={t.dashboard.loading} />}>
        <Calibration userId={user.id} locale={locale} t={t} />
      </Suspense>
      {/* Seconds of simulation when not cached: streamed after the rest of the page. */}
      <Suspense fallback={<PanelLoading label={t.schedule.workload.loading} />}>
        <Workload userId={user.id} locale={locale} t={t} />
      </Suspense>
    </div>
  );
  return <DashboardView data={data} locale={locale} t={t} tzFromCookie={tz.fromCookie} drillError={drillError} startDrill={startDrill} evidence={evidence} />;
}

async function Calibration({ userId, locale, t }: { userId: string; locale: Locale; t: Dictionary }) {
  return <CalibrationPanel data={await getCalibration(userId)} locale={locale} t={t} />;
}

async function Workload({ userId, locale, t }: { userId: string; locale: Locale; t: Dictionary }) {
  try {
    return <WorkloadSection data={await getWorkload(userId)} locale={locale} t={t} />;
  } catch (e) {
    // the worker pool is full or the simulation ran past its time limit (lib/server/cpu-worker.ts):
    // say so in this panel, and show the rest of the dashboard
    if (e instanceof HttpError && e.status === 503) return <PanelLoading label={locale === "zh" ? e.zh : e.message} />;
    throw e;
  }
}

function PanelLoading({ label }: { label: string }) {
  return (
    <p role="status" className="rounded-lg border border-dashed border-[var(--color-border)] p-4 text-sm text-[var(--color-muted)]">
      {label}
    </p>
  );
}
