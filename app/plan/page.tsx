import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { DataTable } from "@/components/dashboard/chart-section";
import { PlanChart } from "@/components/plan/plan-chart";
import { PageHeader } from "@/components/shell/page-header";
import type { Locale } from "@/lib/i18n/config";
import { format } from "@/lib/i18n/dictionaries";
import { planStrings, type PlanStrings } from "@/lib/i18n/features/plan";
import { getI18n } from "@/lib/i18n/server";
import { TOPICS } from "@/lib/content/topics";
import { learnerPlan, PLAN_HORIZON_DAYS } from "@/lib/server/plan";
import { formatDay, formatWhen } from "@/lib/server/plan-view";
import { getTzOffset } from "@/lib/server/request-context";
import { getCurrentUser } from "@/lib/server/users";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getI18n();
  return { title: planStrings(locale).page.title };
}

/**
 * Interview-date mode's plan: reviews per day until the interview (chart and table), predicted
 * recall on the day per topic with and without the plan, the budget used. The plan is made once
 * a day in a worker thread (lib/server/plan.ts); the page streams while it is made.
 */
export default async function PlanPage() {
  const { locale } = await getI18n();
  const t = planStrings(locale).page;
  return (
    <>
      <PageHeader title={t.title} intro={t.intro} />
      <Suspense fallback={<p role="status">{t.computing}</p>}>
        <PlanData locale={locale} t={t} />
      </Suspense>
      <p className="mt-8 flex flex-wrap gap-4 text-sm">
        <Link href="/">{t.toToday}</Link>
        <Link href="/#settings-h">{t.settings}</Link>
      </p>
    </>
  );
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

async function PlanData({ locale, t }: { locale: Locale; t: PlanStrings["page"] }) {
  const [user, tz] = await Promise.all([getCurrentUser(), getTzOffset()]);
  const now = new Date();
  const state = await learnerPlan(user.id, now, tz);
  if (state.mode === "none")
    return (
      <div data-testid="plan-empty">
        <p>{t.empty}</p>
        <p className="mt-3">
          <Link href="/#settings-h" className="inline-block rounded-md bg-[var(--color-accent)] px-4 py-2 font-semibold text-[var(--color-accent-fg)] no-underline">
            {t.setDate}
          </Link>
        </p>
      </div>
    );
  if (state.mode === "passed") return <p data-testid="plan-passed">{t.passed}</p>;
  if (state.mode === "later")
    return (
      <p data-testid="plan-later">
        {format(t.later, { days: state.daysLeft, horizon: PLAN_HORIZON_DAYS, date: formatDay(new Date(state.startsOn.getTime() + tz * 60_000), locale) })}
      </p>
    );
  const { plan } = state;
  const r = plan.result;
  const summary = format(t.summary, { date: formatDay(state.interviewDate, locale), days: state.daysLeft, minutes: state.dailyMinutes });
  if (r.mode !== "interview")
    return (
      <>
        <p>{summary}</p>
        <p data-testid="plan-fsrs">{t.noDayLeft}</p>
      </>
    );
  const topicName = (id: string) => TOPICS.find((x) => x.id === id)?.name[locale] ?? id;
  const usedMin = r.days.reduce((a, d) => a + d.seconds, 0) / 60;
  const totalMin = r.days.length * plan.dailyMinutes;
  const dayLabel = (at: Date) => formatWhen(at, locale, tz, false);
  const rows = r.days.map((d) => ({
    label: dayLabel(d.at),
    reviews: d.reviews.length,
    fresh: d.introduce.length,
    minutes: d.seconds / 60,
    without: d.withoutPlan.reviews,
  }));
  return (
    <div data-testid="plan">
      <p>{summary}</p>
      <dl className="mt-4 grid gap-3 sm:grid-cols-3">
        <div className="rounded-lg border border-[var(--color-border)] p-4">
          <dt className="text-sm text-[var(--color-muted)]">{t.recallWith}</dt>
          <dd className="mt-1 text-3xl font-bold tabular-nums" data-testid="plan-recall-with">
            {pct(r.withPlan)}
          </dd>
          <dd className="mt-1 text-xs text-[var(--color-muted)]" data-testid="plan-recall-without">
            {format(t.recallWithout, { retention: plan.desiredRetention.toFixed(2) })}: {pct(r.withoutPlan)}
          </dd>
        </div>
        <div className="rounded-lg border border-[var(--color-border)] p-4">
          <dt className="text-sm text-[var(--color-muted)]">{t.budget}</dt>
          <dd className="mt-1 text-lg font-semibold tabular-nums" data-testid="plan-budget">
            {format(t.budgetValue, { used: Math.round(usedMin), total: totalMin, days: r.days.length })}
          </dd>
          <dd className="mt-1 text-xs text-[var(--color-muted)]">{format(t.perReview, { seconds: plan.secondsPerReview })}</dd>
        </div>
        <div className="rounded-lg border border-[var(--color-border)] p-4 text-sm">
          <dt className="sr-only">{t.model}</dt>
          <dd>{format(t.weights, { source: plan.weightsSource === "fitted" ? t.weightsFitted : t.weightsDefault })}</dd>
          <dd className="mt-1 text-xs text-[var(--color-muted)]">{format(t.computed, { time: formatWhen(plan.computedAt, locale, tz) })}</dd>
        </div>
      </dl>

      <section className="mt-8" aria-labelledby="plan-days-h">
        <h2 id="plan-days-h" className="mb-3 text-lg font-semibold">
          {t.chartTitle}
        </h2>
        <PlanChart
          days={rows.map((d) => ({ ...d, title: `${d.label}: ${t.reviews} ${d.reviews}, ${t.fresh} ${d.fresh}, ${t.withoutReviews} ${d.without.toFixed(1)}` }))}
          title={t.chartTitle}
          desc={t.chartDesc}
          legend={{ plan: t.legendPlan, fresh: t.legendNew, fsrs: t.legendFsrs }}
          maxLabel={(m) => String(Math.round(m))}
        />
        <div className="mt-4 max-h-96 overflow-auto" tabIndex={0} role="region" aria-label={t.tableCaption} data-testid="plan-table">
          <DataTable
            caption={t.tableCaption}
            head={[t.day, t.reviews, t.fresh, t.minutes, t.withoutReviews]}
            rows={rows.map((d) => [d.label, d.reviews, d.fresh, d.minutes.toFixed(1), d.without.toFixed(1)])}
          />
        </div>
      </section>

      <section className="mt-8" aria-labelledby="plan-topics-h">
        <h2 id="plan-topics-h" className="mb-3 text-lg font-semibold">
          {t.topicsTitle}
        </h2>
        <div className="overflow-x-auto" tabIndex={0} role="region" aria-labelledby="plan-topics-h" data-testid="plan-topics">
          <DataTable
            caption={t.topicsTitle}
            head={[t.topic, t.cards, t.withPlan, t.withoutPlan]}
            rows={r.topics.map((x) => [topicName(x.topic), x.cards, pct(x.withPlan), pct(x.withoutPlan)])}
          />
        </div>
      </section>
    </div>
  );
}
