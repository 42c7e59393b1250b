import type { Metadata } from "next";
import Link from "next/link";
import { startPractice } from "@/app/actions/practice";
import { SettingsForm } from "@/components/practice/settings-form";
import { WeightsPanel } from "@/components/practice/weights-panel";
import { planStrings } from "@/lib/i18n/features/plan";
import { formatDay, scheduleSettingsView } from "@/lib/server/plan-view";
import { todayFigures } from "@/lib/schedule/today-figures";
import { PageHeader } from "@/components/shell/page-header";
import { format } from "@/lib/i18n/dictionaries";
import { getI18n } from "@/lib/i18n/server";
import { getBank } from "@/lib/server/bank";
import { getToday } from "@/lib/server/practice";
import { getTzOffset } from "@/lib/server/request-context";
import { getCurrentUser } from "@/lib/server/users";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  // The root segment's own title is not run through the layout's template: spell it out.
  return { title: { absolute: `${t.pages.today.title} · ${t.meta.title}` } };
}

function Stat({ label, value, hint, explain, testId }: { label: string; value: string | number; hint?: string; explain?: string; testId: string }) {
  return (
    <div className="rounded-lg border border-[var(--color-border)] p-4" data-testid={testId} title={explain}>
      <div className="text-sm text-[var(--color-muted)]">{label}</div>
      <div className="mt-1 text-3xl font-bold tabular-nums">{value}</div>
      {hint ? <div className="mt-1 text-xs text-[var(--color-muted)]">{hint}</div> : null}
    </div>
  );
}

export default async function TodayPage() {
  const { t, locale } = await getI18n();
  const p = t.practice.today;
  const user = await getCurrentUser();
  const now = new Date();
  const tz = await getTzOffset();
  const today = await getToday(user.id, now, tz);
  const bank = getBank();
  const ps = planStrings(locale);
  const schedule = await scheduleSettingsView(user.id, today.settings, locale, now, tz);
  // the figures say what the queue will do (lib/schedule/today-figures.ts)
  const f = todayFigures(today);
  return (
    <>
      <PageHeader title={t.pages.today.title} intro={t.pages.today.intro} />
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {f.mode === "plan" ? (
          <Stat
            label={ps.today.planned}
            value={f.reviews}
            hint={format(ps.today.fsrsDue, { n: f.fsrsDue })}
            explain={format(ps.today.plannedExplain, { planned: f.reviews, n: f.fsrsDue })}
            testId="today-due"
          />
        ) : (
          <Stat label={p.dueToday} value={f.reviews} hint={format(p.dueTodaySplit, { now: f.now, later: f.later })} explain={format(p.dueTodayExplain, { now: f.now, later: f.later })} testId="today-due" />
        )}
        <Stat label={p.fresh} value={today.newAvailable} testId="today-new" />
        <Stat label={p.streak} value={today.streak} hint={format(new Intl.PluralRules(locale).select(today.longestStreak) === "one" ? p.longestOne : p.longest, { n: today.longestStreak })} testId="today-streak" />
        <Stat label={p.estimate} value={format(p.minutesUnit, { n: today.minutes })} hint={format(p.reviewedToday, { n: today.reviewedToday })} testId="today-minutes" />
      </div>
      {today.settings.interviewDate ? (
        <p className="mt-4 text-sm" data-testid="today-plan">
          {format(ps.today.planBadge, { date: formatDay(today.settings.interviewDate, locale) })} · <Link href="/plan" className="underline">{ps.today.planLink}</Link>
        </p>
      ) : null}
      <div className="mt-6">
        {today.activeSession ? (
          <Link href="/practice" className="inline-block rounded-md bg-[var(--color-accent)] px-5 py-2.5 font-semibold text-[var(--color-accent-fg)] no-underline">
            {format(p.resume, { position: today.activeSession.position + 1, total: today.activeSession.total })}
          </Link>
        ) : f.empty === null ? (
          <form action={startPractice}>
            <button type="submit" className="rounded-md bg-[var(--color-accent)] px-5 py-2.5 font-semibold text-[var(--color-accent-fg)]">
              {p.start}
            </button>
          </form>
        ) : (
          <p data-testid="today-empty">{f.empty === "planDone" ? format(ps.today.planDone, { n: f.fsrsDue }) : p.nothing}</p>
        )}
      </div>

      {today.leeches.length > 0 ? (
        <section className="mt-8" aria-labelledby="leeches-h">
          <h2 id="leeches-h" className="text-lg font-semibold">
            {p.leeches}
          </h2>
          <p className="text-sm text-[var(--color-muted)]">{p.leechesIntro}</p>
          <ul className="mt-2 space-y-2" data-testid="leeches">
            {today.leeches.map((id) => {
              const item = bank.byId.get(id);
              return item ? (
                <li key={id} className="rounded-md border-l-4 border-[var(--color-warning)] bg-[var(--color-surface)] p-3">
                  <Link href={`/questions/${id}`} className="font-medium">
                    {item.prompt[locale]}
                  </Link>
                  <p className="mt-1 text-sm">{item.explanation[locale]}</p>
                </li>
              ) : null;
            })}
          </ul>
        </section>
      ) : null}

      <section className="mt-8" aria-labelledby="settings-h">
        <h2 id="settings-h" className="mb-3 text-lg font-semibold">
          {p.settings}
        </h2>
        <SettingsForm t={p} settings={today.settings} plan={ps.settings} interview={schedule.interview} />
      </section>

      <section className="mt-8" aria-labelledby="weights-h">
        <h2 id="weights-h" className="mb-3 text-lg font-semibold">
          {ps.weights.heading}
        </h2>
        <WeightsPanel t={ps.weights} {...schedule.weights} />
      </section>
    </>
  );
}
