import Link from "next/link";
import type { ReactNode } from "react";
import { ReadinessSection } from "@/components/schedule/evidence-panels";
import { RECALL_THRESHOLD, dayIso, readinessLevel, type ReadinessLevel } from "@/lib/dashboard/figures";
import { TOPICS } from "@/lib/content/topics";
import type { Locale } from "@/lib/i18n/config";
import { format, type Dictionary } from "@/lib/i18n/dictionaries";
import type { DashboardData } from "@/lib/server/dashboard";
import { LEECH_THRESHOLD } from "@/lib/srs/stats";
import { BarRows } from "./bar-rows";
import { ChartSection, DataTable } from "./chart-section";
import { ColumnChart } from "./column-chart";
import { fmtInt, fmtNum, fmtOffset, monthYear, pct, shortDay } from "./format";
import { HeatmapChart } from "./heatmap-chart";
import { ImportForm } from "./import-form";
import { MockTrendChart } from "./mock-trend-chart";

const LEVEL_COLOR: Record<ReadinessLevel, string> = {
  "not-started": "var(--color-muted)",
  weak: "var(--color-danger)",
  nearly: "var(--color-warning)",
  ready: "var(--color-success)",
};

const PHONE_WEEKS = 22;
/** the leech list shows the most-failed ten; the rest are counted */
const MAX_LEECHES = 10;

function truncate(s: string, n: number): string {
  const flat = s.replace(/\s+/g, " ").trim();
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
}

const buttonClass =
  "inline-flex items-center rounded-md border border-[var(--color-border)] bg-[var(--color-surface)] px-3 py-1.5 text-sm text-[var(--color-fg)] hover:border-[var(--color-accent)]";

export function DashboardView({
  data,
  locale,
  t,
  tzFromCookie,
  drillError,
  startDrill,
  evidence,
}: {
  data: DashboardData;
  locale: Locale;
  t: Dictionary;
  tzFromCookie: boolean;
  drillError: boolean;
  /** the server action that starts a practice session on the posted itemId values */
  startDrill: (formData: FormData) => Promise<void>;
  /** the calibration panel and the workload curve, streamed on their own (app/dashboard/page.tsx) */
  evidence?: ReactNode;
}) {
  const d = t.dashboard;
  const topicName = (id: string) => TOPICS.find((x) => x.id === id)?.name[locale] ?? id;
  const threshold = Math.round(RECALL_THRESHOLD * 100);
  const desired = pct(data.desiredRetention);
  const dueToday = data.dueToday.total;
  const empty = data.totalReviews === 0;

  const retentionText =
    data.retention.rate === null
      ? format(d.retention.none, { desired })
      : format(d.retention.value, { rate: pct(data.retention.rate), passed: fmtInt(locale, data.retention.passed), total: fmtInt(locale, data.retention.total), desired });

  // Heatmap: summary and a month table as the text alternative.
  const heatSummary =
    format(d.heatmap.summary, { total: fmtInt(locale, data.heatmap.total), active: data.heatmap.activeDays }) +
    (data.heatmap.busiest ? " " + format(d.heatmap.busiest, { date: dayIso(data.heatmap.busiest.day), count: data.heatmap.busiest.count }) : "");
  const months = new Map<string, { first: number; reviews: number; active: number }>();
  for (const day of data.heatmap.days) {
    const key = dayIso(day.day).slice(0, 7);
    const m = months.get(key) ?? { first: day.day, reviews: 0, active: 0 };
    m.reviews += day.count;
    if (day.count > 0) m.active++;
    months.set(key, m);
  }

  const forecastTotal = data.forecast.reduce((a, f) => a + f.due, 0);
  const timeTotalMs = data.timePerDay.reduce((a, x) => a + x.durationMs, 0);
  const timeReviews = data.timePerDay.reduce((a, x) => a + x.reviews, 0);
  const minutes = (ms: number) => fmtNum(locale, ms / 60_000, 1);

  const mock = data.mock;

  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-[var(--color-muted)]" data-testid="dash-tz">
        {tzFromCookie ? format(d.tz.note, { offset: fmtOffset(data.tzOffset) }) : d.tz.noteDefault}
      </p>
      {drillError ? (
        <p role="alert" className="rounded-md border border-[var(--color-danger)] p-3 text-[var(--color-danger)]">
          {d.errors.badDrill}
        </p>
      ) : null}
      {empty ? (
        <section aria-labelledby="dash-empty" className="rounded-lg border border-dashed border-[var(--color-border)] bg-[var(--color-surface)] p-4" data-testid="dash-empty">
          <h2 id="dash-empty" className="font-semibold">
            {d.empty.title}
          </h2>
          <p className="mt-1 text-[var(--color-muted)]">{d.empty.body}</p>
          <Link href="/practice" className="mt-2 inline-block underline">
            {d.empty.start}
          </Link>
        </section>
      ) : null}

      {/* At a glance */}
      <section aria-labelledby="dash-summary-heading" data-testid="dash-summary">
        <h2 id="dash-summary-heading" className="sr-only">
          {d.summary.heading}
        </h2>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
          {(
            [
              ["reviews-today", d.summary.reviewsToday, fmtInt(locale, data.reviewsToday)],
              ["current-streak", d.summary.currentStreak, fmtInt(locale, data.streak.current)],
              ["longest-streak", d.summary.longestStreak, fmtInt(locale, data.streak.longest)],
              ["due-today", d.summary.dueToday, fmtInt(locale, dueToday)],
              ["true-retention", d.summary.trueRetention, data.retention.rate === null ? d.summary.noValue : `${pct(data.retention.rate)} %`],
              ["total-reviews", d.summary.totalReviews, fmtInt(locale, data.heatmap.total)],
            ] as const
          ).map(([id, label, value]) => (
            <div
              key={id}
              className="rounded-lg border border-[var(--color-border)] bg-[var(--color-surface)] p-3"
              data-testid={`stat-${id}`}
              title={id === "due-today" ? format(d.summary.dueTodayExplain, { now: data.dueToday.now, later: data.dueToday.later }) : undefined}
            >
              <dt className="text-sm text-[var(--color-muted)]">{label}</dt>
              <dd className="mt-1 text-2xl font-semibold tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
      </section>

      {/* Readiness: the predicted probability of answering (lib/schedule/evidence) */}
      <ReadinessSection readiness={data.readiness} interviewDate={data.interviewDate} topicName={topicName} t={t} />
      {evidence}

      {/* Heatmap */}
      <ChartSection
        id="heatmap"
        heading={d.heatmap.heading}
        summary={heatSummary}
        tableToggle={d.tableToggle}
        chart={
          <>
            <div className="hidden md:block">
              <HeatmapChart data={data.heatmap} locale={locale} weeks={53} label={heatSummary} less={d.heatmap.less} more={d.heatmap.more} />
            </div>
            <div className="md:hidden">
              <HeatmapChart data={data.heatmap} locale={locale} weeks={PHONE_WEEKS} label={heatSummary} less={d.heatmap.less} more={d.heatmap.more} />
              <p className="mt-1 text-xs text-[var(--color-muted)]">{format(d.heatmap.phoneNote, { weeks: PHONE_WEEKS })}</p>
            </div>
          </>
        }
        table={
          <DataTable
            caption={d.heatmap.tableCaption}
            head={[d.heatmap.month, d.heatmap.reviews, d.heatmap.activeDays]}
            rows={[...months.values()].map((m) => [monthYear(locale, m.first), fmtInt(locale, m.reviews), m.active])}
          />
        }
      />

      <div className="grid gap-4 md:grid-cols-2">
        {/* True retention */}
        <ChartSection
          id="retention"
          heading={d.retention.heading}
          explain={d.retention.explain}
          summary={retentionText}
          chart={
            <BarRows
              label={retentionText}
              rows={[
                {
                  label: d.retention.trueLabel,
                  value: data.retention.rate ?? 0,
                  valueText: data.retention.rate === null ? d.summary.noValue : `${pct(data.retention.rate)} %`,
                  color: data.retention.rate !== null && data.retention.rate < data.desiredRetention ? "var(--color-warning)" : "var(--color-success)",
                  marker: data.desiredRetention,
                },
                { label: d.retention.desiredLabel, value: data.desiredRetention, valueText: `${desired} %`, color: "var(--color-muted)" },
              ]}
            />
          }
        />

        {/* Forecast */}
        <ChartSection
          id="forecast"
          heading={d.forecast.heading}
          summary={format(d.forecast.summary, { total: fmtInt(locale, forecastTotal), today: fmtInt(locale, dueToday) })}
          tableToggle={d.tableToggle}
          chart={
            <ColumnChart
              label={format(d.forecast.summary, { total: fmtInt(locale, forecastTotal), today: fmtInt(locale, dueToday) })}
              maxLabel={(max) => fmtInt(locale, max)}
              columns={data.forecast.map((f, i) => ({
                value: f.due,
                title: `${i === 0 ? d.forecast.today : shortDay(f.day)}: ${f.due}`,
                label: i % 7 === 0 ? (i === 0 ? d.forecast.today : shortDay(f.day)) : undefined,
                highlight: i === 0,
              }))}
            />
          }
          table={
            <DataTable
              caption={d.forecast.heading}
              head={[d.forecast.day, d.forecast.due]}
              rows={data.forecast.map((f, i) => [i === 0 ? `${dayIso(f.day)} (${d.forecast.today})` : dayIso(f.day), f.due])}
            />
          }
        />
      </div>

      {/* Mastery */}
      <ChartSection
        id="mastery"
        heading={d.mastery.heading}
        explain={d.mastery.explain}
        tableToggle={d.tableToggle}
        chart={
          <BarRows
            label={`${d.mastery.chartLabel}: ${data.mastery.map((m) => `${topicName(m.topic)} ${pct(m.mastery)} %`).join("; ")}`}
            rows={data.mastery.map((m) => ({
              label: topicName(m.topic),
              value: m.mastery,
              valueText: `${pct(m.mastery)} %`,
              color: LEVEL_COLOR[readinessLevel(m)],
            }))}
          />
        }
        table={
          <DataTable
            caption={d.mastery.heading}
            head={[d.mastery.topic, d.mastery.mastery, d.mastery.seen, format(d.mastery.below, { threshold })]}
            rows={data.mastery.map((m) => [topicName(m.topic), `${pct(m.mastery)} %`, format(d.mastery.seenValue, { seen: m.seen, total: m.total }), m.below])}
          />
        }
      />

      <div className="grid gap-4 md:grid-cols-2">
        {/* Time per day */}
        <ChartSection
          id="time"
          heading={d.time.heading}
          summary={format(d.time.summary, { minutes: minutes(timeTotalMs), reviews: fmtInt(locale, timeReviews) })}
          tableToggle={d.tableToggle}
          chart={
            <ColumnChart
              label={format(d.time.summary, { minutes: minutes(timeTotalMs), reviews: fmtInt(locale, timeReviews) })}
              maxLabel={(max) => `${fmtNum(locale, max / 60_000, 1)} ${d.time.minutes}`}
              columns={data.timePerDay.map((x, i) => ({
                value: x.durationMs,
                title: `${shortDay(x.day)}: ${minutes(x.durationMs)} ${d.time.minutes}`,
                label: (data.timePerDay.length - 1 - i) % 7 === 0 ? shortDay(x.day) : undefined,
              }))}
            />
          }
          table={
            <DataTable
              caption={d.time.heading}
              head={[d.time.day, d.time.minutes, d.time.reviews]}
              rows={data.timePerDay.map((x) => [dayIso(x.day), minutes(x.durationMs), x.reviews])}
            />
          }
        />

        {/* Mock trend */}
        <ChartSection
          id="mock"
          heading={d.mock.heading}
          summary={
            mock.points.length === 0
              ? d.mock.none
              : format(d.mock.summary, {
                  count: mock.points.length,
                  latest: fmtNum(locale, mock.latest!, 0),
                  best: fmtNum(locale, mock.best!, 0),
                  average: fmtNum(locale, mock.recentAverage!, 0),
                }) + (mock.change !== null ? " " + format(d.mock.change, { change: `${mock.change >= 0 ? "+" : ""}${fmtNum(locale, mock.change, 0)}` }) : "")
          }
          tableToggle={mock.points.length > 0 ? d.tableToggle : undefined}
          chart={
            mock.points.length > 0 ? (
              <MockTrendChart
                points={mock.points}
                label={format(d.mock.summary, {
                  count: mock.points.length,
                  latest: fmtNum(locale, mock.latest!, 0),
                  best: fmtNum(locale, mock.best!, 0),
                  average: fmtNum(locale, mock.recentAverage!, 0),
                })}
                titleOf={(p) => `${p.endedAt.toISOString().slice(0, 10)}: ${fmtNum(locale, p.score, 0)}`}
              />
            ) : (
              <Link href="/mock" className="underline">
                {d.mock.start}
              </Link>
            )
          }
          table={
            <DataTable
              caption={d.mock.heading}
              head={[d.mock.date, d.mock.score]}
              rows={mock.points.map((p) => [p.endedAt.toISOString().slice(0, 16).replace("T", " ") + " UTC", fmtNum(locale, p.score, 0)])}
            />
          }
        />
      </div>

      <div className="grid gap-4 md:grid-cols-2">
        {/* Weakest */}
        <ChartSection id="weakest" heading={d.weakest.heading} explain={d.weakest.explain}>
          {data.weakest.length === 0 ? (
            <p className="mt-2">{d.weakest.none}</p>
          ) : (
            <>
              <ol className="mt-3 flex flex-col gap-3">
                {data.weakest.map((w) => {
                  const prompt = truncate(w.prompt[locale], 140);
                  return (
                    <li key={w.itemId} className="flex flex-col gap-1 border-b border-[var(--color-border)] pb-3 last:border-b-0" data-item-id={w.itemId}>
                      <Link href={`/questions/${w.itemId}`} className="underline">
                        {prompt}
                      </Link>
                      <span className="text-sm text-[var(--color-muted)]">
                        {topicName(w.topic)} · {format(d.weakest.recall, { recall: pct(w.recall) })}
                      </span>
                      <form action={startDrill}>
                        <input type="hidden" name="itemId" value={w.itemId} />
                        <button type="submit" className={buttonClass} aria-label={format(d.weakest.drillLabel, { prompt })}>
                          {d.weakest.drill}
                        </button>
                      </form>
                    </li>
                  );
                })}
              </ol>
              <form action={startDrill} className="mt-3">
                {data.weakest.map((w) => (
                  <input key={w.itemId} type="hidden" name="itemId" value={w.itemId} />
                ))}
                <button
                  type="submit"
                  className="rounded-md bg-[var(--color-accent)] px-3 py-1.5 font-medium text-[var(--color-accent-fg)]"
                  data-testid="drill-weakest"
                >
                  {data.weakest.length === 5 ? d.weakest.drillAll : format(d.weakest.drillAllSome, { n: data.weakest.length })}
                </button>
              </form>
            </>
          )}
        </ChartSection>

        {/* Leeches */}
        <ChartSection id="leeches" heading={d.leeches.heading} explain={format(d.leeches.explain, { threshold: LEECH_THRESHOLD })}>
          {data.leeches.length === 0 ? (
            <p className="mt-2">{d.leeches.none}</p>
          ) : (
            <ul className="mt-3 flex flex-col gap-2">
              {data.leeches.slice(0, MAX_LEECHES).map((l) => (
                <li key={l.itemId} className="flex flex-col">
                  <Link href={`/questions/${l.itemId}`} className="underline">
                    {truncate(l.prompt[locale], 140)}
                  </Link>
                  <span className="text-sm text-[var(--color-muted)]">
                    {topicName(l.topic)} · {format(d.leeches.failures, { n: l.failures })}
                  </span>
                </li>
              ))}
              {data.leeches.length > MAX_LEECHES ? <li className="text-sm text-[var(--color-muted)]">{format(d.leeches.more, { n: data.leeches.length - MAX_LEECHES })}</li> : null}
            </ul>
          )}
        </ChartSection>
      </div>

      {/* Export / import */}
      <ChartSection id="data" heading={d.data.heading} explain={d.data.explain}>
        <div className="mt-3 flex flex-wrap gap-2">
          <a href="/api/progress/export" download className={buttonClass} data-testid="export-json">
            {d.data.exportJson}
          </a>
          <a href="/api/progress/export/csv" download className={buttonClass} data-testid="export-csv">
            {d.data.exportCsv}
          </a>
          <a href="/api/progress/apkg?lang=en" download className={buttonClass} data-testid="export-apkg-en">
            {d.data.exportApkgEn}
          </a>
          <a href="/api/progress/apkg?lang=zh" download className={buttonClass} data-testid="export-apkg-zh">
            {d.data.exportApkgZh}
          </a>
        </div>
        <p className="mt-2 text-sm text-[var(--color-muted)]">{d.data.apkgNote}</p>
        <ImportForm
          strings={{
            importLabel: d.data.importLabel,
            importButton: d.data.importButton,
            importing: d.data.importing,
            confirm: d.data.confirm,
            noFile: d.data.noFile,
            imported: d.data.imported,
            failed: d.data.failed,
            network: d.data.network,
          }}
        />
      </ChartSection>
    </div>
  );
}
